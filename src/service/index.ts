/** The service layer: the one place where formula, stats and models meet. */
export {
  RegressionService,
  type Caller,
  type FitRequest,
  type PredictRequest,
  type PredictionOutcome,
  type PredictedRow,
  type StdErrorReason,
  type IntervalKind,
  type RegressionServiceDependencies,
  type ModelViewPage,
  type ListRequest,
} from './regressionService.js';
export { chooseDataInput, type DataInput, type DataFields } from './dataInput.js';
export {
  ModelView,
  modelInfo,
  type CoefficientView,
  type DiagnosticsView,
  type PredictorView,
  type SeedCoefficientInfo,
  type TermView,
} from './modelView.js';
export { fromDocument, toDocument, type ModelSettings, type StoredModel } from './modelDocuments.js';
// What transports name without reaching below the service.
export type { CovarianceType } from '../stats/index.js';
export { isModelId } from '../models/index.js';
export { ServiceError, ModelNotFoundError, InvalidArgumentError, RemoteFitError, FitsBusyError } from './errors.js';
export { computeFit, type FitComputation, type FitComputationRequest } from './fitComputation.js';
export { inThreadFitRunner, type FitRunner } from './fitRunner.js';
export { DEFAULT_BUDGET, FitTooLargeError, budgetFor, type FitBudget } from './fitBudget.js';
export {
  ErrorCode,
  ERROR_REASONS,
  toPublicError,
  publicError,
  type ErrorReason,
  type PublicError,
} from './publicErrors.js';
export { DEFAULT_LIMITS, LimitExceededError, type Limits } from './limits.js';
export { NO_METRICS, type ServiceMetrics, type ServiceOperation } from './serviceMetrics.js';
