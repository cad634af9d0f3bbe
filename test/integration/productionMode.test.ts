/**
 * Production mode (NODE_ENV=production): no landing page, no introspection, no field
 * suggestions, and unexpected errors masked for the client but logged, with their details,
 * under the request id the client was given, beside that request's own log line. Proved in
 * process (local server and Lambda handler, logs read from Powertools' own records) and on
 * the built server's real stdout.
 */
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApplication } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { createLambdaHandler } from '../../src/lambdaHandler.js';
import { startLocalServer, type LocalServer } from '../../src/local.js';
import { InMemoryModelRepository, type ModelDocument } from '../../src/models/index.js';
import { httpApiEvent, lambdaContext } from '../support/apiGatewayEvents.js';
import { CapturingLogger } from '../support/capturingLogger.js';
import { buildLocalBundle, startChildServer, type ChildServer } from '../support/childServer.js';
import { errorOf, HttpClient } from '../support/httpClient.js';
import { FIT_MODEL } from '../support/graphqlDocuments.js';
import { SEED_FIT_BODY } from '../support/seed.js';

const SECRET = "EACCES: permission denied, open '/var/task/secret-bucket/models/0192f1c4.json'";

/** A store whose writes fail with a plain Error, as a bug or an unforeseen fault would. */
class BrokenStore extends InMemoryModelRepository {
  override async save(_document: ModelDocument): Promise<void> {
    throw new Error(SECRET);
  }
}

/** Nothing internal in what the client sees. */
function expectNothingInternal(text: string): void {
  expect(text).not.toContain('EACCES');
  expect(text).not.toContain('/var/task');
  expect(text).not.toMatch(/\n\s+at |stacktrace|\.ts:\d+|\.js:\d+/);
}

/**
 * Mistakes for which graphql-js suggests a name of the schema ("Did you mean …?"), one of each
 * kind it has: fields, arguments, types, input fields and enum values, inline in the document and
 * in variables (variable coercion words its messages differently from validation).
 */
const SUGGESTION_CASES: readonly {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  problem: string;
  suggestion: string;
}[] = [
  { name: 'a field', query: '{ modle(id: "x") { id } }', problem: 'Cannot query field "modle"', suggestion: 'model' },
  {
    name: 'an argument',
    query: '{ models(frist: 1) { edges { cursor } } }',
    problem: 'Unknown argument "frist"',
    suggestion: 'first',
  },
  {
    name: 'a type of a variable',
    query: 'mutation Fit($input: FitModelInpt!) { fitModel(input: $input) { id } }',
    problem: 'Unknown type "FitModelInpt"',
    suggestion: 'FitModelInput',
  },
  {
    name: 'an enum value inline',
    query: 'mutation { fitModel(input: {formula: "y ~ x", csv: "x,y", covType: HC}) { id } }',
    problem: 'Value "HC" does not exist in "CovarianceType" enum',
    suggestion: 'HC0',
  },
  {
    name: 'an enum value in variables',
    query: FIT_MODEL,
    variables: { input: { ...SEED_FIT_BODY, covType: 'HC' } },
    problem: 'Value "HC" does not exist in "CovarianceType" enum',
    suggestion: 'HC0',
  },
  {
    name: 'an input field inline',
    query: 'mutation { fitModel(input: {formula: "y ~ x", csv: "x,y", wieghts: "w"}) { id } }',
    problem: 'Field "wieghts" is not defined by type "FitModelInput"',
    suggestion: 'weights',
  },
  {
    name: 'an input field in variables',
    query: FIT_MODEL,
    variables: { input: { ...SEED_FIT_BODY, wieghts: 'w' } },
    problem: 'Field "wieghts" is not defined by type "FitModelInput"',
    suggestion: 'weights',
  },
];

describe('development mode (introspection on) still suggests names', () => {
  let server: LocalServer;
  let client: HttpClient;

  beforeAll(async () => {
    server = await startLocalServer(loadConfig({ PORT: '0', LOG_LEVEL: 'SILENT' }), {
      repository: new InMemoryModelRepository(),
    });
    client = new HttpClient(server.url);
  });

  afterAll(async () => {
    await server?.close();
  });

  it.each(SUGGESTION_CASES.map((entry) => [entry.name, entry] as const))('for %s', async (_name, entry) => {
    const reply = await client.graphql(entry.query, entry.variables);
    const error = errorOf(reply)!;
    expect(error.message).toContain(entry.problem);
    expect(error.message).toMatch(new RegExp(`Did you mean (the enum value )?"${entry.suggestion}"`));
  });
});

