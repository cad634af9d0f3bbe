import type { DataTable } from '../data/index.js';
import { denseDesignRows } from '../numeric/designRows.js';
import type { FactorNode } from './ast.js';
import type { DesignSpec, PredictionDesign, TrainingDesign, TrainingOptions, VariableSpec } from './design.js';
import { FormulaError } from './errors.js';
import { compareLevels } from './levels.js';
import {
  checkFinite,
  expectNumeric,
  type FinalCategorical,
  type FinalizeContext,
  finalizeCategoricalForPrediction,
  finalizeCategoricalForTraining,
} from './factorValues.js';
import { designRows, type FilledFactor } from './fill.js';
import { columnOf, Interpreter } from './interpreter.js';
import { DEFAULT_LAYOUT_LIMITS, type FactorCoding, layoutDesign, type LayoutLimits } from './layout.js';
import { DEFAULT_PARSE_LIMITS, parseFormula, type ParseLimits } from './parser.js';
import { gather, readWeights, type RowSelection, selectRows } from './rows.js';
import { type FactorSpec, type LaidOutTermSpec, readSpec } from './spec.js';
import {
  DEFAULT_TERM_LIMITS,
  describeModel,
  type Factor,
  type FormulaWarning,
  type ModelDescription,
  type TermLimits,
} from './terms.js';
import { collectVariables, type VariableReference, VariableResolver } from './variables.js';

/**
 * Every limit the formula module enforces. The design is never built whole (its rows are
 * generated in blocks), so its size in cells is no limit here: the service bounds a fit's work.
 */
export interface FormulaLimits extends ParseLimits, TermLimits, LayoutLimits {}

/** The defaults: far beyond any hand-written model. */
export const DEFAULT_FORMULA_LIMITS: FormulaLimits = {
  ...DEFAULT_PARSE_LIMITS,
  ...DEFAULT_TERM_LIMITS,
  ...DEFAULT_LAYOUT_LIMITS,
};

/** A training design, with notes about formulas that are valid but probably not what was meant. */
export interface TrainingDesignWithWarnings extends TrainingDesign {
  readonly warnings: readonly FormulaWarning[];
}

/**
 * Builds the design matrix of `formula` over `table` as patsy (and so statsmodels) would:
 * same columns, order, names and numbers. See docs/formula.md for the language.
 */
export function buildTrainingDesign(
  formula: string,
  table: DataTable,
  options: TrainingOptions,
  limits: FormulaLimits = DEFAULT_FORMULA_LIMITS,
): TrainingDesignWithWarnings {
  const root = parseFormula(formula, limits);
  if (root.kind !== 'Tilde' || root.lhs === null) {
    const at = root.kind === 'Tilde' ? root.operator : { start: 0, end: Math.max(formula.trimEnd().length, 1) };
    throw new FormulaError(
      'MISSING_RESPONSE',
      'the formula has no response: write it as response ~ terms, for example y ~ x',
      {
        span: { formula, position: at.start, end: at.end },
      },
    );
  }
  const model = describeModel(formula, root, limits);
  const response = responseFactor(formula, model, root.lhs.loc);
  const factors = rhsFactors(model);

  const resolver = new VariableResolver(formula, table, 'train');
  const responseVariables = resolveAll(resolver, collectVariables(response.node.expression));
  const rhsVariables = factors.map((factor) => resolveAll(resolver, collectVariables(factor.node.expression)));
  const selection = selectRows(
    formula,
    table,
    uniqueByColumn([...responseVariables, ...rhsVariables.flat()]),
    options.missing,
  );
  const weights =
    options.weights === undefined || options.weights === null ? null : readWeights(table, options.weights, selection);

  const interpreter = new Interpreter(formula, table, resolver);
  const y = evaluateResponse(
    interpreter,
    response,
    contextFor(formula, table, response.node, responseVariables, selection),
  );

  const filled = new Map<string, FilledFactor>();
  const codings = new Map<string, FactorCoding>();
  const specs: FactorSpec[] = [];
  factors.forEach((factor, i) => {
    const context = contextFor(formula, table, factor.node, rhsVariables[i]!, selection);
    const { value, states } = interpreter.evaluateFactor(factor.node, null);
    if (value.kind === 'numeric') {
      // Missing cells of a raw column are in dropped rows; its other cells are finite.
      if (!value.raw) checkFinite(value.hi, context);
      filled.set(factor.code, { kind: 'numeric', hi: value.hi, lo: value.lo });
      codings.set(factor.code, { kind: 'numeric' });
      specs.push({ code: factor.code, kind: 'numeric', transforms: states });
    } else {
      const final = finalizeCategoricalForTraining(value, context);
      filled.set(factor.code, final.filled);
      codings.set(factor.code, categoricalCoding(final));
      specs.push({ code: factor.code, transforms: states, ...final.spec });
    }
  });

  const layout = layoutDesign(model.rhs, (code) => codings.get(code)!, formula, limits);
  const columnCount = layout.columnNames.length;
  if (columnCount === 0) {
    throw new FormulaError('INVALID_TERM', 'the model has no columns: remove the "0"/"- 1" or add terms', {
      span: { formula, position: root.rhs.loc.start, end: root.rhs.loc.end },
    });
  }
  const subterms = layout.terms.flatMap((term) => term.subterms);
  const rows = designRows(subterms, (code) => filled.get(code)!, selection.rows, columnCount);

  const terms: LaidOutTermSpec[] = layout.terms.map((term) => ({
    name: term.name,
    factors: term.term.factors.map((f) => f.code),
    start: term.start,
    end: term.end,
    subterms: term.subterms,
  }));
  const spec: DesignSpec = {
    version: 1,
    formula,
    response: response.code,
    intercept: model.rhs.some((term) => term.factors.length === 0),
    columns: layout.columnNames,
    terms,
    variables: variableSpecs(table, factors, rhsVariables, specs),
    factors: specs,
  };
  return {
    spec,
    rowCount: selection.count,
    columnCount,
    rows,
    y: y.hi,
    yLo: y.lo,
    weights,
    droppedRows: selection.dropped,
    sourceRows: selection.rows,
    warnings: model.warnings,
  };
}

