import { MissingColumnError, type ChunkedTable, type DataTable, type TableSlice } from '../data/index.js';
import { chainedProblemRows, type PartResponse } from '../numeric/chainedRows.js';
import type { DesignRows, ProblemRows } from '../numeric/designRows.js';
import type { Factor, FormulaWarning } from './terms.js';
import type { DesignSpec, TrainingOptions } from './design.js';
import { FormulaDataError, type FormulaError } from './errors.js';
import {
  categoricalSpec,
  checkFinite,
  distinctNumbers,
  encodeCategorical,
  type FinalizeContext,
  trainingLevels,
} from './factorValues.js';
import { designRows, type FilledFactor } from './fill.js';
import { Interpreter, type TransformLearning } from './interpreter.js';
import type { FactorCoding } from './layout.js';
import { DEFAULT_FORMULA_LIMITS, type FormulaLimits } from './limits.js';
import { noRowsLeft, readWeights, type RowSelection, selectRows } from './rows.js';
import type { CategoricalFactorSpec, FactorSpec } from './spec.js';
import {
  categoricalCoding,
  contextFor,
  describeTraining,
  evaluateResponse,
  layoutSubterms,
  layoutTraining,
  type ResolvedVariable,
  resolveAll,
  uniqueByColumn,
} from './trainingParts.js';
import { TransformLearner, type TransformState } from './transforms.js';
import type { VectorValue } from './values.js';
import { collectVariables, VariableResolver } from './variables.js';

/**
 * The training design of a table read in chunks (a dataset too large to hold): the same spec,
 * rows and numbers as `buildTrainingDesign` over the whole table, with rows evaluated a chunk at
 * a time as the fit's passes read them.
 *
 * Passes over the chunks, each reading only the columns the formula uses:
 * 1. counting: each chunk's rows left once rows with missing values are dropped (from the chunks'
 *    missing counts alone where no used column has a gap), and the weights' validity;
 * 2. learning, only when the formula needs it: stateful transforms (`center` one pass,
 *    `standardize` two, a transform of a transform one more each) and the levels of `C()` of
 *    numbers, learnt from the chunks in order with the same sums the whole table would make;
 * then the fit's own passes read the rows through `rows`.
 * Errors name rows of the whole table; where the data has several errors, the first in chunk
 * order is reported (the whole-table build reports the first of the first factor that has one).
 */
export interface ChunkedTrainingDesign {
  readonly spec: DesignSpec;
  readonly rowCount: number;
  readonly columnCount: number;
  readonly droppedRows: number;
  readonly warnings: readonly FormulaWarning[];
  /** The problem's rows: design, response and weights, evaluated a chunk at a time. */
  readonly rows: ProblemRows;
  /** Passes over the chunks made to learn transforms and levels (0 when the formula needs none). */
  readonly learningPasses: number;
  /**
   * The input rows (from 0) of design rows given in ascending order: what a row of the fit was in
   * the dataset when missing values dropped some (the diagnostic points name rows so). Reads the
   * missingness of the chunks holding them.
   */
  inputRows(rows: readonly number[]): number[];
}

/** What the spec stores of a categorical factor, besides its code and transforms. */
type CategoricalEncoding = Omit<CategoricalFactorSpec, 'code' | 'transforms'>;

/** What the learning passes gather of one factor (the response or a right-hand side factor). */
interface Learnt {
  readonly factor: Factor;
  readonly variables: readonly ResolvedVariable[];
  /** Its transforms' states learnt so far, in the order the interpreter meets them. */
  readonly states: TransformState[];
  learner: TransformLearner | null;
  /** Whether every state is learnt (the factor evaluates without pending). */
  complete: boolean;
  /** `C()` of numbers without given levels: the distinct values seen (null: not needed). */
  numbers: Set<number> | null;
  numbersGathered: boolean;
}