describe('production mode, in process', () => {
  const logger = new CapturingLogger();
  const config = loadConfig({ NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'INFO' });
  let server: LocalServer;
  let client: HttpClient;

  beforeAll(async () => {
    server = await startLocalServer(config, { repository: new BrokenStore(), logger });
    client = new HttpClient(server.url);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('turns the landing page and introspection off by default', () => {
    expect(config).toMatchObject({ production: true, landingPage: false, introspection: false });
    expect(loadConfig({ NODE_ENV: 'production', INTROSPECTION: 'true' }).introspection).toBe(true);
    expect(loadConfig({})).toMatchObject({ production: false, landingPage: true, introspection: true });
  });

  it('serves no explorer on GET /graphql, but a short page saying what the endpoint is', async () => {
    const reply = await client.send('GET', '/graphql', undefined, { accept: 'text/html' });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('text/html');
    expect(reply.text.toLowerCase()).not.toContain('sandbox');
    expect(reply.text.toLowerCase()).not.toContain('graphiql');
    expect(reply.text).toContain('POST /graphql');
    // An operation sent by GET is still GraphQL's, CSRF prevention included.
    const operation = await client.send('GET', '/graphql?query=%7B__typename%7D', undefined, { accept: 'text/html' });
    expect(operation.headers.get('content-type')).toContain('application/json');
  });

  it('refuses introspection', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Model") { fields { name } } }']) {
      const reply = await client.graphql(query);
      expect(reply.status).toBe(400);
      expect(errorOf(reply)).toMatchObject({
        code: 'GRAPHQL_VALIDATION_FAILED',
        message: expect.stringContaining('introspection is not allowed'),
      });
      expect(reply.json.data).toBeUndefined();
    }
  });

  it('does not suggest field names, which would reveal the schema', async () => {
    const reply = await client.graphql('{ modle(id: "x") { id } }');
    expect(reply.status).toBe(400);
    expect(errorOf(reply)!.message).toContain('Cannot query field');
    expect(errorOf(reply)!.message).not.toMatch(/did you mean|"model"/i);
  });

  it.each(SUGGESTION_CASES.map((entry) => [entry.name, entry] as const))(
    'suggests nothing for %s',
    async (_name, entry) => {
      const reply = await client.graphql(entry.query, entry.variables);
      const error = errorOf(reply)!;
      expect(error.message).toContain(entry.problem);
      expect(reply.text).not.toMatch(/did you mean/i);
      expect(reply.text).not.toContain(`"${entry.suggestion}"`);
    },
  );

  it('suggests nothing behind API Gateway either', async () => {
    const handler = createLambdaHandler(
      composeApplication(config, { repository: new InMemoryModelRepository(), logger: new CapturingLogger() }),
    );
    for (const entry of SUGGESTION_CASES) {
      const body = JSON.stringify({ query: entry.query, variables: entry.variables });
      const result = (await handler(
        httpApiEvent({ method: 'POST', path: '/graphql', body }),
        lambdaContext(),
        () => undefined,
      )) as APIGatewayProxyStructuredResultV2;
      expect(JSON.parse(result.body!).errors[0].message).toContain(entry.problem);
      expect(result.body).not.toMatch(/did you mean/i);
    }
  });

  it('masks an unexpected error in GraphQL, and logs it under the request id the client was given', async () => {
    const reply = await client.graphql(FIT_MODEL, { input: SEED_FIT_BODY });
    expect(reply.status).toBe(200);
    expect(reply.json.data).toBeNull();
    const error = errorOf(reply)!;
    expect(error).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      reason: 'INTERNAL',
      message: 'internal server error',
      requestId: expect.any(String),
    });
    expect(error.requestId).toBe(reply.headers.get('x-request-id'));
    expectNothingInternal(reply.text);

    const lines = logger.linesOf(error.requestId!);
    const logged = lines.find((line) => line.level === 'ERROR');
    expect(logged).toMatchObject({
      message: 'unexpected error in a GraphQL request',
      service: 'serverless-regression',
    });
    expect(logged!.error.message).toBe(SECRET);
    expect(logged!.error.name).toBe('Error');
    expect(logged!.error.stack).toContain('BrokenStore.save');
    expect(logged!.path).toBe('fitModel');
    expect(lines.find((line) => line.message === 'request')).toMatchObject({
      level: 'INFO',
      method: 'POST',
      path: '/graphql',
      status: 200,
    });
  });

  it('masks an unexpected error in REST as a 500, and logs it under the request id the client was given', async () => {
    const reply = await client.post('/fit', SEED_FIT_BODY, { 'x-request-id': 'client-trace-42' });
    expect(reply.status).toBe(500);
    expect(reply.json).toEqual({
      error: {
        code: 'INTERNAL_SERVER_ERROR',
        reason: 'INTERNAL',
        message: 'internal server error',
        requestId: 'client-trace-42',
      },
    });
    expect(reply.headers.get('x-request-id')).toBe('client-trace-42');
    expectNothingInternal(reply.text);

    const lines = logger.linesOf('client-trace-42');
    expect(lines.find((line) => line.level === 'ERROR')).toMatchObject({
      message: 'unexpected error in a REST request',
      error: { message: SECRET },
    });
    expect(lines.find((line) => line.message === 'request')).toMatchObject({
      level: 'INFO',
      method: 'POST',
      path: '/fit',
      status: 500,
    });
  });

  it('masks it the same way behind API Gateway, under API Gateway’s request id', async () => {
    const lambdaLogger = new CapturingLogger();
    const handler = createLambdaHandler(
      composeApplication(config, { repository: new BrokenStore(), logger: lambdaLogger }),
    );
    const event = httpApiEvent({
      method: 'POST',
      path: '/graphql',
      body: JSON.stringify({ query: FIT_MODEL, variables: { input: SEED_FIT_BODY } }),
    });
    const result = (await handler(event, lambdaContext(), () => undefined)) as APIGatewayProxyStructuredResultV2;
    const requestId = event.requestContext.requestId;
    expect(result.headers!['x-request-id']).toBe(requestId);
    expect(JSON.parse(result.body!).errors[0]).toMatchObject({
      message: 'internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
    });
    expectNothingInternal(result.body!);
    const lines = lambdaLogger.linesOf(requestId);
    expect(lines.find((line) => line.level === 'ERROR')?.error.message).toBe(SECRET);
    expect(lines.find((line) => line.message === 'request')).toMatchObject({ path: '/graphql', status: 200 });

    const rest = (await handler(
      httpApiEvent({ method: 'POST', path: '/fit', body: JSON.stringify(SEED_FIT_BODY) }),
      lambdaContext(),
      () => undefined,
    )) as APIGatewayProxyStructuredResultV2;
    expect(rest.statusCode).toBe(500);
    expectNothingInternal(rest.body!);
    expect(lambdaLogger.lines.filter((line) => line.message === 'unexpected error in a REST request')).toHaveLength(1);
  });
});

