/**
 * qr.ts's block factorization with the arithmetic in the SIMD kernels: the same sequence of
 * reflectors, two at a time, as `factorBlock` there (read that first), with each loop over
 * the block's rows replaced by a kernel call on byte offsets into the kernels' memory.
 */
import type { HouseholderKernels } from './householderKernels.js';

/** Bytes reserved at the start of the kernels' memory for multi-output dot products. */
export const SCRATCH_BYTES = 64;

/** Where the block lives: byte offset of column 0, column stride in bytes, padded row bytes. */
export interface WasmBlock {
  readonly kernels: HouseholderKernels;
  /** A view of the kernels' memory (scratch results are read from its first doubles). */
  readonly heap: Float64Array;
  readonly base: number;
  readonly strideBytes: number;
  readonly bytes: number;
}

function reflect(block: WasmBlock, ck: number, r: Float64Array, diag: number): number {
  const ss = block.kernels.dot(ck, ck, block.bytes);
  if (ss === 0) {
    return 0;
  }
  const alpha = r[diag] as number;
  const norm = Math.sqrt(alpha * alpha + ss);
  const beta = alpha >= 0 ? -norm : norm;
  block.kernels.scale(ck, block.bytes, 1 / (alpha - beta));
  r[diag] = beta;
  return (beta - alpha) / beta;
}

function applyOne(block: WasmBlock, ck: number, cj: number, r: Float64Array, rj: number, tau: number): void {
  if (tau === 0) {
    return;
  }
  const d = tau * ((r[rj] as number) + block.kernels.dot(ck, cj, block.bytes));
  r[rj] = (r[rj] as number) - d;
  block.kernels.axpy(ck, cj, block.bytes, d);
}

/** QR of [R; block], as qr.ts's factorBlock. */
export function factorBlockWasm(block: WasmBlock, r: Float64Array, p: number, total: number, tau: Float64Array): void {
  const { kernels, heap, base, strideBytes: stride, bytes } = block;
  const col = (j: number): number => base + j * stride;
  let k = 0;
  for (; k + 1 < p; k += 2) {
    const ck = col(k);
    const ck1 = col(k + 1);
    const rk = k * total;
    const rk1 = rk + total;
    const t0 = reflect(block, ck, r, rk + k);
    applyOne(block, ck, ck1, r, rk + k + 1, t0);
    const t1 = reflect(block, ck1, r, rk1 + k + 1);
    tau[k] = t0;
    tau[k + 1] = t1;
    const w = kernels.dot(ck, ck1, bytes);
    let j = k + 2;
    for (; j + 1 < total; j += 2) {
      kernels.dot2x2(ck, ck1, col(j), col(j + 1), bytes, 0);
      const d0 = t0 * ((r[rk + j] as number) + (heap[0] as number));
      const d1 = t0 * ((r[rk + j + 1] as number) + (heap[1] as number));
      const e0 = t1 * ((r[rk1 + j] as number) + (heap[2] as number) - d0 * w);
      const e1 = t1 * ((r[rk1 + j + 1] as number) + (heap[3] as number) - d1 * w);
      r[rk + j] = (r[rk + j] as number) - d0;
      r[rk + j + 1] = (r[rk + j + 1] as number) - d1;
      r[rk1 + j] = (r[rk1 + j] as number) - e0;
      r[rk1 + j + 1] = (r[rk1 + j + 1] as number) - e1;
      kernels.update2x2(ck, ck1, col(j), col(j + 1), bytes, d0, d1, e0, e1);
    }
    if (j < total) {
      kernels.dot2x1(ck, ck1, col(j), bytes, 0);
      const d0 = t0 * ((r[rk + j] as number) + (heap[0] as number));
      const e0 = t1 * ((r[rk1 + j] as number) + (heap[1] as number) - d0 * w);
      r[rk + j] = (r[rk + j] as number) - d0;
      r[rk1 + j] = (r[rk1 + j] as number) - e0;
      kernels.update2x1(ck, ck1, col(j), bytes, d0, e0);
    }
  }
  if (k < p) {
    const ck = col(k);
    const t0 = reflect(block, ck, r, k * total + k);
    tau[k] = t0;
    for (let j = k + 1; j < total; j++) {
      applyOne(block, ck, col(j), r, k * total + j, t0);
    }
  }
}
