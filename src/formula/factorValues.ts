import { rowLabel } from '../data/errors.js';
import { type ContrastMatrix, type ContrastSpec, contrastMatrix, MAX_POLY_LEVELS } from './contrasts.js';
import type { FactorNode } from './ast.js';
import { FormulaDataError, FormulaError, UnseenLevelError } from './errors.js';
import type { FilledFactor } from './fill.js';
import { compareLevels, levelEquals, levelLabel, type LevelType, type LevelValue, pythonFloatRepr } from './levels.js';
import type { CategoricalFactorSpec, FactorSpec } from './spec.js';
import type { CategoricalVector, ContrastRequest, ScalarArgument, VectorValue } from './values.js';

/** Most levels one categorical factor may have. */
export const MAX_LEVELS = 10_000;

/** Context for turning an evaluated factor into design-ready values. */
export interface FinalizeContext {
  readonly formula: string;
  readonly node: FactorNode;
  /** Selected rows (null: every row) – the rows that must hold valid values. */
  readonly rows: Int32Array | null;
  readonly rowCount: number;
  /** The factor's inputs at a row, for messages (`x = 0`). */
  readonly describeRow: (row: number) => string;
  /** Index of the table's first row in the data (a chunk of a dataset), for messages; default 0. */
  readonly firstRow?: number;
}

/** A categorical factor ready for the design, with what the spec stores. */
export interface FinalCategorical {
  readonly filled: FilledFactor & { kind: 'categorical' };
  readonly spec: Omit<CategoricalFactorSpec, 'code' | 'transforms'>;
  readonly columns: (fullRank: boolean) => number;
}

/** Checks a numeric factor is finite wherever it is used; names the term and the row otherwise. */
export function checkFinite(hi: Float64Array, context: FinalizeContext): void {
  const { rows, rowCount } = context;
  for (let r = 0; r < rowCount; r++) {
    const s = rows ? rows[r]! : r;
    const v = hi[s]!;
    if (v - v !== 0) {
      const shown = Number.isNaN(v) ? 'not a number (nan)' : pythonFloatRepr(v);
      const inputs = context.describeRow(s);
      const row = dataRow(context, s);
      throw new FormulaDataError(
        'NON_FINITE_VALUE',
        `${rowLabel(row)}: ${context.node.code} is ${shown}${inputs ? ` (where ${inputs})` : ''}; ` +
          'every value the model uses must be finite',
        context.node.code,
        row,
        span(context),
      );
    }
  }
}

/** Training: the levels (sorted as patsy sorts them, or as given), codes over them and the contrast. */
export function finalizeCategoricalForTraining(value: CategoricalVector, context: FinalizeContext): FinalCategorical {
  const levels = trainingLevels(value, distinctNumbers(value, context), context);
  const { spec, reducedRankError } = categoricalSpec(value, levels, context);
  return encodeCategorical(value, spec, context, 'train', reducedRankError);
}

/**
 * The distinct finite values of a categorical factor given as numbers (`C(k)` of a numeric
 * column) and not given its levels, or null when its levels come otherwise: what training
 * learns from the data. Adds to `into` (a factor seen in chunks gathers them chunk by chunk).
 */
export function distinctNumbers(
  value: CategoricalVector,
  context: FinalizeContext,
  into: Set<number> = new Set(),
): Set<number> | null {
  const { data } = value;
  if (data.form !== 'numbers' || value.levels) return null;
  for (const v of data.values) {
    if (Number.isFinite(v) && !into.has(v)) {
      into.add(v === 0 ? 0 : v);
      if (into.size > MAX_LEVELS) throw tooManyLevels(context);
    }
  }
  return into;
}

/**
 * A categorical factor's training levels: as given, booleans' [false, true], or its values sorted
 * as patsy sorts them.
 */
export function trainingLevels(
  value: CategoricalVector,
  numbers: ReadonlySet<number> | null,
  context: FinalizeContext,
): readonly LevelValue[] {
  const { data } = value;
  if (value.levels) return value.levels;
  if (data.form === 'numbers') {
    if (numbers === null) throw new RangeError('the distinct numbers of the factor are needed');
    return [...numbers].sort((a, b) => a - b);
  }
  if (data.levels.length > 0 && data.levels.every((l) => typeof l === 'boolean')) return [false, true];
  const levels = [...data.levels].sort(compareLevels);
  if (levels.length > MAX_LEVELS) throw tooManyLevels(context);
  return levels;
}

