import type { HttpRequest, HttpResponse } from './types.js';

/** The port of an allowed origin that matches any port (or none). */
const ANY_PORT = ':*';

/**
 * Which browser origins may read the API's answers. Each entry is `*` (any origin), an exact
 * origin (`https://app.example.com`), or an origin on any port (`http://localhost:*`). The
 * request's own origin (its Host) is always allowed: a page the server itself serves is
 * same-origin, which CORS never restricts.
 */
export interface CorsPolicy {
  readonly allowedOrigins: readonly string[];
  /** Request headers a browser may send cross-origin (the preflight's answer); lower case. */
  readonly allowedHeaders: readonly string[];
}

/**
 * The default: pages on this machine only. Any web page may otherwise read, and through
 * GraphQL delete, the models of a server running on a laptop.
 */
export const LOOPBACK_ORIGINS: readonly string[] = ['http', 'https'].flatMap((scheme) =>
  ['localhost', '127.0.0.1', '[::1]'].map((host) => `${scheme}://${host}${ANY_PORT}`),
);

const ALLOWED_METHODS = 'GET,POST,OPTIONS';
/**
 * The default request headers a browser may send: the JSON body's type, credentials (a bearer
 * token, an API key), Apollo's CSRF-prevention headers, and the client name and version Apollo
 * Client sends for its operations (`apollographql-client-name`/`-version`).
 */
export const DEFAULT_ALLOWED_HEADERS: readonly string[] = Object.freeze([
  'content-type',
  'authorization',
  'x-api-key',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
]);

/**
 * An allowed-origin entry in its canonical form (lower-case host, no default port, no trailing
 * slash), or undefined when it is not `*`, an origin, or an origin with `:*` for its port.
 */
export function canonicalAllowedOrigin(entry: string): string | undefined {
  if (entry === '*') return entry;
  const withoutSlash = entry.endsWith('/') ? entry.slice(0, -1) : entry;
  const anyPort = withoutSlash.endsWith(ANY_PORT);
  const base = anyPort ? withoutSlash.slice(0, -ANY_PORT.length) : withoutSlash;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return undefined;
  }
  // Only an origin: no path, query, credentials, wildcard host, nor a port beside `:*`.
  const plain = url.origin !== 'null' && url.href === `${url.origin}/` && !url.hostname.includes('*');
  if (!plain || (anyPort && /:\d*$/.test(base))) return undefined;
  return anyPort ? `${url.protocol}//${url.hostname}${ANY_PORT}` : url.origin;
}

/** The CORS headers for a request's origin; empty when it sent none or is not allowed. */
export function corsHeaders(policy: CorsPolicy, request: HttpRequest): Record<string, string> {
  const origin = request.headers.origin;
  if (!origin) return {};
  const anyOrigin = policy.allowedOrigins.includes('*');
  if (!anyOrigin && !originAllowed(policy, origin, request.headers.host)) return { vary: 'Origin' };
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
      'access-control-allow-headers': policy.allowedHeaders.join(','),
      'access-control-max-age': '600',
    },
    body: '',
  };
}

/** A response with CORS headers added for the request's origin. */
export function withCors(policy: CorsPolicy, request: HttpRequest, response: HttpResponse): HttpResponse {
  return { ...response, headers: { ...response.headers, ...corsHeaders(policy, request) } };
}

function originAllowed(policy: CorsPolicy, origin: string, host: string | undefined): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // Browsers send an origin serialized, so anything else (`null`, a path) is no origin.
  if (url.origin === 'null' || url.origin !== origin) return false;
  if (host !== undefined && url.host === host.toLowerCase()) return true;
  const onAnyPort = `${url.protocol}//${url.hostname}${ANY_PORT}`;
  return policy.allowedOrigins.some((allowed) => allowed === origin || allowed === onAnyPort);
}
