/**
 * robustMeat.ts's "meat" for one block of rows, Σᵢ ωᵢ·zᵢzᵢᵀ with Z = Ã·R⁻¹, computed
 * with the SIMD kernels on a copy of the block in the kernels' memory: the forward
 * substitution as column updates, the leverages hᵢ = ‖zᵢ‖² as sums of squares, and the meat
 * as 2 × 2 blocks of dot products. The same arithmetic as the JavaScript version there,
 * up to the order of additions.
 */
import type { HouseholderKernels } from './householderKernels.js';

/** Byte offsets of the block's columns in the kernels' memory. */
export interface MeatLayout {
  readonly kernels: HouseholderKernels;
  /** Rows per column, padded to even. */
  readonly rows: number;
  /** Start of column a of Z: z + a·rows·8; then h, ω, and two weighted columns. */
  readonly z: number;
  readonly h: number;
  readonly omega: number;
  readonly w0: number;
  readonly w1: number;
  readonly heap: Float64Array;
}

/** Reserves memory for a block of `blockRows` rows and `rank` columns. */
export function meatLayout(kernels: HouseholderKernels, blockRows: number, rank: number): MeatLayout {
  const rows = blockRows + (blockRows & 1);
  const column = rows * 8;
  const z = 64; // after the dot products' scratch doubles
  const h = z + rank * column;
  const needed = h + 4 * column;
  const have = kernels.memory.buffer.byteLength;
  if (have < needed) kernels.memory.grow(Math.ceil((needed - have) / 65536));
  return {
    kernels,
    rows,
    z,
    h,
    omega: h + column,
    w0: h + 2 * column,
    w1: h + 3 * column,
    heap: new Float64Array(kernels.memory.buffer),
  };
}

/**
 * Adds the block's contribution to `meat` (row-major rank × rank; entries below the diagonal
 * may be touched and are overwritten by the caller). Z's columns must already hold the
 * whitened, scaled rows Ã (m rows, zero-padded to an even count); `omega(e, h)` maps each
 * residual and leverage to ωᵢ.
 */
export function accumulateMeatSimd(
  layout: MeatLayout,
  m: number,
  r: Float64Array,
  rank: number,
  e: Float64Array,
  omega: (e2: number, h: number) => number,
  meat: Float64Array,
): void {
  const { kernels, heap } = layout;
  const bytes = (m + (m & 1)) * 8;
  const col = (a: number): number => layout.z + a * layout.rows * 8;
  heap.fill(0, layout.h / 8, layout.h / 8 + layout.rows);
  for (let a = 0; a < rank; a++) {
    let b = 0;
    for (; b + 1 < a; b += 2) {
      kernels.update2x1(col(b), col(b + 1), col(a), bytes, r[b * rank + a] as number, r[(b + 1) * rank + a] as number);
    }
    if (b < a) {
      kernels.axpy(col(b), col(a), bytes, r[b * rank + a] as number);
    }
    kernels.scale(col(a), bytes, 1 / (r[a * rank + a] as number));
    kernels.addSquares(col(a), layout.h, bytes);
  }
  const h0 = layout.h / 8;
  const o0 = layout.omega / 8;
  for (let i = 0; i < m; i++) {
    const ei = e[i] as number;
    heap[o0 + i] = omega(ei * ei, heap[h0 + i] as number);
  }
  if (m & 1) heap[o0 + m] = 0;
  let a = 0;
  for (; a + 1 < rank; a += 2) {
    kernels.multiply(layout.omega, col(a), layout.w0, bytes);
    kernels.multiply(layout.omega, col(a + 1), layout.w1, bytes);
    let b = a;
    for (; b + 1 < rank; b += 2) {
      kernels.dot2x2(layout.w0, layout.w1, col(b), col(b + 1), bytes, 0);
      meat[a * rank + b] = (meat[a * rank + b] as number) + (heap[0] as number);
      meat[a * rank + b + 1] = (meat[a * rank + b + 1] as number) + (heap[1] as number);
      meat[(a + 1) * rank + b] = (meat[(a + 1) * rank + b] as number) + (heap[2] as number);
      meat[(a + 1) * rank + b + 1] = (meat[(a + 1) * rank + b + 1] as number) + (heap[3] as number);
    }
    if (b < rank) {
      kernels.dot2x1(layout.w0, layout.w1, col(b), bytes, 0);
      meat[a * rank + b] = (meat[a * rank + b] as number) + (heap[0] as number);
      meat[(a + 1) * rank + b] = (meat[(a + 1) * rank + b] as number) + (heap[1] as number);
    }
  }
  if (a < rank) {
    kernels.multiply(layout.omega, col(a), layout.w0, bytes);
    meat[a * rank + a] = (meat[a * rank + a] as number) + kernels.dot(layout.w0, col(a), bytes);
  }
}
