import { ErrorCode, publicError, toPublicError, type PublicError } from '../service/index.js';
import { jsonResponse, type HttpResponse } from '../http/types.js';

/** The seed's error body, `{"error": {"code", "message"}}`, with the reason and request id added. */
export function errorResponse(error: PublicError, requestId: string, headers: Record<string, string> = {}): HttpResponse {
  return jsonResponse(
    error.status,
    { error: { code: error.code, reason: error.reason, message: error.message, requestId } },
    headers,
  );
}

/** The REST answer for an error thrown by the service or below. */
export function errorResponseFor(error: unknown, requestId: string): HttpResponse {
  return errorResponse(toPublicError(error), requestId);
}

/** A 400 for a request body that is not what the route takes. */
export function badRequest(reason: string, message: string, requestId: string): HttpResponse {
  return errorResponse(publicError(ErrorCode.BAD_USER_INPUT, reason, message), requestId);
}