/**
 * Encodes new rows with a stored design spec: the training levels, contrasts and transform
 * statistics. The response is not needed; extra columns are ignored. A missing column or
 * value, a value of the wrong type or an unseen level is an error naming column and row.
 */
export function buildPredictionDesign(
  spec: DesignSpec,
  table: DataTable,
  limits: FormulaLimits = DEFAULT_FORMULA_LIMITS,
): PredictionDesign {
  const { factors, terms } = readSpec(spec);
  const columnCount = spec.columns.length;
  const rowCount = table.rowCount;
  if (rowCount === 0)
    return { rowCount, columnCount, rows: denseDesignRows(new Float64Array(0), null, 0, columnCount) };
  const { formula } = spec;
  const model = describeModel(formula, parseFormula(formula, limits), limits);
  const nodes = new Map<string, FactorNode>(rhsFactors(model).map((factor) => [factor.code, factor.node]));
  const resolver = new VariableResolver(formula, table, 'predict');
  const variables = factors.map((factor) => {
    const node = nodes.get(factor.code);
    if (!node)
      throw new FormulaError('INVALID_SPEC', `invalid design spec: factor ${factor.code} is not in the formula`);
    return resolveAll(resolver, collectVariables(node.expression));
  });
  const selection = selectRows(formula, table, uniqueByColumn(variables.flat()), 'predict');
  const interpreter = new Interpreter(formula, table, resolver);
  const filled = new Map<string, FilledFactor>();
  factors.forEach((factor, i) => {
    const node = nodes.get(factor.code)!;
    const context = contextFor(formula, table, node, variables[i]!, selection);
    const { value } = interpreter.evaluateFactor(node, factor.transforms);
    if (factor.kind === 'numeric') {
      const hi = expectNumeric(value, factor, context);
      if (value.kind !== 'numeric' || !value.raw) checkFinite(hi, context);
      filled.set(factor.code, { kind: 'numeric', hi, lo: value.kind === 'numeric' ? value.lo : null });
    } else {
      filled.set(factor.code, finalizeCategoricalForPrediction(value, factor, context).filled);
    }
  });
  const subterms = terms.flatMap((term) => term.subterms);
  return { rowCount, columnCount, rows: designRows(subterms, (code) => filled.get(code)!, null, columnCount) };
}

function responseFactor(formula: string, model: ModelDescription, loc: { start: number; end: number }): Factor {
  const [term, ...rest] = model.lhs;
  if (!term || rest.length > 0 || term.factors.length !== 1) {
    throw new FormulaError(
      'INVALID_RESPONSE',
      'the response must be a single numeric variable or expression (y, np.log(y), I(y / 1000)); ' +
        'interactions and several responses are not supported',
      {
        span: { formula, position: loc.start, end: loc.end },
      },
    );
  }
  return term.factors[0]!;
}

function evaluateResponse(
  interpreter: Interpreter,
  response: Factor,
  context: FinalizeContext,
): { hi: Float64Array; lo: Float64Array | null } {
  const { value } = interpreter.evaluateFactor(response.node, null);
  if (value.kind !== 'numeric') {
    const hint =
      value.data.form === 'coded' && typeof value.data.levels[0] === 'boolean'
        ? `; for a 0/1 response write I(${response.code} * 1)`
        : '';
    throw new FormulaError(
      'INVALID_RESPONSE',
      `the response ${response.code} must be numeric, but it is categorical${hint}`,
      {
        span: { formula: context.formula, position: response.node.loc.start, end: response.node.loc.end },
      },
    );
  }
  if (!value.raw) checkFinite(value.hi, context);
  const selection: RowSelection = { rows: context.rows, count: context.rowCount, dropped: 0 };
  const lo = value.lo ? gather(value.lo, selection) : null;
  return { hi: gather(value.hi, selection), lo: lo && lo.some((v) => v !== 0) ? lo : null };
}

