/**
 * The QR of the whitened design √w·[X | y | 1], reading X from memory once.
 *
 * Column scaling: Householder QR commutes exactly with scaling columns by powers of two
 * (every operation scales by the same power of two, without rounding), so the design is
 * factored as it is, and only when some column's magnitude (max |x|·√w beyond 2^±480) would
 * over- or underflow the sums of squares is it refactored with power-of-two scales, which
 * gives the same numbers otherwise. The condition estimate and the rank decision use R
 * with its columns normalized to unit length, the proper column scaling for both.
 */
import { type ColumnSelection, RANK_TOLERANCE, selectColumns } from './columnSelection.js';
import { type DesignScan, requireFinite } from './designScan.js';
import type { LeastSquaresProblem } from './model.js';
import { type ChunkFiller, blockRowsFor, type TsqrFactors, tsqr } from './qr.js';

/** Magnitudes (max |x|·√w) outside [2^-480, 2^480] are rescaled before factoring. */
const SAFE_EXPONENT = 480;

/** The factorization and the scales it was computed with. */
export interface FactoredDesign {
  readonly factors: TsqrFactors;
  readonly selection: ColumnSelection;
  /** Powers of two applied to the design columns, the response and the ones column (all 1 unless rescaled). */
  readonly columnScale: Float64Array;
  readonly yScale: number;
  readonly onesScale: number;
  /** Extra columns: the response, then (when asked for) the column of ones. */
  readonly withOnes: boolean;
}

/** 2^k with v·2^k in (½, 1]; 1 for v = 0. Multiplying by it is exact. */
export function powerOfTwoScale(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) {
    return 1;
  }
  let s = 2 ** -Math.max(-1000, Math.min(1000, Math.ceil(Math.log2(v))));
  while (v * s > 1) s /= 2;
  while (v * s <= 0.5) s *= 2;
  return s;
}

function outsideSafeRange(v: number): boolean {
  return v !== 0 && (v > 2 ** SAFE_EXPONENT || v < 2 ** -SAFE_EXPONENT);
}

/** Copies rows of √w·[X·S | y·s_y | s_1] into a block. */
function makeFiller(problem: LeastSquaresProblem, design: Omit<FactoredDesign, 'factors' | 'selection'>): ChunkFiller {
  const { rowCount: n, columnCount: p, x, y, weights } = problem;
  const { columnScale, yScale, onesScale, withOnes } = design;
  // As many rows as tsqr's blocks for this shape: p + 2 columns can take fewer rows than p + 1.
  const sw = new Float64Array(blockRowsFor(p + (withOnes ? 2 : 1))).fill(1);
  return (start, count, out, stride) => {
    if (weights !== null) {
      for (let i = 0; i < count; i++) sw[i] = Math.sqrt(weights[start + i] as number);
    }
    for (let j = 0; j < p; j++) {
      const off = j * n + start;
      const o = j * stride;
      const s = columnScale[j] as number;
      if (weights === null && s === 1) {
        out.set(x.subarray(off, off + count), o); // the common case: a plain copy
      } else {
        for (let i = 0; i < count; i++) out[o + i] = (x[off + i] as number) * s * (sw[i] as number);
      }
    }
    const oy = p * stride;
    for (let i = 0; i < count; i++) out[oy + i] = (y[start + i] as number) * yScale * (sw[i] as number);
    if (withOnes) {
      const o1 = (p + 1) * stride;
      for (let i = 0; i < count; i++) out[o1 + i] = onesScale * (sw[i] as number);
    }
  };
}

/** max |x| of each column (only on the rare rescaling path). */
function columnMaxima(problem: LeastSquaresProblem): Float64Array {
  const { rowCount: n, columnCount: p, x } = problem;
  const out = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(x[j * n + i] as number));
    out[j] = m;
  }
  return out;
}

/**
 * Factors the problem. `withOnes` adds a column of (whitened) ones for the implicit-constant
 * check; `keepReflectors` keeps Q for refinement. Throws NonFiniteInputError for NaN/∞ in x.
 *
 * Non-finite data and overflow both show up as non-finite entries of R (NaN and ∞ propagate
 * through every sum they enter), and underflow as a column norm that is tiny or zero while
 * the column is not all zeros; only then is the design scanned, to name the bad value or to
 * choose scales.
 */
export function factorDesign(problem: LeastSquaresProblem, scan: DesignScan, withOnes: boolean, keepReflectors: boolean): FactoredDesign {
  const { rowCount: n, columnCount: p, x } = problem;
  const shape = { rows: n, columns: p, extraColumns: withOnes ? 2 : 1, keepReflectors };
  let design = { columnScale: new Float64Array(p).fill(1), yScale: 1, onesScale: 1, withOnes };
  let factors = tsqr(makeFiller(problem, design), shape);
  const total = p + shape.extraColumns;
  let suspicious = false;
  for (let j = 0; j < p; j++) {
    let ss = 0;
    for (let i = 0; i <= j; i++) ss += (factors.r[i * total + j] as number) ** 2;
    if (!Number.isFinite(ss)) {
      requireFinite(problem.columnNames[j] ?? `column ${j}`, x, j * n, n); // throws if the data is bad
      suspicious = true; // finite data: the sums of squares overflowed
    } else if (ss < 2 ** (-2 * SAFE_EXPONENT) && scan.constantValues[j] !== 0) {
      suspicious = true; // tiny or underflowed, though not an all-zero column
    }
  }
  const w = scan.maxSqrtWeight;
  if (suspicious || outsideSafeRange(scan.yMaxAbs * w) || outsideSafeRange(w)) {
    design = {
      columnScale: Float64Array.from(columnMaxima(problem), (m) => powerOfTwoScale(m * w)),
      yScale: powerOfTwoScale(scan.yMaxAbs * w),
      onesScale: powerOfTwoScale(w),
      withOnes,
    };
    factors = tsqr(makeFiller(problem, design), shape);
  }
  return { ...design, factors, selection: selectColumns(factors, RANK_TOLERANCE) };
}

/** The same factorization again with its reflectors kept (identical arithmetic, so identical R). */
export function withReflectors(problem: LeastSquaresProblem, design: FactoredDesign): FactoredDesign {
  if (design.factors.reflectors !== null) {
    return design;
  }
  const shape = { rows: problem.rowCount, columns: problem.columnCount, extraColumns: design.withOnes ? 2 : 1, keepReflectors: true };
  const factors = tsqr(makeFiller(problem, design), shape);
  return { ...design, factors, selection: selectColumns(factors, RANK_TOLERANCE) };
}
