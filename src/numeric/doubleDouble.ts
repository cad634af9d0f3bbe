/**
 * Double-double arithmetic: a value is the unevaluated sum `hi + lo` of two doubles with
 * `|lo| <= ulp(hi) / 2`, about 106 bits of precision. The algorithms are the classic
 * error-free transformations (Knuth's TwoSum, Dekker's split and TwoProduct) and the
 * double-double operations of Hida, Li and Bailey's QD library.
 *
 * JavaScript has no fused multiply-add, so TwoProduct uses Dekker's split, which scales
 * operands beyond 2^996 first so that the split cannot overflow; a product or quotient that
 * overflows is ±Infinity with a zero low part (never NaN). The hot paths take and produce plain
 * numbers through a reusable `DoubleDouble` register instead of allocating a pair per
 * operation: design matrices have millions of cells.
 *
 * The one module for both users: the formula module builds `I(x**10)` columns and transform
 * statistics with the accurate operations; the stats module's refinement (refine.ts) and
 * prediction variances (inference.ts) use the error terms `twoSumError`/`twoProductError` in
 * their hand-inlined accumulations, and QD's "sloppy" addition and division, whose numbers
 * every stored refined model was computed with.
 */

/**
 * A mutable double-double register: `hi + lo`. Reuse one per loop to avoid allocation. The two
 * parts live in a Float64Array because V8 boxes a double held in an object field: with `hi` and
 * `lo` as fields, a design with `I(x**3)` and `I(x**5)` columns built 2.4× slower (see
 * docs/accuracy.md, Timing).
 */
export class DoubleDouble {
  private readonly parts = new Float64Array(2);

  constructor(hi = 0, lo = 0) {
    this.parts[0] = hi;
    this.parts[1] = lo;
  }

  get hi(): number {
    return this.parts[0]!;
  }

  set hi(value: number) {
    this.parts[0] = value;
  }

  get lo(): number {
    return this.parts[1]!;
  }

  set lo(value: number) {
    this.parts[1] = value;
  }

  /** The value rounded to the nearest double. */
  valueOf(): number {
    return this.hi + this.lo;
  }
}

/** 2^27 + 1: Dekker's splitting constant for 53-bit doubles. */
const SPLITTER = 134217729;
/** Above this magnitude `SPLITTER * a` would overflow, so the split scales first. */
const SPLIT_THRESHOLD = 6.69692879491417e299; // 2^996
const TWO_POW_28 = 268435456;
const TWO_POW_MINUS_28 = 3.725290298461914e-9;

/** Knuth's TwoSum: `out.hi = fl(a + b)`, `out.lo` its exact rounding error. No magnitude condition. */
export function twoSum(a: number, b: number, out: DoubleDouble): DoubleDouble {
  const s = a + b;
  out.hi = s;
  out.lo = twoSumError(a, b, s);
  return out;
}

/** The rounding error of `sum = fl(a + b)`: a + b = sum + twoSumError(a, b, sum) exactly (TwoSum's low part). */
export function twoSumError(a: number, b: number, sum: number): number {
  const bb = sum - a;
  return a - (sum - bb) + (b - bb);
}

/** Dekker's FastTwoSum: exact when `|a| >= |b|` (or a is zero). */
export function quickTwoSum(a: number, b: number, out: DoubleDouble): DoubleDouble {
  const s = a + b;
  out.hi = s;
  out.lo = b - (s - a);
  return out;
}

/** Dekker's split: `a = hi + lo` where each half has at most 26 significant bits. */
export function split(a: number, out: DoubleDouble): DoubleDouble {
  if (a > SPLIT_THRESHOLD || a < -SPLIT_THRESHOLD) {
    const scaled = a * TWO_POW_MINUS_28;
    const t = SPLITTER * scaled;
    const hi = t - (t - scaled);
    out.hi = hi * TWO_POW_28;
    out.lo = (scaled - hi) * TWO_POW_28;
    return out;
  }
  const t = SPLITTER * a;
  const hi = t - (t - a);
  out.hi = hi;
  out.lo = a - hi;
  return out;
}

/**
 * Dekker's TwoProduct: `out.hi = fl(a * b)`, `out.lo` its exact rounding error (exact unless
 * the product underflows into subnormals; zero when the product overflows).
 */
