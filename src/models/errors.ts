/** Why the model store failed; stable strings for logs and error mapping. */
export type ModelStoreErrorReason =
  | 'INVALID_MODEL_ID'
  | 'CORRUPT_DOCUMENT'
  | 'UNAVAILABLE'
  | 'WRITE_FAILED'
  /** The store refused a read, listing or deletion (permissions, a missing bucket): configuration. */
  | 'REFUSED';

/** Base error of the models module. */
export class ModelStoreError extends Error {
  override name = 'ModelStoreError';
  constructor(
    readonly reason: ModelStoreErrorReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A model id that is not one this service issues; refused before any storage access. */
export class InvalidModelIdError extends ModelStoreError {
  override name = 'InvalidModelIdError';
  constructor(readonly modelId: string) {
    super(
      'INVALID_MODEL_ID',
      `${JSON.stringify(truncate(modelId))} is not a model id; ids look like 0192f1c4-5b6e-7c3a-9d2e-1f0a2b3c4d5e`,
    );
  }
}

/** A stored document that cannot be read back as a model. */
export class CorruptModelDocumentError extends ModelStoreError {
  override name = 'CorruptModelDocumentError';
  constructor(
    readonly modelId: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super('CORRUPT_DOCUMENT', `stored model ${modelId} is unreadable: ${detail}`, options);
  }
}

/** The backing store could not be reached or refused the request; the caller may retry. */
export class ModelStoreUnavailableError extends ModelStoreError {
  override name = 'ModelStoreUnavailableError';
  constructor(message: string, options?: ErrorOptions) {
    super('UNAVAILABLE', message, options);
  }
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
