/**
 * Tenancy end to end: API keys mapped to tenants on the local server (real sockets), and the
 * claims of API Gateway's JWT authorizer in real HTTP API v2 events for the Lambda handler
 * (models on s3rver). Models are stored, listed, predicted and deleted per tenant; another
 * tenant's model id answers NOT_FOUND (null for `model`, `deleted: false` for `deleteModel`); a request
 * that names no tenant is refused; and without identities the service is single-tenant.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApplication } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { createLambdaHandler, type HttpApiHandler } from '../../src/lambdaHandler.js';
import { startLocalServer, type LocalServer } from '../../src/local.js';
import { httpApiEvent, lambdaContext, type EventRequest } from '../support/apiGatewayEvents.js';
import { expectClose } from '../support/assertions.js';
import { errorOf, HttpClient } from '../support/httpClient.js';
import { startLocalS3, type LocalS3 } from '../support/s3rver.js';
import { SEED_FIT_BODY } from '../support/seed.js';

const PREDICT = 'mutation P($input: PredictInput!) { predict(input: $input) { predictions } }';
const MODEL = 'query M($id: ID!) { model(id: $id) { id name } }';
const DELETE = 'mutation D($id: ID!) { deleteModel(id: $id) { deleted } }';

/** The seed data shifted by `offset`, so each tenant's model predicts something different. */
function seedShiftedBy(offset: number, name: string) {
  return { ...SEED_FIT_BODY, name, data: SEED_FIT_BODY.data.map((row) => ({ ...row, Outcome: row.Outcome + offset })) };
}

