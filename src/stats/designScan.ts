/**
 * One pass over the inputs before fitting: shape and type checks, finiteness, positivity of
 * weights, and the per-column facts the fit needs (ranges for constant detection, maxima for
 * power-of-two scaling, weighted sums for the total sums of squares).
 */
import { InvalidWeightError, NonFiniteInputError } from './errors.js';
import type { LeastSquaresProblem } from './model.js';

/** Facts gathered from the inputs. */
export interface DesignScan {
  readonly columnMin: Float64Array;
  readonly columnMax: Float64Array;
  /** max |x| per column (of x + xLo, to within rounding). */
  readonly columnMaxAbs: Float64Array;
  readonly yMaxAbs: number;
  readonly maxSqrtWeight: number;
  readonly minSqrtWeight: number;
  /** Σ log wᵢ (0 for OLS): statsmodels' WLS log-likelihood term. */
  readonly logWeightSum: number;
  /** Σ wᵢ (n for OLS). */
  readonly weightSum: number;
  /** Σ wᵢ·yᵢ. */
  readonly weightedYSum: number;
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

/** Throws RangeError/TypeError when the problem's arrays do not match its declared shape. */
export function validateShape(problem: LeastSquaresProblem): void {
  const { rowCount: n, columnCount: p } = problem;
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`rowCount must be a non-negative integer, got ${n}`);
  }
  if (!Number.isInteger(p) || p < 0) {
    throw new RangeError(`columnCount must be a non-negative integer, got ${p}`);
  }
  checkArray('x', problem.x, n * p, false);
  checkArray('xLo', problem.xLo, n * p, true);
  checkArray('y', problem.y, n, false);
  checkArray('yLo', problem.yLo, n, true);
  checkArray('weights', problem.weights, n, true);
  if (!Array.isArray(problem.columnNames) || problem.columnNames.length !== p) {
    throw new RangeError(`columnNames must list ${p} names`);
  }
}

function requireFinite(name: string, a: Float64Array, offset: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = a[offset + i] as number;
    if (!Number.isFinite(v)) {
      throw new NonFiniteInputError(name, i, v);
    }
  }
}

/** Checks values and gathers the facts above. */
export function scanDesign(problem: LeastSquaresProblem): DesignScan {
  const { rowCount: n, columnCount: p, x, xLo, y, yLo, weights } = problem;
  const columnMin = new Float64Array(p);
  const columnMax = new Float64Array(p);
  const columnMaxAbs = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const name = problem.columnNames[j] ?? `column ${j}`;
    const off = j * n;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = x[off + i] as number;
      if (v - v !== 0) {
        throw new NonFiniteInputError(name, i, v); // v − v is NaN exactly for NaN and ±∞
      }
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (xLo !== null) {
      requireFinite(`${name} (low part)`, xLo, off, n);
    }
    columnMin[j] = n > 0 ? min : 0;
    columnMax[j] = n > 0 ? max : 0;
    columnMaxAbs[j] = n > 0 ? Math.max(Math.abs(min), Math.abs(max)) : 0;
  }
  requireFinite('y', y, 0, n);
  if (yLo !== null) {
    requireFinite('y (low part)', yLo, 0, n);
  }
  let yMaxAbs = 0;
  for (let i = 0; i < n; i++) {
    yMaxAbs = Math.max(yMaxAbs, Math.abs(y[i] as number));
  }
  let maxW = 1;
  let minW = 1;
  let logWeightSum = 0;
  let weightSum = n;
  let weightedYSum = 0;
  if (weights !== null) {
    requireFinite('weights', weights, 0, n);
    maxW = 0;
    minW = Infinity;
    weightSum = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i] as number;
      if (!(w > 0)) {
        throw new InvalidWeightError(i, w);
      }
      maxW = Math.max(maxW, w);
      minW = Math.min(minW, w);
      logWeightSum += Math.log(w);
      weightSum += w;
      weightedYSum += w * ((y[i] as number) + (yLo === null ? 0 : (yLo[i] as number)));
    }
  } else {
    for (let i = 0; i < n; i++) {
      weightedYSum += (y[i] as number) + (yLo === null ? 0 : (yLo[i] as number));
    }
  }
  return {
    columnMin,
    columnMax,
    columnMaxAbs,
    yMaxAbs,
    maxSqrtWeight: Math.sqrt(maxW),
    minSqrtWeight: n > 0 ? Math.sqrt(minW) : 1,
    logWeightSum,
    weightSum,
    weightedYSum,
  };
}