/**
 * What the design spec stores of a categorical factor trained on `levels`: their type, the
 * contrast resolved against them; and why the factor cannot be coded with reduced rank, if so.
 */
export function categoricalSpec(
  value: CategoricalVector,
  levels: readonly LevelValue[],
  context: FinalizeContext,
): { spec: Omit<CategoricalFactorSpec, 'code' | 'transforms'>; reducedRankError?: FormulaError } {
  if (levels.length > MAX_LEVELS) throw tooManyLevels(context);
  const levelType = typeof levels[0] as LevelType;
  if (!levels.every((l) => typeof l === levelType)) {
    throw new FormulaError('INVALID_ARGUMENT', 'the levels of a factor must all be of one type', {
      span: span(context),
    });
  }
  const integerLevels = value.data.form === 'numbers' && value.data.integer;
  const { contrast, reducedRankError } = resolveContrast(value.contrast, levels, context);
  const spec = { kind: 'categorical' as const, levels, levelType, integerLevels, contrast, column: value.column };
  return reducedRankError ? { spec, reducedRankError } : { spec };
}

/** Prediction: encodes the new values over the levels stored at training. */
export function finalizeCategoricalForPrediction(
  value: VectorValue,
  spec: CategoricalFactorSpec,
  context: FinalizeContext,
): FinalCategorical {
  return encodeCategorical(value, spec, context, 'predict');
}

/**
 * Encodes a factor's values over levels fixed beforehand: at prediction, those stored at
 * training; in training over chunks, those learnt from every chunk (a value outside the levels
 * can then only be one `C(..., levels=[...])` did not declare).
 */
export function encodeCategorical(
  value: VectorValue,
  spec: Omit<CategoricalFactorSpec, 'code' | 'transforms'>,
  context: FinalizeContext,
  stage: 'train' | 'predict',
  reducedRankError?: FormulaError,
): FinalCategorical {
  let codes: Int32Array;
  let levelOf: Int32Array | null = null;
  // In training the values are those the levels were learnt from: a value of another type can
  // only be one C(..., levels=[...]) did not declare, which the encoding below reports.
  const predicting = stage === 'predict';
  if (value.kind === 'numeric') {
    if (predicting && spec.levelType !== 'number')
      throw typeMismatch(
        context,
        spec.column ?? context.node.code,
        firstUsedRow(context),
        'a number',
        `categorical with ${spec.levelType} levels`,
      );
    codes = codeNumbers(value.hi, spec.levels, { column: spec.column }, context, stage);
  } else if (value.data.form === 'numbers') {
    if (predicting && spec.levelType !== 'number')
      throw typeMismatch(
        context,
        spec.column ?? context.node.code,
        firstUsedRow(context),
        'a number',
        `categorical with ${spec.levelType} levels`,
      );
    codes = codeNumbers(value.data.values, spec.levels, { column: spec.column }, context, stage);
  } else {
    const { data } = value;
    const type = typeof data.levels[0];
    if (predicting && data.levels.length > 0 && type !== spec.levelType) {
      const row = data.codes.findIndex((c) => c >= 0);
      throw typeMismatch(
        context,
        spec.column ?? context.node.code,
        dataRow(context, Math.max(row, 0)),
        `a ${type}`,
        `categorical with ${spec.levelType} levels`,
      );
    }
    codes = data.codes;
    levelOf = levelMap(data.codes, data.levels, spec.levels, { column: spec.column }, context, stage);
  }
  return { ...categoricalFromSpec(spec, codes, levelOf, reducedRankError), spec };
}

