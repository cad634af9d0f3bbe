import type { DataTable } from '../data/index.js';
import type { FactorNode, TermNode, TildeNode } from './ast.js';
import type { DesignSpec, VariableSpec } from './design.js';
import { FormulaError } from './errors.js';
import { checkFinite, type FinalCategorical, type FinalizeContext } from './factorValues.js';
import { columnOf, type Interpreter } from './interpreter.js';
import { type DesignLayout, type FactorCoding, layoutDesign, type SubtermLayout } from './layout.js';
import { compareLevels } from './levels.js';
import type { FormulaLimits } from './limits.js';
import { parseFormula } from './parser.js';
import { gather, type RowSelection } from './rows.js';
import type { FactorSpec, LaidOutTermSpec } from './spec.js';
import { describeModel, type Factor, type FormulaWarning, type ModelDescription } from './terms.js';
import type { TransformState } from './transforms.js';
import type { VariableReference, VariableResolver } from './variables.js';

/**
 * The parts of building a training design that a table held whole (designMatrix.ts) and a table
 * read in chunks (chunkedDesign.ts) share: the formula's model, its response and factors, the
 * variables they read, and what the spec records of them.
 */

/** A training formula described: its terms, its response factor and its right-hand side's factors. */
export interface TrainingFormula {
  readonly root: TildeNode & { readonly lhs: TermNode };
  readonly model: ModelDescription;
  readonly response: Factor;
  readonly factors: readonly Factor[];
  readonly warnings: readonly FormulaWarning[];
}

/** Parses a training formula, which must have a response. */
export function describeTraining(formula: string, limits: FormulaLimits): TrainingFormula {
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
  return { root: root as TildeNode & { readonly lhs: TermNode }, model, response, factors, warnings: model.warnings };
}

export function responseFactor(formula: string, model: ModelDescription, loc: { start: number; end: number }): Factor {
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

export function evaluateResponse(
  interpreter: Interpreter,
  response: Factor,
  context: FinalizeContext,
  replay: readonly TransformState[] | null,
): { hi: Float64Array; lo: Float64Array | null } {
  const { value } = interpreter.evaluateFactor(response.node, replay);
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
export function rhsFactors(model: ModelDescription): Factor[] {
  const seen = new Set<Factor>();
  for (const term of model.rhs) for (const factor of term.factors) seen.add(factor);
  return [...seen];
}

export type ResolvedVariable = VariableReference & { readonly column: string };

export function resolveAll(resolver: VariableResolver, references: readonly VariableReference[]): ResolvedVariable[] {
  return references.map((reference) => ({ ...reference, column: resolver.resolve(reference.name, reference.loc) }));
}

export function uniqueByColumn(variables: readonly ResolvedVariable[]): ResolvedVariable[] {
  const seen = new Set<string>();
  return variables.filter((v) => !seen.has(v.column) && seen.add(v.column));
}

export function contextFor(
  formula: string,
  table: DataTable,
  node: FactorNode,
  variables: readonly ResolvedVariable[],
  selection: RowSelection,
  firstRow = 0,
): FinalizeContext {
  const columns = [...new Set(variables.map((v) => v.column))];
  return {
    formula,
    firstRow,
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

/**
 * The design's columns laid out from the factors' codings, and the spec that records them; an
 * error when the model has no columns.
 */
export function layoutTraining(
  training: TrainingFormula,
  formula: string,
  limits: FormulaLimits,
  codings: ReadonlyMap<string, FactorCoding>,
  specs: readonly FactorSpec[],
  table: DataTable,
  variables: readonly (readonly ResolvedVariable[])[],
): { layout: DesignLayout; spec: DesignSpec } {
  const { root, model, response, factors } = training;
  const layout = layoutDesign(model.rhs, (code) => codings.get(code)!, formula, limits);
  if (layout.columnNames.length === 0) {
    throw new FormulaError('INVALID_TERM', 'the model has no columns: remove the "0"/"- 1" or add terms', {
      span: { formula, position: root.rhs.loc.start, end: root.rhs.loc.end },
    });
  }
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
    variables: variableSpecs(table, factors, variables, specs),
    factors: specs,
  };
  return { layout, spec };
}

/** The subterms of a layout, in column order: what fills the design's rows. */
export function layoutSubterms(layout: DesignLayout): SubtermLayout[] {
  return layout.terms.flatMap((term) => term.subterms);
}

export function categoricalCoding(final: FinalCategorical): FactorCoding {
  return { kind: 'categorical', columns: final.columns, matrix: final.filled.matrix };
}

/**
 * The data columns a client must send to predict, in order of first use. A column is
 * categorical if it holds strings or booleans, or if the model only ever uses it as a
 * categorical factor (`C(k)`); its levels are those of the first factor that reads it directly.
 */
export function variableSpecs(
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
