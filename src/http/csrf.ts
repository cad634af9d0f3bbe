import { ErrorCode, publicError, type PublicError } from '../service/index.js';
import type { HttpRequest } from './types.js';

/**
 * CSRF prevention for the REST routes, decided exactly as Apollo Server's `preventCsrf` decides
 * for /graphql (@apollo/server's preventCsrf.js): a request is refused when a web page could have
 * sent it without a CORS preflight, i.e. it has no content type or one of the three "simple"
 * types, and carries none of the headers that only a preflighted request can carry.
 */

/** Apollo's recommended preflight-forcing headers (`recommendedCsrfPreventionRequestHeaders`). */
export const PREFLIGHT_HEADERS: readonly string[] = ['x-apollo-operation-name', 'apollo-require-preflight'];

/** The content types a browser sends cross-site without a preflight, in Apollo's order. */
const SIMPLE_CONTENT_TYPES: readonly string[] = [
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
];

const TOKEN = "[-!#$%&'*+.^_`|~A-Za-z0-9]+";
const WHITESPACE = '[ \\t\\n\\r]*';
/** WHATWG MIME type parsing up to the essence: parameters never make it fail. */
const MIME_ESSENCE = new RegExp(`^${WHITESPACE}(${TOKEN})/(${TOKEN})${WHITESPACE}(?:;|$)`);

/**
 * The essence (`type/subtype`, lower case) of a Content-Type value, or undefined when it is not
 * a MIME type (a browser must preflight a request whose content type does not parse).
 */
export function mimeEssence(contentType: string): string | undefined {
  const match = MIME_ESSENCE.exec(contentType);
  return match ? `${match[1]!}/${match[2]!}`.toLowerCase() : undefined;
}

/** Whether any web page could have sent this request without a preflight. */
export function sendableWithoutPreflight(headers: HttpRequest['headers']): boolean {
  const contentType = headers['content-type'];
  if (contentType !== undefined) {
    const essence = mimeEssence(contentType);
    if (essence === undefined || !SIMPLE_CONTENT_TYPES.includes(essence)) return false;
  }
  return !PREFLIGHT_HEADERS.some((name) => (headers[name] ?? '').length > 0);
}

/** The 415 for a REST request that could be a cross-site forgery, or undefined to let it through. */
export function csrfRefusal(request: HttpRequest): PublicError | undefined {
  if (!sendableWithoutPreflight(request.headers)) return undefined;
  const type = request.headers['content-type'];
  const got = type === undefined ? 'no content type' : `content-type ${JSON.stringify(type)}`;
  const message =
    `${request.method.toUpperCase()} ${request.path} takes a JSON body: ` +
    `send it with "content-type: application/json" (this request had ${got}). ` +
    'A body without a content type, or of type application/x-www-form-urlencoded, multipart/form-data or ' +
    'text/plain, is what any web page can send without a CORS preflight, so it is refused (CSRF prevention) ' +
    'unless the request also carries a non-empty apollo-require-preflight or x-apollo-operation-name header';
  // BAD_REQUEST, as Apollo's own CSRF prevention answers it on /graphql.
  return publicError(ErrorCode.BAD_REQUEST, 'CSRF_PREVENTED', message, 415);
}