/** `reducedRankError`: why the factor cannot be coded with reduced rank (thrown only if it must be). */
function categoricalFromSpec(
  spec: Omit<CategoricalFactorSpec, 'code' | 'transforms'>,
  codes: Int32Array,
  levelOf: Int32Array | null,
  reducedRankError?: FormulaError,
): Omit<FinalCategorical, 'spec'> {
  const labels = spec.levels.map((level) => levelLabel(level, spec.integerLevels));
  const cache: (ContrastMatrix | undefined)[] = [undefined, undefined];
  const check = (fullRank: boolean): void => {
    if (!fullRank && reducedRankError) throw reducedRankError;
  };
  const matrix = (fullRank: boolean): ContrastMatrix => {
    check(fullRank);
    return (cache[fullRank ? 1 : 0] ??= contrastMatrix(spec.contrast, labels, fullRank));
  };
  return {
    filled: { kind: 'categorical', codes, levelOf, matrix },
    columns: (fullRank) => {
      check(fullRank);
      return fullRank ? labels.length : labels.length - 1;
    },
  };
}

/**
 * Where each code of `from` sits among the levels `to` (Python equality, same type), or null
 * when the codes already index `to`. The codes themselves are shared, not rewritten: the
 * design reads the contrast row of `levelOf[code]`. A value not among `to` is an error at its
 * first row (an unseen level when predicting).
 */
function levelMap(
  codes: Int32Array,
  from: readonly LevelValue[],
  to: readonly LevelValue[],
  value: Pick<CategoricalVector, 'column'>,
  context: FinalizeContext,
  stage: 'train' | 'predict',
): Int32Array | null {
  // Same-type equality: strings by value, booleans and numbers by number (so 1 and 1.0 match).
  const key = (level: LevelValue): string =>
    typeof level === 'string' ? `s${level}` : `${typeof level}${Number(level)}`;
  const index = new Map<string, number>();
  to.forEach((target, i) => {
    if (!index.has(key(target))) index.set(key(target), i);
  });
  const map = Int32Array.from(from, (level) => index.get(key(level)) ?? -1);
  if (map.includes(-1)) {
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]!;
      if (c >= 0 && map[c] === -1) throw notALevel(from[c]!, dataRow(context, i), to, value, context, stage);
    }
  }
  return map.every((target, i) => target === i) ? null : map;
}

function codeNumbers(
  values: Float64Array,
  levels: readonly LevelValue[],
  value: Pick<CategoricalVector, 'column'>,
  context: FinalizeContext,
  stage: 'train' | 'predict',
): Int32Array {
  const index = new Map<number, number>();
  levels.forEach((level, i) => {
    if (typeof level !== 'string' && !index.has(Number(level))) index.set(Number(level), i);
  });
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      codes[i] = -1;
      continue;
    }
    const code = index.get(v);
    if (code === undefined) throw notALevel(v, dataRow(context, i), levels, value, context, stage);
    codes[i] = code;
  }
  const { rows, rowCount } = context;
  for (let r = 0; r < rowCount; r++) {
    const s = rows ? rows[r]! : r;
    if (codes[s]! < 0) {
      const row = dataRow(context, s);
      throw new FormulaDataError(
        'NON_FINITE_VALUE',
        `${rowLabel(row)}: ${context.node.code} is ${pythonFloatRepr(values[s]!)}; a level must be a finite number`,
        context.node.code,
        row,
        span(context),
      );
    }
  }
  return codes;
}

function notALevel(
  level: LevelValue,
  row: number,
  levels: readonly LevelValue[],
  value: Pick<CategoricalVector, 'column'>,
  context: FinalizeContext,
  stage: 'train' | 'predict',
): FormulaError {
  const column = value.column ?? context.node.code;
  if (stage === 'predict') return new UnseenLevelError(column, level, row, levels, span(context));
  return new FormulaDataError(
    'UNDECLARED_LEVEL',
    `${rowLabel(row)}, column ${JSON.stringify(column)}: ${JSON.stringify(level)} ` +
      `is not one of the levels given to C(): ${levels.map((l) => JSON.stringify(l)).join(', ')}`,
    column,
    row,
    span(context),
  );
}

/** Resolves Treatment's reference, Sum's omitted level and Poly's scores against the levels. */
/**
 * The contrast resolved against the levels. patsy's full-rank Treatment coding (the identity)
 * never looks the reference up, so an unknown reference is an error only where the factor is
 * coded with reduced rank: `y ~ 0 + C(g, Treatment('zzz'))` fits. Such a spec keeps reference 0,
 * which no full-rank coding reads.
 */