export function twoProduct(a: number, b: number, out: DoubleDouble): DoubleDouble {
  const p = a * b;
  out.hi = p;
  out.lo = twoProductError(a, b, p);
  return out;
}

/**
 * The rounding error of `product = fl(a * b)`: a·b = product + twoProductError(a, b, product)
 * exactly (TwoProduct's low part), with the same conditions as `twoProduct`.
 */
export function twoProductError(a: number, b: number, product: number): number {
  // Dekker's split inlined (the hot loops stay call-free). It is exact whenever SPLITTER·a and
  // SPLITTER·b are finite, so a finite result is the answer; only an overflow (an operand beyond
  // about 2^996, or a non-finite product) takes the guarded path, which answers the same otherwise.
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const error = ah * bh - product + ah * bl + al * bh + al * bl;
  return Number.isFinite(error) ? error : scaledProductError(a, b, product);
}

const splitScratch = new DoubleDouble();

/** `twoProductError` for operands whose split would overflow: split scaled, or 0 for a non-finite product. */
function scaledProductError(a: number, b: number, product: number): number {
  if (!Number.isFinite(product)) return 0;
  split(a, splitScratch);
  const ah = splitScratch.hi;
  const al = splitScratch.lo;
  split(b, splitScratch);
  const bh = splitScratch.hi;
  const bl = splitScratch.lo;
  return ah * bh - product + ah * bl + al * bh + al * bl;
}

/** (ahi + alo) + (bhi + blo), accurately (QD's IEEE-style addition). */
export function ddAdd(ahi: number, alo: number, bhi: number, blo: number, out: DoubleDouble): DoubleDouble {
  let s = ahi + bhi;
  let bb = s - ahi;
  let e = ahi - (s - bb) + (bhi - bb);
  const t = alo + blo;
  bb = t - alo;
  const f = alo - (t - bb) + (blo - bb);
  e += t;
  let h = s + e;
  e = e - (h - s);
  s = h;
  e += f;
  h = s + e;
  out.hi = h;
  out.lo = e - (h - s);
  if (!Number.isFinite(h)) out.lo = 0;
  return out;
}

/**
 * (ahi + alo) + (bhi + blo) with one TwoSum instead of two (QD's sloppy_add): faster, but its
 * error is bounded relative to |a| + |b|, not |a + b|, so cancellation costs digits. The
 * refinement's Cholesky factor and inverse (refine.ts) and prediction variances (inference.ts)
 * are computed with it; switching them to `ddAdd` would change stored models' numbers.
 */
export function ddAddSloppy(ahi: number, alo: number, bhi: number, blo: number, out: DoubleDouble): DoubleDouble {
  const s = ahi + bhi;
  const e = twoSumError(ahi, bhi, s) + alo + blo;
  const h = s + e;
  out.hi = h;
  out.lo = Number.isFinite(h) ? e - (h - s) : 0;
  return out;
}

/** (ahi + alo) − (bhi + blo). */
export function ddSub(ahi: number, alo: number, bhi: number, blo: number, out: DoubleDouble): DoubleDouble {
  return ddAdd(ahi, alo, -bhi, -blo, out);
}

/** (ahi + alo) × (bhi + blo). */
export function ddMul(ahi: number, alo: number, bhi: number, blo: number, out: DoubleDouble): DoubleDouble {
  const p = ahi * bhi;
  const e = twoProductError(ahi, bhi, p) + (ahi * blo + alo * bhi);
  const s = p + e;
  out.hi = s;
  out.lo = Number.isFinite(s) ? e - (s - p) : 0;
  return out;
}

const scratch = new DoubleDouble();

/** (ahi + alo) ÷ (bhi + blo), QD's accurate division (three quotient digits). */
export function ddDiv(ahi: number, alo: number, bhi: number, blo: number, out: DoubleDouble): DoubleDouble {
  const q1 = ahi / bhi;
  if (!Number.isFinite(q1) || bhi === 0) {
    out.hi = q1;
    out.lo = 0;
    return out;
  }
  // r = a - q1 * b
  ddMul(bhi, blo, q1, 0, scratch);
  ddSub(ahi, alo, scratch.hi, scratch.lo, scratch);
  const rhi = scratch.hi;
  const rlo = scratch.lo;
  const q2 = rhi / bhi;
  ddMul(bhi, blo, q2, 0, scratch);
  ddSub(rhi, rlo, scratch.hi, scratch.lo, scratch);
  // The third digit needs only the remainder's high part.
  const q3 = scratch.hi / bhi;
  quickTwoSum(q1, q2, out);
  return ddAdd(out.hi, out.lo, q3, 0, out);
}

