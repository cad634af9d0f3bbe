/**
 * S3 faults seen from the client: the local server (and the Lambda handler) store models on
 * s3rver through a fault-injecting proxy, and are called over HTTP. Transient faults are
 * retried by the SDK and the request succeeds with the model stored intact; lasting faults
 * answer SERVICE_UNAVAILABLE (an outage, worth retrying) or INTERNAL_SERVER_ERROR (S3 refused:
 * configuration) with a request id, and no model is lost, corrupted, or reported stored when
 * it was not.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { composeApplication } from '../../src/compose.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLambdaHandler } from '../../src/lambdaHandler.js';
import { startLocalServer, type LocalServer } from '../../src/local.js';
import { newModelId, S3ModelRepository } from '../../src/models/index.js';
import { httpApiEvent, lambdaContext } from '../support/apiGatewayEvents.js';
import { expectClose } from '../support/assertions.js';
import type { Fault, FaultProxy } from '../support/faultProxy.js';
import { startFaultyS3 } from '../support/faultyS3.js';
import { FIT_MODEL, PREDICT } from '../support/graphqlDocuments.js';
import { errorOf, HttpClient, type Reply } from '../support/httpClient.js';
import type { LocalS3 } from '../support/s3rver.js';
import { SEED_FIT_BODY } from '../support/seed.js';

let s3: LocalS3;
let proxy: FaultProxy;
let bucket: string;
let config: Config;
let server: LocalServer;
let client: HttpClient;
/** Reads the bucket directly, around the proxy. */
let direct: S3ModelRepository;

beforeAll(async () => {
  let endpoint: string;
  ({ s3, proxy, endpoint, bucket } = await startFaultyS3());
  // Three attempts as in production; a short attempt timeout keeps the hanging cases quick.
  // No cache, so every read goes to S3 through the proxy.
  config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'SILENT',
    MODEL_BUCKET: bucket,
    S3_ENDPOINT: endpoint,
    S3_MAX_ATTEMPTS: '3',
    S3_REQUEST_TIMEOUT_MS: '400',
    MODEL_CACHE_BYTES: '0',
  });
  server = await startLocalServer(config);
  client = new HttpClient(server.url);
  direct = new S3ModelRepository(s3.client, bucket);
});

afterEach(() => proxy.clear());

afterAll(async () => {
  await server?.close();
  await proxy?.stop();
  await s3?.stop();
});

function storedKeys(): Promise<string[]> {
  return s3.keys(bucket);
}

/** Fits the seed model through REST or GraphQL; the model id, or the error. */
async function fitVia(transport: 'REST' | 'GraphQL'): Promise<Reply> {
  return transport === 'REST'
    ? client.post('/fit', SEED_FIT_BODY)
    : client.graphql(FIT_MODEL, { input: SEED_FIT_BODY });
}

function modelIdOf(reply: Reply): string | undefined {
  return reply.json?.modelId ?? reply.json?.data?.fitModel?.id;
}

/** What a client sees of a fit that failed: the error, tagged with the request id of the header. */
function expectFailure(reply: Reply, transport: 'REST' | 'GraphQL', code: string, status: number): void {
  const error = errorOf(reply);
  expect(error, reply.text).toBeDefined();
  expect(error!.code).toBe(code);
  expect(reply.status).toBe(transport === 'REST' ? status : 200);
  expect(error!.requestId).toBe(reply.headers.get('x-request-id'));
  expect(reply.text).not.toMatch(/s3rver|127\.0\.0\.1|ECONNRESET|socket hang up|\n\s+at /);
  if (transport === 'GraphQL') expect(reply.json.data).toBeNull();
}

const TRANSIENT: readonly (readonly [string, Fault, number])[] = [
  ['503 SlowDown twice', { kind: 'status', status: 503, code: 'SlowDown' }, 2],
  ['500 InternalError twice', { kind: 'status', status: 500, code: 'InternalError' }, 2],
  ['a reset before the request arrives, twice', { kind: 'resetBefore' }, 2],
  ['a reset after S3 stored the object, twice', { kind: 'resetAfter' }, 2],
  ['an attempt that never gets an answer', { kind: 'hang' }, 1],
];

