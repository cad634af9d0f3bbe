import type { ApolloServer } from '@apollo/server';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { GraphQLContext } from '../graphql/context.js';
import { handleRestRoute, REST_ROUTES } from '../rest/restRoutes.js';
import { errorResponse } from '../rest/restErrors.js';
import { ErrorCode, publicError, type Caller, type RegressionService } from '../service/index.js';
import { preflightResponse, withCors, type CorsPolicy } from './cors.js';
import { executeGraphQL } from './graphqlRequest.js';
import { jsonResponse, type HttpRequest, type HttpResponse } from './types.js';

/** Everything a transport needs to answer requests: built once by the composition root. */
export interface HttpApplication {
  readonly service: RegressionService;
  readonly apollo: ApolloServer<GraphQLContext>;
  readonly cors: CorsPolicy;
  readonly logger: Logger;
}

/** The path GraphQL is served on. */
export const GRAPHQL_PATH = '/graphql';

/** Who is calling; every request is single-tenant until an identity is configured. */
export function callerOf(_request: HttpRequest): Caller {
  return { tenant: undefined };
}

/** The GraphQL context of a request. */
export function graphqlContext(app: HttpApplication, request: HttpRequest): GraphQLContext {
  return { service: app.service, caller: callerOf(request), requestId: request.requestId };
}

/**
 * Answers every route except GraphQL itself (CORS preflight, health, the REST routes, 404 and
 * 405); resolves undefined for a GraphQL request, which the transport hands to Apollo.
 */
export async function routeNonGraphQL(request: HttpRequest, app: HttpApplication): Promise<HttpResponse | undefined> {
  const method = request.method.toUpperCase();
  const known = request.path === GRAPHQL_PATH || request.path === '/healthz' || isRestRoute(request.path);
  if (method === 'OPTIONS' && known) return preflightResponse(app.cors, request);
  if (request.path === GRAPHQL_PATH) return undefined;
  if (request.path === '/healthz') {
    return method === 'GET' || method === 'HEAD'
      ? jsonResponse(200, { status: 'ok' })
      : methodNotAllowed(request, 'GET, HEAD');
  }
  if (isRestRoute(request.path)) {
    if (method !== 'POST') return withCors(app.cors, request, methodNotAllowed(request, 'POST'));
    return withCors(app.cors, request, await handleRestRoute(request, app.service, callerOf(request)));
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
  const response = await executeGraphQL(app.apollo, request, graphqlContext(app, request));
  return withCors(app.cors, request, response);
}

/** One structured log line per request. */
export function logRequest(app: HttpApplication, request: HttpRequest, response: HttpResponse, startedAt: number): void {
  app.logger.info('request', {
    requestId: request.requestId,
    method: request.method,
    path: request.path,
    status: response.status,
    durationMs: Math.round((performance.now() - startedAt) * 1000) / 1000,
    requestBytes: request.body.length,
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
