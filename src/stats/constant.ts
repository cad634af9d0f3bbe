/**
 * statsmodels' constant detection (base/data.py, `_handle_constant`), which decides
 * k_constant and therefore R², the F test, AIC/BIC and df_model:
 * - a column whose values are all equal and not zero is an explicit constant; with several,
 *   the first whose value is 1, else the first non-zero one;
 * - with none, the design has an implicit constant when a column of ones lies in its span
 *   (full-rank dummies `0 + g`); the fit checks that with a column of ones carried through
 *   the QR (see ols.ts).
 */

/** Outcome of the explicit check. */
export interface ConstantCheck {
  /** Index of the explicit constant column, or null. */
  readonly index: number | null;
  /** True when no explicit constant was found, so an implicit one must be looked for. */
  readonly needsImplicitCheck: boolean;
}

/** Finds the explicit constant column as statsmodels does, from each column's constant value (or null). */
export function detectConstant(constantValues: readonly (number | null)[]): ConstantCheck {
  const constantColumns: number[] = [];
  constantValues.forEach((v, j) => {
    if (v !== null) constantColumns.push(j);
  });
  const value = (j: number): number => constantValues[j] as number;
  const ones = constantColumns.find((j) => value(j) === 1);
  const nonZero = ones ?? constantColumns.find((j) => value(j) !== 0);
  return nonZero !== undefined
    ? { index: nonZero, needsImplicitCheck: false }
    : { index: null, needsImplicitCheck: true };
}
