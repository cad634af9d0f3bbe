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
    readonly reason = 'INVALID_ARGUMENT',
  ) {
    super(message);
  }
}
