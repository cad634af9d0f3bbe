import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startLocalServer, type LocalServer } from '../../src/local.js';
import { expectClose } from '../support/assertions.js';
import { DELETE_MODEL, FIT_MODEL, MODEL, MODELS, PREDICT } from '../support/graphqlDocuments.js';
import { expectSeedCoefficients, SEED_EXPECTED, SEED_FIT_BODY, SEED_ROWS } from '../support/seed.js';

let server: LocalServer;

beforeAll(async () => {
  const directory = await mkdtemp(join(tmpdir(), 'local-server-'));
  server = await startLocalServer(loadConfig({ PORT: '0', MODEL_DIR: directory, LOG_LEVEL: 'SILENT' }));
});

afterAll(async () => {
  await server.close();
});

interface GraphQLResponse {
  readonly status: number;
  readonly data?: Record<string, any> | null;
  readonly errors?: { message: string; extensions: Record<string, unknown> }[];
}

async function graphql(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

async function post(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function modelCount(): Promise<number> {
  const result = await graphql(MODELS, { first: 100 });
  return result.data!.models.edges.length;
}

describe('local server: GraphQL', () => {
  it('fits the seed A/B example with statsmodels’ numbers', async () => {
    const result = await graphql(FIT_MODEL, { input: { ...SEED_FIT_BODY, name: 'seed' } });
    expect(result.errors).toBeUndefined();
    const model = result.data!.fitModel;
    expect(model).toMatchObject({
      name: 'seed',
      formula: 'Outcome ~ Treatment',
      response: 'Outcome',
      nobs: 10,
      dfModel: 1,
      dfResid: 8,
    });
    expect(model.predictors).toEqual([{ name: 'Treatment', kind: 'CATEGORICAL', levels: ['A', 'B'] }]);
    expectSeedCoefficients(model.coefficients);
    for (const coefficient of model.coefficients) {
      expectClose(model.modelInfo[coefficient.name].p, SEED_EXPECTED[coefficient.name as keyof typeof SEED_EXPECTED].p);
    }
  });

  it('predicts from a stored model, taking one object as a list of one', async () => {
    const fitted = await graphql(FIT_MODEL, { input: SEED_FIT_BODY });
    const modelId = fitted.data!.fitModel.id;
    const one = await graphql(PREDICT, { input: { modelId, data: { Treatment: 'A' } } });
    expect(one.errors).toBeUndefined();
    expectClose(one.data!.predict.predictions[0], 100);
    const many = await graphql(PREDICT, {
      input: { modelId, data: [{ Treatment: 'B' }, { Treatment: 'A', Extra: 1 }] },
    });
    expect(many.data!.predict.predictions).toHaveLength(2);
    expectClose(many.data!.predict.predictions[0], 90);
    expectClose(many.data!.predict.predictions[1], 100);
  });

  it('takes the same data as columns or as CSV, and refuses two shapes at once', async () => {
    const columns = {
      Treatment: SEED_ROWS.map((row) => row.Treatment),
      Outcome: SEED_ROWS.map((row) => row.Outcome),
    };
    const csv = `Treatment,Outcome\n${SEED_ROWS.map((row) => `${row.Treatment},${row.Outcome}`).join('\n')}\n`;
    for (const input of [
      { formula: 'Outcome ~ Treatment', columns },
      { formula: 'Outcome ~ Treatment', csv },
    ]) {
      const result = await graphql(FIT_MODEL, { input });
      expect(result.errors).toBeUndefined();
      const coefficients = result.data!.fitModel.coefficients;
      expectClose(coefficients[1].estimate, SEED_EXPECTED['Treatment[T.B]'].estimate, 1e-9, 1e-12);
      expectClose(coefficients[1].pValue, SEED_EXPECTED['Treatment[T.B]'].p);
    }
    const both = await graphql(FIT_MODEL, { input: { formula: 'Outcome ~ Treatment', columns, csv } });
    expect(both.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(both.errors![0]!.message).toBe(
      'give exactly one of data (records), columns or csv; columns and csv were given',
    );
    const none = await graphql(FIT_MODEL, { input: { formula: 'Outcome ~ Treatment' } });
    expect(none.errors![0]!.message).toContain('none was given');
    const ragged = await graphql(FIT_MODEL, {
      input: { formula: 'Outcome ~ Treatment', columns: { ...columns, Outcome: [1, 2] } },
    });
    expect(ragged.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(ragged.errors![0]!.message).toContain('Outcome');
  });

  it('looks models up, lists them a page at a time and deletes them', async () => {
    const ids: string[] = [];
    for (const name of ['page-a', 'page-b', 'page-c']) {
      ids.push((await graphql(FIT_MODEL, { input: { ...SEED_FIT_BODY, name } })).data!.fitModel.id);
    }
    const found = await graphql(MODEL, { id: ids[1] });
    expect(found.data!.model).toMatchObject({ id: ids[1], name: 'page-b', formula: 'Outcome ~ Treatment', nobs: 10 });
    expect(Date.parse(found.data!.model.createdAt)).not.toBeNaN();

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const result: GraphQLResponse = await graphql(MODELS, { first: 2, after });
      const connection = result.data!.models;
      expect(connection.edges.length).toBeLessThanOrEqual(2);
      seen.push(...connection.edges.map((edge: { node: { id: string } }) => edge.node.id));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual([...seen].sort());
    expect(seen).toEqual(expect.arrayContaining(ids));

    expect((await graphql(DELETE_MODEL, { id: ids[1] })).data!.deleteModel).toEqual({ id: ids[1], deleted: true });
    expect((await graphql(MODEL, { id: ids[1] })).data!.model).toBeNull();
    expect((await graphql(DELETE_MODEL, { id: ids[1] })).data!.deleteModel).toEqual({ id: ids[1], deleted: false });
  });

  it('answers a bad formula with BAD_USER_INPUT, where it went wrong, and stores nothing', async () => {
    const before = await modelCount();
    const result = await graphql(FIT_MODEL, { input: { formula: 'Outcome ~ (Treatment', data: SEED_ROWS } });
    expect(result.data).toBeNull();
    expect(result.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.message).toMatch(/\(/);
    expect(result.errors![0]!.message).toContain('^');
    expect(await modelCount()).toBe(before);
  });

  it('names a column the data lacks', async () => {
    const result = await graphql(FIT_MODEL, { input: { formula: 'Outcome ~ Dose', data: SEED_ROWS } });
    expect(result.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.message).toContain('"Dose"');
  });

  it('names the column and row of a non-numeric value in a numeric column', async () => {
    const rows = SEED_ROWS.map((row, index) => (index === 3 ? { ...row, Outcome: 'eighty' } : row));
    const result = await graphql(FIT_MODEL, { input: { formula: 'Outcome ~ Treatment', data: rows } });
    expect(result.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.message).toContain('"Outcome"');
    expect(result.errors![0]!.message).toContain('row 4');
  });

  it('answers an unknown model id with NOT_FOUND', async () => {
    const result = await graphql(PREDICT, {
      input: { modelId: '01934a6e-5b6e-7c3a-9d2e-1f0a2b3c4d5e', data: { Treatment: 'A' } },
    });
    expect(result.errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect(result.errors![0]!.message).toContain('01934a6e-5b6e-7c3a-9d2e-1f0a2b3c4d5e');
  });

  it('tags errors with the request id it returns in a header', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-123' },
      body: JSON.stringify({ query: MODEL, variables: { id: 'not-an-id' } }),
    });
    expect(response.headers.get('x-request-id')).toBe('trace-123');
    const body = (await response.json()) as GraphQLResponse;
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', requestId: 'trace-123' });
  });

  it('answers malformed JSON with 400 and keeps serving', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as GraphQLResponse).errors![0]!.extensions.reason).toBe('MALFORMED_JSON');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('serves Apollo Sandbox as the landing page on GET', async () => {
    const response = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('sandbox');
  });
});

describe('local server: the seed REST routes', () => {
  it('POST /fit answers {modelId, modelInfo} with the seed’s numbers', async () => {
    const { status, body } = await post('/fit', SEED_FIT_BODY);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['modelId', 'modelInfo']);
    expect(Object.keys(body.modelInfo)).toEqual(['Intercept', 'Treatment[T.B]']);
    for (const [column, expected] of Object.entries(SEED_EXPECTED)) {
      expectClose(body.modelInfo[column].estimate, expected.estimate, 1e-9, 1e-10);
      expectClose(body.modelInfo[column].se, expected.se);
      expectClose(body.modelInfo[column].t, expected.t);
      expectClose(body.modelInfo[column].p, expected.p);
    }
  });

  it('POST /fit also takes columns or CSV instead of records', async () => {
    const columns = { Treatment: SEED_ROWS.map((row) => row.Treatment), Outcome: SEED_ROWS.map((row) => row.Outcome) };
    const csv = `Treatment,Outcome\n${SEED_ROWS.map((row) => `${row.Treatment},${row.Outcome}`).join('\n')}\n`;
    for (const body of [
      { formula: 'Outcome ~ Treatment', columns },
      { formula: 'Outcome ~ Treatment', csv },
    ]) {
      const { status, body: fitted } = await post('/fit', body);
      expect(status).toBe(200);
      expectClose(fitted.modelInfo['Treatment[T.B]'].se, SEED_EXPECTED['Treatment[T.B]'].se);
    }
  });

  it('POST /predict answers {prediction} for a record and {predictions} for an array', async () => {
    const { body: fitted } = await post('/fit', SEED_FIT_BODY);
    const one = await post('/predict', { modelId: fitted.modelId, data: { Treatment: 'A' } });
    expect(one.status).toBe(200);
    expect(Object.keys(one.body)).toEqual(['prediction']);
    expectClose(one.body.prediction, 100);
    const many = await post('/predict', { modelId: fitted.modelId, data: [{ Treatment: 'A' }, { Treatment: 'B' }] });
    expect(Object.keys(many.body)).toEqual(['predictions']);
    expectClose(many.body.predictions[1], 90);
  });

  it('answers errors as 400/404 with {error: {code, message}}', async () => {
    const bad = await post('/fit', { formula: 'Outcome ~ ', data: SEED_ROWS });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(bad.body.error.message).toEqual(expect.any(String));
    const missing = await post('/predict', {
      modelId: '01934a6e-5b6e-7c3a-9d2e-1f0a2b3c4d5e',
      data: { Treatment: 'A' },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const malformed = await post('/fit', '{"formula": "y ~ x", ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toContain('not valid JSON');
    const unseen = await post('/predict', {
      modelId: (await post('/fit', SEED_FIT_BODY)).body.modelId,
      data: { Treatment: 'C' },
    });
    expect(unseen.status).toBe(400);
    expect(unseen.body.error.message).toContain('"C"');
  });

  it('answers GET /healthz, 405 for a wrong method and 404 for an unknown path', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const wrongMethod = await fetch(`${server.url}/fit`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    const unknown = await fetch(`${server.url}/nope`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});
