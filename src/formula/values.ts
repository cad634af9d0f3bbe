import { DoubleDouble, ddAdd, ddDiv, ddMul, ddPowInt } from '../numeric/doubleDouble.js';
import type { ArithmeticOperator, ComparisonOperator } from './ast.js';
import { compareLevels, type LevelValue, levelEquals } from './levels.js';

/**
 * Runtime values of the factor interpreter. Vectors hold one entry per input row; missing
 * entries are NaN (numeric) or code -1 (categorical). Numeric vectors are double-double:
 * `hi` is the value rounded to double, `lo` the rest (null when exact).
 */
export interface NumericVector {
  readonly kind: 'numeric';
  readonly hi: Float64Array;
  readonly lo: Float64Array | null;
  /** Whether pandas would hold these values as integers (decides how `C()` names levels). */
  readonly integer: boolean;
  /** A data column as read: finite wherever not missing (the data layer refuses other numbers). */
  readonly raw?: boolean;
}

/** The contrasts patsy names (`C(g, Sum)`). */
export type NamedContrast = 'Treatment' | 'Sum' | 'Helmert' | 'Diff' | 'Poly';

/**
 * A request for a contrast, as written in `C(g, Sum(omit='a'))`, resolved against the levels
 * later; or a matrix given whole (`C(g, [[1, 0], [0, 1], [-1, -1]])`, `ContrastMatrix(m, names)`),
 * a row per level, used as it is whatever the coding's rank (as patsy uses one).
 */
export type ContrastRequest =
  | {
      readonly type: NamedContrast;
      /** Treatment's reference or Sum's omit: a level value, or (if an int not among the levels) an index. */
      readonly level?: ScalarArgument;
      readonly scores?: readonly number[];
    }
  | { readonly type: 'Custom'; readonly matrix: readonly (readonly number[])[]; readonly suffixes: readonly string[] };

/** A literal argument value: what `levels=`, `reference=` and friends accept. */
export type ScalarArgument =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'number'; readonly value: number; readonly integer: boolean };

/** Where a categorical vector's values come from: codes into levels, or numbers under `C()`. */
export type CategoricalData =
  | { readonly form: 'coded'; readonly codes: Int32Array; readonly levels: readonly LevelValue[] }
  | { readonly form: 'numbers'; readonly values: Float64Array; readonly integer: boolean };

/** A categorical vector: a data column of strings or booleans, a comparison, or `C(...)`. */
export interface CategoricalVector {
  readonly kind: 'categorical';
  readonly data: CategoricalData;
  readonly contrast: ContrastRequest | null;
  /** Levels given by `C(..., levels=[...])`, which fix their order. */
  readonly levels: readonly LevelValue[] | null;
  /** The data column the values come straight from, for messages. */
  readonly column: string | null;
}

/** A value computed once for every row: what a factor evaluates to. */
export type VectorValue = NumericVector | CategoricalVector;

/** A constant (a literal, or arithmetic on literals). */
export interface ScalarValue {
  readonly kind: 'scalar';
  readonly hi: number;
  readonly lo: number;
  readonly integer: boolean;
}

/** Any value the interpreter handles; the last four only ever appear as call arguments. */
export type Value =
  | VectorValue
  | ScalarValue
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'constant'; readonly value: boolean | null }
  | { readonly kind: 'list'; readonly items: readonly Value[] }
  | { readonly kind: 'contrast'; readonly request: ContrastRequest };

/** A numeric operand: a vector, or a scalar broadcast over the rows. */
export type NumericOperand = NumericVector | ScalarValue;

/** The values of a categorical data column as booleans 0/1 for arithmetic (numpy's bool → int). */
export function booleanAsNumeric(codes: Int32Array, levels: readonly LevelValue[]): NumericVector {
  const hi = new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    hi[i] = code < 0 ? Number.NaN : levels[code] === true ? 1 : 0;
  }
  // numpy computes with booleans as integers (True * 1 is the int 1).
  return { kind: 'numeric', hi, lo: null, integer: true };
}

const reg = new DoubleDouble();

/**
 * `a op b` element-wise in double-double (Python's meaning of each operator; `//` and `%`
 * floor, with the sign of the divisor, on the rounded values).
 */
