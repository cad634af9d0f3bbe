/**
 * The regularized incomplete beta function I_x(a, b) and its complement, to about 1e-14
 * relative accuracy in both tails, for the parameter ranges Student's t and F need (a, b
 * from ½ to 10^7).
 *
 * I_x(a, b) = x^a y^b / (a·B(a, b)) · CF, with y = 1 − x and CF the classical continued
 * fraction, which converges quickly for x < (a + 1)/(a + b + 2); beyond that the symmetry
 * I_x(a, b) = 1 − I_y(b, a) is used. Two things make it accurate where textbook versions
 * are not:
 * - Callers pass x and y = 1 − x (and may pass their logarithms) computed separately, so a
 *   tail near x = 1 is not rounded away by forming 1 − x.
 * - The front factor x^a y^b / B(a, b) is evaluated in Stirling's form when the parameters
 *   are large, so that no logs of size a·log a cancel (see gammaFunctions.ts).
 * - For a large and b much smaller (t with many degrees of freedom, F with a small numerator
 *   df) near the bulk of the distribution, the continued fraction creeps: each term changes
 *   it by less than an ulp while the sum still moves by 1e-10 (measured: 3e-10 error at
 *   ν = 10^7). There an asymptotic expansion in incomplete gamma functions is used instead
 *   (as TOMS 708's BGRAT does; derived in `largeAExpansion`).
 */
import { deviance, LOG_SQRT_2PI, logBeta, stirlingCorrection } from './gammaFunctions.js';
import { gammaRegularized, logGammaFrontFactor } from './incompleteGamma.js';

/** Parameters from here up use Stirling's form for the front factor. */
const LARGE = 10;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

/** x and y = 1 − x with their logarithms, each computed as accurately as the caller can. */
export interface BetaArgument {
  readonly x: number;
  readonly y: number;
  readonly logX: number;
  readonly logY: number;
}

/** A `BetaArgument` from x and y = 1 − x given separately (both accurate). */
export function betaArgument(x: number, y: number): BetaArgument {
  return {
    x,
    y,
    // log x from log1p(−y) when x is near 1: there x itself carries too little of the information.
    logX: x < 0.5 ? Math.log(x) : Math.log1p(-y),
    logY: y < 0.5 ? Math.log(y) : Math.log1p(-x),
  };
}

/** A `BetaArgument` for x = 1/(1 + u), y = u/(1 + u), from u = y/x ≥ 0. */
export function betaArgumentFromRatio(u: number): BetaArgument {
  const lp = Math.log1p(u);
  return { x: 1 / (1 + u), y: u / (1 + u), logX: -lp, logY: Math.log(u) - lp };
}

/**
 * A `BetaArgument` for x = r/(1 + r), y = 1/(1 + r), from log r (r = x/y), for ratios y/x
 * too large to form; r itself may underflow while log x stays finite.
 */
export function betaArgumentFromLogInverseRatio(logR: number): BetaArgument {
  const r = Math.exp(logR);
  const lp = Math.log1p(r);
  return { x: r / (1 + r), y: 1 / (1 + r), logX: logR - lp, logY: -lp };
}

/**
 * log of x^a y^b / B(a, b). For large a and b this is
 *   −[bd0(a, n·x) + bd0(b, n·y)] + ½·log(a·b/n) − log √(2π) − [s(a) + s(b) − s(n)],  n = a + b,
 * where the deviances are small near the mode and computed without cancellation.
 */
export function logBetaFrontFactor(a: number, b: number, arg: BetaArgument): number {
  if (a >= LARGE && b >= LARGE) {
    const n = a + b;
    return (
      -(deviance(a, n * arg.x) + deviance(b, n * arg.y)) +
      0.5 * Math.log((a / n) * b) -
      LOG_SQRT_2PI -
      (stirlingCorrection(a) + stirlingCorrection(b) - stirlingCorrection(n))
    );
  }
  return a * arg.logX + b * arg.logY - logBeta(a, b);
}

/** The continued fraction of I_x(a, b)·a·B(a, b)/(x^a y^b) (modified Lentz). */
function continuedFraction(a: number, b: number, x: number): number {
  const apb = a + b;
  let c = 1;
  let d = 1 - (apb * x) / (a + 1);
  if (Math.abs(d) < TINY) {
    d = TINY;
  }
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) {
      d = TINY;
    }
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) {
      c = TINY;
    }
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (apb + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) {
      d = TINY;
    }
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) {
      c = TINY;
    }
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) {
      return h;
    }
  }
  return h;
}

