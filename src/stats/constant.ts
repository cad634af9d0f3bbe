/**
 * statsmodels' constant detection (base/data.py, `_handle_constant`), which decides
 * k_constant and therefore R², the F test, AIC/BIC and df_model:
 * - a column whose values are all equal and not zero is an explicit constant; with several,
 *   the first whose value is 1, else the first non-zero one;
 * - with none, the design has an implicit constant when a column of ones lies in its span
 *   (full-rank dummies `0 + g`); the fit checks that with a column of ones carried through
 *   the QR (see ols.ts).
 * And the total sums of squares, weighted as statsmodels' WLS weights them.
 */
import type { DesignScan } from './designScan.js';
import type { LeastSquaresProblem } from './model.js';

/** Outcome of the explicit check. */
export interface ConstantCheck {
  /** Index of the explicit constant column, or null. */
  readonly index: number | null;
  /** True when no explicit constant was found, so an implicit one must be looked for. */
  readonly needsImplicitCheck: boolean;
}

/** Finds the explicit constant column as statsmodels does. */
export function detectConstant(scan: DesignScan): ConstantCheck {
  const constantColumns: number[] = [];
  scan.columnMin.forEach((min, j) => {
    if (min === scan.columnMax[j]) constantColumns.push(j);
  });
  const value = (j: number): number => scan.columnMin[j] as number;
  if (constantColumns.length === 1) {
    const j = constantColumns[0] as number;
    return value(j) !== 0 ? { index: j, needsImplicitCheck: false } : { index: null, needsImplicitCheck: true };
  }
  if (constantColumns.length > 1) {
    const ones = constantColumns.find((j) => value(j) === 1);
    const nonZero = ones ?? constantColumns.find((j) => value(j) !== 0);
    return nonZero !== undefined ? { index: nonZero, needsImplicitCheck: false } : { index: null, needsImplicitCheck: true };
  }
  return { index: null, needsImplicitCheck: true };
}

/** Centered (about the weighted mean) and uncentered weighted total sums of squares of y. */
export function sumsOfSquaresOfY(problem: LeastSquaresProblem, scan: DesignScan): { centered: number; uncentered: number } {
  const { rowCount: n, y, yLo, weights } = problem;
  const mean = scan.weightedYSum / scan.weightSum;
  let centered = 0;
  let uncentered = 0;
  for (let i = 0; i < n; i++) {
    const v = (y[i] as number) + (yLo === null ? 0 : (yLo[i] as number));
    const w = weights === null ? 1 : (weights[i] as number);
    const d = v - mean;
    centered += w * d * d;
    uncentered += w * v * v;
  }
  return { centered, uncentered };
}
