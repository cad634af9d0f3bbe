import type { HTTPGraphQLResponse } from '@apollo/server';
// The integration's handler factory alone, not its package index: the index also loads request
// handlers that require() Apollo Server's CommonJS build, a second copy of Apollo, graphql-tools
// and lru-cache beside the ES modules the rest of the code imports. Measured (interleaved, 5
// rounds, `node scripts/bench/coldStartCompare.mjs`): through the index the Lambda bundle is
// 1,400 KB instead of 1,195 KB and a cold start 26–36 ms slower (S3: 264 vs 238 ms; files: 211
// vs 175 ms, REST fit). The package has no exports map, so these paths are its published files;
// test/deploy/bundledHandler.test.ts runs the bundle that uses them.
import { startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda/dist/lambdaHandler.js';
import type { RequestHandler } from '@as-integrations/aws-lambda/dist/request-handlers/_create.js';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Handler } from 'aws-lambda';
import { graphqlContext, logRequest, routeNonGraphQL, type HttpApplication } from './application/application.js';
import {
  refusedBodyResponse,
  RefusedBodyError,
  toApolloRequest,
  withRequestIdInErrors,
} from './graphql/httpGraphQL.js';
import { withCors } from './http/cors.js';
import { internalErrorResponse } from './http/errorResponses.js';
import { parseRequestBody } from './http/requestBody.js';
import type { HttpRequest, HttpResponse } from './http/types.js';

/** The Lambda function's handler type: API Gateway HTTP API (payload format 2.0) events. */
export type HttpApiHandler = Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

/**
 * A Lambda handler over an application: Apollo Server through @as-integrations/aws-lambda for
 * /graphql, and a middleware in front of it that answers the REST routes, health, CORS
 * preflight and unknown paths with the same code the local server runs.
 */
export function createLambdaHandler(app: HttpApplication): HttpApiHandler {
  // The decoded request of each event, so a large body is decoded once per invocation.
  const requests = new WeakMap<APIGatewayProxyEventV2, HttpRequest>();
  // The invocation in progress (a container serves one at a time), for errors that name no event.
  let currentRequestId = '';
  const requestOf = (event: APIGatewayProxyEventV2): HttpRequest => {
    let request = requests.get(event);
    if (!request) {
      request = toHttpRequest(event, app.maxBodyBytes, app.maxColumns);
      requests.set(event, request);
    }
    currentRequestId = request.requestId;
    return request;
  };

  // The integration's request handler contract: the event as Apollo's request (parsed once, by
  // our own body reader), and Apollo's response (or a failure) as API Gateway's result.
  const requestHandler: RequestHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> = {
    fromEvent: (event) => toApolloRequest(requestOf(event)),
    toSuccessResult: (response: HTTPGraphQLResponse) => toSyncResult(response),
    toErrorResult: (error: unknown) => {
      if (error instanceof RefusedBodyError) return toResult(refusedBodyResponse(error));
      app.logger.error('unhandled error in the Lambda handler', { requestId: currentRequestId, error });
      return toResult(internalErrorResponse(currentRequestId, 'graphql'));
    },
  };

  return startServerAndCreateLambdaHandler(app.apollo, requestHandler, {
    context: async ({ event }) => graphqlContext(app, requestOf(event)),
    middleware: [
      async (event) => {
        const startedAt = performance.now();
        const request = requestOf(event);
        const answered = await routeNonGraphQL(request, app);
        if (answered) {
          logRequest(app, request, answered, startedAt);
          return toResult(withRequestId(answered, request.requestId));
        }
        return async (result) => {
          const tagged = withRequestIdInErrors(fromResult(result), request.requestId);
          const response = withRequestId(withCors(app.cors, request, tagged), request.requestId);
          Object.assign(result, toResult(response));
          logRequest(app, request, response, startedAt);
        };
      },
    ],
  });
}

/**
 * The neutral request of an API Gateway v2 event (base64 bodies decoded). A body over
 * `maxBodyBytes` is not parsed: the router answers it 413 without that work. `maxColumns` bounds
 * the distinct data columns as the body is parsed (MAX_COLUMNS).
 */
export function toHttpRequest(
  event: APIGatewayProxyEventV2,
  maxBodyBytes = Number.POSITIVE_INFINITY,
  maxColumns = Number.POSITIVE_INFINITY,
): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  if (event.cookies?.length) headers.cookie = event.cookies.join('; ');
  const method = event.requestContext.http.method;
  const bytes = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  // API Gateway's JWT authorizer puts the verified token's claims here.
  const authorizer = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } })
    .authorizer;
  return {
    method,
    path: event.rawPath,
    query: event.rawQueryString ?? '',
    headers,
    body:
      bytes.length > maxBodyBytes
        ? { kind: 'none' }
        : parseRequestBody(method, event.rawPath, headers['content-type'], bytes, maxColumns),
    bodyBytes: bytes.length,
    requestId: event.requestContext.requestId,
    claims: authorizer?.jwt?.claims,
  };
}

function withRequestId(response: HttpResponse, requestId: string): HttpResponse {
  return { ...response, headers: { ...response.headers, 'x-request-id': requestId } };
}

function toResult(response: HttpResponse): APIGatewayProxyStructuredResultV2 {
  return { statusCode: response.status, headers: { ...response.headers }, body: response.body };
}

function fromResult(result: APIGatewayProxyStructuredResultV2): HttpResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  return { status: result.statusCode ?? 200, headers, body: result.body ?? '' };
}

function toSyncResult(response: HTTPGraphQLResponse): APIGatewayProxyStructuredResultV2 {
  if (response.body.kind !== 'complete') throw new Error('incremental delivery is not enabled');
  return {
    statusCode: response.status ?? 200,
    headers: Object.fromEntries(response.headers),
    body: response.body.string,
  };
}
