/**
 * Which columns are aliased: R's `lm` rule (LINPACK dqrdc2's *limited* pivoting), applied
 * to the triangle R of an unpivoted QR instead of to the design itself.
 *
 * dqrdc2 processes columns in order; a column whose norm after removing the retained
 * columns before it falls below `tolerance` × its original norm is moved to the end and
 * declared aliased, so for y ~ x + z + w with w = x + z, w is aliased and x, z keep the
 * estimates of the smaller model. Those norms are invariant under the orthogonal Q, so they
 * can be read off R (p × p) rather than X (n × p): we run the same procedure — Householder
 * reflections that skip negligible columns — on R. When no column is aliased this changes
 * nothing (R is already triangular); otherwise it re-triangularizes the retained columns,
 * R_S = Q₂ᵀ·R[:, S], and Q₂ must be applied to the top block of any vector transformed by Qᵀ.
 */
import type { TsqrFactors } from './qr.js';

/**
 * The rank tolerance: a column is aliased when less than this fraction of its norm lies
 * outside the span of the retained columns before it. Chosen by measurement
 * (scripts/accuracy/rankTolerance.ts, docs/accuracy.md): columns that are exact linear
 * combinations in real arithmetic but were computed in double precision keep at most
 * ~1e-14 of their norm (sums, scaled sums, logs of products, dummies beside an intercept,
 * up to 10^6 rows), 3e-13 for a centred copy of a variable whose mean is 100 standard
 * deviations from 0 and 3.5e-11 at 10^4; genuinely independent but ill-conditioned columns
 * go down to 5.2e-8 (NIST Filip's x^10) and 2.0e-8 (a cubic in x near 1000). R's default
 * 1e-7 declares both of those aliased; 1e-10 sits between the two groups.
 */
export const RANK_TOLERANCE = 1e-10;

/** The outcome of column selection. */
export interface ColumnSelection {
  /** Indices of retained columns, in design order. */
  readonly kept: readonly number[];
  /** Indices of aliased columns, in design order. */
  readonly aliased: readonly number[];
  /** R of the retained columns: row-major rank × rank upper triangle. */
  readonly r: Float64Array;
  /** Qᵀ·B for the extra columns: row-major rank × q (the coordinates along R's rows). */
  readonly qtb: Float64Array;
  /** Per extra column: squared norm of its part orthogonal to the retained columns. */
  readonly remainderSquares: Float64Array;
  /** Original column norms (from R), used as the reference for the tolerance. */
  readonly columnNorms: Float64Array;
  /** The re-triangularization Q₂ as reflectors, or null when no column was aliased. */
  readonly q2: HouseholderSequence | null;
}

/** Householder reflectors acting on a p-vector: reflector i acts on rows start[i].. with v (v[start] = 1 implied). */
export interface HouseholderSequence {
  readonly size: number;
  readonly start: readonly number[];
  readonly vectors: readonly Float64Array[];
  readonly tau: readonly number[];
}

/** In place, top ← Q₂ᵀ·top. */
export function applyQ2Transpose(q2: HouseholderSequence, top: Float64Array): void {
  for (let i = 0; i < q2.start.length; i++) {
    applySmallReflector(q2.start[i] as number, q2.vectors[i] as Float64Array, q2.tau[i] as number, top, 0, 1);
  }
}

/** In place, top ← Q₂·top. */
export function applyQ2(q2: HouseholderSequence, top: Float64Array): void {
  for (let i = q2.start.length - 1; i >= 0; i--) {
    applySmallReflector(q2.start[i] as number, q2.vectors[i] as Float64Array, q2.tau[i] as number, top, 0, 1);
  }
}

/** (I − τ·v·vᵀ) applied to entries start.. of a strided vector (v[0] = 1). */
function applySmallReflector(
  start: number,
  v: Float64Array,
  tau: number,
  a: Float64Array,
  offset: number,
  stride: number,
): void {
  if (tau === 0) {
    return;
  }
  let d = 0;
  for (let i = 0; i < v.length; i++) {
    d += (v[i] as number) * (a[offset + (start + i) * stride] as number);
  }
  d *= tau;
  for (let i = 0; i < v.length; i++) {
    const at = offset + (start + i) * stride;
    a[at] = (a[at] as number) - d * (v[i] as number);
  }
}

/**
 * Selects columns by R's limited-pivoting rule and returns the triangle of the retained
 * columns with the matching transform of the extra columns.
 */
export function selectColumns(factors: TsqrFactors, tolerance: number = RANK_TOLERANCE): ColumnSelection {
  const p = factors.columns;
  const q = factors.extraColumns;
  const total = p + q;
  const w = Float64Array.from(factors.r); // p × total working copy, row-major
  const columnNorms = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let ss = 0;
    for (let i = 0; i <= j; i++) {
      const v = w[i * total + j] as number;
      ss += v * v;
    }
    columnNorms[j] = Math.sqrt(ss);
  }
  const kept: number[] = [];
  const aliased: number[] = [];
  const starts: number[] = [];
  const vectors: Float64Array[] = [];
  const taus: number[] = [];
  let rank = 0;
  for (let j = 0; j < p; j++) {
    let ss = 0;
    for (let i = rank; i < p; i++) {
      const v = w[i * total + j] as number;
      ss += v * v;
    }
    const remaining = Math.sqrt(ss);
    // dqrdc2 compares with the original norm (1 for an all-zero column, so it is aliased).
    const reference = columnNorms[j] === 0 ? 1 : (columnNorms[j] as number);
    if (!(remaining >= tolerance * reference) || rank >= factors.rows) {
      aliased.push(j);
      continue;
    }
    // Householder on rows rank.. of column j; skip when already triangular (the usual case).
    let tail = 0;
    for (let i = rank + 1; i < p; i++) {
      const v = w[i * total + j] as number;
      tail += v * v;
    }
    if (tail > 0) {
      const alpha = w[rank * total + j] as number;
      const beta = alpha >= 0 ? -remaining : remaining;
      const v = new Float64Array(p - rank);
      v[0] = 1;
      const scale = 1 / (alpha - beta);
      for (let i = rank + 1; i < p; i++) {
        v[i - rank] = (w[i * total + j] as number) * scale;
      }
      const tau = (beta - alpha) / beta;
      for (let col = j; col < total; col++) {
        applySmallReflector(rank, v, tau, w, col, total);
      }
      starts.push(rank);
      vectors.push(v);
      taus.push(tau);
    }
    kept.push(j);
    rank++;
  }
  const r = new Float64Array(rank * rank);
  for (let a = 0; a < rank; a++) {
    for (let b = a; b < rank; b++) {
      r[a * rank + b] = w[a * total + (kept[b] as number)] as number;
    }
  }
  const qtb = new Float64Array(rank * q);
  const remainderSquares = Float64Array.from(factors.remainderSquares);
  for (let e = 0; e < q; e++) {
    for (let i = 0; i < p; i++) {
      const v = w[i * total + p + e] as number;
      if (i < rank) {
        qtb[i * q + e] = v;
      } else {
        remainderSquares[e] = (remainderSquares[e] as number) + v * v;
      }
    }
  }
  const q2 = starts.length > 0 ? { size: p, start: starts, vectors, tau: taus } : null;
  return { kept, aliased, r, qtb, remainderSquares, columnNorms, q2 };
}
