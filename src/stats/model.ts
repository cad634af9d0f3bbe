/**
 * The contract between the stats module and the rest of the service.
 *
 * `fitLinearModel(problem, options)` fits OLS (or WLS) and returns a `LinearModel`: plain,
 * JSON-serialisable numbers whose size depends on the number of columns, never on the number
 * of rows. Everything a client reads later (intervals at any level, predictions with
 * intervals) is computed from it by pure functions in this module.
 */
import type { DesignRows, ProblemRows } from '../numeric/designRows.js';

/** Covariance estimators, with statsmodels' definitions. */
export type CovarianceType = 'nonrobust' | 'HC0' | 'HC1' | 'HC2' | 'HC3';

/** Options of a fit. */
export interface FitOptions {
  readonly covType: CovarianceType;
  /**
   * Student t (and F) for tests and intervals, or the normal (and chi-square) distribution.
   * statsmodels' default is t for nonrobust and normal for robust covariances.
   */
  readonly useT: boolean;
  /**
   * Asked before a refinement in double-double starts (an ill-conditioned or nearly exact
   * design, known only once the QR is done), with what it will cost; throwing refuses the fit.
   * The caller bounds the work this way; without it, the fit always refines when it should.
   */
  readonly approveRefinement?: (plan: RefinementPlan) => void;
}

/** The refinement a fit is about to run, for its caller to bound. */
export interface RefinementPlan {
  readonly rows: number;
  readonly columns: number;
  /** Refining the solution (Björck's method): a few passes over the rows per iteration. */
  readonly solution: boolean;
  /** Refining (XᵀWX)⁻¹: one pass accumulating the p × p Gram matrix in double-double. */
  readonly covariance: boolean;
  /** The QR must be recomputed to keep its Householder vectors (rows × columns doubles). */
  readonly refactor: boolean;
  /** Memory the refinement holds at once: the Householder vectors and its n-vectors. */
  readonly bytes: number;
}

/** A least-squares problem as the formula module builds it. */
export interface LeastSquaresProblem {
  readonly rowCount: number;
  readonly columnCount: number;
  /** The design, read in row blocks (never held whole). */
  readonly design: DesignRows;
  readonly y: Float64Array;
  readonly yLo: Float64Array | null;
  /** WLS weights (inverse-variance), or null for OLS. */
  readonly weights: Float64Array | null;
  readonly columnNames: readonly string[];
}

/**
 * A least-squares problem as rows read in blocks (an inline fit's arrays, or a dataset streamed
 * in passes): what the fit itself works on. `fitLinearModel` wraps a LeastSquaresProblem in one.
 */
export interface RowsProblem {
  readonly rows: ProblemRows;
  readonly columnNames: readonly string[];
}

/** The exact data of a problem, `n` rows: design and response with their low parts, and weights. */
export interface ExactRows {
  readonly n: number;
  readonly rows: ProblemRows;
  /** Whether the design's low parts must be read (some cell has one). */
  readonly lowParts: boolean;
  /** Whether the response's low parts must be read. */
  readonly responseLowParts: boolean;
}

/** One coefficient of a fitted model; null where the column is aliased. */
export interface FittedCoefficient {
  readonly name: string;
  readonly aliased: boolean;
  readonly estimate: number | null;
  readonly stdError: number | null;
}

/** Residual diagnostics as statsmodels prints them under the coefficient table. */
export interface ResidualDiagnostics {
  readonly omnibus: number | null;
  readonly omnibusPValue: number | null;
  readonly durbinWatson: number | null;
  readonly jarqueBera: number | null;
  readonly jarqueBeraPValue: number | null;
  readonly skew: number | null;
  readonly kurtosis: number | null;
}

/** A fitted linear model: every statistic statsmodels and R report, and what prediction needs. */
export interface LinearModel {
  readonly method: 'OLS' | 'WLS';
  readonly covType: CovarianceType;
  readonly useT: boolean;
  readonly nobs: number;
  readonly rank: number;
  readonly dfModel: number;
  readonly dfResid: number;
  /** Whether the design holds a constant (explicit, or implicit as full-rank dummies). */
  readonly hasConstant: boolean;
  /**
   * Index of the explicit constant column (statsmodels' const_idx), or null when the constant
   * is implicit or absent. Robust F tests leave this coefficient out.
   */
  readonly constantColumn: number | null;
  /**
   * R's "essentially perfect fit": the residuals are rounding noise (see ols.ts), so t, p and F
   * are not reported.
   */
  readonly perfectFit: boolean;
  readonly coefficients: readonly FittedCoefficient[];
  /**
   * Covariance of the non-aliased estimates for `covType`, row-major `rank × rank`, in the
   * order of the non-aliased coefficients.
   */
  readonly covariance: readonly number[];
  /**
   * The covariance as a triangular factor, for evaluating xᵀ·Cov·x without cancellation
   * (predictions): see `CovarianceFactor`.
   */
  readonly covarianceFactor: CovarianceFactor;
  /** sigma²: SSR / dfResid. */
  readonly scale: number;
  readonly ssr: number;
  readonly ess: number;
  readonly centeredTss: number;
  readonly uncenteredTss: number;
  /**
   * statsmodels' R²: 1 − SSR/TSS, centered TSS with a constant, uncentered without. NaN when
   * the response is constant (TSS = 0), as in statsmodels; see `logLikelihood` for JSON.
   */
  readonly rSquared: number;
  readonly adjRSquared: number;
  readonly fValue: number | null;
  readonly fPValue: number | null;
  /**
   * Gaussian log-likelihood at the MLE of σ². For an exact fit (SSR = 0, e.g. NIST Wampler1)
   * it is +Infinity and AIC/BIC −Infinity, as in statsmodels; JSON has no spelling for these,
   * so a serializer must map them (JSON.stringify writes null).
   */
  readonly logLikelihood: number;
  readonly aic: number;
  readonly bic: number;
  readonly residualStdError: number;
  readonly conditionNumber: number | null;
  /**
   * Smallest eigenvalue of the weighted design's cross-product (σ_min²), which statsmodels'
   * summary warns about below 1e-10; null when the design is exactly singular.
   */
  readonly smallestEigenvalue: number | null;
  readonly diagnostics: ResidualDiagnostics;
  /** How the numbers were computed, for the curious and for tests. */
  readonly numerics: FitNumerics;
}

/**
 * Cov = S·R⁻¹·M·R⁻ᵀ·S over the retained columns, with S = diag(columnScale) and R upper
 * triangular (row-major rank × rank); M = scale·I for the nonrobust covariance. A quadratic
 * form xᵀ·Cov·x is then ‖M^½·R⁻ᵀ·S·x‖², which keeps its digits for nearly collinear designs
 * where the same form in the (rounded) covariance matrix cancels them away.
 */
export interface CovarianceFactor {
  /** Powers of two scaling the retained columns. */
  readonly columnScale: readonly number[];
  /** R (high parts). */
  readonly r: readonly number[];
  /** Low parts of R when it is known in double-double (refined fits), else null. */
  readonly rLo: readonly number[] | null;
  /** M for robust covariances (HC1's n/df_resid included); null means M = scale·I. */
  readonly meat: readonly number[] | null;
}

/** Facts about the computation (not statistics). */
export interface FitNumerics {
  /** 1-norm condition estimate of the column-equilibrated design's R (retained columns). */
  readonly scaledConditionNumber: number;
  /** Björck refinement steps taken for the solution (0: the QR answer was accurate enough). */
  readonly refinementIterations: number;
  /** Whether (XᵀWX)⁻¹ was refined in double-double. */
  readonly covarianceRefined: boolean;
}
