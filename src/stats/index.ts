/**
 * The stats module: least-squares fitting with statsmodels' statistics, inference and the
 * summary report. Pure functions of their arguments: no I/O, no clock, no environment.
 */
export { fitLinearModel, fitRows } from './ols.js';
export {
  DIAGNOSTIC_POINT_LIMIT,
  diagnosticPoints,
  influenceMeasures,
  normalScore,
  type DiagnosticPointSet,
  type InfluenceMeasures,
} from './diagnosticPoints.js';
export { denseDesignRows, problemRows, type DesignRows, type ProblemRows } from '../numeric/designRows.js';
export {
  coefficientInference,
  predictWithIntervals,
  type CoefficientInference,
  type PredictedRow,
  type PredictionOptions,
} from './inference.js';
export {
  chiSquareSf,
  fSf,
  normalCdf,
  normalQuantile,
  normalSf,
  normalTwoSidedP,
  studentTCdf,
  studentTQuantile,
  studentTSf,
  studentTTwoSidedP,
} from './distributions.js';
export {
  EmptyDesignError,
  InvalidWeightError,
  NonFiniteInputError,
  NotEnoughRowsError,
  StatsError,
  type StatsErrorReason,
} from './errors.js';
export { RANK_TOLERANCE } from './columnSelection.js';
export type {
  CovarianceFactor,
  CovarianceType,
  FitNumerics,
  FitOptions,
  FittedCoefficient,
  LeastSquaresProblem,
  LinearModel,
  RefinementPlan,
  ResidualDiagnostics,
} from './model.js';
export { summaryText, type SummaryContext } from './summary.js';