describe.each(['REST', 'GraphQL'] as const)('fits through %s with S3 behind a faulty network', (transport) => {
  it.each(TRANSIENT)('succeeds through %s, and the model is stored intact', async (_name, fault, times) => {
    proxy.inject(fault, times, 'PUT');
    const reply = await fitVia(transport);
    const modelId = modelIdOf(reply);
    expect(modelId, reply.text).toBeDefined();
    const stored = await direct.get(undefined, modelId!);
    expect(stored).toMatchObject({ id: modelId, formula: 'Outcome ~ Treatment' });
    expect(stored!.fit.coefficients.map((coefficient) => coefficient.name)).toEqual(['Intercept', 'Treatment[T.B]']);
    expectClose(stored!.fit.coefficients[1]!.estimate, -10, 1e-12, 1e-12);
  });

  it('answers SERVICE_UNAVAILABLE when S3 keeps answering 503, and stores nothing', async () => {
    const before = await storedKeys();
    proxy.inject({ kind: 'status', status: 503, code: 'SlowDown' }, Number.POSITIVE_INFINITY, 'PUT');
    const reply = await fitVia(transport);
    expectFailure(reply, transport, 'SERVICE_UNAVAILABLE', 503);
    expect(errorOf(reply)!.message).toBe('the model store is unavailable; try again');
    expect(proxy.log.filter((entry) => entry.fault === 'status').length).toBeGreaterThanOrEqual(3);
    expect(await storedKeys()).toEqual(before);
  });

  it('answers SERVICE_UNAVAILABLE when every answer is lost after S3 stored the object, and removes it', async () => {
    const before = await storedKeys();
    proxy.inject({ kind: 'resetAfter' }, Number.POSITIVE_INFINITY, 'PUT');
    const reply = await fitVia(transport);
    expectFailure(reply, transport, 'SERVICE_UNAVAILABLE', 503);
    expect(await storedKeys()).toEqual(before);
  });

  it('answers SERVICE_UNAVAILABLE when S3 never answers, within the attempts’ time limits', async () => {
    const before = await storedKeys();
    proxy.inject({ kind: 'hang' }, Number.POSITIVE_INFINITY, 'PUT');
    const started = performance.now();
    const reply = await fitVia(transport);
    expect(performance.now() - started).toBeLessThan(10_000);
    expectFailure(reply, transport, 'SERVICE_UNAVAILABLE', 503);
    expect(await storedKeys()).toEqual(before);
  });

  it('answers INTERNAL_SERVER_ERROR when S3 refuses the write (403), and stores nothing', async () => {
    const before = await storedKeys();
    proxy.inject({ kind: 'status', status: 403, code: 'AccessDenied' }, Number.POSITIVE_INFINITY, 'PUT');
    const reply = await fitVia(transport);
    expectFailure(reply, transport, 'INTERNAL_SERVER_ERROR', 500);
    expect(errorOf(reply)).toMatchObject({
      reason: 'WRITE_FAILED',
      message: 'the model store failed; nothing was stored',
    });
    expect(await storedKeys()).toEqual(before);
  });
});

