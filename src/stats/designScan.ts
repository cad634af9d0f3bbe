/**
 * Checks and facts gathered before the fit, in passes over the n-vectors only: shape and
 * type checks, which design columns are constant (statsmodels' constant detection, which
 * reads a column only until its first differing row), and the response and weights (finite,
 * positive weights, the weighted total sums of squares). The design's own values are checked
 * for finiteness while the QR reads them (designFactorization.ts), so that a 10^6 × 15 design
 * is generated once for the factorization, not twice.
 */
import { type DesignRows, forEachProblemBlock, scanColumn } from '../numeric/designRows.js';
import { InvalidWeightError, NonFiniteInputError } from './errors.js';
import type { LeastSquaresProblem, RowsProblem } from './model.js';

/** Facts gathered from the inputs. */
export interface DesignScan {
  /** Per column: its value when every row holds the same value, else null. */
  readonly constantValues: readonly (number | null)[];
  readonly yMaxAbs: number;
  readonly maxSqrtWeight: number;
  /** Σ log wᵢ (0 for OLS): statsmodels' WLS log-likelihood term. */
  readonly logWeightSum: number;
  /** Σ wᵢ (n for OLS). */
  readonly weightSum: number;
  /** Σ wᵢ(yᵢ − ȳ_w)², ȳ_w the weighted mean: statsmodels' centered_tss. */
  readonly centeredTss: number;
  /** Σ wᵢyᵢ²: statsmodels' uncentered_tss. */
  readonly uncenteredTss: number;
}

function checkArray(name: string, value: unknown, length: number, nullable: boolean): void {
  if (value === null && nullable) {
    return;
  }
  if (!(value instanceof Float64Array)) {
    throw new TypeError(`${name} must be a Float64Array${nullable ? ' or null' : ''}`);
  }
  if (value.length !== length) {
    throw new RangeError(`${name} has length ${value.length}, expected ${length}`);
  }
}

/** Throws RangeError/TypeError when the problem's parts do not match its declared shape. */
export function validateShape(problem: LeastSquaresProblem): void {
  const { rowCount: n, columnCount: p } = problem;
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`rowCount must be a non-negative integer, got ${n}`);
  }
  if (!Number.isInteger(p) || p < 0) {
    throw new RangeError(`columnCount must be a non-negative integer, got ${p}`);
  }
  if (typeof problem.design?.fill !== 'function' || problem.design.columnCount !== p) {
    throw new RangeError(`design must be DesignRows of ${p} columns`);
  }
  checkArray('y', problem.y, n, false);
  checkArray('yLo', problem.yLo, n, true);
  checkArray('weights', problem.weights, n, true);
  if (!Array.isArray(problem.columnNames) || problem.columnNames.length !== p) {
    throw new RangeError(`columnNames must list ${p} names`);
  }
}

/** Throws NonFiniteInputError at the first NaN or infinity of a[offset .. offset + n). */
export function requireFinite(name: string, a: Float64Array, offset: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = a[offset + i] as number;
    if (v - v !== 0) {
      throw new NonFiniteInputError(name, i, v); // v − v is NaN exactly for NaN and ±∞
    }
  }
}

/** Largest chunk of a column the constant check reads at once. */
const CONSTANT_SCAN_ROWS = 4096;

/** Rows of the response read at a time. */
const RESPONSE_BLOCK = 4096;

/** The column's common value, or null; stops at the first differing row (usually the second). */
function constantValue(design: DesignRows, column: number, n: number, buffer: Float64Array): number | null {
  let first = NaN;
  let constant = true;
  scanColumn(design, column, n, buffer, (values, start, count) => {
    if (start === 0) first = values[0] as number;
    for (let i = start === 0 ? 1 : 0; i < count; i++) {
      if (values[i] !== first) {
        constant = false;
        return false;
      }
    }
    return true;
  });
  return constant && n > 0 && Number.isFinite(first) ? first : null;
}

/** The first non-finite value of a category of the response's rows, kept to be reported in order. */
interface FirstBad {
  row: number;
  value: number;
}

/**
 * Checks the response and weights and gathers the facts above, in one pass over the response's
 * rows. The first non-finite response value is reported before any low part's, and those before
 * any weight's, whichever row comes first, as separate checks of each would report them.
 */
export function scanDesign(problem: RowsProblem): DesignScan {
  const { rows } = problem;
  const n = rows.rowCount;
  const p = rows.columnCount;
  const buffer = new Float64Array(CONSTANT_SCAN_ROWS);
  const constantValues =
    rows.constantValues?.() ?? Array.from({ length: p }, (_, j) => constantValue(rows, j, n, buffer));
  const bad: Record<'y' | 'yLo' | 'weights' | 'weight', FirstBad | undefined> = {
    y: undefined,
    yLo: undefined,
    weights: undefined,
    weight: undefined,
  };
  const note = (kind: keyof typeof bad, row: number, value: number): void => {
    bad[kind] ??= { row, value };
  };
  // One pass: weighted mean and centered sum of squares by West's update (stable), the
  // uncentered sum, and the weight facts.
  let yMaxAbs = 0;
  let maxW = rows.weighted ? 0 : 1;
  let logWeightSum = 0;
  let weightSum = 0;
  let mean = 0;
  let centered = 0;
  let uncentered = 0;
  const reads = { design: false, lowParts: false, responseLowParts: rows.mayHaveResponseLowParts };
  forEachProblemBlock(rows, RESPONSE_BLOCK, reads, ({ start, count, y, yLo, weights }) => {
    for (let r = 0; r < count; r++) {
      const i = start + r;
      const hi = y[r] as number;
      const low = yLo === null ? 0 : (yLo[r] as number);
      if (hi - hi !== 0) note('y', i, hi);
      if (low - low !== 0) note('yLo', i, low);
      const v = hi + low;
      let w = 1;
      if (weights !== null) {
        w = weights[r] as number;
        if (w - w !== 0) note('weights', i, w);
        else if (!(w > 0)) note('weight', i, w);
        maxW = Math.max(maxW, w);
        logWeightSum += Math.log(w);
      }
      yMaxAbs = Math.max(yMaxAbs, Math.abs(hi));
      weightSum += w;
      const d = v - mean;
      mean += (w / weightSum) * d;
      centered += w * d * (v - mean);
      uncentered += w * v * v;
    }
  });
  if (bad.y) throw new NonFiniteInputError('y', bad.y.row, bad.y.value);
  if (bad.yLo) throw new NonFiniteInputError('y (low part)', bad.yLo.row, bad.yLo.value);
  if (bad.weights) throw new NonFiniteInputError('weights', bad.weights.row, bad.weights.value);
  if (bad.weight) throw new InvalidWeightError(bad.weight.row, bad.weight.value);
  return {
    constantValues,
    yMaxAbs,
    maxSqrtWeight: Math.sqrt(maxW),
    logWeightSum,
    weightSum,
    centeredTss: centered,
    uncenteredTss: uncentered,
  };
}
