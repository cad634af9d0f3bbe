import type { CallNode, ExpressionNode, SourceLocation } from './ast.js';
import type { NamedContrast } from './values.js';

/** A function's parameters, Python-style: each may be given by position or by name. */
export interface Signature {
  readonly params: readonly string[];
  /** How many leading parameters are required. */
  readonly required: number;
  /** Which parameters hold data (the rest are literal options such as `levels=` or `ddof=`). */
  readonly dataParams: 'all' | 'first' | 'none';
}

/**
 * The fixed table of functions a formula may call. Looked up with `Map.get` on the dotted
 * name as written, so a name like `constructor` or `__proto__` is simply unknown: no user
 * text ever reaches a property lookup.
 */
export type FunctionDefinition = Signature &
  (
    | { readonly kind: 'identity' }
    | { readonly kind: 'quote' }
    | { readonly kind: 'categorical' }
    | { readonly kind: 'contrast'; readonly contrast: NamedContrast }
    | { readonly kind: 'contrastMatrix' }
    | {
        readonly kind: 'math';
        readonly apply: (x: number) => number;
        /** Whether numpy returns an integer array for an integer one (abs, round, sign); else float. */
        readonly keepsIntegers: boolean;
      }
    | { readonly kind: 'square' }
    | { readonly kind: 'power' }
    | { readonly kind: 'reciprocal' }
    | { readonly kind: 'extremum'; readonly pick: 'maximum' | 'minimum' }
    | { readonly kind: 'clip' }
    | { readonly kind: 'where' }
    | { readonly kind: 'stateful'; readonly transform: 'center' | 'standardize' }
  );

const ONE_ARGUMENT: Signature = { params: ['x'], required: 1, dataParams: 'all' };
const CONTRAST_SIGNATURES: Readonly<Record<NamedContrast, Signature>> = {
  Treatment: { params: ['reference'], required: 0, dataParams: 'none' },
  Sum: { params: ['omit'], required: 0, dataParams: 'none' },
  Helmert: { params: [], required: 0, dataParams: 'none' },
  Diff: { params: [], required: 0, dataParams: 'none' },
  Poly: { params: ['scores'], required: 0, dataParams: 'none' },
};

/**
 * numpy's element-wise function: its name, the function, R's names where they differ,
 * whether it keeps integers integer.
 */
type MathFunction = readonly [string, (x: number) => number, readonly string[], boolean?];

/**
 * numpy's `round`/`around`/`rint`: to the nearest integer, halves to even
 * (JavaScript's Math.round takes halves up).
 */
function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const floor = Math.floor(x);
  const difference = x - floor;
  if (difference < 0.5) return floor;
  if (difference > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** numpy's sign: −1, 0 or 1 (NaN stays NaN; −0 is 0). */
function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : x;
}

/** numpy's element-wise functions we support, by their numpy name. */
const MATH: readonly MathFunction[] = [
  ['log', Math.log, []],
  ['log10', Math.log10, []],
  ['log2', Math.log2, []],
  ['log1p', Math.log1p, []],
  ['exp', Math.exp, []],
  ['exp2', (x) => 2 ** x, []],
  ['expm1', Math.expm1, []],
  ['sqrt', Math.sqrt, []],
  ['cbrt', Math.cbrt, []],
  ['abs', Math.abs, [], true],
  ['absolute', Math.abs, [], true],
  ['sign', sign, [], true],
  ['floor', Math.floor, []],
  ['ceil', Math.ceil, []],
  ['trunc', Math.trunc, []],
  ['rint', roundHalfEven, []],
  ['round', roundHalfEven, [], true],
  ['around', roundHalfEven, [], true],
  ['sin', Math.sin, []],
  ['cos', Math.cos, []],
  ['tan', Math.tan, []],
  ['arcsin', Math.asin, ['asin']],
  ['arccos', Math.acos, ['acos']],
  ['arctan', Math.atan, ['atan']],
  ['sinh', Math.sinh, []],
  ['cosh', Math.cosh, []],
  ['tanh', Math.tanh, []],
  ['arcsinh', Math.asinh, ['asinh']],
  ['arccosh', Math.acosh, ['acosh']],
  ['arctanh', Math.atanh, ['atanh']],
];

function buildTable(): ReadonlyMap<string, FunctionDefinition> {
  const standardize: FunctionDefinition = {
    kind: 'stateful',
    transform: 'standardize',
    params: ['x', 'center', 'rescale', 'ddof'],
    required: 1,
    dataParams: 'first',
  };
  const table = new Map<string, FunctionDefinition>([
    ['I', { kind: 'identity', ...ONE_ARGUMENT }],
    ['Q', { kind: 'quote', params: ['name'], required: 1, dataParams: 'none' }],
    ['C', { kind: 'categorical', params: ['data', 'contrast', 'levels'], required: 1, dataParams: 'first' }],
    ['center', { kind: 'stateful', transform: 'center', ...ONE_ARGUMENT }],
    ['standardize', standardize],
    ['scale', standardize],
  ]);
  for (const contrast of ['Treatment', 'Sum', 'Helmert', 'Diff', 'Poly'] as const) {
    table.set(contrast, { kind: 'contrast', contrast, ...CONTRAST_SIGNATURES[contrast] });
  }
  // patsy's ContrastMatrix(matrix, column_suffixes): a coding given whole.
  table.set('ContrastMatrix', {
    kind: 'contrastMatrix',
    params: ['matrix', 'column_suffixes'],
    required: 2,
    dataParams: 'none',
  });
  for (const [name, apply, rNames, keepsIntegers = false] of MATH) {
    const definition: FunctionDefinition = { kind: 'math', apply, keepsIntegers, ...ONE_ARGUMENT };
    // numpy's names with either prefix, and bare as R writes them (log(x)).
    for (const key of [`np.${name}`, `numpy.${name}`, name, ...rNames]) table.set(key, definition);
  }
  const two = { params: ['x1', 'x2'], required: 2, dataParams: 'all' } as const;
  for (const prefix of ['np.', 'numpy.']) {
    table.set(`${prefix}square`, { kind: 'square', ...ONE_ARGUMENT });
    table.set(`${prefix}power`, { kind: 'power', ...two });
    table.set(`${prefix}reciprocal`, { kind: 'reciprocal', ...ONE_ARGUMENT });
    table.set(`${prefix}maximum`, { kind: 'extremum', pick: 'maximum', ...two });
    table.set(`${prefix}minimum`, { kind: 'extremum', pick: 'minimum', ...two });
    table.set(`${prefix}clip`, { kind: 'clip', params: ['a', 'a_min', 'a_max'], required: 3, dataParams: 'all' });
    table.set(`${prefix}where`, { kind: 'where', params: ['condition', 'x', 'y'], required: 3, dataParams: 'all' });
  }
  // Python's built-in pow(base, exp) is base ** exp.
  table.set('pow', { kind: 'power', params: ['base', 'exp'], required: 2, dataParams: 'all' });
  return table;
}