export function buildChunkedTrainingDesign(
  formula: string,
  table: ChunkedTable,
  options: TrainingOptions,
  limits: FormulaLimits = DEFAULT_FORMULA_LIMITS,
): ChunkedTrainingDesign {
  const training = describeTraining(formula, limits);
  const { response, factors } = training;
  if (table.chunkCount === 0 || table.rowCount === 0)
    throw new FormulaDataError('NO_ROWS', 'the dataset has no rows to fit', undefined, undefined);

  const first = table.chunk(0);
  const firstResolver = new VariableResolver(formula, first.table(), 'train');
  const responseVariables = resolveAll(firstResolver, collectVariables(response.node.expression));
  const rhsVariables = factors.map((factor) => resolveAll(firstResolver, collectVariables(factor.node.expression)));
  const used = uniqueByColumn([...responseVariables, ...rhsVariables.flat()]);
  const weightsColumn = options.weights ?? null;

  const selectionOf = (slice: TableSlice): RowSelection => {
    if (used.every((v) => slice.missingCount(v.column) === 0)) return { rows: null, count: slice.rowCount, dropped: 0 };
    const chunk = { firstRow: slice.firstRow, partOfMore: true };
    return selectRows(formula, slice.table(), used, options.missing, chunk);
  };

  // 1. Counting.
  const counts: number[] = [];
  let dropped = 0;
  for (let c = 0; c < table.chunkCount; c++) {
    const slice = table.chunk(c);
    const selection = selectionOf(slice);
    if (weightsColumn !== null) readWeights(slice.table(), weightsColumn, selection, slice.firstRow);
    counts.push(selection.count);
    dropped += selection.dropped;
  }
  const rowCount = counts.reduce((a, b) => a + b, 0);
  if (rowCount === 0) {
    const gaps = used.filter((v) => [...chunks(table)].some((slice) => slice.missingCount(v.column) > 0));
    throw noRowsLeft(gaps.map((v) => v.column));
  }

  // 2. Learning.
  const learnt: Learnt[] = [response, ...factors].map((factor, i) => ({
    factor,
    variables: i === 0 ? responseVariables : rhsVariables[i - 1]!,
    states: [],
    learner: null,
    complete: false,
    numbers: null,
    numbersGathered: false,
  }));
  const learningPasses = learn(formula, table, learnt);

  // The spec, from the first chunk with the learnt states and levels.
  const firstSelection = selectionOf(first);
  const firstInterpreter = new Interpreter(formula, first.table(), firstResolver);
  const codings = new Map<string, FactorCoding>();
  const specs: FactorSpec[] = [];
  const encodings = new Map<string, CategoricalEncoding>();
  const reducedRankErrors = new Map<string, FormulaError | undefined>();
  learnt.slice(1).forEach(({ factor, variables, states, numbers }) => {
    const { value } = firstInterpreter.evaluateFactor(factor.node, states);
    if (value.kind === 'numeric') {
      codings.set(factor.code, { kind: 'numeric' });
      specs.push({ code: factor.code, kind: 'numeric', transforms: states });
      return;
    }
    const context = contextFor(formula, first.table(), factor.node, variables, firstSelection);
    const { spec, reducedRankError } = categoricalSpec(value, trainingLevels(value, numbers, context), context);
    const final = encodeCategorical(value, spec, context, 'train', reducedRankError);
    codings.set(factor.code, categoricalCoding(final));
    specs.push({ code: factor.code, transforms: states, ...spec });
    encodings.set(factor.code, spec);
    reducedRankErrors.set(factor.code, reducedRankError);
  });
  const { layout, spec } = layoutTraining(training, formula, limits, codings, specs, first.table(), rhsVariables);
  const subterms = layoutSubterms(layout);
  const columnCount = spec.columns.length;

  /** A chunk's rows, evaluated with the learnt states and the whole table's levels. */
  const evaluate = (index: number) => {
    const slice = table.chunk(index);
    const chunkTable = slice.table();
    const selection = selectionOf(slice);
    const interpreter = new Interpreter(formula, chunkTable, new VariableResolver(formula, chunkTable, 'train'));
    const context = (variables: readonly ResolvedVariable[], factor: Factor): FinalizeContext =>
      contextFor(formula, chunkTable, factor.node, variables, selection, slice.firstRow);
    return { slice, chunkTable, selection, interpreter, context };
  };

  const design = (index: number): DesignRows => {
    const { selection, interpreter, context } = evaluate(index);
    const filled = new Map<string, FilledFactor>();
    learnt.slice(1).forEach(({ factor, variables, states }) => {
      const { value } = interpreter.evaluateFactor(factor.node, states);
      filled.set(factor.code, fillFactor(value, factor, encodings, reducedRankErrors, context(variables, factor)));
    });
    return designRows(subterms, (code) => filled.get(code)!, selection.rows, columnCount);
  };

  const responseOf = (index: number): PartResponse => {
    const { slice, chunkTable, selection, interpreter, context } = evaluate(index);
    const { variables, states } = learnt[0]!;
    const y = evaluateResponse(interpreter, response, context(variables, response), states);
    const weights = weightsColumn === null ? null : readWeights(chunkTable, weightsColumn, selection, slice.firstRow);
    return { y: y.hi, yLo: y.lo, weights };
  };

  const firstDesign = design(0);
  const responseValue = firstInterpreter.evaluateFactor(response.node, learnt[0]!.states).value;
  const rows = chainedProblemRows({
    counts,
    columnCount,
    mayHaveLowParts: firstDesign.mayHaveLowParts,
    weighted: weightsColumn !== null,
    // Structural, not per chunk: a chunk whose low parts all vanish reads zeros.
    mayHaveResponseLowParts: responseValue.kind === 'numeric' && responseValue.lo !== null,
    design: (index) => (index === 0 ? firstDesign : design(index)),
    response: responseOf,
  });
  const inputRows = (wanted: readonly number[]): number[] => {
    const out: number[] = [];
    let k = 0;
    for (let c = 0, start = 0; c < table.chunkCount && k < wanted.length; start += counts[c]!, c++) {
      const end = start + counts[c]!;
      if ((wanted[k] as number) >= end) continue;
      const slice = table.chunk(c);
      const selected = selectionOf(slice).rows;
      for (; k < wanted.length && (wanted[k] as number) < end; k++) {
        const local = (wanted[k] as number) - start;
        out.push(slice.firstRow + (selected === null ? local : (selected[local] as number)));
      }
    }
    return out;
  };
  return {
    inputRows,
    spec,
    rowCount,
    columnCount,
    droppedRows: dropped,
    warnings: training.warnings,
    rows,
    learningPasses,
  };
}

