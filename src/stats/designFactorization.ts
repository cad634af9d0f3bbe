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
import { forEachProblemBlock } from '../numeric/designRows.js';
import type { DesignScan } from './designScan.js';
import { NonFiniteInputError } from './errors.js';
import type { RowsProblem } from './model.js';
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
  /** Whether some design cell has a non-zero low part (seen while the QR read the design). */
  readonly lowParts: boolean;
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

/** What the QR's reads of the design found out about its low parts. */
interface LowPartsSeen {
  any: boolean;
}

type Scales = Omit<FactoredDesign, 'factors' | 'selection' | 'lowParts'>;

/**
 * Copies rows of √w·[X·S | y·s_y | s_1] into a block, checking the design's low parts on the
 * way (finite, and whether any is non-zero: later passes read them only then).
 */
function makeFiller(problem: RowsProblem, design: Scales, seen: LowPartsSeen): ChunkFiller {
  const { rows, columnNames } = problem;
  const p = rows.columnCount;
  const { columnScale, yScale, onesScale, withOnes } = design;
  // As many rows as tsqr's blocks for this shape: p + 2 columns can take fewer rows than p + 1.
  const blockRows = blockRowsFor(p + (withOnes ? 2 : 1));
  const sw = new Float64Array(blockRows).fill(1);
  const y = new Float64Array(blockRows);
  const weights = rows.weighted ? new Float64Array(blockRows) : null;
  const lo = rows.mayHaveLowParts ? new Float64Array(blockRows * p) : null;
  return (start, count, out, stride) => {
    rows.fillResponse(start, count, y, null, weights);
    if (weights !== null) {
      for (let i = 0; i < count; i++) sw[i] = Math.sqrt(weights[i] as number);
    }
    rows.fill(start, count, out, stride, lo);
    if (lo !== null) checkLowParts(lo, stride, count, p, start, columnNames, seen);
    for (let j = 0; j < p; j++) {
      const o = j * stride;
      const s = columnScale[j] as number;
      if (weights !== null || s !== 1) {
        for (let i = 0; i < count; i++) out[o + i] = (out[o + i] as number) * s * (sw[i] as number);
      }
    }
    const oy = p * stride;
    for (let i = 0; i < count; i++) out[oy + i] = (y[i] as number) * yScale * (sw[i] as number);
    if (withOnes) {
      const o1 = (p + 1) * stride;
      for (let i = 0; i < count; i++) out[o1 + i] = onesScale * (sw[i] as number);
    }
  };
}

function checkLowParts(
  lo: Float64Array,
  stride: number,
  count: number,
  p: number,
  start: number,
  names: readonly string[],
  seen: LowPartsSeen,
): void {
  for (let j = 0; j < p; j++) {
    const o = j * stride;
    for (let i = 0; i < count; i++) {
      const v = lo[o + i] as number;
      if (v === 0) continue;
      if (v - v !== 0) throw new NonFiniteInputError(`${names[j] ?? `column ${j}`} (low part)`, start + i, v);
      seen.any = true;
    }
  }
}

/** Rows of the design read at a time by the scans below. */
const SCAN_BLOCK = 1024;

const DESIGN_ONLY = { design: true, lowParts: false, responseLowParts: false };

/** max |x| of each column (only on the rare rescaling path), in one pass over the design. */
function columnMaxima(problem: RowsProblem): Float64Array {
  const p = problem.rows.columnCount;
  const out = new Float64Array(p);
  forEachProblemBlock(problem.rows, SCAN_BLOCK, DESIGN_ONLY, ({ count, x, stride }) => {
    for (let j = 0; j < p; j++) {
      let m = out[j] as number;
      for (let i = 0; i < count; i++) m = Math.max(m, Math.abs(x[j * stride + i] as number));
      out[j] = m;
    }
  });
  return out;
}

/** Throws NonFiniteInputError at the column's first NaN or infinity; returns when it has none. */
function requireFiniteColumn(problem: RowsProblem, column: number): void {
  const { rows, columnNames } = problem;
  forEachProblemBlock(rows, SCAN_BLOCK, DESIGN_ONLY, ({ start, count, x, stride }) => {
    for (let i = 0; i < count; i++) {
      const v = x[column * stride + i] as number;
      // NaN or ±∞
      if (v - v !== 0) throw new NonFiniteInputError(columnNames[column] ?? `column ${column}`, start + i, v);
    }
  });
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
export function factorDesign(
  problem: RowsProblem,
  scan: DesignScan,
  withOnes: boolean,
  keepReflectors: boolean,
): FactoredDesign {
  const n = problem.rows.rowCount;
  const p = problem.rows.columnCount;
  const shape = { rows: n, columns: p, extraColumns: withOnes ? 2 : 1, keepReflectors };
  const seen: LowPartsSeen = { any: false };
  let design: Scales = { columnScale: new Float64Array(p).fill(1), yScale: 1, onesScale: 1, withOnes };
  let factors = tsqr(makeFiller(problem, design, seen), shape);
  const total = p + shape.extraColumns;
  let suspicious = false;
  for (let j = 0; j < p; j++) {
    let ss = 0;
    for (let i = 0; i <= j; i++) ss += (factors.r[i * total + j] as number) ** 2;
    if (!Number.isFinite(ss)) {
      requireFiniteColumn(problem, j); // throws if the data is bad
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
    factors = tsqr(makeFiller(problem, design, seen), shape);
  }
  return { ...design, lowParts: seen.any, factors, selection: selectColumns(factors, RANK_TOLERANCE) };
}

/** The same factorization again with its reflectors kept (identical arithmetic, so identical R). */
export function withReflectors(problem: RowsProblem, design: FactoredDesign): FactoredDesign {
  if (design.factors.reflectors !== null) {
    return design;
  }
  const shape = {
    rows: problem.rows.rowCount,
    columns: problem.rows.columnCount,
    extraColumns: design.withOnes ? 2 : 1,
    keepReflectors: true,
  };
  const factors = tsqr(makeFiller(problem, design, { any: false }), shape);
  return { ...design, factors, selection: selectColumns(factors, RANK_TOLERANCE) };
}