export function arithmetic(
  operator: ArithmeticOperator,
  a: NumericOperand,
  b: NumericOperand,
  rows: number,
): NumericOperand {
  const integer = a.integer && b.integer && operator !== '/' && !(operator === '**' && isNegativeScalar(b));
  if (a.kind === 'scalar' && b.kind === 'scalar') {
    applyScalar(operator, a.hi, a.lo, b.hi, b.lo);
    return { kind: 'scalar', hi: reg.hi, lo: reg.lo, integer };
  }
  const hi = new Float64Array(rows);
  const lo = new Float64Array(rows);
  const aHi = a.kind === 'numeric' ? a.hi : null;
  const aLo = a.kind === 'numeric' ? a.lo : null;
  const bHi = b.kind === 'numeric' ? b.hi : null;
  const bLo = b.kind === 'numeric' ? b.lo : null;
  const aS = a.kind === 'scalar' ? a.hi : 0;
  const aSl = a.kind === 'scalar' ? a.lo : 0;
  const bS = b.kind === 'scalar' ? b.hi : 0;
  const bSl = b.kind === 'scalar' ? b.lo : 0;
  for (let i = 0; i < rows; i++) {
    const ah = aHi ? aHi[i]! : aS;
    const al = aHi ? (aLo ? aLo[i]! : 0) : aSl;
    const bh = bHi ? bHi[i]! : bS;
    const bl = bHi ? (bLo ? bLo[i]! : 0) : bSl;
    applyScalar(operator, ah, al, bh, bl);
    hi[i] = reg.hi;
    lo[i] = Number.isFinite(reg.hi) ? reg.lo : 0;
  }
  return { kind: 'numeric', hi, lo, integer };
}

function isNegativeScalar(value: NumericOperand): boolean {
  return value.kind === 'scalar' ? value.hi < 0 : true;
}

function applyScalar(operator: ArithmeticOperator, ah: number, al: number, bh: number, bl: number): void {
  switch (operator) {
    case '+':
      ddAdd(ah, al, bh, bl, reg);
      return;
    case '-':
      ddAdd(ah, al, -bh, -bl, reg);
      return;
    case '*':
      ddMul(ah, al, bh, bl, reg);
      return;
    case '/':
      ddDiv(ah, al, bh, bl, reg);
      return;
    case '**':
      power(ah, al, bh, bl);
      return;
    case '//': {
      reg.hi = Math.floor((ah + al) / (bh + bl));
      reg.lo = 0;
      return;
    }
    case '%': {
      const a = ah + al;
      const b = bh + bl;
      let r = a % b;
      if (r !== 0 && r < 0 !== b < 0) r += b;
      reg.hi = r;
      reg.lo = 0;
      return;
    }
    default: {
      const unreachable: never = operator;
      throw new Error(`unknown operator ${String(unreachable)}`);
    }
  }
}

/** Integer exponents (the NIST-critical `x**10`) are exact to ~106 bits; others use Math.pow. */
function power(ah: number, al: number, bh: number, bl: number): void {
  const exponent = bh + bl;
  if (Number.isInteger(exponent) && Math.abs(exponent) <= 1024 && bl === 0) {
    if (ah === 0 && al === 0 && exponent < 0) {
      reg.hi = Number.POSITIVE_INFINITY;
      reg.lo = 0;
      return;
    }
    ddPowInt(ah, al, exponent, reg);
    return;
  }
  reg.hi = Math.pow(ah + al, exponent);
  reg.lo = 0;
}

/** `-a`. */
export function negate(a: NumericOperand): NumericOperand {
  if (a.kind === 'scalar') return { ...a, hi: -a.hi, lo: -a.lo };
  const hi = new Float64Array(a.hi.length);
  for (let i = 0; i < hi.length; i++) hi[i] = -a.hi[i]!;
  let lo: Float64Array | null = null;
  if (a.lo) {
    lo = new Float64Array(a.lo.length);
    for (let i = 0; i < lo.length; i++) lo[i] = -a.lo[i]!;
  }
  return { kind: 'numeric', hi, lo, integer: a.integer };
}

/**
 * Applies a double-precision function element-wise (transcendentals: no low part).
 * `keepsIntegers`: numpy's abs, round and sign keep an integer array integer; the others return floats.
 */
export function mapNumeric(
  a: NumericOperand,
  fn: (x: number) => number,
  rows: number,
  keepsIntegers = false,
): NumericOperand {
  const integer = keepsIntegers && a.integer;
  if (a.kind === 'scalar') return { kind: 'scalar', hi: fn(a.hi + a.lo), lo: 0, integer };
  const hi = new Float64Array(rows);
  const { lo } = a;
  for (let i = 0; i < rows; i++) hi[i] = fn(lo ? a.hi[i]! + lo[i]! : a.hi[i]!);
  return { kind: 'numeric', hi, lo: null, integer };
}

