/**
 * Distribution functions used for tests and intervals: normal, Student's t, F and
 * chi-square. These are our own implementations (in `special/`), not jstat's: jstat has no
 * survival functions, so its upper tails are 1 − CDF and collapse to 0 below ~1e-16, and its
 * CDFs lose digits for large degrees of freedom (measured in docs/accuracy.md). Accuracy of
 * these against mpmath references: see test/unit/stats/distributions.test.ts.
 */
import { betaArgumentFromLogInverseRatio, betaArgumentFromRatio, betaRegularized } from './special/incompleteBeta.js';
import { gammaRegularized } from './special/incompleteGamma.js';
import {
  normalCdf as normalCdfImpl,
  normalQuantile as normalQuantileImpl,
  normalSf as normalSfImpl,
} from './special/normal.js';
import {
  studentTCdf as studentTCdfImpl,
  studentTQuantile as studentTQuantileImpl,
  studentTSf as studentTSfImpl,
  studentTTwoSided,
} from './special/studentT.js';

function checkDf(name: string, df: number): void {
  if (!(df > 0) || !Number.isFinite(df)) {
    throw new RangeError(`${name} must be a positive finite number, got ${df}`);
  }
}

/** P(Z ≤ z) for the standard normal. */
export function normalCdf(z: number): number {
  return normalCdfImpl(z);
}

/** P(Z > z) for the standard normal. */
export function normalSf(z: number): number {
  return normalSfImpl(z);
}

/** The standard normal quantile: z with P(Z ≤ z) = p. */
export function normalQuantile(p: number): number {
  return normalQuantileImpl(p);
}

/** Two-sided normal p-value P(|Z| > |z|). */
export function normalTwoSidedP(z: number): number {
  return 2 * normalSfImpl(Math.abs(z));
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  checkDf('df', df);
  return studentTCdfImpl(t, df);
}

/** P(T > t) for Student's t with `df` degrees of freedom. */
export function studentTSf(t: number, df: number): number {
  checkDf('df', df);
  return studentTSfImpl(t, df);
}

/** Two-sided p-value P(|T| > |t|). */
export function studentTTwoSidedP(t: number, df: number): number {
  checkDf('df', df);
  return studentTTwoSided(t, df);
}

/** The t quantile: t with P(T ≤ t) = p. */
export function studentTQuantile(p: number, df: number): number {
  checkDf('df', df);
  return studentTQuantileImpl(p, df);
}

/** P(F > f) for the F distribution with (df1, df2) degrees of freedom. */
export function fSf(f: number, df1: number, df2: number): number {
  checkDf('df1', df1);
  checkDf('df2', df2);
  if (Number.isNaN(f)) {
    return NaN;
  }
  if (f <= 0) {
    return 1;
  }
  if (f === Infinity) {
    return 0;
  }
  // P(F > f) = I_x(df2/2, df1/2), x = df2/(df2 + df1·f); u = df1·f/df2 = (1 − x)/x.
  const u = (df1 * f) / df2;
  const arg =
    Number.isFinite(u) && u < 1e300
      ? betaArgumentFromRatio(u)
      : betaArgumentFromLogInverseRatio(Math.log(df2) - Math.log(df1) - Math.log(f));
  return betaRegularized(df2 / 2, df1 / 2, arg, false);
}

/** P(X > x) for the chi-square distribution with `df` degrees of freedom. */
export function chiSquareSf(x: number, df: number): number {
  checkDf('df', df);
  if (Number.isNaN(x)) {
    return NaN;
  }
  if (x <= 0) {
    return 1;
  }
  if (df === 2) {
    return Math.exp(-x / 2); // exact form; the omnibus and Jarque–Bera tests use this case
  }
  return gammaRegularized(df / 2, x / 2, true);
}
