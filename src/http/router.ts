import type { ApolloServer } from '@apollo/server';
import type { Logger } from '@aws-lambda-powertools/logger';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { errorResponse } from '../rest/restErrors.js';
import { handleRestRoute, REST_ROUTES } from '../rest/restRoutes.js';
import { ErrorCode, publicError, type PublicError, type RegressionService } from '../service/index.js';
import { preflightResponse, withCors, type CorsPolicy } from './cors.js';
import { csrfRefusal } from './csrf.js';
import { executeGraphQL } from './graphqlRequest.js';
import { identify, type TenancyPolicy } from './identity.js';
import { jsonResponse, type HttpRequest, type HttpResponse } from './types.js';

/** Everything a transport needs to answer requests: built once by the composition root. */
export interface HttpApplication {
  readonly service: RegressionService;
  readonly apollo: ApolloServer<GraphQLContext>;
  readonly cors: CorsPolicy;
  readonly tenancy: TenancyPolicy;
  /** The largest request body accepted, in bytes. */
  readonly maxBodyBytes: number;
  /** Distinct data columns of one request (MAX_COLUMNS), bounded while its body is parsed. */
  readonly maxColumns: number;
  readonly logger: Logger;
}

/** The path GraphQL is served on. */
export const GRAPHQL_PATH = '/graphql';

/**
 * The GraphQL context of a request. A request that cannot be attributed to a tenant fails
 * here, before any resolver runs, with UNAUTHENTICATED and HTTP 401.
 */
export function graphqlContext(app: HttpApplication, request: HttpRequest): GraphQLContext {
  const identification = identify(request, app.tenancy);
  if (!identification.ok) {
    throw new GraphQLError(identification.message, {
      extensions: {
        code: ErrorCode.UNAUTHENTICATED,
        reason: identification.reason,
        requestId: request.requestId,
        http: { status: 401 },
      },
    });
  }
  return { service: app.service, caller: identification.caller, requestId: request.requestId };
}

/**
 * Answers every route except GraphQL itself (CORS preflight, health, the REST routes, 404,
 * 405 and 413); resolves undefined for a GraphQL request, which the transport hands to Apollo.
 */
export async function routeNonGraphQL(request: HttpRequest, app: HttpApplication): Promise<HttpResponse | undefined> {
  const method = request.method.toUpperCase();
  const known = request.path === GRAPHQL_PATH || request.path === '/healthz' || isRestRoute(request.path);
  if (method === 'OPTIONS' && known) return preflightResponse(app.cors, request);
  if (request.path === GRAPHQL_PATH && request.bodyBytes <= app.maxBodyBytes) return undefined;
  // Every answer carries CORS headers, so that a browser app can read why it was refused.
  return withCors(app.cors, request, await answerNonGraphQL(request, method, app));
}

async function answerNonGraphQL(request: HttpRequest, method: string, app: HttpApplication): Promise<HttpResponse> {
  if (request.bodyBytes > app.maxBodyBytes) {
    return payloadTooLarge(request, app.maxBodyBytes, { bytes: request.bodyBytes });
  }
  if (request.path === '/healthz') {
    return method === 'GET' || method === 'HEAD' ? jsonResponse(200, { status: 'ok' }) : methodNotAllowed(request, 'GET, HEAD');
  }
  if (isRestRoute(request.path)) {
    if (method !== 'POST') return methodNotAllowed(request, 'POST');
    const forgery = csrfRefusal(request);
    if (forgery) return forgery;
    const identification = identify(request, app.tenancy);
    if (!identification.ok) {
      const error = publicError(ErrorCode.UNAUTHENTICATED, identification.reason, identification.message);
      return errorResponse(error, request.requestId);
    }
    return handleRestRoute(request, app.service, identification.caller, app.logger);
  }
  return errorResponse(
    publicError(ErrorCode.NOT_FOUND, 'NO_SUCH_ROUTE', `no route ${method} ${request.path}; try POST ${GRAPHQL_PATH}, POST /fit or POST /predict`),
    request.requestId,
  );
}

/** Answers any request in-process: the local server's whole application. */
export async function handleHttpRequest(request: HttpRequest, app: HttpApplication): Promise<HttpResponse> {
  const answered = await routeNonGraphQL(request, app);
  if (answered) return answered;
  const response = await executeGraphQL(app.apollo, request, () => graphqlContext(app, request));
  return withCors(app.cors, request, response);
}

/** What is known of the size of a body over the limit. */
export interface BodySize {
  /** Its size, when it was received whole (Lambda) or declared by Content-Length. */
  readonly bytes?: number;
  /** Whether `bytes` is the Content-Length, answered before the body was read. */
  readonly declared?: boolean;
}

/**
 * The answer to a body over the limit, in the style of the route it was sent to: a GraphQL
 * error for /graphql, the seed's `{error}` elsewhere. The local server stops reading at the
 * limit, so it may know no size.
 */
export function payloadTooLarge(request: HttpRequest, maxBodyBytes: number, size: BodySize = {}): HttpResponse {
  const known = size.bytes === undefined ? '' : ` (${bytes(size.bytes)}${size.declared ? ', its Content-Length' : ''})`;
  const message = `the request body${known} is larger than the limit of ${bytes(maxBodyBytes)} (MAX_BODY_BYTES)`;
  return inRouteStyle(request, { ...publicError(ErrorCode.BAD_USER_INPUT, 'LIMIT_EXCEEDED', message), status: 413 });
}

/** The answer to a request whose body did not all arrive within REQUEST_TIMEOUT_MS. */
export function requestTimedOut(
  request: HttpRequest,
  timeoutMs: number,
  received: number,
  declared?: number,
): HttpResponse {
  const of = declared === undefined ? 'bytes of its body' : `of its ${declared.toLocaleString('en-US')} body bytes`;
  const limit = `${timeoutMs.toLocaleString('en-US')} ms (REQUEST_TIMEOUT_MS)`;
  const message = `the request did not all arrive within ${limit}: ${received.toLocaleString('en-US')} ${of} came`;
  return inRouteStyle(request, { ...publicError(ErrorCode.BAD_USER_INPUT, 'REQUEST_TIMEOUT', message), status: 408 });
}

/** An error answered by the transport, as GraphQL errors are shaped for /graphql and REST's elsewhere. */
function inRouteStyle(request: HttpRequest, error: PublicError): HttpResponse {
  if (request.path === GRAPHQL_PATH) {
    return jsonResponse(error.status, {
      errors: [{ message: error.message, extensions: { code: error.code, reason: error.reason, requestId: request.requestId } }],
    });
  }
  return errorResponse(error, request.requestId);
}

function bytes(count: number): string {
  return `${count.toLocaleString('en-US')} bytes`;
}

/** One structured log line per request. */
export function logRequest(app: HttpApplication, request: HttpRequest, response: HttpResponse, startedAt: number): void {
  app.logger.info('request', {
    requestId: request.requestId,
    method: request.method,
    path: request.path,
    status: response.status,
    durationMs: performance.now() - startedAt,
    requestBytes: request.bodyBytes,
  });
}

function isRestRoute(path: string): boolean {
  return (REST_ROUTES as readonly string[]).includes(path);
}

function methodNotAllowed(request: HttpRequest, allow: string): HttpResponse {
  const response = errorResponse(
    publicError(ErrorCode.BAD_USER_INPUT, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${request.path}; use ${allow}`),
    request.requestId,
    { allow },
  );
  return { ...response, status: 405 };
}
