/**
 * Decimal numerals to the nearest double, exactly as `Number()` rounds, without building a
 * string. Scanners validate a numeral and hand its digit ranges to `digitsToDouble`; it answers
 * `NaN` when it cannot be sure of the rounding, and the caller then falls back to `Number()` on
 * the text: rare, only for more than 17 significant digits (JSON.stringify never writes more),
 * decimal exponents beyond ±22 after scaling, or a value within ~2^-46 ulp of a rounding boundary.
 *
 * Up to 2^53 the significand is exact and Clinger's fast path applies (one correctly rounded
 * multiply or divide by an exact power of ten). Above, the significand is held exactly as a
 * double-double, the product or quotient computed with an error bound, and the result accepted
 * only when both ends of the bound round to the same double.
 */

/** Significant digits read: 8 in `a` and up to 9 in `b`, so that a·10^9 and b are exact. */
const MAX_DIGITS = 17;
const TWO_POW_53 = 9007199254740992;
const SPLIT = 134217729; // 2^27 + 1, Dekker's splitter
/** The error bound, relative to the terms that carry error: 8× the worst case. */
const MARGIN = 2 ** -49;

/** 10^0 … 10^22: every one is exactly representable as a double. */
const POW10 = new Float64Array(23).map((_, k) => 10 ** k);
/** 1 / 10^k, rounded: the quotient's error is bounded, so a multiply serves for a divide. */
const INVERSE = new Float64Array(23).map((_, k) => 1 / 10 ** k);
/** Dekker's split of 10^k into high and low halves of 26 bits. */
const POW10_HIGH = POW10.map((d) => split(d));
const POW10_LOW = POW10.map((d, k) => d - POW10_HIGH[k]!);

/**
 * The nearest double to the magnitude of the numeral whose integer digits are
 * `bytes[intStart, intEnd)` and fraction digits `bytes[fracStart, fracEnd)` (ASCII digits, already
 * validated), times 10^exponent; `NaN` when the caller must fall back to `Number()` on the text.
 */
export function digitsToDouble(
  bytes: Uint8Array,
  intStart: number,
  intEnd: number,
  fracStart: number,
  fracEnd: number,
  exponent: number,
): number {
  // The significant digits are two runs, [start1, intEnd) and [start2, fracEnd), around the point.
  let start1 = intStart;
  while (start1 < intEnd && bytes[start1] === 0x30) start1++;
  const count1 = intEnd - start1;
  let start2 = fracStart;
  if (count1 === 0) while (start2 < fracEnd && bytes[start2] === 0x30) start2++;
  let count = count1 + fracEnd - start2;
  if (count === 0) return 0;
  let exp10 = exponent - (fracEnd - fracStart);
  if (count > MAX_DIGITS) {
    // Digits past the 17th only scale the value, unless one is nonzero: then only Number() rounds right.
    for (let k = MAX_DIGITS; k < count; k++) {
      if (bytes[k < count1 ? start1 + k : start2 + k - count1] !== 0x30) return Number.NaN;
    }
    exp10 += count - MAX_DIGITS;
    count = MAX_DIGITS;
  }
  if (count <= 8) return scaleExact(runInt(bytes, start1, count1, start2, 0, count), exp10);
  const tailDigits = count - 8;
  // a·10^n is exact (a < 2^27 and 5^n < 2^21 for n ≤ 9), and so is b < 10^9.
  const head = runInt(bytes, start1, count1, start2, 0, 8) * POW10[tailDigits]!;
  const tail = runInt(bytes, start1, count1, start2, 8, tailDigits);
  const sum = head + tail;
  if (sum < TWO_POW_53) return scaleExact(sum, exp10); // fl(sum) < 2^53 only if sum is exact
  if (exp10 < -22 || exp10 > 22) return Number.NaN;
  // sum + error is the significand exactly (FastTwoSum: head ≥ tail).
  const error = tail - (sum - head);
  return exp10 <= 0 ? divide(sum, error, -exp10) : multiply(sum, error, exp10);
}

