import type { ErrorReason, PublicError } from './publicErrors.js';

/** Base error of the service layer: a request that is well-formed but cannot be served. */
export class ServiceError extends Error {
  override name = 'ServiceError';
}

/** No model with this id is visible to the caller (absent, deleted, or another tenant's). */
export class ModelNotFoundError extends ServiceError {
  override name = 'ModelNotFoundError';
  constructor(readonly modelId: string) {
    super(`no model has id ${modelId}`);
  }
}

/** A request argument outside what the service accepts (a limit, a level outside (0, 1), …). */
export class InvalidArgumentError extends ServiceError {
  override name = 'InvalidArgumentError';
  constructor(
    readonly argument: string,
    message: string,
    readonly reason: ErrorReason = 'INVALID_ARGUMENT',
  ) {
    super(message);
  }
}

/** A fit computed on another thread failed there; `publicError` is what the client sees. */
export class RemoteFitError extends ServiceError {
  override name = 'RemoteFitError';
  constructor(
    readonly publicError: PublicError,
    /** The original error's name, message and stack, for the log (never shown to clients). */
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** Every thread for fits is busy and the queue of waiting fits is full. */
export class FitsBusyError extends ServiceError {
  override name = 'FitsBusyError';
  constructor(queued: number) {
    super(`every fit worker is busy and ${queued} fits are waiting (FIT_QUEUE_LENGTH); try again shortly`);
  }
}
