/**
 * The regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 − P(a, x), for the
 * chi-square distribution. Series for P when x < a + 1, Legendre's continued fraction for Q
 * otherwise; the front factor x^a e^{−x} / Γ(a + 1) in Stirling's form for large a
 * (e^{−s(a) − bd0(a, x)} / √(2πa)), so that a·log x − x − log Γ(a + 1) does not cancel.
 */
import { deviance, LOG_SQRT_2PI, logGamma, stirlingCorrection } from './gammaFunctions.js';

const LARGE = 10;
const TINY = 1e-300;

/** log(x^a e^{−x} / Γ(a + 1)). */
export function logGammaFrontFactor(a: number, x: number): number {
  if (a >= LARGE) {
    return -stirlingCorrection(a) - deviance(a, x) - 0.5 * Math.log(a) - LOG_SQRT_2PI;
  }
  return a * Math.log(x) - x - logGamma(a + 1);
}

/** P(a, x) = Σ x^n / ((a+1)…(a+n)) times the front factor; all terms positive. */
function lowerSeries(a: number, x: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 100_000; n++) {
    term *= x / (a + n);
    const next = sum + term;
    if (next === sum) {
      break;
    }
    sum = next;
  }
  return Math.exp(logGammaFrontFactor(a, x)) * sum;
}

/** Q(a, x) by the continued fraction 1/(x + 1 − a − 1·(1−a)/(x + 3 − a − …)) (modified Lentz). */
function upperFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) {
      d = TINY;
    }
    c = b + an / c;
    if (Math.abs(c) < TINY) {
      c = TINY;
    }
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) {
      break;
    }
  }
  // x^a e^{−x} / Γ(a) = a · x^a e^{−x} / Γ(a + 1)
  return Math.exp(logGammaFrontFactor(a, x)) * a * h;
}

/** P(a, x) (`upper` false) or Q(a, x) (`upper` true), for a > 0, x ≥ 0. */
export function gammaRegularized(a: number, x: number, upper: boolean): number {
  if (!(a > 0) || !(x >= 0)) {
    return NaN;
  }
  if (x === 0) {
    return upper ? 1 : 0;
  }
  if (x === Infinity) {
    return upper ? 0 : 1;
  }
  if (x < a + 1) {
    const p = Math.min(1, lowerSeries(a, x));
    return upper ? 1 - p : p;
  }
  const q = Math.min(1, upperFraction(a, x));
  return upper ? q : 1 - q;
}
