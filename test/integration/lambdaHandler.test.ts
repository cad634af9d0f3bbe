import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { composeApplication } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { createLambdaHandler } from '../../src/lambdaHandler.js';
import { InMemoryModelRepository } from '../../src/models/index.js';
import { httpApiEvent, lambdaContext, type EventRequest } from '../support/apiGatewayEvents.js';
import { expectClose } from '../support/assertions.js';
import { FIT_MODEL, PREDICT } from '../support/graphqlDocuments.js';
import { expectSeedCoefficients, SEED_EXPECTED, SEED_FIT_BODY } from '../support/seed.js';

const handler = createLambdaHandler(
  composeApplication(loadConfig({ LOG_LEVEL: 'SILENT', CORS_ALLOWED_ORIGINS: 'https://app.example.com' }), {
    repository: new InMemoryModelRepository(),
  }),
);

async function invoke(request: EventRequest): Promise<APIGatewayProxyStructuredResultV2 & { json: any }> {
  const result = (await handler(
    httpApiEvent(request),
    lambdaContext(),
    () => undefined,
  )) as APIGatewayProxyStructuredResultV2;
  let json: unknown;
  try {
    json = result.body ? JSON.parse(result.body) : undefined;
  } catch {
    json = undefined;
  }
  return { ...result, json };
}

function graphqlEvent(query: string, variables: unknown, base64 = false): EventRequest {
  return { method: 'POST', path: '/graphql', body: JSON.stringify({ query, variables }), base64 };
}

describe('Lambda handler with API Gateway HTTP API v2 events', () => {
  it('fits and predicts the seed example through GraphQL, base64 bodies included', async () => {
    const fitted = await invoke(graphqlEvent(FIT_MODEL, { input: SEED_FIT_BODY }, true));
    expect(fitted.statusCode).toBe(200);
    expect(fitted.json.errors).toBeUndefined();
    const model = fitted.json.data.fitModel;
    expectSeedCoefficients(model.coefficients);
    const predicted = await invoke(graphqlEvent(PREDICT, { input: { modelId: model.id, data: { Treatment: 'A' } } }));
    expectClose(predicted.json.data.predict.predictions[0], 100);
  });

  it('serves the seed REST routes with the seed’s JSON', async () => {
    const fitted = await invoke({ method: 'POST', path: '/fit', body: JSON.stringify(SEED_FIT_BODY), base64: true });
    expect(fitted.statusCode).toBe(200);
    expect(Object.keys(fitted.json).sort()).toEqual(['modelId', 'modelInfo']);
    expectClose(fitted.json.modelInfo['Treatment[T.B]'].p, SEED_EXPECTED['Treatment[T.B]'].p);
    const predicted = await invoke({
      method: 'POST',
      path: '/predict',
      body: JSON.stringify({ modelId: fitted.json.modelId, data: { Treatment: 'A' } }),
    });
    expect(predicted.statusCode).toBe(200);
    expectClose(predicted.json.prediction, 100);
  });

  it('answers REST errors with status and {error: {code, message}}', async () => {
    const missing = await invoke({
      method: 'POST',
      path: '/predict',
      body: JSON.stringify({ modelId: '01934a6e-5b6e-7c3a-9d2e-1f0a2b3c4d5e', data: {} }),
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json.error.code).toBe('NOT_FOUND');
    const bad = await invoke({
      method: 'POST',
      path: '/fit',
      body: JSON.stringify({ formula: 'Outcome ~ Nope', data: SEED_FIT_BODY.data }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json.error.message).toContain('"Nope"');
  });

  it('answers GraphQL domain errors with extensions.code and the request id', async () => {
    const result = await invoke(
      graphqlEvent(FIT_MODEL, { input: { formula: 'Outcome ~ (Treatment', data: SEED_FIT_BODY.data } }),
    );
    expect(result.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(result.json.errors[0].extensions.requestId).toBe(result.headers!['x-request-id']);
  });

  it('answers malformed JSON with a 400 GraphQL error', async () => {
    const result = await invoke({ method: 'POST', path: '/graphql', body: '{"query":' });
    expect(result.statusCode).toBe(400);
    expect(result.json.errors[0].extensions.reason).toBe('MALFORMED_JSON');
  });

  it('answers CORS preflight for allowed origins and adds CORS headers to responses', async () => {
    const preflight = await invoke({
      method: 'OPTIONS',
      path: '/graphql',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': 'https://app.example.com' });
    const refused = await invoke({
      method: 'OPTIONS',
      path: '/graphql',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(refused.statusCode).toBe(403);
    const result = await invoke({
      ...graphqlEvent('{ models { edges { cursor } } }', {}),
      headers: { origin: 'https://app.example.com' },
    });
    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({ 'access-control-allow-origin': 'https://app.example.com' });
  });

  it('answers a body over MAX_BODY_BYTES 413 with CORS headers, so a browser app can read why', async () => {
    const origin = 'https://app.example.com';
    const config = loadConfig({ LOG_LEVEL: 'SILENT', CORS_ALLOWED_ORIGINS: origin, MAX_BODY_BYTES: '2048' });
    const small = createLambdaHandler(composeApplication(config, { repository: new InMemoryModelRepository() }));
    const body = JSON.stringify({ ...SEED_FIT_BODY, padding: 'x'.repeat(3000) });
    const size = Buffer.byteLength(body).toLocaleString('en-US');
    for (const path of ['/fit', '/graphql']) {
      const event = httpApiEvent({ method: 'POST', path, body, base64: true, headers: { origin } });
      const result = (await small(event, lambdaContext(), () => undefined)) as APIGatewayProxyStructuredResultV2;
      expect(result.statusCode, path).toBe(413);
      expect(result.headers).toMatchObject({ 'access-control-allow-origin': origin, vary: 'Origin' });
      expect(result.body).toContain(`the request body (${size} bytes) is larger than the limit of 2,048 bytes`);
    }
  });

  it('serves the landing page on GET /graphql and health on GET /healthz', async () => {
    const landing = await invoke({ method: 'GET', path: '/graphql', headers: { accept: 'text/html' } });
    expect(landing.statusCode).toBe(200);
    expect(landing.body).toContain('sandbox');
    const health = await invoke({ method: 'GET', path: '/healthz' });
    expect(health.json).toEqual({ status: 'ok' });
  });
});
