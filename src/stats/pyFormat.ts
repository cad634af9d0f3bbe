/**
 * The few printf-style conversions statsmodels' summary uses, with Python's semantics:
 * `%w.pf`, `%w.pg` and `%#w.pg` (the `#` keeps trailing zeros), right-aligned in width w,
 * `nan`/`inf` spelled as Python spells them. (JavaScript's toPrecision switches to
 * exponents at different thresholds, so %g is built from toExponential.)
 */

function special(v: number): string | null {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return null;
}

function pad(s: string, width: number): string {
  return s.length >= width ? s : ' '.repeat(width - s.length) + s;
}

/** Python's '%{width}.{precision}f'. */
export function formatFixed(v: number, width: number, precision: number): string {
  return pad(special(v) ?? v.toFixed(precision), width);
}

/** Python's '%{width}.{precision}g', or '%#{width}.{precision}g' when `alternate`. */
export function formatGeneral(v: number, width: number, precision: number, alternate: boolean): string {
  const s = special(v);
  if (s !== null) {
    return pad(s, width);
  }
  const p = Math.max(precision, 1);
  if (v === 0) {
    return pad(alternate ? (0).toFixed(p - 1) : '0', width);
  }
  const exponential = v.toExponential(p - 1);
  const exponent = Number(exponential.slice(exponential.indexOf('e') + 1));
  let text: string;
  if (exponent < -4 || exponent >= p) {
    let mantissa = exponential.slice(0, exponential.indexOf('e'));
    if (!alternate && mantissa.includes('.')) {
      mantissa = mantissa.replace(/\.?0+$/, '');
    } else if (alternate && !mantissa.includes('.')) {
      mantissa += '.';
    }
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    text = `${mantissa}e${exponent < 0 ? '-' : '+'}${digits}`;
  } else {
    text = v.toFixed(p - 1 - exponent);
    if (!alternate && text.includes('.')) {
      text = text.replace(/\.?0+$/, '');
    } else if (alternate && !text.includes('.')) {
      text += '.'; // '#' keeps the decimal point: '%#6.3g' % 336.9 is '  337.'
    }
  }
  return pad(text, width);
}

/** statsmodels' `forg`: 4 (or 3) decimals, switching to %g outside [1e-4, 1e4). */
export function forg(v: number, precision: 3 | 4): string {
  const a = Math.abs(v);
  const width = precision === 4 ? 10 : 9;
  return a >= 1e4 || a < 1e-4 ? formatGeneral(v, width, precision, false) : formatFixed(v, width, precision);
}

/** statsmodels' `d_or_f`: '%#6d' for whole numbers, '%#8.2f' otherwise. */
export function dOrF(v: number): string {
  if (Number.isNaN(v)) return '   NaN';
  return Number.isInteger(v) ? pad(String(v), 6) : formatFixed(v, 8, 2);
}
