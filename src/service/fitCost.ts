/**
 * What a fit will cost, estimated from its shape before any of its work starts, so that the
 * service can refuse what would not finish well inside the deployment's time and memory
 * (fitBudget.ts). The design is never held whole (its rows are generated block by block), so
 * memory grows with the rows only through the fit's n-vectors, and the time is dominated by
 * the QR's n·p² work:
 *
 *   seconds ≈ n·p·(p + 2)/QR + n·p/CELLS + p³/DENSE + (robust: n·p²/ROBUST) + FIXED
 *             + the diagnostic points' pass: n/POINT_ROWS + n·p/POINT_CELLS + n·p²/POINT_PRODUCTS
 *
 * A refinement in double-double (ill-conditioned or nearly exact designs) is known to be
 * needed only after the QR, and is estimated then (estimateRefinementCost).
 *
 * The rates are measured on the development machine (one core of an AMD EPYC VM, Node 22) by
 * `node scripts/run-ts.mjs scripts/bench/fitCost.ts`, which prints measured and estimated
 * times over a grid of shapes; docs/reliability.md has the table. They are deliberately the
 * slower end of what was measured, so the estimate errs towards too long.
 */
import type { CovarianceType, RefinementPlan } from '../stats/index.js';

/**
 * Work per second, by kind (see the header). A least-squares fit of the rates to the times
 * scripts/bench/fitCost.ts measured (44 shapes from 20,000 to 10⁶ rows and 5 to 499 columns)
 * gave qr 6.5e9, cells 1.1e8, dense 7.9e7, robust 3.3e9, weightedRows 8.7e6, refinementCells
 * 4.1e7, with fits up to 1.5× slower than that fit predicts; the rates here are those divided by
 * 1.5, so the estimate is at least the time measured on every shape (docs/reliability.md).
 */
export const FIT_COST_RATES = Object.freeze({
  /** Householder QR, multiply-adds of n·p·(p + 2). */
  qr: 4.3e9,
  /** Design cells generated and read by the passes over the rows (scan, QR, residuals). */
  cells: 7e7,
  /** p³ dense work: the condition number's SVD, inverses, products. */
  dense: 5e7,
  /** The robust meat: zᵢ = R⁻ᵀaᵢ and Σ ωᵢzᵢzᵢᵀ, n·p² each. */
  robust: 2.2e9,
  /** Rows of a weighted fit: √w in every pass. */
  weightedRows: 6e6,
  /** One iteration of the solution's refinement: double-double passes, per cell. */
  refinementCells: 2.7e7,
  /** The Gram matrix in double-double, n·p²/2 products (measured ~4e8 on 10⁵ × 40). */
  gram: 2e8,
  /** A prediction's standard error: R⁻ᵀx in double-double, per row, rank² multiply-adds (measured 9e7–1.1e8). */
  prediction: 6e7,
  /** A prediction's per-row work besides, per cell (measured: 10⁵ rows of 10 columns in 0.22 s). */
  predictionCells: 5e6,
  /**
   * The diagnostic points' pass (stats/diagnosticPoints.ts), one more read of the rows: per row
   * (the influence measures, the sample, the Q–Q rank), per cell (the block's copy and the
   * residual in double-double) and per n·p² (R⁻ᵀaᵢ). Measured by
   * scripts/bench/diagnosticPointsCost.ts at 105 ns per row + 11.6 ns per cell + 0.19 ns per
   * n·p² (20,000 to 10⁶ rows, 5 to 200 columns); these rates charge 1.2–1.6× that.
   */
  pointRows: 8e6,
  pointCells: 6.7e7,
  pointProducts: 4e9,
  /** The pass's work whatever n: sorting the sample by standardized residual, its index (~3 ms measured). */
  pointsFixed: 0.01,
  /** Seconds of work whatever the shape (statistics, summary). */
  fixed: 0.001,
});

/** Iterations the solution's refinement is charged for: it stops at 2–4 on the designs measured (30 at most). */
const REFINEMENT_ITERATIONS = 6;

/** A fit's shape: what its cost depends on. */
export interface FitShape {
  readonly rows: number;
  readonly columns: number;
  readonly covType: CovarianceType;
  readonly weighted: boolean;
  /**
   * Rows whose values are held at once: all of them for a table in memory (the default), a
   * chunk's for a dataset read in chunks.
   */
  readonly heldRows?: number;
}

/** An estimate of work: seconds on the measured machine, and bytes held at once. */
export interface FitCost {
  readonly seconds: number;
  readonly bytes: number;
}

/** The cost of fitting a design of this shape, without refinement. */
export function estimateFitCost(shape: FitShape): FitCost {
  const n = shape.rows;
  const p = shape.columns;
  const rates = FIT_COST_RATES;
  const robust = shape.covType !== 'nonrobust';
  const seconds =
    (n * p * (p + 2)) / rates.qr +
    (n * p) / rates.cells +
    p ** 3 / rates.dense +
    (robust ? (n * p * p) / rates.robust : 0) +
    (shape.weighted ? n / rates.weightedRows : 0) +
    estimateDiagnosticPointsCost(n, p).seconds +
    rates.fixed;
  // The n-vectors held (response and its low part, weights, row selection, factor values), the
  // diagnostic pass's standardized residuals (all n of them, for the Q–Q ranks) and the p × p
  // matrices (R, its inverse, the covariance, the SVD's copy, the meat), plus the blocks.
  const held = shape.heldRows ?? n;
  const bytes =
    8 * held * (shape.weighted ? 6 : 5) +
    estimateDiagnosticPointsCost(n, p).bytes +
    8 * p * p * 8 +
    8 * 512 * (p + 2) * 4;
  return { seconds, bytes };
}

/** The diagnostic points' pass after the fit: one more read of the design's rows. */
export function estimateDiagnosticPointsCost(rows: number, columns: number): FitCost {
  const rates = FIT_COST_RATES;
  const seconds =
    rows / rates.pointRows +
    (rows * columns) / rates.pointCells +
    (rows * columns * columns) / rates.pointProducts +
    rates.pointsFixed;
  return { seconds, bytes: 8 * rows };
}

/** The cost of the refinement a fit asks to run (stats' RefinementPlan). */
export function estimateRefinementCost(plan: RefinementPlan): FitCost {
  const n = plan.rows;
  const p = plan.columns;
  const rates = FIT_COST_RATES;
  let seconds = 0;
  if (plan.solution) seconds += (REFINEMENT_ITERATIONS * n * p) / rates.refinementCells;
  if (plan.refactor) seconds += (n * p * (p + 2)) / rates.qr + (n * p) / rates.cells;
  if (plan.covariance) seconds += (n * p * p) / 2 / rates.gram + p ** 3 / rates.dense;
  return { seconds, bytes: plan.bytes };
}

/** The cost of predicting `rows` rows (with standard errors) from a model of `rank` coefficients. */
export function estimatePredictionCost(rows: number, rank: number): FitCost {
  const rates = FIT_COST_RATES;
  const seconds = (rows * rank * rank) / rates.prediction + (rows * rank) / rates.predictionCells + rates.fixed;
  return { seconds, bytes: 8 * 512 * rank * 4 + 64 * rows };
}
