/**
 * Checks and facts gathered before the fit, in passes over the n-vectors only: shape and
 * type checks, which design columns are constant (statsmodels' constant detection, which
 * reads a column only until its first differing row), and the response and weights (finite,
 * positive weights, the weighted total sums of squares). The design's own values are checked
 * for finiteness while the QR reads them (designFactorization.ts), so that a 10^6 × 15 design
 * is generated once for the factorization, not twice.
 */
import { type DesignRows, scanColumn } from '../numeric/designRows.js';
import { InvalidWeightError, NonFiniteInputError } from './errors.js';
import type { LeastSquaresProblem } from './model.js';

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

/** Checks the response and weights and gathers the facts above. */
export function scanDesign(problem: LeastSquaresProblem): DesignScan {
  const { rowCount: n, columnCount: p, design, y, yLo, weights } = problem;
  const buffer = new Float64Array(CONSTANT_SCAN_ROWS);
  const constantValues = Array.from({ length: p }, (_, j) => constantValue(design, j, n, buffer));
  requireFinite('y', y, 0, n);
  if (yLo !== null) {
    requireFinite('y (low part)', yLo, 0, n);
  }
  if (weights !== null) {
    requireFinite('weights', weights, 0, n);
  }
  // One pass: weighted mean and centered sum of squares by West's update (stable), the
  // uncentered sum, and the weight facts.
  let yMaxAbs = 0;
  let maxW = weights === null ? 1 : 0;
  let logWeightSum = 0;
  let weightSum = 0;
  let mean = 0;
  let centered = 0;
  let uncentered = 0;
  for (let i = 0; i < n; i++) {
    const v = (y[i] as number) + (yLo === null ? 0 : (yLo[i] as number));
    let w = 1;
    if (weights !== null) {
      w = weights[i] as number;
      if (!(w > 0)) {
        throw new InvalidWeightError(i, w);
      }
      maxW = Math.max(maxW, w);
      logWeightSum += Math.log(w);
    }
    yMaxAbs = Math.max(yMaxAbs, Math.abs(y[i] as number));
    weightSum += w;
    const d = v - mean;
    mean += (w / weightSum) * d;
    centered += w * d * (v - mean);
    uncentered += w * v * v;
  }
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
