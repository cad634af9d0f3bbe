import { latin1Text } from '../bytes/text.js';
import { digitsToDouble } from '../json/decimal.js';

/**
 * The number a CSV cell `bytes[start, end)` spells, or NaN if it is not one. Accepted: JSON's
 * number syntax loosened as spreadsheets write numbers, `[+-]? (digits [. digits?] | . digits)
 * ([eE] [+-]? digits)?`, with spaces or tabs around it; a numeral beyond double range is ±Infinity,
 * and so are `inf` and `infinity` in any case, signed or not (as pandas and R read them). Not
 * accepted: `NaN` and `NA` (missing markers, see `isMissingMarker`), hex, thousands separators,
 * decimal commas. Rounding is exactly `Number()`'s.
 */
export function csvNumber(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && isBlank(bytes[start]!)) start++;
  while (end > start && isBlank(bytes[end - 1]!)) end--;
  let i = start;
  let c = bytes[i];
  const negative = c === 0x2d;
  if (negative || c === 0x2b) i++;
  const intStart = i;
  while (i < end && (c = bytes[i]!) >= 0x30 && c <= 0x39) i++;
  const intEnd = i;
  let fracStart = i;
  let fracEnd = i;
  if (i < end && bytes[i] === 0x2e) {
    fracStart = ++i;
    while (i < end && (c = bytes[i]!) >= 0x30 && c <= 0x39) i++;
    fracEnd = i;
  }
  if (intEnd === intStart && fracEnd === fracStart) {
    if (!isInfinityWord(bytes, i, end)) return Number.NaN;
    return negative ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  let exponent = 0;
  if (i < end && (bytes[i]! | 0x20) === 0x65) {
    c = bytes[++i];
    const minus = c === 0x2d;
    if (minus || c === 0x2b) i++;
    const expStart = i;
    while (i < end && (c = bytes[i]!) >= 0x30 && c <= 0x39) {
      if (exponent < 100_000_000) exponent = exponent * 10 + (c - 0x30);
      i++;
    }
    if (i === expStart) return Number.NaN;
    if (minus) exponent = -exponent;
  }
  if (i !== end) return Number.NaN;
  const magnitude = digitsToDouble(bytes, intStart, intEnd, fracStart, fracEnd, exponent);
  if (magnitude === magnitude) return negative ? -magnitude : magnitude;
  return Number(latin1Text(bytes, start, end));
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** Whether `bytes[start, end)` is `inf` or `infinity`, in any case. */
function isInfinityWord(bytes: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  if (length !== 3 && length !== 8) return false;
  for (let k = 0; k < length; k++) if ((bytes[start + k]! | 0x20) !== INFINITY[k]) return false;
  return true;
}

/** "infinity" in lower case. */
const INFINITY = [0x69, 0x6e, 0x66, 0x69, 0x6e, 0x69, 0x74, 0x79];
