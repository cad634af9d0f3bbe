import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Handler } from 'aws-lambda';
import { handleHttpRequest, logRequest, type HttpApplication } from './http/router.js';
import { parseRequestBody } from './http/requestBody.js';
import type { HttpRequest, HttpResponse } from './http/types.js';
import { jsonResponse } from './http/types.js';

/** The Lambda function's handler type: API Gateway HTTP API (payload format 2.0) events. */
export type HttpApiHandler = Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

/**
 * A Lambda handler over an application: each API Gateway event becomes the neutral request the
 * local server also builds, answered by the same `handleHttpRequest` (GraphQL through Apollo
 * Server's `executeHTTPGraphQLRequest`, the REST routes, health, CORS, 404/405/413). Calling
 * Apollo directly rather than through `@as-integrations/aws-lambda` keeps a second, CommonJS
 * copy of Apollo Server and graphql-tools out of the bundle (docs/performance.md).
 */
export function createLambdaHandler(app: HttpApplication): HttpApiHandler {
  // As the Lambda integration does: start now, and fail every request if start-up failed.
  app.apollo.startInBackgroundHandlingStartupErrorsByLoggingAndFailingAllRequests();
  return async (event) => {
    const startedAt = performance.now();
    const request = toHttpRequest(event);
    let response: HttpResponse;
    try {
      response = await handleHttpRequest(request, app);
    } catch (error) {
      app.logger.error('unhandled error in the Lambda handler', { requestId: request.requestId, error });
      response = jsonResponse(500, { errors: [{ message: 'internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    }
    response = { ...response, headers: { ...response.headers, 'x-request-id': request.requestId } };
    logRequest(app, request, response, startedAt);
    return { statusCode: response.status, headers: { ...response.headers }, body: response.body };
  };
}

/** The neutral request of an API Gateway v2 event (base64 bodies decoded). */
export function toHttpRequest(event: APIGatewayProxyEventV2): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  if (event.cookies?.length) headers.cookie = event.cookies.join('; ');
  const method = event.requestContext.http.method;
  const bytes = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  // API Gateway's JWT authorizer puts the verified token's claims here.
  const authorizer = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer;
  return {
    method,
    path: event.rawPath,
    query: event.rawQueryString ?? '',
    headers,
    body: parseRequestBody(method, event.rawPath, headers['content-type'], bytes),
    bodyBytes: bytes.length,
    requestId: event.requestContext.requestId,
    claims: authorizer?.jwt?.claims,
  };
}
