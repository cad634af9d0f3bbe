/**
 * A delete through a process is final for that process, whatever the interleaving: the local
 * server (model cache on, as deployed) over real sockets, on the file store and on s3rver. Each
 * round fits a model, then races predictions against `deleteModel`: 12 predictions, the delete,
 * predictions one per turn of the event loop until the delete answers, and 12 more. Every
 * request that started after the delete answered `true` must answer 404 `NOT_FOUND`, and so must
 * a prediction and `model(id)` once the round is over (a read that raced the delete and was
 * cached would answer 200 from memory for the life of the process).
 *
 * Rounds alternate between a model the racing server fitted itself (warm: in its cache) and one
 * a second server on the same store fitted (cold: the racing server's first reads of it race the
 * delete, as after a restart or an eviction).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startLocalServer, type LocalServer } from '../../src/local.js';
import { errorOf, HttpClient, type Reply } from '../support/httpClient.js';
import { startLocalS3, type LocalS3 } from '../support/s3rver.js';
import { SEED_FIT_BODY } from '../support/seed.js';

/** Rounds per store, half warm and half cold (docs/reliability.md has the failure rates before the fix). */
const ROUNDS = Number(process.env.DELETE_RACE_ROUNDS ?? 100);
const DELETE = 'mutation Delete($id: ID!) { deleteModel(id: $id) { deleted } }';
const MODEL = 'query Model($id: ID!) { model(id: $id) { id } }';

interface Timed {
  readonly startedAt: number;
  readonly reply: Reply;
}

async function timed(send: () => Promise<Reply>): Promise<Timed> {
  const startedAt = performance.now();
  return { startedAt, reply: await send() };
}

/** What was wrong in one round, or nothing. */
async function raceOneRound(client: HttpClient, fitter: HttpClient): Promise<string[]> {
  const fit = await fitter.post('/fit', SEED_FIT_BODY);
  expect(fit.status, fit.text).toBe(200);
  const modelId = fit.json.modelId as string;
  const predict = () => timed(() => client.post('/predict', { modelId, data: { Treatment: 'A' } }));

  const predictions: Promise<Timed>[] = Array.from({ length: 12 }, predict);
  let deleteAnsweredAt: number | undefined;
  const deletion = client.graphql(DELETE, { id: modelId }).then((reply) => {
    deleteAnsweredAt = performance.now();
    return reply;
  });
  // Requests keep starting while the delete is in flight, so some start just after it answers.
  for (let turn = 0; deleteAnsweredAt === undefined && turn < 10_000; turn++) {
    predictions.push(predict());
    await new Promise((resolve) => setImmediate(resolve));
  }
  predictions.push(...Array.from({ length: 12 }, predict));
  const deleted = await deletion;
  expect(deleted.json?.data?.deleteModel?.deleted, deleted.text).toBe(true);
  const answers = await Promise.all(predictions);

  const problems: string[] = [];
  let servedAfterDelete = 0;
  for (const { startedAt, reply } of answers) {
    if (reply.status === 200) {
      // One that started before the delete answered may still have found the model.
      if (startedAt > deleteAnsweredAt!) servedAfterDelete++;
    } else if (reply.status !== 404 || errorOf(reply)?.code !== 'NOT_FOUND') {
      problems.push(`a prediction answered ${reply.status} ${reply.text}`);
    }
  }
  const startedAfter = answers.filter(({ startedAt }) => startedAt > deleteAnsweredAt!).length;
  if (servedAfterDelete > 0) {
    problems.push(`${servedAfterDelete} of ${startedAfter} predictions started after the delete answered 200`);
  }
  const after = await client.post('/predict', { modelId, data: { Treatment: 'A' } });
  if (after.status !== 404 || errorOf(after)?.code !== 'NOT_FOUND') {
    problems.push(`a later prediction answered ${after.text}`);
  }
  const model = await client.graphql(MODEL, { id: modelId });
  if (model.json?.data?.model !== null || model.json?.errors !== undefined) {
    problems.push(`model(id) answered ${model.text}`);
  }
  return problems;
}

function describeDeleteRace(store: string, environment: () => Promise<Record<string, string>>): void {
  describe(`a delete racing predictions (${store}, model cache on)`, () => {
    let server: LocalServer;
    let other: LocalServer;
    let client: HttpClient;
    let otherClient: HttpClient;

    beforeAll(async () => {
      const store = await environment();
      server = await startLocalServer(loadConfig({ PORT: '0', LOG_LEVEL: 'SILENT', ...store }));
      other = await startLocalServer(loadConfig({ PORT: '0', LOG_LEVEL: 'SILENT', MODEL_CACHE_BYTES: '0', ...store }));
      client = new HttpClient(server.url);
      otherClient = new HttpClient(other.url);
    });

    afterAll(async () => {
      await server?.close();
      await other?.close();
    });

    it(`never answers a deleted model again (${ROUNDS} rounds)`, async () => {
      const failed: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const warm = round % 2 === 0;
        const problems = await raceOneRound(client, warm ? client : otherClient);
        if (problems.length > 0) failed.push(`round ${round} (${warm ? 'warm' : 'cold'}): ${problems.join('; ')}`);
      }
      expect(failed, `${failed.length} of ${ROUNDS} rounds`).toEqual([]);
    }, 120_000);
  });
}

let s3: LocalS3 | undefined;
afterAll(async () => {
  await s3?.stop();
});

describeDeleteRace('file store', async () => ({ MODEL_DIR: await mkdtemp(join(tmpdir(), 'delete-race-')) }));

describeDeleteRace('S3 (s3rver)', async () => {
  s3 = await startLocalS3();
  return { MODEL_BUCKET: await s3.createBucket(), S3_ENDPOINT: s3.endpoint };
});