/**
 * The data columns a training design of `formula` reads (and the weights), from the dataset's
 * column names alone: what to read of a dataset before reading it. Unlike `formulaColumns`, a
 * formula that cannot be parsed, a name the data lacks or absent weights are errors here, found
 * before a pass over the data rather than after it.
 */
export function datasetColumns(
  formula: string,
  names: readonly string[],
  weights: string | null,
  limits: FormulaLimits = DEFAULT_FORMULA_LIMITS,
): string[] {
  const { response, factors } = describeTraining(formula, limits);
  const present = new Set(names);
  const table: DataTable = {
    rowCount: 0,
    hasColumn: (name) => present.has(name),
    columnNames: () => names,
    column: (name) => {
      throw new MissingColumnError(name, names);
    },
  };
  const resolver = new VariableResolver(formula, table, 'train');
  const variables = [response, ...factors].flatMap((f) => resolveAll(resolver, collectVariables(f.node.expression)));
  const columns = uniqueByColumn(variables).map((v) => v.column);
  // Absent weights: the error readWeights gives.
  if (weights !== null && !present.has(weights)) readWeights(table, weights, { rows: null, count: 0, dropped: 0 });
  if (weights !== null && !columns.includes(weights)) columns.push(weights);
  return columns;
}

function fillFactor(
  value: VectorValue,
  factor: Factor,
  encodings: ReadonlyMap<string, CategoricalEncoding>,
  reducedRankErrors: ReadonlyMap<string, FormulaError | undefined>,
  context: FinalizeContext,
): FilledFactor {
  if (value.kind === 'numeric') {
    // Missing cells of a raw column are in dropped rows; its other cells are finite.
    if (!value.raw) checkFinite(value.hi, context);
    return { kind: 'numeric', hi: value.hi, lo: value.lo };
  }
  const spec = encodings.get(factor.code)!;
  return encodeCategorical(value, spec, context, 'train', reducedRankErrors.get(factor.code)).filled;
}

/**
 * Learns the factors' transform states and the distinct numbers of `C()` of numbers in passes
 * over the chunks, as few as the formula needs; answers the number of passes. Each pass first
 * tries every unfinished factor on the first chunk without learning: a factor that evaluates
 * needs no more states, and one that is still pending there is pending in every chunk (pending
 * depends on the states learnt, not on the data).
 */
function learn(formula: string, table: ChunkedTable, learnt: readonly Learnt[]): number {
  const probe = table.chunk(0).table();
  let passes = 0;
  for (;;) {
    const interpreter = interpreterFor(formula, probe);
    for (const item of learnt) {
      if (item.complete) continue;
      const evaluation = interpreter.evaluateLearning(item.factor.node, knownStates(item));
      if (evaluation.pending) continue;
      item.complete = true;
      const { value } = evaluation;
      if (value.kind === 'categorical' && value.data.form === 'numbers' && !value.levels) item.numbers = new Set();
    }
    const work = learnt.filter((item) => !item.complete || (item.numbers !== null && !item.numbersGathered));
    if (work.length === 0) return passes;
    passes++;
    for (const slice of chunks(table)) {
      const chunkTable = slice.table();
      const chunkInterpreter = interpreterFor(formula, chunkTable);
      for (const item of work) {
        if (!item.complete) {
          chunkInterpreter.evaluateLearning(item.factor.node, accumulating(item));
          continue;
        }
        const { value } = chunkInterpreter.evaluateFactor(item.factor.node, item.states);
        const selection: RowSelection = { rows: null, count: slice.rowCount, dropped: 0 };
        const context = contextFor(formula, chunkTable, item.factor.node, item.variables, selection, slice.firstRow);
        if (value.kind === 'categorical') distinctNumbers(value, context, item.numbers!);
      }
    }
    for (const item of work) {
      if (item.complete) item.numbersGathered = true;
      else if (item.learner !== null) {
        const state = item.learner.endPass();
        if (state !== null) {
          item.states.push(state);
          item.learner = null;
        }
      }
    }
  }
}

/** The states learnt so far, learning nothing new. */
function knownStates(item: Learnt): TransformLearning {
  return { state: (index) => item.states[index] ?? null };
}

/** The states learnt so far; the next one (and only it) learns from the chunk's input. */
function accumulating(item: Learnt): TransformLearning {
  return {
    state(index, transform, x) {
      if (index < item.states.length) return item.states[index]!;
      if (index === item.states.length) (item.learner ??= new TransformLearner(transform)).add(x);
      return null;
    },
  };
}

function interpreterFor(formula: string, table: DataTable): Interpreter {
  return new Interpreter(formula, table, new VariableResolver(formula, table, 'train'));
}

function* chunks(table: ChunkedTable): Iterable<TableSlice> {
  for (let c = 0; c < table.chunkCount; c++) yield table.chunk(c);
}
