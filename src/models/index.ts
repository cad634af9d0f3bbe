/** Storage of fitted models as versioned JSON documents. */
export type { ModelOrder, ModelRepository, ModelPage, PageRequest, Tenant } from './ModelRepository.js';
export { InMemoryModelRepository } from './InMemoryModelRepository.js';
export { FileSystemModelRepository } from './FileSystemModelRepository.js';
export {
  MODEL_SCHEMA_VERSION,
  parseModelDocument,
  serializeModelDocument,
  type CategoricalFactorDocument,
  type CoefficientDocument,
  type ContrastDocument,
  type CovarianceFactorDocument,
  type DesignDocument,
  type DiagnosticPointsDocument,
  type DiagnosticsDocument,
  type FactorDocument,
  type FitDocument,
  type FitSettings,
  type ModelDocument,
  type NumericFactorDocument,
  type NumericsDocument,
  type StoredCovarianceType,
  type StoredLevel,
  type SubtermDocument,
  type TermDocument,
  type TransformDocument,
  type VariableDocument,
} from './document.js';
export { newModelId, isModelId, assertModelId } from './modelId.js';
export { tenantProblem, InvalidTenantError } from './tenant.js';
export {
  ModelStoreError,
  InvalidModelIdError,
  CorruptModelDocumentError,
  ModelStoreUnavailableError,
  type ModelStoreErrorReason,
} from './errors.js';
export { S3ModelRepository } from './S3ModelRepository.js';
// The S3 client is not re-exported: importing the SDK costs a cold start (see S3ModelRepository).
export type { S3ClientSettings } from './s3Client.js';
export { CachingModelRepository } from './CachingModelRepository.js';
