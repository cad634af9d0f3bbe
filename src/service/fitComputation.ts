/**
 * A fit's computation, from a typed table to the fitted model: the design, its cost checked
 * against the budget before any pass over the rows, the fit (with its refinement approved the
 * same way), and the checks on what came out. A pure function of its inputs, so that it can run
 * in this thread or on a worker thread (fitRunner.ts) with the same result.
 */
import type { ChunkedTable, DataTable } from '../data/index.js';
import {
  buildChunkedTrainingDesign,
  buildTrainingDesign,
  type DesignSpec,
  type FormulaLimits,
  type FormulaWarning,
  type MissingPolicy,
} from '../formula/index.js';
import { problemRows, type ProblemRows } from '../numeric/designRows.js';
import {
  diagnosticPoints,
  fitRows,
  type CovarianceType,
  type DiagnosticPointSet,
  type LinearModel,
} from '../stats/index.js';
import { InvalidArgumentError } from './errors.js';
import { checkBudget, describeFit, type FitBudget, remaining } from './fitBudget.js';
import { estimateFitCost, estimateRefinementCost } from './fitCost.js';

/** Everything a fit's computation needs besides the data. */
export interface FitComputationRequest {
  readonly formula: string;
  readonly missing: MissingPolicy;
  /** The column of WLS weights, or null for OLS. */
  readonly weights: string | null;
  readonly covType: CovarianceType;
  readonly useT: boolean;
  readonly formulaLimits: FormulaLimits;
  readonly budget: FitBudget;
}

/** What a fit computes: the parts of a model document that depend on the data. */
export interface FitComputation {
  readonly design: DesignSpec;
  readonly fit: LinearModel;
  readonly rowsDropped: number;
  readonly warnings: readonly string[];
  /** The rows' diagnostics for the plots, each point's `row` its input row counted from 1. */
  readonly diagnosticPoints: DiagnosticPointSet;
}

/** Builds the design of `request.formula` over `table` and fits it, within the budget. */
export function computeFit(request: FitComputationRequest, table: DataTable): FitComputation {
  const { formula, missing, weights } = request;
  const design = buildTrainingDesign(formula, table, { missing, weights: weights ?? undefined }, request.formulaLimits);
  return fitWithinBudget(request, {
    spec: design.spec,
    rows: problemRows(design.rows, design.rowCount, design.y, design.yLo, design.weights),
    droppedRows: design.droppedRows,
    warnings: design.warnings,
    heldRows: design.rowCount,
    inputRows: (rows) => (design.sourceRows === null ? rows : rows.map((row) => design.sourceRows![row] as number)),
  });
}

/**
 * Builds the design of `request.formula` over a table read in chunks (a dataset spilled to local
 * disk) and fits it, within the budget: the same numbers as `computeFit` over the whole table,
 * with the rows of one chunk held at a time.
 */
export function computeChunkedFit(request: FitComputationRequest, table: ChunkedTable): FitComputation {
  const { formula, missing, weights } = request;
  const options = { missing, weights: weights ?? undefined };
  const design = buildChunkedTrainingDesign(formula, table, options, request.formulaLimits);
  let heldRows = 0;
  for (let c = 0; c < table.chunkCount; c++) heldRows = Math.max(heldRows, table.chunk(c).rowCount);
  return fitWithinBudget(request, { ...design, heldRows, inputRows: (rows) => design.inputRows(rows) });
}

/** A design ready to fit: its spec and rows, and what building it found. */
interface BuiltDesign {
  readonly spec: DesignSpec;
  readonly rows: ProblemRows;
  readonly droppedRows: number;
  readonly warnings: readonly FormulaWarning[];
  /** Rows whose values are held at once (all of them for a table in memory, a chunk's for a dataset). */
  readonly heldRows: number;
  /** The input rows (from 0) of rows fitted, given in ascending order. */
  readonly inputRows: (rows: readonly number[]) => readonly number[];
}

function fitWithinBudget(request: FitComputationRequest, design: BuiltDesign): FitComputation {
  const { covType, useT, budget, weights } = request;
  const { spec, rows } = design;
  const work = describeFit(rows.rowCount, spec);
  const cost = estimateFitCost({
    rows: rows.rowCount,
    columns: rows.columnCount,
    covType,
    weighted: weights !== null,
    heldRows: design.heldRows,
  });
  checkBudget(cost, budget, work);
  const fit = fitRows(
    { rows, columnNames: spec.columns },
    {
      covType,
      useT,
      approveRefinement: (plan) =>
        checkBudget(estimateRefinementCost(plan), remaining(budget, cost), {
          what:
            `${work.what}, whose design is ill-conditioned (or fits exactly) ` +
            'and so must be refined in double-double,',
          advice: work.advice,
        }),
    },
  );
  checkFiniteSummary(fit);
  const warnings = design.warnings.map((warning) => warning.message);
  if (fit.perfectFit === true) warnings.push(PERFECT_FIT_WARNING);
  return { design: spec, fit, rowsDropped: design.droppedRows, warnings, diagnosticPoints: pointsOf(design, fit) };
}

/** The diagnostic points of a fit, numbered by input row from 1. */
function pointsOf(design: BuiltDesign, fit: LinearModel): DiagnosticPointSet {
  const { rows } = design;
  const problem = {
    n: rows.rowCount,
    rows,
    lowParts: rows.mayHaveLowParts,
    responseLowParts: rows.mayHaveResponseLowParts,
  };
  const points = diagnosticPoints(problem, fit);
  const numbers = design.inputRows(points.rows).map((row) => row + 1);
  return { ...points, rows: numbers };
}

/** R's summary.lm says "essentially perfect fit: summary may be unreliable"; we say why the tests are missing. */
export const PERFECT_FIT_WARNING =
  "essentially perfect fit: the residual variance is below 1e-30 of the fitted values' mean square (R's rule), " +
  'so the residuals are rounding noise and t, p and F are not reported';

/** The sums of squares every model reports (the API promises them as numbers), as messages name them. */
const SUMMARY_STATISTICS = {
  ssr: 'residual sum of squares',
  ess: 'explained sum of squares',
  centeredTss: 'total sum of squares',
  uncenteredTss: 'uncentered total sum of squares',
  scale: 'residual variance',
} as const;

/**
 * Refuses a fit whose sums of squares overflow (a response near 1e300 squares to infinity): such
 * a model has no usable statistics, and storing it would break every later read of it.
 */
function checkFiniteSummary(fit: LinearModel): void {
  for (const [key, label] of Object.entries(SUMMARY_STATISTICS) as [keyof typeof SUMMARY_STATISTICS, string][]) {
    if (!Number.isFinite(fit[key])) {
      throw new InvalidArgumentError(
        'data',
        `the ${label} is ${fit[key]}, beyond double precision: ` +
          'the response (or the weights) are too large; rescale them',
        'NUMERIC_OVERFLOW',
      );
    }
  }
}
