import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

/** What a test says about the request; the rest of the event is filled in as API Gateway does. */
export interface EventRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: string | undefined;
  readonly base64?: boolean;
  readonly headers?: Record<string, string>;
  readonly query?: string;
  /**
   * Claims of a JWT that API Gateway's JWT authorizer verified: they arrive in
   * `requestContext.authorizer.jwt.claims` (values as strings), beside the bearer token itself.
   */
  readonly claims?: Record<string, string>;
}

/**
 * An API Gateway HTTP API payload format 2.0 event, shaped like those `sam local start-api`
 * and API Gateway send (lower-case headers, `$default` stage, base64 bodies when binary).
 */
export function httpApiEvent(request: EventRequest): APIGatewayProxyEventV2 {
  const now = new Date();
  const body =
    request.body === undefined
      ? undefined
      : request.base64
        ? Buffer.from(request.body, 'utf8').toString('base64')
        : request.body;
  const headers: Record<string, string> = {
    accept: '*/*',
    'content-length': String(request.body === undefined ? 0 : Buffer.byteLength(request.body)),
    host: 'abc123.execute-api.eu-west-1.amazonaws.com',
    'user-agent': 'vitest',
    'x-amzn-trace-id':
      `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-` + `${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    'x-forwarded-for': '127.0.0.1',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
    ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(request.claims
      ? { authorization: `Bearer ${Buffer.from(JSON.stringify(request.claims)).toString('base64url')}.sig` }
      : {}),
    ...request.headers,
  };
  return {
    version: '2.0',
    routeKey: `${request.method} ${request.path}`,
    rawPath: request.path,
    rawQueryString: request.query ?? '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method: request.method,
        path: request.path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'vitest',
      },
      requestId: randomUUID(),
      ...(request.claims ? { authorizer: { jwt: { claims: request.claims, scopes: null } } } : {}),
      routeKey: `${request.method} ${request.path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: Boolean(request.base64),
  };
}

/** The Lambda context object the runtime passes beside the event. */
export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'RegressionFunction',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:RegressionFunction',
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/RegressionFunction',
    logStreamName: '2026/11/25/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
