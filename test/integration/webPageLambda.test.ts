/**
 * The web page as routes of the deployed API: the Lambda handler, given API Gateway v2 events of
 * the template's page routes, answers the page and its assets from its own bundle; a browser's
 * GET /graphql gets Apollo Sandbox when the landing page is on (GraphiQL's files are not in the
 * bundle) and the short page when it is off, as in production.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { composeApplication } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { createLambdaHandler } from '../../src/lambdaHandler.js';
import { InMemoryModelRepository } from '../../src/models/index.js';
import { httpApiEvent, lambdaContext, type EventRequest } from '../support/apiGatewayEvents.js';

function handlerWith(env: Record<string, string>) {
  const app = composeApplication(loadConfig({ LOG_LEVEL: 'SILENT', ...env }), {
    repository: new InMemoryModelRepository(),
  });
  const handler = createLambdaHandler(app);
  return async (request: EventRequest) =>
    (await handler(httpApiEvent(request), lambdaContext(), () => undefined)) as APIGatewayProxyStructuredResultV2;
}

describe('the web page behind API Gateway', () => {
  const invoke = handlerWith({ NODE_ENV: 'production', MAX_BODY_BYTES: '2000000' });

  it('answers GET / with the page, told the request limit, and its assets', async () => {
    const page = await invoke({ method: 'GET', path: '/', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers?.['content-type']).toContain('text/html');
    const settings = /<script type="application\/json" id="page-config">(.*)<\/script>/.exec(String(page.body));
    expect(JSON.parse(settings![1]!)).toEqual({ maxBodyBytes: 2_000_000, apiKeyRequired: false });
    for (const asset of String(page.body).match(/assets\/app-[0-9a-f]{12}\.(js|css)/g) ?? []) {
      const answer = await invoke({ method: 'GET', path: `/${asset}` });
      expect(answer.statusCode).toBe(200);
      expect(answer.headers?.['content-type']).toContain(asset.endsWith('.js') ? 'javascript' : 'css');
      expect(String(answer.body).length).toBeGreaterThan(1000);
    }
    expect(String(page.body).match(/assets\/app-/g)).toHaveLength(2);
  });

  it('answers a browser at /graphql with a short page in production, no CSRF refusal', async () => {
    const answer = await invoke({ method: 'GET', path: '/graphql', headers: { accept: 'text/html' } });
    expect(answer.statusCode).toBe(200);
    expect(String(answer.body)).toContain('GraphQL endpoint');
  });

  it('answers a browser at /graphql with Apollo Sandbox when the landing page is on', async () => {
    const on = handlerWith({ LANDING_PAGE: 'true' });
    const answer = await on({ method: 'GET', path: '/graphql', headers: { accept: 'text/html' } });
    expect(answer.statusCode).toBe(200);
    expect(String(answer.body)).toContain('embeddable-sandbox');
    expect((await on({ method: 'GET', path: '/explorer/graphiql.js' })).statusCode).toBe(404);
  });
});