/** The distinct factors of the right-hand side, in order of first use. */
function rhsFactors(model: ModelDescription): Factor[] {
  const seen = new Set<Factor>();
  for (const term of model.rhs) for (const factor of term.factors) seen.add(factor);
  return [...seen];
}

type ResolvedVariable = VariableReference & { readonly column: string };

function resolveAll(resolver: VariableResolver, references: readonly VariableReference[]): ResolvedVariable[] {
  return references.map((reference) => ({ ...reference, column: resolver.resolve(reference.name, reference.loc) }));
}

function uniqueByColumn(variables: readonly ResolvedVariable[]): ResolvedVariable[] {
  const seen = new Set<string>();
  return variables.filter((v) => !seen.has(v.column) && seen.add(v.column));
}

function contextFor(
  formula: string,
  table: DataTable,
  node: FactorNode,
  variables: readonly ResolvedVariable[],
  selection: RowSelection,
): FinalizeContext {
  const columns = [...new Set(variables.map((v) => v.column))];
  return {
    formula,
    node,
    rows: selection.rows,
    rowCount: selection.count,
    describeRow: (row) => columns.map((name) => `${name} = ${cellText(table, name, row)}`).join(', '),
  };
}

function cellText(table: DataTable, name: string, row: number): string {
  const column = table.column(name);
  switch (column.kind) {
    case 'numeric':
      return String(column.values[row]);
    case 'categorical': {
      const code = column.codes[row]!;
      return code < 0 ? 'null' : JSON.stringify(column.levels[code]);
    }
    case 'empty':
      return 'null';
    default: {
      const unreachable: never = column;
      return unreachable;
    }
  }
}

function categoricalCoding(final: FinalCategorical): FactorCoding {
  return { kind: 'categorical', columns: final.columns, matrix: final.filled.matrix };
}

/**
 * The data columns a client must send to predict, in order of first use. A column is
 * categorical if it holds strings or booleans, or if the model only ever uses it as a
 * categorical factor (`C(k)`); its levels are those of the first factor that reads it directly.
 */
function variableSpecs(
  table: DataTable,
  factors: readonly Factor[],
  variables: readonly (readonly ResolvedVariable[])[],
  specs: readonly FactorSpec[],
): VariableSpec[] {
  const out: VariableSpec[] = [];
  const seen = new Set<string>();
  for (const name of variables.flat().map((v) => v.column)) {
    if (seen.has(name)) continue;
    seen.add(name);
    const uses = factors
      .map((factor, i) => ({ factor, spec: specs[i]!, reads: variables[i]!.some((v) => v.column === name) }))
      .filter((u) => u.reads);
    const direct = uses.filter(
      (u) => u.spec.kind === 'categorical' && columnOf(u.factor.node.expression) !== null && u.spec.column === name,
    );
    const column = table.column(name);
    const categorical = column.kind === 'categorical' || (direct.length > 0 && direct.length === uses.length);
    if (!categorical) {
      out.push({ name, kind: 'numeric' });
      continue;
    }
    const first = direct[0]?.spec;
    const levels =
      first?.kind === 'categorical'
        ? first.levels
        : column.kind === 'categorical'
          ? sortedColumnLevels(column.levels)
          : [];
    out.push({ name, kind: 'categorical', levels });
  }
  return out;
}

function sortedColumnLevels(levels: readonly (string | boolean)[]): (string | boolean)[] {
  if (levels.every((l) => typeof l === 'boolean')) return [false, true];
  return [...levels].sort(compareLevels);
}

/**
 * The data columns a training design of `formula` would read, as the table names them, in
 * order of first use: for moving just those columns to another thread before the design is
 * built. Best effort: a formula that cannot be parsed, or a name the table lacks, contributes
 * nothing here, and building the design reports it.
 */
export function formulaColumns(
  formula: string,
  table: DataTable,
  limits: FormulaLimits = DEFAULT_FORMULA_LIMITS,
): string[] {
  let model: ModelDescription;
  try {
    model = describeModel(formula, parseFormula(formula, limits), limits);
  } catch (error) {
    if (error instanceof FormulaError) return [];
    throw error;
  }
  const resolver = new VariableResolver(formula, table, 'train');
  const names = new Set<string>();
  const factors = [...model.lhs, ...model.rhs].flatMap((term) => term.factors);
  for (const factor of factors) {
    for (const reference of collectVariables(factor.node.expression)) {
      try {
        names.add(resolver.resolve(reference.name, reference.loc));
      } catch (error) {
        if (!(error instanceof FormulaError)) throw error;
      }
    }
  }
  return [...names];
}
