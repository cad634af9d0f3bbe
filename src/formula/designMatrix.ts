import type { DataTable } from '../data/index.js';
import { denseDesignRows } from '../numeric/designRows.js';
import type { FactorNode } from './ast.js';
import type { DesignSpec, PredictionDesign, TrainingDesign, TrainingOptions } from './design.js';
import { FormulaError } from './errors.js';
import {
  checkFinite,
  expectNumeric,
  finalizeCategoricalForPrediction,
  finalizeCategoricalForTraining,
} from './factorValues.js';
import { designRows, type FilledFactor } from './fill.js';
import { Interpreter } from './interpreter.js';
import type { FactorCoding } from './layout.js';
import { DEFAULT_FORMULA_LIMITS, type FormulaLimits } from './limits.js';
import { parseFormula } from './parser.js';
import { readWeights, selectRows } from './rows.js';
import { type FactorSpec, readSpec } from './spec.js';
import { describeModel, type FormulaWarning, type ModelDescription } from './terms.js';
import {
  categoricalCoding,
  contextFor,
  describeTraining,
  evaluateResponse,
  layoutSubterms,
  layoutTraining,
  resolveAll,
  rhsFactors,
  uniqueByColumn,
} from './trainingParts.js';
import { collectVariables, VariableResolver } from './variables.js';

export { DEFAULT_FORMULA_LIMITS, type FormulaLimits };

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
  const training = describeTraining(formula, limits);
  const { response, factors } = training;

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
    null,
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

  const { layout, spec } = layoutTraining(training, formula, limits, codings, specs, table, rhsVariables);
  const rows = designRows(layoutSubterms(layout), (code) => filled.get(code)!, selection.rows, spec.columns.length);
  return {
    spec,
    rowCount: selection.count,
    columnCount: spec.columns.length,
    rows,
    y: y.hi,
    yLo: y.lo,
    weights,
    droppedRows: selection.dropped,
    sourceRows: selection.rows,
    warnings: training.warnings,
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