/** Clinger: `significand` (an integer ≤ 2^53) times 10^exp10, rounded once, or NaN. */
function scaleExact(significand: number, exp10: number): number {
  if (exp10 === 0) return significand;
  if (exp10 < 0) return exp10 >= -22 ? significand / POW10[-exp10]! : Number.NaN;
  if (exp10 <= 22) return significand * POW10[exp10]!;
  if (exp10 <= 22 + 15) {
    // Still exact if the significand has room for the extra powers of ten.
    const scaled = significand * POW10[exp10 - 22]!;
    if (scaled < TWO_POW_53) return scaled * 1e22;
  }
  return Number.NaN;
}

/** Correctly rounded (a + b) / 10^k, or NaN when within the error bound of a rounding boundary. */
function divide(a: number, b: number, k: number): number {
  const q1 = a * INVERSE[k]!;
  // q1 · 10^k exactly, as ph + pl (Dekker's TwoProduct; JS has no fused multiply-add).
  const d = POW10[k]!;
  const ph = q1 * d;
  const c = SPLIT * q1;
  const qh = c - (c - q1);
  const ql = q1 - qh;
  const dh = POW10_HIGH[k]!;
  const dl = POW10_LOW[k]!;
  const pl = qh * dh - ph + qh * dl + ql * dh + ql * dl;
  const r1 = a - ph; // exact by Sterbenz: ph is within a factor 2 of a
  const q2 = (r1 - pl + b) * INVERSE[k]!;
  const margin = ((Math.abs(r1) + Math.abs(pl) + Math.abs(b)) * INVERSE[k]! + Math.abs(q2)) * MARGIN;
  return settle(q1, q2, margin);
}

/** Correctly rounded (a + b) · 10^k, or NaN when within the error bound of a rounding boundary. */
function multiply(a: number, b: number, k: number): number {
  const d = POW10[k]!;
  const ph = a * d;
  const c = SPLIT * a;
  const ah = c - (c - a);
  const al = a - ah;
  const dh = POW10_HIGH[k]!;
  const dl = POW10_LOW[k]!;
  const pl = ah * dh - ph + ah * dl + al * dh + al * dl;
  const bd = b * d;
  const margin = (Math.abs(pl) + Math.abs(bd)) * MARGIN;
  return settle(ph, pl + bd, margin);
}

/**
 * head + tail rounded, where tail is known only to within ±margin: rounding is monotone, so if
 * both ends of the interval round alike the true value rounds the same way.
 */
function settle(head: number, tail: number, margin: number): number {
  const below = head + (tail - margin);
  const above = head + (tail + margin);
  return below === above ? below : Number.NaN;
}

function split(x: number): number {
  const c = SPLIT * x;
  return c - (c - x);
}

/** Significant digits `[from, from + count)` (count ≤ 9) of the two runs, as an integer. */
function runInt(
  bytes: Uint8Array,
  start1: number,
  count1: number,
  start2: number,
  from: number,
  count: number,
): number {
  if (from + count <= count1) return digitsInt(bytes, start1 + from, start1 + from + count);
  if (from >= count1) return digitsInt(bytes, start2 + from - count1, start2 + from - count1 + count);
  const first = count1 - from;
  return (
    digitsInt(bytes, start1 + from, start1 + count1) * POW10[count - first]! +
    digitsInt(bytes, start2, start2 + count - first)
  );
}

/**
 * The integer spelled by the ASCII digits `bytes[start, end)` (at most 9). Four digits at a time,
 * independently: a digit-by-digit chain of multiply-adds is latency-bound and twice as slow.
 */
function digitsInt(bytes: Uint8Array, start: number, end: number): number {
  let value = 0;
  let i = start;
  for (; end - i >= 4; i += 4) {
    // 53328 = 0x30 · 1111: the ASCII offsets of four digits at once.
    value = value * 10000 + (bytes[i]! * 1000 + bytes[i + 1]! * 100 + bytes[i + 2]! * 10 + bytes[i + 3]! - 53328);
  }
  for (; i < end; i++) value = value * 10 + (bytes[i]! - 0x30);
  return value;
}