describe('local server: API keys name the tenant', () => {
  let directory: string;
  let server: LocalServer;
  let alice: HttpClient;
  let aliceToo: HttpClient;
  let bob: HttpClient;
  let dotted: HttpClient;
  let aliceModel: string;
  let bobModel: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'tenancy-'));
    server = await startLocalServer(
      loadConfig({
        PORT: '0',
        MODEL_DIR: directory,
        LOG_LEVEL: 'SILENT',
        // Two keys for alice (a rotation), one for bob, and a tenant whose name looks like a path.
        API_KEYS: 'key-a1=alice, key-a2=alice, key-b=bob, key-d=../alice',
      }),
    );
    alice = new HttpClient(server.url, { 'x-api-key': 'key-a1' });
    aliceToo = new HttpClient(server.url, { 'x-api-key': 'key-a2' });
    bob = new HttpClient(server.url, { 'x-api-key': 'key-b' });
    dotted = new HttpClient(server.url, { 'x-api-key': 'key-d' });
    aliceModel = (await alice.post('/fit', seedShiftedBy(0, 'alice'))).json.modelId;
    bobModel = (
      await bob.graphql('mutation F($input: FitModelInput!) { fitModel(input: $input) { id } }', {
        input: seedShiftedBy(1000, 'bob'),
      })
    ).json.data.fitModel.id;
  });

  afterAll(async () => {
    await server?.close();
  });

  it('lists each tenant’s own models only, whichever of its keys is used', async () => {
    expect(await alice.modelIds()).toEqual([aliceModel]);
    expect(await aliceToo.modelIds()).toEqual([aliceModel]);
    expect(await bob.modelIds()).toEqual([bobModel]);
    expect(await dotted.modelIds()).toEqual([]);
  });

  it(
    'predicts from a tenant’s own model, ' + 'and answers another tenant’s id NOT_FOUND in REST and GraphQL',
    async () => {
      expectClose(
        (await alice.post('/predict', { modelId: aliceModel, data: { Treatment: 'A' } })).json.prediction,
        100,
      );
      expectClose((await bob.post('/predict', { modelId: bobModel, data: { Treatment: 'A' } })).json.prediction, 1100);
      for (const [caller, foreign] of [
        [alice, bobModel],
        [bob, aliceModel],
        [dotted, aliceModel],
      ] as const) {
        const rest = await caller.post('/predict', { modelId: foreign, data: { Treatment: 'A' } });
        expect(rest.status).toBe(404);
        expect(errorOf(rest)).toMatchObject({ code: 'NOT_FOUND', message: `no model has id ${foreign}` });
        const graphql = await caller.graphql(PREDICT, { input: { modelId: foreign, data: [{ Treatment: 'A' }] } });
        expect(errorOf(graphql)).toMatchObject({ code: 'NOT_FOUND', reason: 'MODEL_NOT_FOUND' });
        expect((await caller.graphql(MODEL, { id: foreign })).json).toEqual({ data: { model: null } });
      }
    },
  );

  it('cannot delete another tenant’s model, nor reach it through a cursor built from its id', async () => {
    expect((await bob.graphql(DELETE, { id: aliceModel })).json).toEqual({ data: { deleteModel: { deleted: false } } });
    expect((await alice.graphql(MODEL, { id: aliceModel })).json.data.model).toEqual({ id: aliceModel, name: 'alice' });
    // A cursor just before alice's model, used by bob, pages through bob's models only.
    const cursor = Buffer.from('model:00000000-0000-7000-8000-000000000000').toString('base64url');
    const page = await bob.graphql('query P($after: String) { models(after: $after) { edges { node { id } } } }', {
      after: cursor,
    });
    expect(page.json.data.models.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([bobModel]);
  });

  it('stores each tenant under its own encoded directory, whatever its name looks like', async () => {
    const dottedModel = (await dotted.post('/fit', seedShiftedBy(5, 'dotted'))).json.modelId as string;
    const tenants = (await readdir(join(directory, 'tenants'))).sort();
    const encode = (tenant: string) => Buffer.from(tenant).toString('base64url');
    expect(tenants).toEqual([encode('../alice'), encode('alice'), encode('bob')].sort());
    expect(await readdir(join(directory, 'tenants', encode('../alice'), 'models'))).toEqual([`${dottedModel}.json`]);
    expect(await readdir(directory)).toEqual(['tenants']);
    expect(await alice.modelIds()).toEqual([aliceModel]);
    expect(await dotted.modelIds()).toEqual([dottedModel]);
  });

  it('deletes a tenant’s own model, after which it is NOT_FOUND for its owner too', async () => {
    const doomed = (await bob.post('/fit', seedShiftedBy(7, 'doomed'))).json.modelId as string;
    expect((await alice.graphql(DELETE, { id: doomed })).json.data.deleteModel.deleted).toBe(false);
    expect((await bob.graphql(DELETE, { id: doomed })).json.data.deleteModel.deleted).toBe(true);
    expect((await bob.post('/predict', { modelId: doomed, data: { Treatment: 'A' } })).status).toBe(404);
    expect(await bob.modelIds()).toEqual([bobModel]);
  });

  it('refuses a request without a key, or with an unknown one, before any work (401)', async () => {
    const anonymous = new HttpClient(server.url);
    for (const [headers, message] of [
      [{}, 'an x-api-key header is required'],
      [{ 'x-api-key': 'key-z' }, 'the x-api-key is not valid'],
      [{ 'x-api-key': '' }, 'the x-api-key is not valid'],
    ] as const) {
      const rest = await anonymous.post('/fit', SEED_FIT_BODY, headers);
      expect(rest.status).toBe(401);
      expect(errorOf(rest)).toMatchObject({ code: 'UNAUTHENTICATED', message });
      const graphql = await anonymous.graphql('{ models { edges { cursor } } }', undefined, headers);
      expect(graphql.status).toBe(401);
      expect(errorOf(graphql)).toMatchObject({ code: 'UNAUTHENTICATED', message });
      expect(graphql.json.data).toBeUndefined();
    }
    expect(await alice.modelIds()).toEqual([aliceModel]);
    expect(await anonymous.healthy()).toBe(true);
  });

  it('keeps tenants’ models out of a single-tenant server on the same directory', async () => {
    const open = await startLocalServer(loadConfig({ PORT: '0', MODEL_DIR: directory, LOG_LEVEL: 'SILENT' }));
    try {
      const anyone = new HttpClient(open.url);
      expect(await anyone.modelIds()).toEqual([]);
      expect((await anyone.post('/predict', { modelId: aliceModel, data: { Treatment: 'A' } })).status).toBe(404);
      const own = (await anyone.post('/fit', SEED_FIT_BODY)).json.modelId as string;
      expect(await anyone.modelIds()).toEqual([own]);
      expect(await alice.modelIds()).toEqual([aliceModel]);
    } finally {
      await open.close();
    }
  });
});

