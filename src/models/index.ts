/** Storage of fitted models as versioned JSON documents. */
export type { ModelRepository, ModelPage, PageRequest, Tenant } from './ModelRepository.js';
export { InMemoryModelRepository } from './InMemoryModelRepository.js';
export { FileSystemModelRepository } from './FileSystemModelRepository.js';
export {
  MODEL_SCHEMA_VERSION,
  parseModelDocument,
  serializeModelDocument,
  type FitSettings,
  type ModelDocument,
} from './document.js';
export { newModelId, isModelId, assertModelId } from './modelId.js';
export {
  ModelStoreError,
  InvalidModelIdError,
  CorruptModelDocumentError,
  ModelStoreUnavailableError,
  type ModelStoreErrorReason,
} from './errors.js';
export { S3ModelRepository } from './S3ModelRepository.js';
export { createS3Client, type S3ClientSettings } from './s3Client.js';
export { CachingModelRepository } from './CachingModelRepository.js';