/** Every supported function, by the name a formula calls it. */
export const FUNCTIONS: ReadonlyMap<string, FunctionDefinition> = buildTable();

/** Names bound to constants (`np.pi`). */
export const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['np.pi', Math.PI],
  ['numpy.pi', Math.PI],
  ['np.e', Math.E],
  ['numpy.e', Math.E],
]);

/** Functions patsy or R users may try that we deliberately do not provide, with the reason. */
export const UNSUPPORTED_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['bs', 'B-splines (bs) are not supported'],
  ['cr', 'natural cubic regression splines (cr) are not supported'],
  ['cc', 'cyclic cubic regression splines (cc) are not supported'],
  ['te', 'tensor-product smooths (te) are not supported'],
  ['ns', "R's natural splines (ns) are not supported"],
  ['poly', "R's poly() is not supported; write the powers with I(x**2), or use C(g, Poly) for an ordered factor"],
  ['factor', "R's factor(x) is written C(x) here"],
  ['as.factor', "R's as.factor(x) is written C(x) here"],
  ['offset', 'offsets are not supported'],
  ...reductions(),
]);

/**
 * numpy's reductions (np.mean(x), np.std(x)…) inside a formula are computed again over whatever
 * rows the formula is evaluated on, so a model would be shifted by the prediction rows' own
 * mean, not the training mean (patsy's known trap): refused, pointing at the stateful transforms.
 */
function reductions(): [string, string][] {
  const advice: Record<string, string> = {
    mean: 'use center(x), which remembers the training mean',
    average: 'use center(x), which remembers the training mean',
    std: 'use standardize(x), which remembers the training mean and standard deviation',
    var: 'use standardize(x), which remembers the training mean and standard deviation',
    median: 'compute it once from the training data and write the number',
    sum: 'compute it once from the training data and write the number',
    min: 'compute it once from the training data and write the number (np.minimum is element-wise)',
    max: 'compute it once from the training data and write the number (np.maximum is element-wise)',
  };
  return Object.entries(advice).flatMap(([name, instead]) =>
    ['np.', 'numpy.', ''].map((prefix): [string, string] => [
      `${prefix}${name}`,
      `${prefix}${name}() would be computed again over the rows being predicted, not kept from training; ${instead}`,
    ]),
  );
}

/** The supported function names to list in a message: one name per function, short forms first. */
export function supportedFunctionNames(): string[] {
  const names = ['I', 'Q', 'C', 'center', 'standardize', 'scale', 'Treatment', 'Sum', 'Helmert', 'Diff', 'Poly'];
  for (const [name] of MATH) names.push(`np.${name}`);
  names.push('np.square', 'np.power', 'np.reciprocal', 'np.maximum', 'np.minimum', 'np.clip', 'np.where', 'pow');
  return names;
}

/** Arguments bound to a signature's parameters, in parameter order (undefined where not given). */
export type BoundArguments = readonly (ExpressionNode | undefined)[];

/**
 * Binds a call's arguments to parameters as Python would: positionals first, then keywords by
 * name; returns a message and location instead when the call does not fit the signature.
 */
export function bindArguments(
  call: CallNode,
  signature: Signature,
): BoundArguments | { readonly error: string; readonly loc: SourceLocation } {
  const { params, required } = signature;
  if (call.args.length > params.length) {
    const extra = call.args[params.length]!;
    return {
      error:
        `${call.callee}() takes at most ${params.length} argument${params.length === 1 ? '' : 's'}, ` +
        `got ${call.args.length}`,
      loc: extra.loc,
    };
  }
  const bound: (ExpressionNode | undefined)[] = params.map((_, i) => call.args[i]);
  for (const keyword of call.keywords) {
    const index = params.indexOf(keyword.name);
    if (index < 0) {
      const accepted = params.length > 0 ? `; its arguments are ${params.join(', ')}` : '';
      return { error: `${call.callee}() has no argument named ${keyword.name}${accepted}`, loc: keyword.loc };
    }
    if (bound[index] !== undefined) return { error: `${call.callee}() got ${keyword.name} twice`, loc: keyword.loc };
    bound[index] = keyword.value;
  }
  for (let i = 0; i < required; i++) {
    if (bound[i] === undefined) return { error: `${call.callee}() needs its ${params[i]} argument`, loc: call.loc };
  }
  return bound;
}
