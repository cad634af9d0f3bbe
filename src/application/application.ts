/**
 * The application: what every transport answers, given a neutral request. The routes (CORS
 * preflight, health, the REST routes, GraphQL), the refusals that come before any of them (a
 * body over the limit, an unknown path or method, a cross-site form), and the GraphQL context.
 * The local server and the Lambda handler differ only in how a request reaches this module and
 * how its answer leaves: the local server answers everything through `handleHttpRequest`; the
 * Lambda hands GraphQL to @as-integrations/aws-lambda and the rest to `routeNonGraphQL`.
 */
import type { ApolloServer } from '@apollo/server';
import type { Logger } from '@aws-lambda-powertools/logger';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { executeGraphQL } from '../graphql/httpGraphQL.js';
import { preflightResponse, withCors, type CorsPolicy } from '../http/cors.js';
import { csrfRefusal } from '../http/csrf.js';
import { errorResponse, wireFormatOf } from '../http/errorResponses.js';
import {
  endpointPage,
  EXPLORER_PREFIX,
  explorerFileResponse,
  graphiqlPage,
  isBrowserVisit,
  type ExplorerFiles,
} from '../http/explorer.js';
import { identify, type TenancyPolicy } from '../http/identity.js';
import { methodNotAllowed, noSuchRoute, payloadTooLarge } from '../http/requestErrors.js';
import { isKnownRoute, isRestRoute, ROUTES } from '../http/routes.js';
import { jsonResponse, type HttpRequest, type HttpResponse } from '../http/types.js';
import { isPagePath, pageResponse, type PageSettings } from '../http/webPage.js';
import { handleRestRoute } from '../rest/restRoutes.js';
import { ErrorCode, publicError, type RegressionService } from '../service/index.js';

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
  /** What the web page at `/` is told about this server. */
  readonly page: PageSettings;
  /** Whether browsers get an explorer at GET /graphql (LANDING_PAGE). */
  readonly landingPage: boolean;
  /** GraphiQL's files when it is the explorer; otherwise Apollo answers browsers (Sandbox, when on). */
  readonly explorer: ExplorerFiles | undefined;
}

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
  if (method === 'OPTIONS' && isKnownRoute(request.path)) return preflightResponse(app.cors, request);
  if (request.path === ROUTES.graphql && request.bodyBytes <= app.maxBodyBytes) {
    if (isBrowserVisit(request)) {
      if (app.explorer) return graphiqlPage();
      if (!app.landingPage) return endpointPage();
    }
    return undefined;
  }
  // Every answer carries CORS headers, so that a browser app can read why it was refused.
  return withCors(app.cors, request, await answerNonGraphQL(request, method, app));
}

async function answerNonGraphQL(request: HttpRequest, method: string, app: HttpApplication): Promise<HttpResponse> {
  const format = wireFormatOf(request.path);
  if (request.bodyBytes > app.maxBodyBytes) {
    return errorResponse(payloadTooLarge(app.maxBodyBytes, { bytes: request.bodyBytes }), request.requestId, format);
  }
  if (request.path === ROUTES.health) {
    if (method === 'GET' || method === 'HEAD') return jsonResponse(200, { status: 'ok' });
    return errorResponse(methodNotAllowed(request.method, request.path, 'GET, HEAD'), request.requestId, format, {
      allow: 'GET, HEAD',
    });
  }
  if (isRestRoute(request.path)) {
    if (method !== 'POST') {
      return errorResponse(methodNotAllowed(request.method, request.path, 'POST'), request.requestId, format, {
        allow: 'POST',
      });
    }
    const forgery = csrfRefusal(request);
    if (forgery) return errorResponse(forgery, request.requestId, format);
    const identification = identify(request, app.tenancy);
    if (!identification.ok) {
      const refusal = publicError(ErrorCode.UNAUTHENTICATED, identification.reason, identification.message);
      return errorResponse(refusal, request.requestId, format);
    }
    return handleRestRoute(request, app.service, identification.caller, app.logger);
  }
  const staticFile = isPagePath(request.path) || (app.explorer && request.path.startsWith(EXPLORER_PREFIX));
  if (staticFile && method !== 'GET' && method !== 'HEAD') {
    return errorResponse(methodNotAllowed(request.method, request.path, 'GET, HEAD'), request.requestId, format, {
      allow: 'GET, HEAD',
    });
  }
  if (isPagePath(request.path)) return pageResponse(request.path, app.page);
  const explorerFile = app.explorer && (await explorerFileResponse(app.explorer, request.path));
  if (explorerFile) return explorerFile;
  return errorResponse(noSuchRoute(method, request.path), request.requestId, format);
}

/** Answers any request in-process: the local server's whole application. */
export async function handleHttpRequest(request: HttpRequest, app: HttpApplication): Promise<HttpResponse> {
  const answered = await routeNonGraphQL(request, app);
  if (answered) return answered;
  const response = await executeGraphQL(app.apollo, request, () => graphqlContext(app, request));
  return withCors(app.cors, request, response);
}

/** One structured log line per request. */
export function logRequest(
  app: HttpApplication,
  request: HttpRequest,
  response: HttpResponse,
  startedAt: number,
): void {
  app.logger.info('request', {
    requestId: request.requestId,
    method: request.method,
    path: request.path,
    status: response.status,
    durationMs: performance.now() - startedAt,
    requestBytes: request.bodyBytes,
  });
}