describe('Lambda handler: the JWT authorizer’s claims name the tenant (models on s3rver)', () => {
  let s3: LocalS3;
  let bucket: string;
  let bySub: HttpApiHandler;
  let byOrg: HttpApiHandler;

  beforeAll(async () => {
    s3 = await startLocalS3();
    bucket = await s3.createBucket();
    const env = { LOG_LEVEL: 'SILENT', MODEL_BUCKET: bucket, S3_ENDPOINT: s3.endpoint, NODE_ENV: 'production' };
    bySub = createLambdaHandler(composeApplication(loadConfig(env)));
    byOrg = createLambdaHandler(composeApplication(loadConfig({ ...env, TENANT_CLAIM: 'custom:org' })));
  });

  afterAll(async () => {
    await s3?.stop();
  });

  async function invoke(
    handler: HttpApiHandler,
    request: EventRequest,
  ): Promise<{ status: number; json: any; requestId: string; headers: Record<string, unknown> }> {
    const event = httpApiEvent(request);
    const result = (await handler(event, lambdaContext(), () => undefined)) as APIGatewayProxyStructuredResultV2;
    return {
      status: result.statusCode!,
      json: JSON.parse(result.body!),
      requestId: event.requestContext.requestId,
      headers: result.headers ?? {},
    };
  }

  const graphql = (
    claims: Record<string, string> | undefined,
    query: string,
    variables: Record<string, unknown> = {},
  ): EventRequest => ({
    method: 'POST',
    path: '/graphql',
    body: JSON.stringify({ query, variables }),
    ...(claims ? { claims } : {}),
  });
  const rest = (claims: Record<string, string> | undefined, path: string, body: unknown): EventRequest => ({
    method: 'POST',
    path,
    body: JSON.stringify(body),
    ...(claims ? { claims } : {}),
  });
  const listIds = async (handler: HttpApiHandler, claims?: Record<string, string>) =>
    (
      await invoke(handler, graphql(claims, '{ models(first: 100) { edges { node { id } } } }'))
    ).json.data.models.edges.map((edge: { node: { id: string } }) => edge.node.id);

  it('stores, lists, predicts and deletes per `sub`, keyed per tenant in the bucket', async () => {
    const alice = {
      sub: 'a1b2c3d4-alice',
      iss: 'https://cognito-idp.eu-west-1.amazonaws.com/pool',
      token_use: 'access',
    };
    const bob = { sub: 'e5f6a7b8-bob', iss: alice.iss, token_use: 'access' };
    const aliceModel = (await invoke(bySub, rest(alice, '/fit', seedShiftedBy(0, 'alice')))).json.modelId as string;
    const bobModel = (await invoke(bySub, rest(bob, '/fit', seedShiftedBy(1000, 'bob')))).json.modelId as string;

    expect(await listIds(bySub, alice)).toEqual([aliceModel]);
    expect(await listIds(bySub, bob)).toEqual([bobModel]);
    expectClose(
      (await invoke(bySub, rest(bob, '/predict', { modelId: bobModel, data: { Treatment: 'B' } }))).json.prediction,
      1090,
    );

    const foreign = await invoke(bySub, rest(alice, '/predict', { modelId: bobModel, data: { Treatment: 'A' } }));
    expect(foreign.status).toBe(404);
    expect(foreign.json.error).toMatchObject({ code: 'NOT_FOUND', requestId: foreign.requestId });
    const foreignGraphQL = await invoke(
      bySub,
      graphql(alice, PREDICT, { input: { modelId: bobModel, data: [{ Treatment: 'A' }] } }),
    );
    expect(foreignGraphQL.json.errors[0].extensions).toMatchObject({
      code: 'NOT_FOUND',
      requestId: foreignGraphQL.requestId,
    });
    expect((await invoke(bySub, graphql(alice, MODEL, { id: bobModel }))).json).toEqual({ data: { model: null } });
    expect((await invoke(bySub, graphql(alice, DELETE, { id: bobModel }))).json).toEqual({
      data: { deleteModel: { deleted: false } },
    });

    const keys = (await s3.client.send(new ListObjectsV2Command({ Bucket: bucket })))
      .Contents!.map((object) => object.Key)
      .sort();
    const prefix = (tenant: string) => `tenants/${Buffer.from(tenant).toString('base64url')}/models/`;
    expect(keys).toEqual([`${prefix(alice.sub)}${aliceModel}.json`, `${prefix(bob.sub)}${bobModel}.json`].sort());

    expect((await invoke(bySub, graphql(bob, DELETE, { id: bobModel }))).json.data.deleteModel.deleted).toBe(true);
    expect(await listIds(bySub, bob)).toEqual([]);
    expect(await listIds(bySub, alice)).toEqual([aliceModel]);
  });

  it('takes the tenant from the claim TENANT_CLAIM names: users of one organisation share models', async () => {
    const ann = { sub: 'user-ann', 'custom:org': 'acme' };
    const ben = { sub: 'user-ben', 'custom:org': 'acme' };
    const cat = { sub: 'user-cat', 'custom:org': 'globex' };
    const shared = (await invoke(byOrg, rest(ann, '/fit', seedShiftedBy(0, 'acme')))).json.modelId as string;
    expect(await listIds(byOrg, ben)).toEqual([shared]);
    expect((await invoke(byOrg, rest(ben, '/predict', { modelId: shared, data: { Treatment: 'A' } }))).status).toBe(
      200,
    );
    expect(await listIds(byOrg, cat)).toEqual([]);
    expect((await invoke(byOrg, rest(cat, '/predict', { modelId: shared, data: { Treatment: 'A' } }))).status).toBe(
      404,
    );
  });

  it('refuses a token without the tenant claim (401), in REST and GraphQL', async () => {
    for (const claims of [{ sub: 'user-dan' }, { sub: 'user-dan', 'custom:org': '' }] as Record<string, string>[]) {
      const restReply = await invoke(byOrg, rest(claims, '/fit', SEED_FIT_BODY));
      expect(restReply.status).toBe(401);
      expect(restReply.json.error).toMatchObject({
        code: 'UNAUTHENTICATED',
        message: 'the token has no "custom:org" claim to identify the tenant',
      });
      const graphqlReply = await invoke(byOrg, graphql(claims, '{ models { edges { cursor } } }'));
      expect(graphqlReply.status).toBe(401);
      expect(graphqlReply.json.errors[0]).toMatchObject({
        extensions: { code: 'UNAUTHENTICATED', requestId: graphqlReply.requestId },
      });
    }
  });

  it('keeps tenants apart that differ only in lone surrogates, refusing those (401) in REST and GraphQL', async () => {
    // UTF-8 encoding turns a lone surrogate into U+FFFD: these three once shared one prefix.
    const replacement = { sub: 'team\ufffd' };
    const lone = [{ sub: 'team\ud800' }, { sub: 'team\udfff' }, { sub: '\udc00team' }];
    const fitted = await invoke(bySub, rest(replacement, '/fit', seedShiftedBy(0, 'replacement')));
    const own = fitted.json.modelId as string;
    expect(own).toMatch(/^[0-9a-f-]{36}$/);
    for (const claims of lone) {
      const at = claims.sub.search(/\p{Cs}/u);
      const message =
        `the token's "sub" claim is not well-formed Unicode (a lone surrogate at index ${at}), ` +
        'so it cannot name a tenant';
      // Neither reading, listing nor deleting may reach the other tenant's model.
      for (const query of [MODEL, '{ models { edges { node { id } } } }', DELETE]) {
        const reply = await invoke(bySub, graphql(claims, query, { id: own }));
        expect(JSON.stringify(reply.json), `${JSON.stringify(claims.sub)}: ${query}`).not.toContain(own);
        expect(reply.json.data).toBeUndefined();
        expect(reply.status).toBe(401);
        expect(reply.json.errors).toEqual([
          { message, extensions: { code: 'UNAUTHENTICATED', reason: 'MALFORMED_TENANT', requestId: reply.requestId } },
        ]);
      }
      const predict = rest(claims, '/predict', { modelId: own, data: { Treatment: 'A' } });
      for (const request of [predict, rest(claims, '/fit', SEED_FIT_BODY)]) {
        const reply = await invoke(bySub, request);
        expect(reply.status).toBe(401);
        const expected = { code: 'UNAUTHENTICATED', reason: 'MALFORMED_TENANT', message, requestId: reply.requestId };
        expect(reply.json.error).toEqual(expected);
      }
    }
    // The well-formed tenant still has exactly its model, and the bucket holds it under its prefix only.
    expect(await listIds(bySub, replacement)).toEqual([own]);
    const predicted = await invoke(bySub, rest(replacement, '/predict', { modelId: own, data: { Treatment: 'A' } }));
    expectClose(predicted.json.prediction, 100);
    const prefix = `tenants/${Buffer.from('team\ufffd', 'utf8').toString('base64url')}/models/`;
    expect((await s3.keys(bucket)).filter((key) => key.includes(own))).toEqual([`${prefix}${own}.json`]);
    expect((await invoke(bySub, graphql(replacement, DELETE, { id: own }))).json.data.deleteModel.deleted).toBe(true);
  });

  it('without claims (the open variant) is single-tenant and sees no tenant’s models', async () => {
    expect(await listIds(bySub)).toEqual([]);
    const open = (await invoke(bySub, rest(undefined, '/fit', SEED_FIT_BODY))).json.modelId as string;
    expect(await listIds(bySub)).toEqual([open]);
    expect(await listIds(bySub, { sub: 'a1b2c3d4-alice' })).not.toContain(open);
    // A bearer token API Gateway did not verify (no authorizer claims) names no tenant.
    const unverified = await invoke(bySub, {
      ...graphql(undefined, '{ models { edges { node { id } } } }'),
      headers: { authorization: 'Bearer eyJzdWIiOiJhMWIyYzNkNC1hbGljZSJ9.x' },
    });
    expect(unverified.json.data.models.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([open]);
  });
});
