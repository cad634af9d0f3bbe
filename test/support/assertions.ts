import { expect } from 'vitest';

/**
 * Asserts |actual − expected| ≤ max(relative × |expected|, absolute): the reference cases'
 * rule (1e-9 relative, with an absolute floor for values that are zero in exact arithmetic).
 */
export function expectClose(actual: number | null | undefined, expected: number, relative = 1e-9, absolute = 0): void {
  expect(actual, `expected a number close to ${expected}`).toBeTypeOf('number');
  const error = Math.abs((actual as number) - expected);
  const allowed = Math.max(relative * Math.abs(expected), absolute);
  if (!(error <= allowed)) {
    expect.fail(
      `expected ${actual} to be within ${allowed.toExponential(2)} of ${expected} (off by ${error.toExponential(3)})`,
    );
  }
}
