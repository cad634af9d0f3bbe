import type { Level } from '../data/index.js';

/** A level of a categorical factor: a string or boolean from the data, or a number under `C()`. */
export type LevelValue = Level | number;

/** What kind of values a categorical factor's levels are. */
export type LevelType = 'string' | 'boolean' | 'number';

/**
 * How patsy prints a level in a column name (`str()` of a string, `repr()` otherwise, of the
 * pandas value). Numbers: pandas holds a JSON column of whole numbers without missing values
 * as int64 and prints `2`; any other numeric column is float64 and prints `2.0`, `2.5`,
 * `1e-05`. JSON cannot tell `2.0` from `2`, so a column written with `2.0` everywhere prints
 * `2` here where pandas would print `2.0` (documented in docs/formula.md).
 */
export function levelLabel(level: LevelValue, integerLevels: boolean): string {
  if (typeof level === 'string') return level;
  if (typeof level === 'boolean') return level ? 'True' : 'False';
  return integerLevels && Number.isInteger(level) ? integerRepr(level) : pythonFloatRepr(level);
}

function integerRepr(value: number): string {
  // Beyond 2^53 a double is still an integer; print all its digits as Python would.
  return Math.abs(value) < 1e21 ? String(value === 0 ? 0 : value) : BigInt(value).toString();
}

/**
 * Python's `repr(float)`: the shortest digits that round-trip (the same digits JavaScript
 * picks), in fixed notation when the decimal exponent is in [-4, 16), otherwise scientific
 * with a signed two-digit exponent; fixed notation always shows a fractional part.
 */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const [mantissa, exponentText] = Math.abs(value).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const rest = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const expSign = exponent < 0 ? '-' : '+';
    return `${sign}${digits[0]}${rest}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const intLength = exponent + 1;
  if (digits.length <= intLength) return `${sign}${digits}${'0'.repeat(intLength - digits.length)}.0`;
  return `${sign}${digits.slice(0, intLength)}.${digits.slice(intLength)}`;
}

/** Compares strings by Unicode code point, as Python sorts them (not by UTF-16 unit). */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // Surrogates (U+D800–DFFF) encode code points above U+FFFF, which sort after every BMP
    // character, including U+E000–FFFF that UTF-16 order would put after them.
    const sa = ca >= 0xd800 && ca <= 0xdfff;
    const sb = cb >= 0xd800 && cb <= 0xdfff;
    if (sa !== sb) return sa ? 1 : -1;
    return ca - cb;
  }
  return a.length - b.length;
}

/** Python's ordering of homogeneous levels: False < True, numbers numerically, strings by code point. */
export function compareLevels(a: LevelValue, b: LevelValue): number {
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  return Number(a) - Number(b);
}

/** Python's `==` between level values: `1 == 1.0 == True`, strings only equal strings. */
export function levelEquals(a: LevelValue, b: LevelValue): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return Number(a) === Number(b);
}

/** The type of the levels, or undefined for an empty or mixed list. */
export function levelTypeOf(levels: readonly LevelValue[]): LevelType | undefined {
  const first = levels[0];
  if (first === undefined) return undefined;
  const type = typeof first as LevelType;
  return levels.every((level) => typeof level === type) ? type : undefined;
}
