import { DataError, type DataErrorReason } from '../data/index.js';
import { FormulaError, type FormulaErrorReason } from '../formula/index.js';
import {
  CorruptModelDocumentError,
  InvalidModelIdError,
  ModelStoreError,
  ModelStoreUnavailableError,
  type ModelStoreErrorReason,
} from '../models/index.js';
import { StatsError, type StatsErrorReason } from '../stats/index.js';
import { FitsBusyError, InvalidArgumentError, ModelNotFoundError, RemoteFitError } from './errors.js';

/**
 * The public error codes, shared by GraphQL (`extensions.code`) and REST (`error.code`), so
 * the two transports always agree. They are Apollo's codes: BAD_REQUEST for a request the
 * transport cannot take as it is (not JSON, a method the route does not serve, a cross-site
 * form, a body that did not arrive in time), as Apollo answers such requests on /graphql;
 * BAD_USER_INPUT for data or arguments the service refuses (a limit included).
 */
export enum ErrorCode {
  BAD_REQUEST = 'BAD_REQUEST',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  NOT_FOUND = 'NOT_FOUND',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/**
 * Every reason an error can carry, whichever layer found it — clients branch on these, and the
 * schema's `ErrorReason` enum lists exactly them (test/integration/graphqlApi.test.ts checks).
 */
export const ERROR_REASONS = [
  // The formula (formula/errors.ts).
  'FORMULA_SYNTAX',
  'FORMULA_TOO_LONG',
  'FORMULA_TOO_DEEP',
  'TOO_MANY_TERMS',
  'DESIGN_TOO_LARGE',
  'MISSING_RESPONSE',
  'INVALID_RESPONSE',
  'INVALID_TERM',
  'UNKNOWN_VARIABLE',
  'UNKNOWN_FUNCTION',
  'INVALID_ARGUMENT',
  'TYPE_MISMATCH',
  'NON_FINITE_VALUE',
  'MISSING_VALUE',
  'NO_ROWS',
  'INVALID_WEIGHTS',
  'UNSEEN_LEVEL',
  'UNDECLARED_LEVEL',
  'INVALID_SPEC',
  // The data (data/errors.ts).
  'EMPTY_DATA',
  'NOT_A_RECORD',
  'MISSING_COLUMN',
  'MIXED_TYPES',
  'INVALID_VALUE',
  'RAGGED_COLUMNS',
  'LIMIT_EXCEEDED',
  'CSV_SYNTAX',
  'MALFORMED_JSON',
  // The statistics (stats/errors.ts).
  'NOT_ENOUGH_ROWS',
  'NON_FINITE',
  'BAD_WEIGHTS',
  'EMPTY_DESIGN',
  // The model store (models/errors.ts).
  'INVALID_MODEL_ID',
  'CORRUPT_DOCUMENT',
  'UNAVAILABLE',
  'WRITE_FAILED',
  'REFUSED',
  // The service.
  'FIT_TOO_LARGE',
  'NUMERIC_OVERFLOW',
  'INVALID_DATA',
  'MODEL_NOT_FOUND',
  'FITS_BUSY',
  'SHUTTING_DOWN',
  'INTERNAL',
  // Identity and the transports.
  'UNAUTHENTICATED',
  'MALFORMED_TENANT',
  'REQUEST_TIMEOUT',
  'METHOD_NOT_ALLOWED',
  'NO_SUCH_ROUTE',
  'CSRF_PREVENTED',
  'INVALID_BODY',
  'INVALID_CURSOR',
] as const;

export type ErrorReason = (typeof ERROR_REASONS)[number];

/** Each layer's reasons are among them: the compiler checks. */
type Among<T extends ErrorReason> = T;
export type LayerReasons = Among<FormulaErrorReason | DataErrorReason | StatsErrorReason | ModelStoreErrorReason>;

/** What a client is told about a failure. */
export interface PublicError {
  readonly code: ErrorCode;
  /** A finer, stable reason such as `FORMULA_SYNTAX` or `UNSEEN_LEVEL`. */
  readonly reason: ErrorReason;
  readonly message: string;
  /** The HTTP status REST answers with. */
  readonly status: number;
  /**
   * Where in the formula the problem is, as UTF-16 offsets [start, end) into the formula sent,
   * for an editor to underline it; absent when the error has no place in the formula.
   */
  readonly formulaSpan?: { readonly start: number; readonly end: number };
}

const STATUS: Readonly<Record<ErrorCode, number>> = {
  [ErrorCode.BAD_REQUEST]: 400,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
};

/** A public error from its parts; `status` overrides the code's usual HTTP status (413, 415…). */
export function publicError(
  code: ErrorCode,
  reason: ErrorReason,
  message: string,
  status: number = STATUS[code],
): PublicError {
  return { code, reason, message, status };
}

/**
 * Maps a domain error to what the client sees. Anything unrecognised becomes
 * INTERNAL_SERVER_ERROR with a fixed message: its details stay in the logs.
 */
export function toPublicError(error: unknown): PublicError {
  // Mapped already, by the worker thread that computed the fit.
  if (error instanceof RemoteFitError) return error.publicError;
  if (error instanceof FitsBusyError) return publicError(ErrorCode.SERVICE_UNAVAILABLE, 'FITS_BUSY', error.message);
  // Statistical failures (too few rows, non-finite values) come from the data sent.
  if (error instanceof FormulaError && error.position !== undefined && error.end !== undefined) {
    const refusal = publicError(ErrorCode.BAD_USER_INPUT, error.reason, error.message);
    return { ...refusal, formulaSpan: { start: error.position, end: error.end } };
  }
  if (
    error instanceof FormulaError ||
    error instanceof DataError ||
    error instanceof StatsError ||
    error instanceof InvalidArgumentError ||
    error instanceof InvalidModelIdError
  ) {
    return publicError(ErrorCode.BAD_USER_INPUT, error.reason, error.message);
  }
  if (error instanceof ModelNotFoundError) {
    return publicError(ErrorCode.NOT_FOUND, 'MODEL_NOT_FOUND', error.message);
  }
  if (error instanceof ModelStoreUnavailableError) {
    return publicError(ErrorCode.SERVICE_UNAVAILABLE, error.reason, 'the model store is unavailable; try again');
  }
  if (error instanceof CorruptModelDocumentError) {
    return publicError(
      ErrorCode.INTERNAL_SERVER_ERROR,
      error.reason,
      `model ${error.modelId} is stored but cannot be read`,
    );
  }
  if (error instanceof ModelStoreError) {
    const message =
      error.reason === 'WRITE_FAILED'
        ? 'the model store failed; nothing was stored'
        : 'the model store refused the request';
    return publicError(ErrorCode.INTERNAL_SERVER_ERROR, error.reason, message);
  }
  return publicError(ErrorCode.INTERNAL_SERVER_ERROR, 'INTERNAL', 'internal server error');
}