describe('predictions, listings and deletions with S3 behind a faulty network', () => {
  let modelId: string;
  let expected: number[];

  beforeAll(async () => {
    const reply = await client.post('/fit', SEED_FIT_BODY);
    modelId = reply.json.modelId;
    expected = (await client.post('/predict', { modelId, data: [{ Treatment: 'A' }, { Treatment: 'B' }] })).json
      .predictions;
    expectClose(expected[1], 90);
  });

  const predictGraphQL = () =>
    client.graphql(PREDICT, { input: { modelId, data: [{ Treatment: 'A' }, { Treatment: 'B' }] } });

  it.each([
    ['503 SlowDown twice', { kind: 'status', status: 503, code: 'SlowDown' }, 2],
    ['a reset twice', { kind: 'resetBefore' }, 2],
    ['a body cut in half twice', { kind: 'truncate' }, 2],
    ['an attempt that never gets an answer', { kind: 'hang' }, 1],
  ] as const)('predicts exactly through %s', async (_name, fault, times) => {
    proxy.inject(fault, times, 'GET');
    const reply = await predictGraphQL();
    expect(reply.json.errors, reply.text).toBeUndefined();
    expect(reply.json.data.predict.predictions).toEqual(expected);
  });

  it.each([
    ['503 SlowDown', { kind: 'status', status: 503, code: 'SlowDown' }],
    ['bodies cut in half', { kind: 'truncate' }],
    ['resets', { kind: 'resetBefore' }],
  ] as const)(
    'answers SERVICE_UNAVAILABLE while reads keep failing with %s, and the model is intact after',
    async (_name, fault) => {
      proxy.inject(fault, Number.POSITIVE_INFINITY, 'GET');
      const rest = await client.post('/predict', { modelId, data: { Treatment: 'B' } });
      expectFailure(rest, 'REST', 'SERVICE_UNAVAILABLE', 503);
      expectFailure(await predictGraphQL(), 'GraphQL', 'SERVICE_UNAVAILABLE', 503);
      const listed = await client.graphql('{ models(first: 5) { edges { node { id } } } }');
      expectFailure(listed, 'GraphQL', 'SERVICE_UNAVAILABLE', 503);
      proxy.clear();
      expect((await predictGraphQL()).json.data.predict.predictions).toEqual(expected);
    },
  );

  it('answers a model id S3 has not (404) as NOT_FOUND, not as an outage', async () => {
    const reply = await client.post('/predict', { modelId: newModelId(), data: { Treatment: 'A' } });
    expect(reply.status).toBe(404);
    expect(errorOf(reply)!.code).toBe('NOT_FOUND');
  });

  it('answers a damaged document as INTERNAL_SERVER_ERROR naming the model, not as a failed write', async () => {
    const damaged = newModelId();
    await s3.client.send(
      new PutObjectCommand({ Bucket: bucket, Key: `models/${damaged}.json`, Body: '{"schemaVersion": 1, "id": "' }),
    );
    const reply = await client.post('/predict', { modelId: damaged, data: { Treatment: 'A' } });
    expect(reply.status).toBe(500);
    expect(errorOf(reply)).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', reason: 'CORRUPT_DOCUMENT' });
    expect(errorOf(reply)!.message).toContain(damaged);
    expect(errorOf(reply)!.message).not.toContain('nothing was stored');
  });

  it(
    'answers INTERNAL_SERVER_ERROR when S3 refuses reads (403), ' + 'saying so rather than “nothing was stored”',
    async () => {
      proxy.inject({ kind: 'status', status: 403, code: 'AccessDenied' }, Number.POSITIVE_INFINITY, 'GET');
      const reply = await client.post('/predict', { modelId, data: { Treatment: 'A' } });
      expectFailure(reply, 'REST', 'INTERNAL_SERVER_ERROR', 500);
      expect(errorOf(reply)).toMatchObject({ reason: 'REFUSED', message: 'the model store refused the request' });
    },
  );

  it('answers SERVICE_UNAVAILABLE when a delete keeps failing, and the model stays', async () => {
    const target = (await client.post('/fit', SEED_FIT_BODY)).json.modelId as string;
    proxy.inject({ kind: 'status', status: 503, code: 'SlowDown' }, Number.POSITIVE_INFINITY, 'DELETE');
    expectFailure(
      await client.graphql(`mutation { deleteModel(id: "${target}") { deleted } }`),
      'GraphQL',
      'SERVICE_UNAVAILABLE',
      503,
    );
    proxy.clear();
    expect(await direct.get(undefined, target)).toMatchObject({ id: target });
    expect(
      (await client.graphql(`mutation { deleteModel(id: "${target}") { deleted } }`)).json.data.deleteModel.deleted,
    ).toBe(true);
    expect(await direct.get(undefined, target)).toBeUndefined();
  });
});

describe('the Lambda handler with S3 behind a faulty network', () => {
  async function invoke(
    body: unknown,
  ): Promise<{ result: APIGatewayProxyStructuredResultV2; requestId: string; json: any }> {
    const handler = createLambdaHandler(composeApplication(config));
    const event = httpApiEvent({ method: 'POST', path: '/graphql', body: JSON.stringify(body) });
    const result = (await handler(event, lambdaContext(), () => undefined)) as APIGatewayProxyStructuredResultV2;
    return { result, requestId: event.requestContext.requestId, json: JSON.parse(result.body!) };
  }

  it('retries a transient fault into success', async () => {
    proxy.inject({ kind: 'status', status: 503, code: 'SlowDown' }, 2, 'PUT');
    const { json } = await invoke({ query: FIT_MODEL, variables: { input: SEED_FIT_BODY } });
    expect(json.errors).toBeUndefined();
    expect(await direct.get(undefined, json.data.fitModel.id)).toMatchObject({ id: json.data.fitModel.id });
  });

  it('answers a lasting fault with SERVICE_UNAVAILABLE under API Gateway’s request id, storing nothing', async () => {
    const before = await storedKeys();
    proxy.inject({ kind: 'resetBefore' }, Number.POSITIVE_INFINITY, 'PUT');
    const { result, requestId, json } = await invoke({ query: FIT_MODEL, variables: { input: SEED_FIT_BODY } });
    expect(result.headers!['x-request-id']).toBe(requestId);
    expect(json).toMatchObject({ data: null, errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE', requestId } }] });
    expect(await storedKeys()).toEqual(before);
  });
});
