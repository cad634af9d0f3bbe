/**
 * Decimal numerals to the nearest double, exactly as `Number()` rounds, without building a
 * string. Scanners validate a numeral and hand its digit ranges to `digitsToDouble`; it answers
 * `NaN` when it cannot be sure of the rounding, and the caller then falls back to `Number()` on
 * the text (rare: > 23 significant digits, exponents beyond ±22, or a value within ~2^-48 ulp of
 * a rounding boundary).
 */

/** 10^0 … 10^22: every one is exactly representable as a double. */
const POW10 = new Float64Array([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
]);

/** Significant digits held in `high`: below 10^15, so exact, and small enough to scale without loss. */
const HIGH_DIGITS = 15;
/**
 * Significant digits held in all (`high` then up to 8 in `low`): the significand is below 10^23,
 * so the rounding errors of rebuilding it as a double-double are integers below 2^24, exact.
 */
const MAX_DIGITS = 23;

const TWO_POW_53 = 9007199254740992;
const SPLIT = 134217729; // 2^27 + 1, Dekker's splitter
const MARGIN = 2 ** -50;

/**
 * The nearest double to `(high · 10^lowDigits + low) · 10^exp10` (non-negative), or `NaN` when
 * unsure. `high` < 10^15 and `low` < 10^lowDigits, `lowDigits` ≤ 8, both integers.
 */
export function decimalToDouble(high: number, low: number, lowDigits: number, exp10: number): number {
  if (lowDigits === 0) {
    // Clinger's fast path: an exact integer times or over an exact power of ten rounds once.
    if (high === 0) return 0;
    if (exp10 === 0) return high;
    if (exp10 < 0) return exp10 >= -22 ? high / POW10[-exp10]! : Number.NaN;
    if (exp10 <= 22) return high * POW10[exp10]!;
    if (exp10 <= 22 + HIGH_DIGITS) {
      const scaled = high * POW10[exp10 - 22]!;
      if (scaled <= TWO_POW_53) return scaled * 1e22;
    }
    return Number.NaN;
  }
  if (exp10 < -22 || exp10 > 22) return Number.NaN;
  // The significand exactly, as the unevaluated sum a + b with a = fl(significand).
  const scale = POW10[lowDigits]!;
  const product = high * scale;
  const productError = twoProductError(high, scale, product);
  const sum = product + low;
  const sumError = low - (sum - product); // exact: |product| ≥ |low|
  const tail = sumError + productError; // small integers, exact
  const a = sum + tail;
  const b = tail - (a - sum);
  return exp10 <= 0 ? divideExact(a, b, POW10[-exp10]!) : multiplyExact(a, b, POW10[exp10]!);
}

/** Correctly rounded (a + b) / d, or NaN when within the error margin of a rounding boundary. */
function divideExact(a: number, b: number, d: number): number {
  const q1 = a / d;
  const ph = q1 * d;
  const pl = twoProductError(q1, d, ph);
  const r1 = a - ph; // exact by Sterbenz: ph is within a factor 2 of a
  const r = r1 - pl + b;
  const q2 = r / d;
  const margin = ((Math.abs(r1) + Math.abs(pl) + Math.abs(b)) / d + Math.abs(q2)) * MARGIN;
  return settle(q1, q2, margin);
}

/** Correctly rounded (a + b) · d, or NaN when within the error margin of a rounding boundary. */
function multiplyExact(a: number, b: number, d: number): number {
  const ph = a * d;
  const pl = twoProductError(a, d, ph);
  const bd = b * d;
  const tail = pl + bd;
  const margin = (Math.abs(pl) + Math.abs(bd)) * MARGIN;
  return settle(ph, tail, margin);
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

/** The rounding error of `product = fl(x · y)`, exactly (Dekker's TwoProduct, no FMA in JS). */
function twoProductError(x: number, y: number, product: number): number {
  const cx = SPLIT * x;
  const xh = cx - (cx - x);
  const xl = x - xh;
  const cy = SPLIT * y;
  const yh = cy - (cy - y);
  const yl = y - yh;
  return xh * yh - product + xh * yl + xl * yh + xl * yl;
}

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
    // Digits past the 23rd only scale the value, unless one is nonzero: then only Number() rounds right.
    for (let k = MAX_DIGITS; k < count; k++) {
      if (bytes[k < count1 ? start1 + k : start2 + k - count1] !== 0x30) return Number.NaN;
    }
    exp10 += count - MAX_DIGITS;
    count = MAX_DIGITS;
  }
  const highDigits = count < HIGH_DIGITS ? count : HIGH_DIGITS;
  const high =
    highDigits <= 8
      ? runInt(bytes, start1, count1, start2, 0, highDigits)
      : runInt(bytes, start1, count1, start2, 0, 8) * POW10[highDigits - 8]! +
        runInt(bytes, start1, count1, start2, 8, highDigits - 8);
  const lowDigits = count - highDigits;
  const low = lowDigits === 0 ? 0 : runInt(bytes, start1, count1, start2, HIGH_DIGITS, lowDigits);
  return decimalToDouble(high, low, lowDigits, exp10);
}

/** Significant digits `[from, from + count)` (count ≤ 8) of the two runs, as an integer. */
function runInt(bytes: Uint8Array, start1: number, count1: number, start2: number, from: number, count: number): number {
  if (from + count <= count1) return digitsInt(bytes, start1 + from, start1 + from + count);
  if (from >= count1) return digitsInt(bytes, start2 + from - count1, start2 + from - count1 + count);
  const first = count1 - from;
  return digitsInt(bytes, start1 + from, start1 + count1) * POW10[count - first]! + digitsInt(bytes, start2, start2 + count - first);
}

/**
 * The integer spelled by the ASCII digits `bytes[start, end)` (at most 8). Four digits at a time,
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
