/**
 * A fit's computation, from a typed table to the fitted model: the design, its cost checked
 * against the budget before any pass over the rows, the fit (with its refinement approved the
 * same way), and the checks on what came out. A pure function of its inputs, so that it can run
 * in this thread or on a worker thread (fitRunner.ts) with the same result.
 */
import type { DataTable } from '../data/index.js';
import { buildTrainingDesign, type DesignSpec, type FormulaLimits, type MissingPolicy } from '../formula/index.js';
import {
  diagnosticPoints,
  problemRows,
  type CovarianceType,
  type DiagnosticPointSet,
  type LinearModel,
} from '../stats/index.js';
import { InvalidArgumentError } from './errors.js';
import { checkBudget, describeFit, type FitBudget, remaining } from './fitBudget.js';
import { estimateFitCost, estimateRefinementCost } from './fitCost.js';
import { fitDesign } from './fitDesign.js';

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
  const { formula, missing, weights, covType, useT, budget } = request;
  const design = buildTrainingDesign(formula, table, { missing, weights: weights ?? undefined }, request.formulaLimits);
  const work = describeFit(design.rowCount, design.spec);
  const cost = estimateFitCost({
    rows: design.rowCount,
    columns: design.columnCount,
    covType,
    weighted: weights !== null,
  });
  checkBudget(cost, budget, work);
  const fit = fitDesign(design, {
    covType,
    useT,
    approveRefinement: (plan) =>
      checkBudget(estimateRefinementCost(plan), remaining(budget, cost), {
        what:
          `${work.what}, whose design is ill-conditioned (or fits exactly) ` +
          'and so must be refined in double-double,',
        advice: work.advice,
      }),
  });
  checkFiniteSummary(fit);
  const problem = problemRows(design.rows, design.rowCount, design.y, design.yLo, design.weights);
  const points = diagnosticPoints(
    {
      n: design.rowCount,
      rows: problem,
      lowParts: problem.mayHaveLowParts,
      responseLowParts: problem.mayHaveResponseLowParts,
    },
    fit,
  );
  const { sourceRows } = design;
  const rows = points.rows.map((row) => (sourceRows === null ? row : (sourceRows[row] as number)) + 1);
  const warnings = design.warnings.map((warning) => warning.message);
  if (fit.perfectFit === true) warnings.push(PERFECT_FIT_WARNING);
  return {
    design: design.spec,
    fit,
    rowsDropped: design.droppedRows,
    warnings,
    diagnosticPoints: { ...points, rows },
  };
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
