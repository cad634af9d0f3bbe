import { expect } from 'vitest';
import { expectClose } from './assertions.js';

/** The original service's A/B example: Outcome by Treatment, five rows each. */
export const SEED_ROWS = [
  { Treatment: 'A', Outcome: 110 },
  { Treatment: 'A', Outcome: 90 },
  { Treatment: 'A', Outcome: 120 },
  { Treatment: 'A', Outcome: 80 },
  { Treatment: 'A', Outcome: 100 },
  { Treatment: 'B', Outcome: 70 },
  { Treatment: 'B', Outcome: 110 },
  { Treatment: 'B', Outcome: 100 },
  { Treatment: 'B', Outcome: 80 },
  { Treatment: 'B', Outcome: 90 },
];

/** The seed's request body for POST /fit. */
export const SEED_FIT_BODY = { formula: 'Outcome ~ Treatment', data: SEED_ROWS };

/** What the issue requires the seed example to return (statsmodels' values). */
export const SEED_EXPECTED = {
  Intercept: { estimate: 100, se: 7.0710678118654755, t: 14.142135623730953, p: 6.077960694342541e-7 },
  'Treatment[T.B]': { estimate: -10, se: 10, t: -1, p: 0.34659350708733455 },
} as const;

/** A coefficient as the GraphQL `Coefficient` type returns it. */
interface CoefficientJson {
  readonly name: string;
  readonly estimate: number;
  readonly stdError: number;
  readonly tValue: number;
  readonly pValue: number;
}

/** Asserts that GraphQL coefficients are the seed model's: statsmodels' values, 1e-9 relative. */
export function expectSeedCoefficients(coefficients: readonly CoefficientJson[]): void {
  expect(coefficients.map((coefficient) => coefficient.name)).toEqual(Object.keys(SEED_EXPECTED));
  for (const coefficient of coefficients) {
    const expected = SEED_EXPECTED[coefficient.name as keyof typeof SEED_EXPECTED];
    // An absolute floor for the estimates: the intercept's exact value is a round 100.
    expectClose(coefficient.estimate, expected.estimate, 1e-9, 1e-10);
    expectClose(coefficient.stdError, expected.se);
    expectClose(coefficient.tValue, expected.t);
    expectClose(coefficient.pValue, expected.p);
  }
}
