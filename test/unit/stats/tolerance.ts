/**
 * The comparison used against statsmodels references: relative 1e-9, with an absolute floor
 * of 1e-12 × the scale of the quantity for values that are zero (or nearly) in exact
 * arithmetic, such as R² of an intercept-only model (statsmodels prints −2.2e-16).
 */
import { expect } from 'vitest';

export const RELATIVE = 1e-9;
export const FLOOR = 1e-12;

/** Asserts |actual − expected| ≤ relative·|expected| + floor·scale. */
export function expectClose(
  actual: number | null | undefined,
  expected: number | null | undefined,
  scale: number,
  label: string,
  relative = RELATIVE,
): void {
  if (expected === null || expected === undefined || Number.isNaN(expected)) {
    expect(actual ?? null, label).toBeNull();
    return;
  }
  expect(actual, label).not.toBeNull();
  const a = actual as number;
  const bound = relative * Math.abs(expected) + FLOOR * Math.abs(scale);
  if (!(Math.abs(a - expected) <= bound)) {
    expect.fail(
      `${label}: ${a} vs ${expected} (|diff| ${Math.abs(a - expected).toExponential(2)} > ${bound.toExponential(2)})`,
    );
  }
}