function resolveContrast(
  request: ContrastRequest | null,
  levels: readonly LevelValue[],
  context: FinalizeContext,
): { contrast: ContrastSpec; reducedRankError?: FormulaError } {
  const type = request?.type ?? 'Treatment';
  const fail = (description: string): FormulaError =>
    new FormulaError('INVALID_ARGUMENT', description, { span: span(context) });
  switch (type) {
    case 'Treatment': {
      if (!request?.level) return { contrast: { type, reference: 0 } };
      try {
        return { contrast: { type, reference: levelIndex(request.level, levels, fail) } };
      } catch (error) {
        if (!(error instanceof FormulaError)) throw error;
        return { contrast: { type, reference: 0 }, reducedRankError: error };
      }
    }
    case 'Sum':
      return { contrast: { type, omit: request?.level ? levelIndex(request.level, levels, fail) : levels.length - 1 } };
    case 'Helmert':
    case 'Diff':
      return { contrast: { type } };
    case 'Poly': {
      if (levels.length > MAX_POLY_LEVELS)
        throw fail(`Poly supports at most ${MAX_POLY_LEVELS} levels; this factor has ${levels.length}`);
      const scores = request?.scores ?? null;
      if (scores && scores.length !== levels.length)
        throw fail(`the number of levels (${levels.length}) does not match the number of scores (${scores.length})`);
      if (scores && new Set(scores).size !== scores.length) throw fail('Poly scores must be distinct');
      return { contrast: { type, scores } };
    }
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

/** patsy's `_get_level`: a level equal to the reference, else (for an int) an index, negative from the end. */
function levelIndex(ref: ScalarArgument, levels: readonly LevelValue[], fail: (d: string) => FormulaError): number {
  const found = levels.findIndex((level) => levelEquals(level, ref.value));
  if (found >= 0) return found;
  if (ref.kind === 'boolean' || (ref.kind === 'number' && ref.integer)) {
    let index = Number(ref.value);
    if (index < 0) index += levels.length;
    if (index < 0 || index >= levels.length)
      throw fail(`specified level ${String(ref.value)} is out of range (there are ${levels.length} levels)`);
    return index;
  }
  const shown = levels
    .slice(0, 20)
    .map((l) => JSON.stringify(l))
    .join(', ');
  throw fail(`specified level ${JSON.stringify(ref.value)} is not a level of this factor; its levels are ${shown}`);
}

/** The first row a value must be valid in (every value of a wrongly typed column is wrong). */
function firstUsedRow(context: FinalizeContext): number {
  return dataRow(context, context.rows ? (context.rows[0] ?? 0) : 0);
}

/** Row `row` of the table as a row of the data (the table may be a chunk of a dataset). */
function dataRow(context: FinalizeContext, row: number): number {
  return (context.firstRow ?? 0) + row;
}

function typeMismatch(
  context: FinalizeContext,
  column: string,
  row: number,
  got: string,
  expected: string,
): FormulaDataError {
  return new FormulaDataError(
    'TYPE_MISMATCH',
    `${rowLabel(row)}, column ${JSON.stringify(column)}: ` +
      `got ${got}, but the model was trained with ${column} ${expected}`,
    column,
    row,
    span(context),
  );
}

/** A numeric factor at prediction must still be numeric. */
export function expectNumeric(value: VectorValue, spec: FactorSpec, context: FinalizeContext): Float64Array & {} {
  if (value.kind === 'numeric') return value.hi;
  const row =
    value.data.form === 'coded'
      ? Math.max(
          value.data.codes.findIndex((c) => c >= 0),
          0,
        )
      : 0;
  const got = value.data.form === 'coded' ? `a ${typeof value.data.levels[0]}` : 'a categorical value';
  throw typeMismatch(context, value.column ?? spec.code, dataRow(context, row), got, 'numeric');
}

function tooManyLevels(context: FinalizeContext): FormulaError {
  return new FormulaError(
    'DESIGN_TOO_LARGE',
    `${context.node.code} has more than ${MAX_LEVELS} distinct levels; is it meant to be categorical?`,
    { span: span(context) },
  );
}

function span(context: FinalizeContext) {
  return { formula: context.formula, position: context.node.loc.start, end: context.node.loc.end };
}
