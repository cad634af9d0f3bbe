/**
 * The errors of a request as HTTP carries it, before any service sees it: a body over the limit
 * or not all there in time, a method or path the service does not have. Each is a PublicError,
 * written in the route's format by errorResponses.ts.
 */
import type { DataError } from '../data/index.js';
import { ErrorCode, publicError, toPublicError, type PublicError } from '../service/index.js';
import { ROUTES } from './routes.js';

/** What is known of the size of a body over the limit. */
export interface BodySize {
  /** Its size, when it was received whole (Lambda) or declared by Content-Length. */
  readonly bytes?: number;
  /** Whether `bytes` is the Content-Length, answered before the body was read. */
  readonly declared?: boolean;
}

/** A body over MAX_BODY_BYTES: 413. The local server stops reading at the limit, so it may know no size. */
export function payloadTooLarge(maxBodyBytes: number, size: BodySize = {}): PublicError {
  const known = size.bytes === undefined ? '' : ` (${bytes(size.bytes)}${size.declared ? ', its Content-Length' : ''})`;
  const message = `the request body${known} is larger than the limit of ${bytes(maxBodyBytes)} (MAX_BODY_BYTES)`;
  return publicError(ErrorCode.BAD_USER_INPUT, 'LIMIT_EXCEEDED', message, 413);
}

/** A body that did not all arrive within REQUEST_TIMEOUT_MS: 408. */
export function requestTimedOut(timeoutMs: number, received: number, declared?: number): PublicError {
  const of = declared === undefined ? 'bytes of its body' : `of its ${declared.toLocaleString('en-US')} body bytes`;
  const limit = `${timeoutMs.toLocaleString('en-US')} ms (REQUEST_TIMEOUT_MS)`;
  const message = `the request did not all arrive within ${limit}: ${received.toLocaleString('en-US')} ${of} came`;
  return publicError(ErrorCode.BAD_REQUEST, 'REQUEST_TIMEOUT', message, 408);
}

/** Headers that did not arrive within HEADERS_TIMEOUT_MS: 408. */
export function headersTimedOut(timeoutMs: number): PublicError {
  const within = `${timeoutMs.toLocaleString('en-US')} ms (HEADERS_TIMEOUT_MS)`;
  return publicError(
    ErrorCode.BAD_REQUEST,
    'REQUEST_TIMEOUT',
    `the request headers did not arrive within ${within}`,
    408,
  );
}

/** A method the route does not serve: 405 (answered with an `Allow` header). */
export function methodNotAllowed(method: string, path: string, allow: string): PublicError {
  return publicError(
    ErrorCode.BAD_REQUEST,
    'METHOD_NOT_ALLOWED',
    `${method} is not allowed on ${path}; use ${allow}`,
    405,
  );
}

/** A path the service does not have: 404. */
export function noSuchRoute(method: string, path: string): PublicError {
  const routes = `POST ${ROUTES.graphql}, POST ${ROUTES.fit} or POST ${ROUTES.predict}`;
  return publicError(ErrorCode.NOT_FOUND, 'NO_SUCH_ROUTE', `no route ${method} ${path}; try ${routes}`);
}

/** A body that says it is JSON and is not: 400. */
export function malformedJson(detail: string): PublicError {
  return publicError(ErrorCode.BAD_REQUEST, 'MALFORMED_JSON', `the request body is not valid JSON: ${detail}`);
}

function bytes(count: number): string {
  return `${count.toLocaleString('en-US')} bytes`;
}

/** Why a body refused while it was read cannot be served: not JSON, or over a limit checked while parsing. */
export function refusedBody(error: DataError): PublicError {
  return error.reason === 'MALFORMED_JSON' ? malformedJson(error.message) : toPublicError(error);
}
