/**
 * Double-double arithmetic: a value is the unevaluated sum `hi + lo` of two doubles with
 * `|lo| <= ulp(hi) / 2`, about 106 bits of precision. The algorithms are the classic
 * error-free transformations (Knuth's TwoSum, Dekker's split and TwoProduct) and the
 * double-double operations of Hida, Li and Bailey's QD library.
 *
 * JavaScript has no fused multiply-add, so TwoProduct uses Dekker's split. The hot paths take
 * and produce plain numbers through a reusable `DoubleDouble` register instead of allocating a
 * pair per operation: design matrices have millions of cells.
 *
 * Self-contained on purpose: the formula module builds `I(x**10)` columns with it and the
 * stats module may use the same primitives for compensated sums and products.
 */

/** A mutable double-double register: `hi + lo`. Reuse one per loop to avoid allocation. */
export class DoubleDouble {
  constructor(
    public hi = 0,
    public lo = 0,
  ) {}

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
  const bb = s - a;
  out.hi = s;
  out.lo = a - (s - bb) + (b - bb);
  return out;
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
  if (!Number.isFinite(p)) {
    out.lo = 0;
    return out;
  }
  // Inlined split of a and b (the common, unscaled case) keeps this allocation- and call-free.
  let ah: number;
  let al: number;
  let bh: number;
  let bl: number;
  if (a > SPLIT_THRESHOLD || a < -SPLIT_THRESHOLD || b > SPLIT_THRESHOLD || b < -SPLIT_THRESHOLD) {
    split(a, out);
    ah = out.hi;
    al = out.lo;
    split(b, out);
    bh = out.hi;
    bl = out.lo;
    out.hi = p;
  } else {
    let t = SPLITTER * a;
    ah = t - (t - a);
    al = a - ah;
    t = SPLITTER * b;
    bh = t - (t - b);
    bl = b - bh;
  }
  out.lo = ah * bh - p + ah * bl + al * bh + al * bl;
  return out;
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

/** (ahi + alo) − (bhi + blo). */
export function ddSub(ahi: number, alo: number, bhi: number, blo: number, out: DoubleDouble): DoubleDouble {
  return ddAdd(ahi, alo, -bhi, -blo, out);
}

/** (ahi + alo) × (bhi + blo). */
export function ddMul(ahi: number, alo: number, bhi: number, blo: number, out: DoubleDouble): DoubleDouble {
  twoProduct(ahi, bhi, out);
  const p = out.hi;
  const e = out.lo + (ahi * blo + alo * bhi);
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
  let rhi = scratch.hi;
  let rlo = scratch.lo;
  const q2 = rhi / bhi;
  ddMul(bhi, blo, q2, 0, scratch);
  ddSub(rhi, rlo, scratch.hi, scratch.lo, scratch);
  rhi = scratch.hi;
  rlo = scratch.lo;
  const q3 = rhi / bhi;
  quickTwoSum(q1, q2, out);
  return ddAdd(out.hi, out.lo, q3, 0, out);
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