/**
 * (ahi + alo) ÷ (bhi + blo) with two quotient digits (QD's sloppy_div), the remainder taken
 * with `ddAddSloppy`: the division of the refinement and of prediction variances (see there).
 */
export function ddDivSloppy(ahi: number, alo: number, bhi: number, blo: number, out: DoubleDouble): DoubleDouble {
  const q1 = ahi / bhi;
  if (!Number.isFinite(q1) || bhi === 0) {
    out.hi = q1;
    out.lo = 0;
    return out;
  }
  ddMul(q1, 0, bhi, blo, out);
  ddAddSloppy(ahi, alo, -out.hi, -out.lo, out);
  const q2 = out.hi / bhi;
  const h = q1 + q2;
  out.hi = h;
  out.lo = q2 - (h - q1);
  return out;
}

/** The square root of hi + lo (Karp's method: one Newton step on a double estimate). */
export function ddSqrt(hi: number, lo: number, out: DoubleDouble): DoubleDouble {
  if (hi <= 0 || !Number.isFinite(hi)) {
    out.hi = hi === 0 ? 0 : Math.sqrt(hi);
    out.lo = 0;
    return out;
  }
  const x = 1 / Math.sqrt(hi);
  const ax = hi * x;
  // (a - ax²) * x / 2 corrects the estimate ax to double-double accuracy.
  twoProduct(ax, ax, scratch);
  ddSub(hi, lo, scratch.hi, scratch.lo, scratch);
  return ddAdd(ax, 0, scratch.hi * (x * 0.5), 0, out);
}

/** √w of a double, as a double-double (WLS whitening weights): √w rounded, and one correction. */
export function ddSqrtOfDouble(w: number, out: DoubleDouble): DoubleDouble {
  const s = Math.sqrt(w);
  out.hi = s;
  if (s === 0 || !Number.isFinite(s)) {
    out.lo = 0;
    return out;
  }
  const p = s * s;
  const e = twoProductError(s, s, p);
  // w − s² is exact in two steps: w − p by Sterbenz (p ≈ w), then − e.
  out.lo = (w - p - e) / (2 * s);
  return out;
}

/**
 * (hi + lo) raised to an integer power by binary exponentiation, every step in double-double
 * (a negative exponent takes the reciprocal at the end). `0 ** 0` is 1, as in Python.
 */
export function ddPowInt(hi: number, lo: number, exponent: number, out: DoubleDouble): DoubleDouble {
  if (!Number.isInteger(exponent)) throw new RangeError(`ddPowInt needs an integer exponent, got ${exponent}`);
  let n = Math.abs(exponent);
  let rhi = 1;
  let rlo = 0;
  let bhi = hi;
  let blo = lo;
  while (n > 0) {
    if (n % 2 === 1) {
      ddMul(rhi, rlo, bhi, blo, out);
      rhi = out.hi;
      rlo = out.lo;
    }
    n = Math.floor(n / 2);
    if (n > 0) {
      ddMul(bhi, blo, bhi, blo, out);
      bhi = out.hi;
      blo = out.lo;
    }
  }
  if (exponent < 0) return ddDiv(1, 0, rhi, rlo, out);
  out.hi = rhi;
  out.lo = rlo;
  return out;
}

/**
 * The sum of `values` (optionally with low parts `lows`) over the given rows, in
 * double-double: a compensated sum that is exact to ~106 bits whatever the row count.
 */
export function ddSum(
  values: Float64Array,
  lows: Float64Array | null,
  out: DoubleDouble,
  include?: (row: number) => boolean,
): DoubleDouble {
  let shi = 0;
  let slo = 0;
  for (let i = 0; i < values.length; i++) {
    if (include && !include(i)) continue;
    ddAdd(shi, slo, values[i]!, lows ? lows[i]! : 0, out);
    shi = out.hi;
    slo = out.lo;
  }
  out.hi = shi;
  out.lo = slo;
  return out;
}
