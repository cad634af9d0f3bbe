/**
 * Student's t distribution through the incomplete beta function:
 *   P(|T| > t) = I_x(ν/2, ½),  x = ν/(ν + t²),
 * with x, 1 − x and their logs formed from t²/ν directly, so that the far tails (p down to
 * 1e-300) and huge ν (10^7, where x is within 1e-7 of 1) keep full relative precision.
 */
import {
  type BetaArgument,
  betaArgumentFromLogInverseRatio,
  betaArgumentFromRatio,
  betaRegularized,
  logBetaFrontFactor,
} from './incompleteBeta.js';
import { normalQuantile } from './normal.js';

function argument(t: number, df: number): BetaArgument {
  const a = Math.abs(t);
  // t²/ν overflows beyond ~1e154; there use the log of its reciprocal.
  return a > 1e150
    ? betaArgumentFromLogInverseRatio(Math.log(df) - 2 * Math.log(a))
    : betaArgumentFromRatio((a * a) / df);
}

/** P(|T| > |t|), the two-sided p-value. */
export function studentTTwoSided(t: number, df: number): number {
  if (Number.isNaN(t)) {
    return NaN;
  }
  if (t === 0) {
    return 1;
  }
  return betaRegularized(df / 2, 0.5, argument(t, df), false);
}

/** P(|T| < |t|). */
export function studentTCentral(t: number, df: number): number {
  if (t === 0) {
    return 0;
  }
  return betaRegularized(df / 2, 0.5, argument(t, df), true);
}

/** P(T > t). */
export function studentTSf(t: number, df: number): number {
  if (Number.isNaN(t)) {
    return NaN;
  }
  if (!Number.isFinite(t)) {
    return t > 0 ? 0 : 1;
  }
  return t >= 0 ? studentTTwoSided(t, df) / 2 : 0.5 + studentTCentral(t, df) / 2;
}

/** P(T ≤ t). */
export function studentTCdf(t: number, df: number): number {
  return studentTSf(-t, df);
}

/** The density of t, from the same front factor: f(t) = x^{ν/2} (1−x)^{½} / (|t|·B(ν/2, ½)). */
export function studentTDensity(t: number, df: number): number {
  if (t === 0) {
    return Math.exp(-logBetaFrontFactor(df / 2, 0.5, { x: 1, y: 0, logX: 0, logY: 0 })) / Math.sqrt(df);
  }
  return Math.exp(logBetaFrontFactor(df / 2, 0.5, argument(t, df))) / Math.abs(t);
}

/**
 * Safeguarded Newton for a decreasing function g on [lo, hi] with g(lo) > 0 > g(hi):
 * Newton steps, falling back to bisection whenever a step leaves the bracket.
 */
function decreasingRoot(
  g: (u: number) => { value: number; slope: number },
  start: number,
  lo0: number,
  hi0: number,
): number {
  let lo = lo0;
  let hi = hi0;
  let u = start;
  for (let i = 0; i < 200; i++) {
    const { value, slope } = g(u);
    if (value === 0) {
      return u;
    }
    if (value > 0) {
      lo = u;
    } else {
      hi = u;
    }
    let next = u - value / slope;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) {
      next = 0.5 * (lo + hi);
    }
    if (Math.abs(next - u) <= 2e-16 * Math.abs(next) || next === lo || next === hi) {
      return next;
    }
    u = next;
  }
  return u;
}

/**
 * The t quantile: the t with P(T ≤ t) = p, accurate to a few ulps. Solved by safeguarded
 * Newton on the accurate CDF — on log P(T > t) against log t in the tails, where both
 * normal-like and power-law tails are close to straight, and on P(|T| < t) = |2p − 1|
 * (exact in double) near the centre.
 */
export function studentTQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) {
    return NaN;
  }
  if (p === 0) {
    return -Infinity;
  }
  if (p === 1) {
    return Infinity;
  }
  if (p === 0.5) {
    return 0;
  }
  const upper = p > 0.5;
  const q = upper ? 1 - p : p; // exact
  const z = -normalQuantile(q); // the matching normal quantile, positive
  // Cornish–Fisher start, good for moderate ν; the solver repairs it elsewhere.
  const guess = Math.max(Math.abs(z + (z * z * z + z) / (4 * df)), 1e-300);
  let t: number;
  if (q >= 0.25) {
    const target = upper ? 2 * p - 1 : 1 - 2 * p; // exact for p in [¼, ¾]
    t = decreasingRoot(
      (s) => ({ value: target - studentTCentral(s, df), slope: -2 * studentTDensity(s, df) }),
      Math.min(guess, 1e3),
      0,
      1e3, // P(|T| < 1000) > ½ for every ν ≥ ... 1 as well: 1 − 2/(π·1000)
    );
  } else {
    const logQ = Math.log(q);
    t = Math.exp(
      decreasingRoot(
        (u) => {
          const s = Math.exp(u);
          const tail = studentTTwoSided(s, df) / 2;
          return { value: Math.log(tail) - logQ, slope: (-s * studentTDensity(s, df)) / tail };
        },
        Math.log(guess),
        Math.log(1e-3), // P(T > 0.001) ≈ ½ > q
        Math.log(1.7e308),
      ),
    );
  }
  return upper ? t : -t;
}
