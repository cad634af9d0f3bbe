import type { HttpRequest, HttpResponse } from './types.js';

/** Which browser origins may call the API: `*` for any, or an exact list. */
export interface CorsPolicy {
  readonly allowedOrigins: readonly string[];
}

const ALLOWED_METHODS = 'GET,POST,OPTIONS';
const ALLOWED_HEADERS = 'content-type,authorization,x-api-key,apollo-require-preflight,x-apollo-operation-name';

/** The CORS headers for a request's origin; empty when it sent none or is not allowed. */
export function corsHeaders(policy: CorsPolicy, request: HttpRequest): Record<string, string> {
  const origin = request.headers.origin;
  if (!origin) return {};
  const anyOrigin = policy.allowedOrigins.includes('*');
  if (!anyOrigin && !policy.allowedOrigins.includes(origin)) return { vary: 'Origin' };
  return {
    'access-control-allow-origin': anyOrigin ? '*' : origin,
    'access-control-expose-headers': 'x-request-id',
    vary: 'Origin',
  };
}

/** The answer to a CORS preflight (`OPTIONS` with `Access-Control-Request-Method`). */
export function preflightResponse(policy: CorsPolicy, request: HttpRequest): HttpResponse {
  const headers = corsHeaders(policy, request);
  if (!headers['access-control-allow-origin']) return { status: 403, headers, body: '' };
  return {
    status: 204,
    headers: {
      ...headers,
      'access-control-allow-methods': ALLOWED_METHODS,
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-max-age': '600',
    },
    body: '',
  };
}

/** A response with CORS headers added for the request's origin. */
export function withCors(policy: CorsPolicy, request: HttpRequest, response: HttpResponse): HttpResponse {
  return { ...response, headers: { ...response.headers, ...corsHeaders(policy, request) } };
}
