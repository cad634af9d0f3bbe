/**
 * Cross-site requests, over real sockets: a POST that a web page can send without a CORS
 * preflight (no content type, or text/plain, a form or multipart) never reaches the REST routes,
 * exactly as Apollo Server's CSRF prevention decides for /graphql; and the local server's default
 * CORS policy lets only its own origin and loopback pages read its answers.
 */
import { mkdtemp } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApplication } from '../../src/compose.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createLambdaHandler } from '../../src/lambdaHandler.js';
import { startLocalServer, type LocalServer } from '../../src/local.js';
import { InMemoryModelRepository } from '../../src/models/index.js';
import { httpApiEvent, lambdaContext } from '../support/apiGatewayEvents.js';
import { HttpClient } from '../support/httpClient.js';
import { SEED_FIT_BODY } from '../support/seed.js';

let server: LocalServer;
let client: HttpClient;

beforeAll(async () => {
  const directory = await mkdtemp(join(tmpdir(), 'cross-site-'));
  server = await startLocalServer(loadConfig({ PORT: '0', MODEL_DIR: directory, LOG_LEVEL: 'SILENT' }));
  client = new HttpClient(server.url);
});

afterAll(async () => {
  await server?.close();
});

interface Answer {
  readonly status: number;
  readonly json: any;
  readonly headers: Headers;
}

/** A POST with exactly these headers (no content type unless given), as a page's fetch would send it. */
async function post(path: string, body: string, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers,
    body: Buffer.from(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined, headers: response.headers };
}

interface RawAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
}

