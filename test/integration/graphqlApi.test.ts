/**
 * What GraphQL clients build on, over real HTTP to the local server: listing newest first, by
 * name, with a total count; predictions as a query too, sendable by GET and cacheable; cache
 * hints on immutable answers; `deleteModel`'s payload for a client cache.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startLocalServer, type LocalServer } from '../../src/local.js';
import { HttpClient } from '../support/httpClient.js';
import { SEED_FIT_BODY } from '../support/seed.js';

let server: LocalServer;
let client: HttpClient;
const ids: Record<string, string[]> = { alpha: [], beta: [] };

const FIT = 'mutation($input: FitModelInput!) { fitModel(input: $input) { id } }';
const LIST = `query($first: Int, $after: String, $orderBy: ModelOrder, $name: String) {
  models(first: $first, after: $after, orderBy: $orderBy, name: $name) {
    totalCount edges { node { id name } } pageInfo { hasNextPage endCursor } } }`;
const PREDICTION = `query($input: PredictInput!) {
  prediction(input: $input) { predictions rows { fit stdErrorMean lower upper stdErrorReason } } }`;
const PREDICT = `mutation($input: PredictInput!) {
  predict(input: $input) { predictions rows { fit stdErrorMean lower upper stdErrorReason } } }`;

beforeAll(async () => {
  const directory = await mkdtemp(join(tmpdir(), 'graphql-api-'));
  server = await startLocalServer(loadConfig({ PORT: '0', MODEL_DIR: directory, LOG_LEVEL: 'SILENT' }));
  client = new HttpClient(server.url);
  for (const name of ['alpha', 'beta', 'alpha', 'alpha', 'beta']) {
    const reply = await client.graphql(FIT, { input: { ...SEED_FIT_BODY, name } });
    ids[name]!.push(reply.json.data.fitModel.id);
  }
});

afterAll(async () => {
  await server.close();
});

/** A GET of a GraphQL query, as a client that caches would send it (the preflight header passes CSRF prevention). */
function get(
  query: string,
  variables: Record<string, unknown>,
): Promise<{ status: number; headers: Headers; json: any }> {
  const url =
    `${server.url}/graphql?query=${encodeURIComponent(query)}` +
    `&variables=${encodeURIComponent(JSON.stringify(variables))}`;
  return fetch(url, { headers: { 'apollo-require-preflight': 'true' } }).then(async (response) => ({
    status: response.status,
    headers: response.headers,
    json: await response.json(),
  }));
}

describe('models', () => {
  it('lists newest first, a page at a time, with the total count', async () => {
    const all = [...ids.alpha!, ...ids.beta!].sort();
    const first = (await client.graphql(LIST, { first: 3, orderBy: 'NEWEST_FIRST' })).json.data.models;
    expect(first.totalCount).toBe(5);
    expect(first.edges.map((edge: any) => edge.node.id)).toEqual([...all].reverse().slice(0, 3));
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = (await client.graphql(LIST, { first: 3, orderBy: 'NEWEST_FIRST', after: first.pageInfo.endCursor }))
      .json.data.models;
    expect(rest.edges.map((edge: any) => edge.node.id)).toEqual([...all].reverse().slice(3));
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it('lists only the models of a name, oldest first by default, and counts them', async () => {
    const alpha = (await client.graphql(LIST, { first: 10, name: 'alpha' })).json.data.models;
    expect(alpha.edges.map((edge: any) => edge.node.id)).toEqual(ids.alpha);
    expect(alpha.edges.every((edge: any) => edge.node.name === 'alpha')).toBe(true);
    expect(alpha.totalCount).toBe(3);
    const none = (await client.graphql(LIST, { first: 10, name: 'gamma' })).json.data.models;
    expect(none).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });
});

describe('predictions as a query', () => {
  it('answer exactly what the mutation answers, also by GET, with a private cache hint', async () => {
    const input = { modelId: ids.beta![0], data: [{ Treatment: 'A' }, { Treatment: 'B' }], interval: 'CONFIDENCE' };
    const mutation = (await client.graphql(PREDICT, { input })).json.data.predict;
    const query = (await client.graphql(PREDICTION, { input })).json.data.prediction;
    expect(query).toEqual(mutation);
    const byGet = await get(PREDICTION, { input });
    expect(byGet.status).toBe(200);
    expect(byGet.json.data.prediction).toEqual(mutation);
    expect(byGet.headers.get('cache-control')).toBe('max-age=60, private');
  });
});

describe('cache hints', () => {
  it('let a stored model be cached for a minute, privately, and never a listing or an error', async () => {
    const model = await get(
      'query($id: ID!) { model(id: $id) { id formula coefficients { name estimate confInt { lower upper } } } }',
      { id: ids.alpha![0] },
    );
    expect(model.json.data.model.id).toBe(ids.alpha![0]);
    expect(model.headers.get('cache-control')).toBe('max-age=60, private');
    const listing = await get(LIST, { first: 1 });
    expect(listing.headers.get('cache-control')).toBe('no-store');
    const missing = await get('query($id: ID!) { model(id: $id) { id } }', { id: 'not-an-id' });
    expect(missing.json.errors[0].extensions.reason).toBe('INVALID_MODEL_ID');
    expect(missing.headers.get('cache-control')).toBe('no-store');
  });
});

describe('deleteModel', () => {
  it('answers the id and whether there was a model, for a client cache to evict', async () => {
    const id = ids.beta![1]!;
    const DELETE = 'mutation($id: ID!) { deleteModel(id: $id) { id deleted } }';
    expect((await client.graphql(DELETE, { id })).json.data.deleteModel).toEqual({ id, deleted: true });
    expect((await client.graphql(DELETE, { id })).json.data.deleteModel).toEqual({ id, deleted: false });
  });
});

describe('error reasons', () => {
  it('are an enum of the schema, exactly the reasons the service can give', async () => {
    const { ERROR_REASONS } = await import('../../src/service/index.js');
    const reply = await client.graphql('{ __type(name: "ErrorReason") { enumValues { name } } }');
    const names = reply.json.data.__type.enumValues.map((value: { name: string }) => value.name);
    expect([...names].sort()).toEqual([...ERROR_REASONS].sort());
    expect(new Set(names).size).toBe(names.length);
  });
});