/** A per-row reader of comparable values (null = missing). */
export type RowReader = (row: number) => LevelValue | null;

/** `a op b` element-wise, as a boolean categorical vector (patsy treats bool arrays as categorical). */
export function compare(operator: ComparisonOperator, a: RowReader, b: RowReader, rows: number): CategoricalVector {
  const codes = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const x = a(i);
    const y = b(i);
    if (x === null || y === null) {
      codes[i] = -1;
      continue;
    }
    codes[i] = compareOnce(operator, x, y) ? 1 : 0;
  }
  return {
    kind: 'categorical',
    data: { form: 'coded', codes, levels: [false, true] },
    contrast: null,
    levels: null,
    column: null,
  };
}

function compareOnce(operator: ComparisonOperator, x: LevelValue, y: LevelValue): boolean {
  switch (operator) {
    case '==':
      return levelEquals(x, y);
    case '!=':
      return !levelEquals(x, y);
    case '<':
      return compareLevels(x, y) < 0;
    case '<=':
      return compareLevels(x, y) <= 0;
    case '>':
      return compareLevels(x, y) > 0;
    case '>=':
      return compareLevels(x, y) >= 0;
    default: {
      const unreachable: never = operator;
      return unreachable;
    }
  }
}

/**
 * numpy's `maximum`/`minimum`: the larger (smaller) of each pair, compared with their low parts,
 * the chosen operand's low part kept; NaN where either is NaN (numpy propagates it). Integer when
 * both are.
 */
export function extremum(
  pick: 'maximum' | 'minimum',
  a: NumericOperand,
  b: NumericOperand,
  rows: number,
): NumericOperand {
  const integer = a.integer && b.integer;
  const sign = pick === 'maximum' ? 1 : -1;
  const firstWins = (ah: number, al: number, bh: number, bl: number): boolean =>
    sign * (ah - bh) > 0 || (ah === bh && sign * (al - bl) >= 0);
  if (a.kind === 'scalar' && b.kind === 'scalar') {
    if (Number.isNaN(a.hi) || Number.isNaN(b.hi)) return { kind: 'scalar', hi: Number.NaN, lo: 0, integer };
    return firstWins(a.hi, a.lo, b.hi, b.lo) ? { ...a, integer } : { ...b, integer };
  }
  return select(a, b, rows, integer, (ah, al, bh, bl) =>
    Number.isNaN(ah) || Number.isNaN(bh) ? null : firstWins(ah, al, bh, bl),
  );
}

/** numpy's `where(condition, x, y)`: x where the condition holds, y where not, NaN where it is missing. */
export function where(
  condition: (row: number) => boolean | null,
  x: NumericOperand,
  y: NumericOperand,
  rows: number,
): NumericVector {
  return select(x, y, rows, x.integer && y.integer, (_ah, _al, _bh, _bl, row) => condition(row));
}

/** Row by row, `a` where `first` answers true, `b` where false, NaN where null. */
function select(
  a: NumericOperand,
  b: NumericOperand,
  rows: number,
  integer: boolean,
  first: (ah: number, al: number, bh: number, bl: number, row: number) => boolean | null,
): NumericVector {
  const hi = new Float64Array(rows);
  const withLo =
    (a.kind === 'scalar' ? a.lo !== 0 : a.lo !== null) || (b.kind === 'scalar' ? b.lo !== 0 : b.lo !== null);
  const lo = withLo ? new Float64Array(rows) : null;
  for (let i = 0; i < rows; i++) {
    const ah = a.kind === 'scalar' ? a.hi : a.hi[i]!;
    const al = a.kind === 'scalar' ? a.lo : a.lo ? a.lo[i]! : 0;
    const bh = b.kind === 'scalar' ? b.hi : b.hi[i]!;
    const bl = b.kind === 'scalar' ? b.lo : b.lo ? b.lo[i]! : 0;
    const chosen = first(ah, al, bh, bl, i);
    if (chosen === null) hi[i] = Number.NaN;
    else {
      hi[i] = chosen ? ah : bh;
      if (lo !== null) lo[i] = chosen ? al : bl;
    }
  }
  return { kind: 'numeric', hi, lo, integer };
}
