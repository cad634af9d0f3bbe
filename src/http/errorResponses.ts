/**
 * The one writer of error bodies, one function per wire format: REST's `{"error": {…}}` (the
 * original service's shape) and GraphQL's `{"errors": [{message, extensions}]}`. Every error a
 * transport answers passes through here as a PublicError (service/publicErrors.ts: one
 * vocabulary of codes and reasons), so the two formats always say the same thing.
 */
import { ErrorCode, publicError, toPublicError, type PublicError } from '../service/index.js';
import { ROUTES } from './routes.js';
import { jsonResponse, type HttpResponse } from './types.js';

/** How a route writes its errors. */
export type WireFormat = 'rest' | 'graphql';

/** GraphQL's format for /graphql, REST's everywhere else (the REST routes, health, unknown paths). */
export function wireFormatOf(path: string): WireFormat {
  return path === ROUTES.graphql ? 'graphql' : 'rest';
}

/** The REST body: `{"error": {"code", "reason", "message", "requestId"}}`. */
export function restErrorBody(error: PublicError, requestId: string): unknown {
  return { error: { code: error.code, reason: error.reason, message: error.message, requestId } };
}

/** The GraphQL body: `{"errors": [{"message", "extensions": {"code", "reason", "requestId"}}]}`. */
export function graphqlErrorBody(error: PublicError, requestId: string): unknown {
  return { errors: [{ message: error.message, extensions: { code: error.code, reason: error.reason, requestId } }] };
}

/** The response for `error` in `format`, at the error's HTTP status. */
export function errorResponse(
  error: PublicError,
  requestId: string,
  format: WireFormat,
  headers: Record<string, string> = {},
): HttpResponse {
  const body = format === 'graphql' ? graphqlErrorBody(error, requestId) : restErrorBody(error, requestId);
  return jsonResponse(error.status, body, headers);
}

/** The response for anything thrown, mapped by toPublicError (an unknown error is a masked 500). */
export function errorResponseFor(error: unknown, requestId: string, format: WireFormat): HttpResponse {
  return errorResponse(toPublicError(error), requestId, format);
}

/** The masked 500 of an error a transport did not expect (its details go to the log). */
export function internalErrorResponse(requestId: string, format: WireFormat): HttpResponse {
  return errorResponse(
    publicError(ErrorCode.INTERNAL_SERVER_ERROR, 'INTERNAL', 'internal server error'),
    requestId,
    format,
  );
}
