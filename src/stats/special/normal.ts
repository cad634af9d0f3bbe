/**
 * The standard normal distribution to near full double precision in both tails.
 *
 * Φ(−z) for z ≥ 2 is φ(z)·R(z) with Mills' ratio R from Laplace's continued fraction; for
 * |z| < 2 the centre Φ(z) − ½ = φ(z)·(z + z³/3 + z⁵/15 + …) is summed term by term (all
 * terms positive, no cancellation). The density φ is evaluated with z² split into an exact
 * part and a small remainder, because exp(−z²/2) turns the rounding error of z² (relative
 * 1e-16, absolute 1e-13 at z = 37) into a relative error of the tail probability.
 */

const INV_SQRT_2PI = 0.3989422804014327; // 0.39894228040143267794…, the nearest double
/** Where the series and the continued fraction meet: both are accurate to a few ulps here. */
const CENTRE_LIMIT = 2;
/** Φ(−z) underflows below the smallest subnormal beyond this. */
const UNDERFLOW_Z = 38.5;

/** φ(z) = exp(−z²/2)/√(2π), with z² evaluated as zh² + (z − zh)(z + zh) and zh² exact. */
export function normalDensity(z: number): number {
  const a = Math.abs(z);
  if (a > 40) {
    return 0;
  }
  const hi = Math.trunc(a * 16) / 16; // at most 10 integer bits + 4 fraction bits: hi² is exact
  const rest = (a - hi) * (a + hi);
  return INV_SQRT_2PI * Math.exp(-0.5 * hi * hi) * Math.exp(-0.5 * rest);
}

/** Φ(z) − ½ for |z| < 2: φ(z) times the positive series z + z³/3 + z⁵/15 + … */
function centralHalf(z: number): number {
  const z2 = z * z;
  let term = z;
  let sum = z;
  for (let k = 3; k < 200; k += 2) {
    term *= z2 / k;
    const next = sum + term;
    if (next === sum) {
      break;
    }
    sum = next;
  }
  return normalDensity(z) * sum;
}

/**
 * Mills' ratio Φ(−z)/φ(z) for z ≥ 2: Laplace's continued fraction z + 1/(z + 2/(z + 3/…)),
 * by modified Lentz.
 */
function millsRatio(z: number): number {
  const tiny = 1e-300;
  let f = z;
  let c = z;
  let d = 0;
  for (let j = 1; j < 5000; j++) {
    d = z + j * d;
    d = d === 0 ? tiny : d;
    c = z + j / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-17) {
      break;
    }
  }
  return 1 / f;
}

/** Upper tail Φ(−z) = P(Z > z) for z ≥ 0. */
function upperTailPositive(z: number): number {
  if (z < CENTRE_LIMIT) {
    return 0.5 - centralHalf(z);
  }
  if (z > UNDERFLOW_Z) {
    return 0;
  }
  return normalDensity(z) * millsRatio(z);
}

/** P(Z ≤ z) for the standard normal. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) {
    return NaN;
  }
  return z >= 0 ? 1 - upperTailPositive(z) : upperTailPositive(-z);
}

/** P(Z > z) for the standard normal. */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) {
    return NaN;
  }
  return z >= 0 ? upperTailPositive(z) : 1 - upperTailPositive(-z);
}

/**
 * P(|Z| < z) = 2Φ(z) − 1 for z ≥ 0, accurate in relative terms even for tiny z, which a
 * difference of Φ values is not.
 */
export function normalCentral(z: number): number {
  const a = Math.abs(z);
  return a < CENTRE_LIMIT ? 2 * centralHalf(a) : 1 - 2 * upperTailPositive(a);
}

/**
 * The normal quantile Φ⁻¹(p), solved by Newton's method on the accurate CDF: on log Φ(−z)
 * in the tails (where the log is nearly linear in z²/2), and on Φ(z) − ½ = p − ½ (exact for
 * p in [¼, ¾]) near the centre, where a tiny z must keep its relative precision.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) {
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
  const q = upper ? 1 - p : p; // exact: Sterbenz
  let z: number;
  if (q >= 0.25) {
    const target = upper ? p - 0.5 : 0.5 - p; // exact for p in [¼, ¾]
    z = target * 2.5066282746310002; // φ(0)⁻¹·target: the first Newton step from 0
    for (let i = 0; i < 60; i++) {
      const step = (centralHalf(z) - target) / normalDensity(z);
      z -= step;
      if (Math.abs(step) <= 1e-17 * Math.abs(z)) {
        break;
      }
    }
  } else {
    const logQ = Math.log(q);
    // Start from the asymptotic tail inversion, then Newton on log Φ(−z):
    // d/dz log Φ(−z) = −1/R(z).
    const t = Math.sqrt(-2 * logQ);
    z = t - (Math.log(t) + 0.9189385332046727 + Math.log(Math.max(1 - 1 / (t * t), 0.5))) / t;
    z = Math.max(z, 0.5);
    for (let i = 0; i < 60; i++) {
      const tail = upperTailPositive(z);
      const ratio = z < CENTRE_LIMIT ? tail / normalDensity(z) : millsRatio(z);
      const step = (Math.log(tail) - logQ) * ratio;
      z += step;
      if (Math.abs(step) <= 1e-17 * z) {
        break;
      }
    }
  }
  return upper ? z : -z;
}
