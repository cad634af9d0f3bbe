/**
 * One error writer, one vocabulary: the same problem answered by REST and by GraphQL carries the
 * same code, reason and message, only in each route's wire format — for what the transport
 * refuses (malformed JSON, a body over the limit, data over MAX_COLUMNS) and what the service
 * refuses (a formula error). Through the application in process and through the Lambda handler.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handleHttpRequest } from '../../src/application/application.js';
import { composeApplication } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { parseRequestBody } from '../../src/http/requestBody.js';
import { createLambdaHandler } from '../../src/lambdaHandler.js';
import { InMemoryModelRepository } from '../../src/models/index.js';
import { httpApiEvent, lambdaContext } from '../support/apiGatewayEvents.js';

const config = loadConfig({ LOG_LEVEL: 'SILENT', MAX_BODY_BYTES: '2000', MAX_COLUMNS: '3' });
const app = composeApplication(config, { repository: new InMemoryModelRepository() });
const handler = createLambdaHandler(composeApplication(config, { repository: new InMemoryModelRepository() }));

const FIT = 'mutation($input: FitModelInput!) { fitModel(input: $input) { id } }';
const rows = [
  { x: 1, y: 2 },
  { x: 2, y: 3 },
  { x: 3, y: 5 },
];

/** The same problem as a REST body and as a GraphQL body. */
const PROBLEMS: [string, string, string][] = [
  [
    'malformed JSON',
    '{"formula": "y ~ x", "data": [',
    `{"query": ${JSON.stringify(FIT)}, "variables": {"input": {"formula": "y ~ x", "data": [`,
  ],
  [
    'a body over MAX_BODY_BYTES',
    JSON.stringify({ formula: 'y ~ x', data: rows, pad: 'p'.repeat(3000) }),
    JSON.stringify({ query: FIT, variables: { input: { formula: 'y ~ x', data: rows } }, pad: 'p'.repeat(3000) }),
  ],
  [
    'data over MAX_COLUMNS',
    JSON.stringify({ formula: 'y ~ x', data: [{ x: 1, y: 2, a: 1, b: 2 }] }),
    JSON.stringify({ query: FIT, variables: { input: { formula: 'y ~ x', data: [{ x: 1, y: 2, a: 1, b: 2 }] } } }),
  ],
  [
    'a formula syntax error',
    JSON.stringify({ formula: 'y ~ (x', data: rows }),
    JSON.stringify({ query: FIT, variables: { input: { formula: 'y ~ (x', data: rows } } }),
  ],
];

interface Answer {
  readonly status: number;
  readonly code: string;
  readonly reason: string;
  readonly message: string;
  readonly requestId: string;
}

function errorOf(body: string): Omit<Answer, 'status'> {
  const json = JSON.parse(body);
  if (json.error) return json.error;
  const [error] = json.errors;
  return { message: error.message, ...error.extensions };
}

async function inProcess(path: string, body: string): Promise<Answer> {
  const bytes = Buffer.from(body);
  const response = await handleHttpRequest(
    {
      method: 'POST',
      path,
      query: '',
      headers: { 'content-type': 'application/json' },
      body:
        bytes.length > config.maxBodyBytes
          ? { kind: 'none' }
          : parseRequestBody('POST', path, 'application/json', bytes, config.limits.maxColumns),
      bodyBytes: bytes.length,
      requestId: 'vocabulary',
    },
    app,
  );
  return { status: response.status, ...errorOf(response.body) };
}

async function throughLambda(path: string, body: string): Promise<Answer> {
  const event = httpApiEvent({ method: 'POST', path, body });
  const result = (await handler(event, lambdaContext(), () => undefined)) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode!, ...errorOf(result.body!), requestId: event.requestContext.requestId };
}

describe('REST and GraphQL say the same thing', () => {
  it.each(PROBLEMS)('%s', async (_name, restBody, graphqlBody) => {
    await app.apollo.start().catch(() => undefined);
    for (const send of [inProcess, throughLambda]) {
      const rest = await send('/fit', restBody);
      const graphql = await send('/graphql', graphqlBody);
      const { code, reason } = rest;
      expect(code).toBeDefined();
      // The bodies differ in length, so the positions and sizes a message quotes differ too.
      const shape = (message: string) => message.replace(/[\d,]+/g, '#');
      expect({ code: graphql.code, reason: graphql.reason, message: shape(graphql.message) }).toEqual({
        code,
        reason,
        message: shape(rest.message),
      });
      expect(['BAD_REQUEST', 'BAD_USER_INPUT']).toContain(code);
      expect(rest.requestId).toBeTruthy();
      expect(graphql.requestId).toBeTruthy();
    }
  });
});
