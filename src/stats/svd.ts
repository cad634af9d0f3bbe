/**
 * Singular values of a small square matrix by one-sided Jacobi (Hestenes): rotate pairs of
 * columns until all are orthogonal; the singular values are then the column norms. Used for
 * the condition number statsmodels reports (σ_max/σ_min of the weighted design), from the
 * p × p triangle R·S⁻¹ instead of the n × p design. One-sided Jacobi computes even the
 * smallest singular value to high relative accuracy when the matrix is a well-conditioned
 * one times a column scaling (Demmel & Veselić), which is the situation here. Its rotations
 * and dot products run in the SIMD kernels for k ≥ 16 (the work is ~k³ per sweep).
 *
 * Not ml-matrix's SingularValueDecomposition (Golub–Kahan, as JAMA), for accuracy: on the R of
 * NIST Filip's raw powers (κ ≈ 1.8e15) its σ_min is off by 2.3e-6 relative and ours by 6.4e-13
 * (mpmath at 60 digits; scripts/accuracy/singularValues.ts). It is faster at k = 400 (208 ms
 * against 380 ms), but importing ml-matrix adds 71 KB to the minified Lambda bundle.
 */
import { type HouseholderKernels, householderKernels } from './wasm/householderKernels.js';

/** Column operations of the sweep: in JavaScript, or in the SIMD kernels' memory. */
interface Columns {
  dot(p: number, q: number): number;
  rotate(p: number, q: number, c: number, s: number): void;
  /** Column j as a plain array (after the sweeps). */
  column(j: number): Float64Array;
}

function javascriptColumns(m: Float64Array, k: number): Columns {
  return {
    dot(p, q) {
      let s = 0;
      for (let i = 0; i < k; i++) s += (m[p * k + i] as number) * (m[q * k + i] as number);
      return s;
    },
    rotate(p, q, c, s) {
      for (let i = 0; i < k; i++) {
        const x = m[p * k + i] as number;
        const y = m[q * k + i] as number;
        m[p * k + i] = c * x - s * y;
        m[q * k + i] = s * x + c * y;
      }
    },
    column: (j) => m.subarray(j * k, (j + 1) * k),
  };
}

/** The same operations on a copy in the kernels' memory, columns padded to an even length with a zero. */
function simdColumns(m: Float64Array, k: number, kernels: HouseholderKernels): Columns {
  const rows = k + (k & 1); // an extra zero row changes no singular value
  const bytes = rows * 8;
  const needed = rows * k * 8;
  const have = kernels.memory.buffer.byteLength;
  if (have < needed) kernels.memory.grow(Math.ceil((needed - have) / 65536));
  const heap = new Float64Array(kernels.memory.buffer, 0, rows * k);
  heap.fill(0);
  for (let j = 0; j < k; j++) heap.set(m.subarray(j * k, (j + 1) * k), j * rows);
  return {
    dot: (p, q) => kernels.dot(p * bytes, q * bytes, bytes),
    rotate: (p, q, c, s) => kernels.rotate(p * bytes, q * bytes, bytes, c, s),
    column: (j) => heap.subarray(j * rows, j * rows + k),
  };
}

/** Singular values of the k × k row-major matrix `a`, in decreasing order. */
export function singularValues(a: Float64Array, k: number, kernel: 'js' | 'simd' = 'simd'): Float64Array {
  // Work on columns: store column-major so that a column is contiguous.
  const m = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      m[j * k + i] = a[i * k + j] as number;
    }
  }
  const kernels = kernel === 'simd' && k >= 16 ? householderKernels() : null;
  const cols = kernels === null ? javascriptColumns(m, k) : simdColumns(m, k, kernels);
  // Squared column norms, updated by each rotation (α' = α − tγ, β' = β + tγ) instead of
  // recomputed: one dot product per pair instead of three. Recomputed after every sweep so
  // that the updates' rounding cannot accumulate.
  const norms = new Float64Array(k);
  const recompute = (): void => {
    for (let j = 0; j < k; j++) norms[j] = cols.dot(j, j);
  };
  recompute();
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < k - 1; p++) {
      for (let q = p + 1; q < k; q++) {
        const alpha = norms[p] as number;
        const beta = norms[q] as number;
        const gamma = cols.dot(p, q);
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) {
          continue;
        }
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        cols.rotate(p, q, c, s);
        norms[p] = alpha - t * gamma;
        norms[q] = beta + t * gamma;
      }
    }
    if (!rotated) {
      break;
    }
    recompute();
  }
  const values = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const column = cols.column(j);
    let ss = 0;
    let scale = 0;
    for (let i = 0; i < k; i++) {
      scale = Math.max(scale, Math.abs(column[i] as number));
    }
    if (scale > 0) {
      for (let i = 0; i < k; i++) {
        const v = (column[i] as number) / scale;
        ss += v * v;
      }
    }
    values[j] = scale * Math.sqrt(ss);
  }
  return values.sort().reverse();
}