/** Bernoulli numbers B_2, B_4, …, B_20. */
const BERNOULLI = [
  1 / 6,
  -1 / 30,
  1 / 42,
  -1 / 30,
  5 / 66,
  -691 / 2730,
  7 / 6,
  -3617 / 510,
  43867 / 798,
  -174611 / 330,
] as const;

/** The expansion below needs a ≥ this (so T ≥ ~15) and b ≤ a/EXPANSION_RATIO. */
const EXPANSION_MIN_A = 15;
const EXPANSION_RATIO = 4;

/**
 * I_x(a, b) for large a, b ≪ a and x not small. With t = e^{−w} and T = a + (b − 1)/2,
 *   I_x(a, b) = 1/B(a, b) ∫_s^∞ w^{b−1} e^{−T w} φ(w) dw,  s = −log x,
 *   φ(w) = (sinh(w/2)/(w/2))^{b−1} = Σ e_k w^{2k},
 * and integrating term by term (Watson's lemma),
 *   I_x(a, b) = Γ(a + b)/(Γ(a) T^b) · Σ_k e_k (b)_{2k} T^{−2k} Q(b + 2k, T s).
 * The e_k come from log(sinh(v)/v) = Σ B_{2k} (2v)^{2k} / (2k (2k)!) by the series
 * exponential; the Q(b + 2k, u) from Q(c + 1, u) = Q(c, u) + u^c e^{−u}/Γ(c + 1), all terms
 * positive. Terms fall like ((b + 2k)/(2πT))², so a handful reach double precision.
 */
function largeAExpansion(a: number, b: number, logX: number): number {
  const beta = b - 1;
  const terms = BERNOULLI.length;
  // g_k: coefficients of log(sinh(w/2)/(w/2)) in powers v = w², g_k = B_{2k}/(2k (2k)!).
  const g = new Float64Array(terms + 1);
  let factorial = 1;
  for (let k = 1; k <= terms; k++) {
    factorial *= (2 * k - 1) * (2 * k);
    g[k] = (BERNOULLI[k - 1] as number) / (2 * k * factorial);
  }
  // e_k: coefficients of exp(β·Σ g_k v^k), by e_k = (β/k) Σ_{j=1..k} j g_j e_{k−j}.
  const e = new Float64Array(terms + 1);
  e[0] = 1;
  for (let k = 1; k <= terms; k++) {
    let acc = 0;
    for (let j = 1; j <= k; j++) {
      acc += j * (g[j] as number) * (e[k - j] as number);
    }
    e[k] = (beta / k) * acc;
  }
  const t = a + beta / 2;
  const u = -t * logX;
  // log[Γ(a + b)/(Γ(a) T^b)] without large cancelling terms.
  const logLead =
    (a - 0.5) * Math.log1p(b / a) -
    b +
    b * Math.log1p((b + 1) / (2 * t)) +
    stirlingCorrection(a + b) -
    stirlingCorrection(a);
  let q = gammaRegularized(b, u, true); // Q(b + 2k, u), stepped up below
  let front = Math.exp(logGammaFrontFactor(b, u)); // u^c e^{−u} / Γ(c + 1) at c = b + 2k
  let c = b;
  let scale = 1; // (b)_{2k} / T^{2k}
  let sum = q;
  for (let k = 1; k <= terms; k++) {
    for (let step = 0; step < 2; step++) {
      q += front;
      c += 1;
      front *= u / c;
      scale *= (c - 1) / t;
    }
    const term = (e[k] as number) * scale * q;
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) {
      break;
    }
  }
  return Math.exp(logLead) * sum;
}

/**
 * I_x(a, b) (`upper` false) or 1 − I_x(a, b) (`upper` true), for a, b > 0.
 */
export function betaRegularized(a: number, b: number, arg: BetaArgument, upper: boolean): number {
  if (!(a > 0 && b > 0)) {
    throw new RangeError(`betaRegularized needs a, b > 0, got ${a}, ${b}`);
  }
  // Test the logs, not x and y: x may underflow while log x is still finite (t > 1e162).
  if (arg.logX === -Infinity) {
    return upper ? 1 : 0;
  }
  if (arg.logY === -Infinity) {
    return upper ? 0 : 1;
  }
  if (arg.x > (a + 1) / (a + b + 2)) {
    return betaRegularized(b, a, { x: arg.y, y: arg.x, logX: arg.logY, logY: arg.logX }, !upper);
  }
  let lower: number;
  if (a >= EXPANSION_MIN_A && b * EXPANSION_RATIO <= a && arg.logX >= -1) {
    lower = largeAExpansion(a, b, arg.logX);
  } else {
    lower = (Math.exp(logBetaFrontFactor(a, b, arg)) * continuedFraction(a, b, arg.x)) / a;
  }
  lower = Math.min(1, lower);
  return upper ? 1 - lower : lower;
}