/** A GET through node:http, which (unlike fetch) lets the test choose the Host header. */
function rawGet(path: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${server.url}${path}`, { headers, timeout: 10_000 }, (response) => {
      response.resume();
      response.once('end', () => resolve({ status: response.statusCode!, headers: response.headers }));
    });
    request.once('timeout', () => request.destroy(new Error('no answer')));
    request.once('error', reject);
    request.end();
  });
}

const FIT = JSON.stringify(SEED_FIT_BODY);
const GRAPHQL = JSON.stringify({ query: '{ __typename }' });
const csrfMessage = (got: string) =>
  `POST /fit takes a JSON body: send it with "content-type: application/json" (this request had ${got}). ` +
  'A body without a content type, or of type application/x-www-form-urlencoded, multipart/form-data or text/plain, ' +
  'is what any web page can send without a CORS preflight, so it is refused (CSRF prevention) unless the request ' +
  'also carries a non-empty apollo-require-preflight or x-apollo-operation-name header';

describe('REST routes: CSRF prevention as Apollo Server’s', () => {
  it('refuses the POSTs a web page can send without a preflight (415), storing nothing', async () => {
    const before = (await client.modelIds()).length;
    for (const [type, got] of [
      [undefined, 'no content type'],
      ['text/plain', 'content-type "text/plain"'],
      ['text/plain;charset=UTF-8', 'content-type "text/plain;charset=UTF-8"'],
      ['application/x-www-form-urlencoded', 'content-type "application/x-www-form-urlencoded"'],
      ['Multipart/Form-Data; boundary=----x', 'content-type "Multipart/Form-Data; boundary=----x"'],
    ] as const) {
      for (const path of ['/fit', '/predict']) {
        const headers = { ...(type === undefined ? {} : { 'content-type': type }), 'x-request-id': 'csrf-1' };
        const reply = await post(path, FIT, headers);
        expect(reply.status, `${path} ${type}`).toBe(415);
        expect(reply.json).toEqual({
          error: {
            // As Apollo's own CSRF prevention answers on /graphql.
            code: 'BAD_REQUEST',
            reason: 'CSRF_PREVENTED',
            message: csrfMessage(got).replace('/fit', path),
            requestId: 'csrf-1',
          },
        });
      }
    }
    expect((await client.modelIds()).length).toBe(before);
  });

  it('accepts JSON, any other type, and a simple type with a preflight header', async () => {
    for (const headers of [
      { 'content-type': 'application/json' },
      { 'content-type': 'application/json; charset=utf-8' },
      { 'content-type': 'application/vnd.api+json' },
      { 'content-type': 'text/plain', 'apollo-require-preflight': 'true' },
      { 'x-apollo-operation-name': 'Fit' },
    ] as Record<string, string>[]) {
      const reply = await post('/fit', FIT, headers);
      expect(reply.status, JSON.stringify(headers)).toBe(200);
      expect(reply.json.modelId).toMatch(/^[0-9a-f-]{36}$/);
    }
    // An empty preflight header does not count, as in Apollo.
    const empty = await post('/fit', FIT, { 'content-type': 'text/plain', 'apollo-require-preflight': '' });
    expect(empty.status).toBe(415);
  });

  it('refuses a request exactly when Apollo’s CSRF prevention refuses the same headers on /graphql', async () => {
    const piece = fc.constantFrom(
      'text',
      'plain',
      'TEXT/PLAIN',
      'application',
      'x-www-form-urlencoded',
      'multipart',
      'form-data',
      'json',
      '/',
      '/',
      ';',
      ' ',
      '\t',
      ',',
      '=',
      'charset=utf-8',
      '"',
      'a',
      '',
    );
    const contentType = fc.option(
      fc.array(piece, { maxLength: 6 }).map((pieces) => pieces.join('')),
      { nil: undefined },
    );
    const preflight = fc.constantFrom<Record<string, string>>(
      {},
      { 'apollo-require-preflight': '1' },
      { 'x-apollo-operation-name': 'Q' },
      { 'apollo-require-preflight': '' },
    );
    let accepted = 0;
    let refused = 0;
    const before = (await client.modelIds()).length;
    await fc.assert(
      fc.asyncProperty(contentType, preflight, async (type, extra) => {
        const headers: Record<string, string> = { ...(type === undefined ? {} : { 'content-type': type }), ...extra };
        const graphql = await post('/graphql', GRAPHQL, headers);
        const apolloMessage = String(graphql.json?.errors?.[0]?.message);
        const apolloRefused = graphql.status === 400 && apolloMessage.includes('Cross-Site Request Forgery');
        const rest = await post('/fit', FIT, headers);
        const restRefused = rest.status === 415 && rest.json.error.reason === 'CSRF_PREVENTED';
        expect(restRefused, JSON.stringify(headers)).toBe(apolloRefused);
        if (apolloRefused) refused++;
        else {
          expect(rest.status).toBe(200);
          accepted++;
        }
      }),
      // A fixed seed: the draw must give both outcomes (the counts below), every run the same.
      { numRuns: 150, seed: 20261204 },
    );
    expect(refused).toBeGreaterThan(10);
    expect(accepted).toBeGreaterThan(10);
    expect((await client.modelIds()).length).toBe(before + accepted);
  });

  it('refuses a simple POST through the Lambda handler too', async () => {
    const app = composeApplication(loadConfig({ LOG_LEVEL: 'SILENT' }), { repository: new InMemoryModelRepository() });
    const handler = createLambdaHandler(app);
    const invoke = async (event: APIGatewayProxyEventV2) =>
      (await handler(event, lambdaContext(), () => undefined)) as APIGatewayProxyStructuredResultV2;
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const event = httpApiEvent({ method: 'POST', path: '/fit', body: FIT, headers: { 'content-type': type } });
      const result = await invoke(event);
      expect(result.statusCode).toBe(415);
      const error = JSON.parse(result.body!).error;
      expect(error).toMatchObject({ reason: 'CSRF_PREVENTED', requestId: event.requestContext.requestId });
    }
    expect((await invoke(httpApiEvent({ method: 'POST', path: '/fit', body: FIT }))).statusCode).toBe(200);
  });
});

describe('local server: the default CORS policy', () => {
  const preflight = (origin: string) =>
    client.send('OPTIONS', '/fit', undefined, {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    });

  it('lets the server’s own origin and loopback pages on any port read answers and preflight', async () => {
    const port = new URL(server.url).port;
    for (const origin of [
      server.url,
      `http://localhost:${port}`,
      'http://localhost:5173',
      'http://127.0.0.1:3000',
      'http://[::1]:8080',
      'https://localhost:8443',
      'http://localhost',
      'https://127.0.0.1',
    ]) {
      const answer = await preflight(origin);
      expect(answer.status, origin).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
      const fitted = await client.post('/fit', SEED_FIT_BODY, { origin });
      expect(fitted.status).toBe(200);
      expect(fitted.headers.get('access-control-allow-origin')).toBe(origin);
      expect(fitted.headers.get('vary')).toBe('Origin');
    }
  });

  it(
    'allows Apollo Client’s client name and version headers in a preflight, ' +
      'and CORS_ALLOWED_HEADERS sets the list',
    async () => {
      const answer = await client.send('OPTIONS', '/graphql', undefined, {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,apollographql-client-name,apollographql-client-version',
      });
      expect(answer.status).toBe(204);
      const allowed = (answer.headers.get('access-control-allow-headers') ?? '').split(',');
      expect(allowed).toEqual(
        expect.arrayContaining(['content-type', 'apollographql-client-name', 'apollographql-client-version']),
      );
      expect(loadConfig({ CORS_ALLOWED_HEADERS: 'Content-Type, X-Trace' }).corsAllowedHeaders).toEqual([
        'content-type',
        'x-trace',
      ]);
      expect(() => loadConfig({ CORS_ALLOWED_HEADERS: 'content type' })).toThrow(/CORS_ALLOWED_HEADERS/);
    },
  );

  it('lets a page read answers from its own origin, whatever name the server is reached by', async () => {
    // As a browser on another machine would ask a server on HOST=0.0.0.0 through its name.
    for (const [host, origin, allowed] of [
      ['regression.lan:4000', 'http://regression.lan:4000', true],
      ['regression.lan:4000', 'http://regression.lan:4001', false],
      ['regression.lan', 'http://evil.example', false],
    ] as const) {
      const answer = await rawGet('/healthz', { host, origin });
      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin'], `${host} ${origin}`).toBe(allowed ? origin : undefined);
    }
  });

  it('gives any other page no CORS headers, so its browser withholds the answers', async () => {
    for (const origin of [
      'https://evil.example',
      'null',
      'http://localhost.evil.example',
      'http://127.0.0.1.nip.io:4000',
      'http://[::2]:4000',
      'http://127.0.0.2:4000',
      'file://',
      'http://localhost:4000/path',
      'chrome-extension://abc',
    ]) {
      const answer = await preflight(origin);
      expect(answer.status, origin).toBe(403);
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      const listed = await client.graphql('{ models(first: 1) { edges { cursor } } }', undefined, { origin });
      expect(listed.status).toBe(200);
      expect(listed.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it('takes `*`, exact origins and origins on any port from CORS_ALLOWED_ORIGINS, refusing others', async () => {
    const cors = (value: string) => loadConfig({ CORS_ALLOWED_ORIGINS: value }).corsAllowedOrigins;
    expect(cors('*')).toEqual(['*']);
    const canonical = ['https://app.example.com', 'http://localhost:*'];
    expect(cors(' https://App.Example.com/ , http://localhost:* ')).toEqual(canonical);
    const malformed = [
      'app.example.com',
      'https://app.example.com/api',
      'localhost:3000',
      'null',
      'https://*.example.com',
      'http://localhost:*/x',
    ];
    for (const value of malformed) {
      expect(() => loadConfig({ CORS_ALLOWED_ORIGINS: value }), value).toThrow(ConfigError);
      expect(() => loadConfig({ CORS_ALLOWED_ORIGINS: value }), value).toThrow(/^CORS_ALLOWED_ORIGINS: /);
    }
    const directory = await mkdtemp(join(tmpdir(), 'cors-'));
    const env = { PORT: '0', LOG_LEVEL: 'SILENT', MODEL_DIR: directory, CORS_ALLOWED_ORIGINS: '*' };
    const open = await startLocalServer(loadConfig(env));
    try {
      const origin = 'https://anywhere.example';
      const reply = await new HttpClient(open.url).send('GET', '/healthz', undefined, { origin });
      expect(reply.headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      await open.close();
    }
  });
});