describe('production mode, the built server’s stdout', () => {
  let child: ChildServer;
  let client: HttpClient;

  beforeAll(async () => {
    // The model directory lies under a regular file: every write fails inside the store.
    const base = await mkdtemp(join(tmpdir(), 'broken-store-'));
    await writeFile(join(base, 'not-a-directory'), 'x');
    child = await startChildServer(await buildLocalBundle(), {
      env: { NODE_ENV: 'production', MODEL_DIR: join(base, 'not-a-directory', 'models'), LOG_LEVEL: 'INFO' },
    });
    client = new HttpClient(child.url);
  }, 60_000);

  afterAll(async () => {
    await child?.stop();
  });

  it('prints only JSON lines', async () => {
    expect(await client.healthy()).toBe(true);
    expect(child.otherOutput).toEqual([]);
  });

  it('writes one request line per request, carrying the id in the x-request-id header', async () => {
    const reply = await client.send('GET', '/healthz');
    const requestId = reply.headers.get('x-request-id')!;
    const line = await child.waitForLog(
      (candidate) => candidate.requestId === requestId && candidate.message === 'request',
    );
    expect(line).toMatchObject({
      level: 'INFO',
      service: 'serverless-regression',
      method: 'GET',
      path: '/healthz',
      status: 200,
    });
    expect(typeof line.durationMs).toBe('number');
    expect(Date.parse(line.timestamp as string)).not.toBeNaN();
  });

  it('answers a store failure masked, and logs its cause under the same request id', async () => {
    const reply = await client.graphql(FIT_MODEL, { input: SEED_FIT_BODY });
    const error = errorOf(reply)!;
    expect(error).toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
      reason: 'WRITE_FAILED',
      message: 'the model store failed; nothing was stored',
    });
    expect(reply.text).not.toContain('not-a-directory');
    expect(reply.text).not.toContain('ENOTDIR');
    const logged = await child.waitForLog((line) => line.requestId === error.requestId && line.level === 'ERROR');
    expect(logged.error.message).toContain('ENOTDIR');
    expect(logged.error.message).toContain('not-a-directory');
    const request = await child.waitForLog((line) => line.requestId === error.requestId && line.message === 'request');
    expect(request).toMatchObject({ path: '/graphql', status: 200 });
    // Reading the broken store is an outage the client may retry, not an internal error.
    const listed = errorOf(await client.graphql('{ models { edges { cursor } } }'))!;
    expect(listed).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: 'the model store is unavailable; try again' });
    expect(
      (await child.waitForLog((line) => line.requestId === listed.requestId && line.level === 'ERROR')).error.message,
    ).toContain('ENOTDIR');
    expect(await client.healthy()).toBe(true);
  });
});
