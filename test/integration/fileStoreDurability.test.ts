/**
 * The file store's durability, through the built server in a child process: a fit reports its
 * id only once the document is on disk whole; a write that fails midway (a real EFBIG from a
 * file-size limit, `ulimit -f`) answers an error and leaves no file and no model; and a server
 * killed with SIGKILL in the middle of concurrent fits leaves every model it reported readable
 * and no half-written document where a reader could find it. The temporary files such a crash
 * leaves are removed when a server starts on the directory again, once they are stale (older
 * than 10 minutes by mtime), in every tenant's directory; younger ones, and models, stay.
 */
import { mkdtemp, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newModelId } from '../../src/models/index.js';
import { buildLocalBundle, startChildServer, type ChildServer } from '../support/childServer.js';
import { errorOf, HttpClient } from '../support/httpClient.js';
import { SEED_FIT_BODY } from '../support/seed.js';

let bundle: string;
const children: ChildServer[] = [];

beforeAll(async () => {
  bundle = await buildLocalBundle();
}, 60_000);

afterAll(async () => {
  await Promise.all(children.map((child) => child.stop()));
});

async function start(
  directory: string,
  fileSizeLimitBlocks?: number,
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<{ child: ChildServer; client: HttpClient }> {
  const child = await startChildServer(bundle, {
    env: { MODEL_DIR: directory, LOG_LEVEL: 'INFO', ...extraEnv },
    ...(fileSizeLimitBlocks === undefined ? {} : { fileSizeLimitBlocks }),
  });
  children.push(child);
  return { child, client: new HttpClient(child.url) };
}

/** Every file under the single-tenant models directory. */
async function filesIn(directory: string): Promise<string[]> {
  try {
    return (await readdir(join(directory, 'models'))).sort();
  } catch {
    return [];
  }
}

/** Every model directory: the single-tenant one and each tenant's, relative to `directory`. */
async function modelDirectories(directory: string): Promise<string[]> {
  const tenants = await readdir(join(directory, 'tenants')).catch(() => [] as string[]);
  return ['models', ...tenants.sort().map((tenant) => `tenants/${tenant}/models`)];
}

/** Every file in every model directory, as `{model directory}/{name}`. */
async function allFiles(directory: string): Promise<string[]> {
  const files: string[] = [];
  for (const models of await modelDirectories(directory)) {
    const names = await readdir(join(directory, models)).catch(() => [] as string[]);
    files.push(...names.map((name) => `${models}/${name}`));
  }
  return files.sort();
}

/**
 * Clients that fit models until the server dies under them, each with its own headers (an API
 * key, or none); `reported` collects each model id a fit answered, with its intercept.
 */
function fitUntilTheServerDies(
  client: HttpClient,
  callers: readonly Record<string, string>[],
  reported: Map<string, number>,
) {
  let stop = false;
  const workers = callers.map(async (headers, worker) => {
    for (let round = 0; !stop; round++) {
      const shift = (i: number) => (worker * 31 + round * 7 + i) % 13;
      const rows = SEED_FIT_BODY.data.map((row, i) => ({ ...row, Outcome: row.Outcome + shift(i) }));
      const body = { formula: 'Outcome ~ Treatment', data: rows, name: `w${worker}-r${round}` };
      try {
        const reply = await client.post('/fit', body, headers);
        if (reply.status === 200) {
          reported.set(reply.json.modelId as string, reply.json.modelInfo.Intercept.estimate as number);
        }
      } catch {
        return; // the connection died with the server
      }
    }
  });
  return {
    async stopped(): Promise<void> {
      stop = true;
      await Promise.all(workers);
    },
  };
}

describe('file store: a write that fails midway', () => {
  let directory: string;
  let child: ChildServer;
  let client: HttpClient;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'durability-'));
    // 8 KiB: a seed model (about 2 KB) fits, a model with a 20,000-character name does not.
    ({ child, client } = await start(directory, 8));
  }, 30_000);

  it('reports a fit only once its document is on disk, whole', async () => {
    const reply = await client.post('/fit', SEED_FIT_BODY);
    expect(reply.status).toBe(200);
    const stored = JSON.parse(await readFile(join(directory, 'models', `${reply.json.modelId}.json`), 'utf8'));
    expect(stored).toMatchObject({ schemaVersion: 1, id: reply.json.modelId, formula: 'Outcome ~ Treatment' });
    expect(stored.fit.coefficients).toHaveLength(2);
  });

  it('answers a write that fails midway (EFBIG) with an error, and leaves no file and no model', async () => {
    const before = await client.modelIds();
    const filesBefore = await filesIn(directory);
    const big = { ...SEED_FIT_BODY, name: 'n'.repeat(20_000) };

    const rest = await client.post('/fit', big);
    expect(rest.status).toBe(500);
    expect(errorOf(rest)).toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
      reason: 'WRITE_FAILED',
      message: 'the model store failed; nothing was stored',
    });
    const graphql = await client.graphql('mutation Fit($input: FitModelInput!) { fitModel(input: $input) { id } }', {
      input: big,
    });
    expect(graphql.json.data).toBeNull();
    expect(errorOf(graphql)).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', reason: 'WRITE_FAILED' });

    // The cause is in the log under the request id the client got; nothing was left behind.
    const logged = await child.waitForLog(
      (line) => line.requestId === errorOf(rest)!.requestId && line.level === 'ERROR',
    );
    expect(logged.error.message).toContain('EFBIG');
    expect(await filesIn(directory)).toEqual(filesBefore);
    expect((await filesIn(directory)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(await client.modelIds()).toEqual(before);

    // The store still works for documents that fit.
    const small = await client.post('/fit', SEED_FIT_BODY);
    expect(small.status).toBe(200);
    expect(await client.modelIds()).toEqual([...before, small.json.modelId]);
  });
});

describe('file store: a server killed in the middle of concurrent fits', () => {
  it('loses no model it reported, and leaves no unreadable document', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'crash-'));
    const first = await start(directory);
    const reported = new Map<string, number>();
    // Eight clients fit models until the server dies under them.
    const fitting = fitUntilTheServerDies(
      first.client,
      Array.from({ length: 8 }, () => ({})),
      reported,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await first.child.crash();
    await fitting.stopped();
    expect(reported.size).toBeGreaterThan(10);

    // A new server on the same directory: every reported model is there, intact.
    const second = await start(directory);
    const listed = await second.client.modelIds();
    for (const [modelId, intercept] of reported) {
      expect(listed).toContain(modelId);
      const reply = await second.client.graphql(`{ model(id: "${modelId}") { id coefficients { estimate } } }`);
      expect(reply.json.errors).toBeUndefined();
      expect(reply.json.data.model.coefficients[0].estimate).toBe(intercept);
    }
    // Every document on disk reads back (the listing read them all); only temporary files may be left over.
    const documents = (await filesIn(directory)).filter((name) => name.endsWith('.json'));
    expect(documents.length).toBe(listed.length);
    expect((await filesIn(directory)).every((name) => name.endsWith('.json') || name.endsWith('.tmp'))).toBe(true);
  }, 60_000);

  it('removes the stale temporaries a crash left, in every tenant’s directory, at the next start', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'debris-'));
    const tenantKeys = { API_KEYS: 'key-alice=alice,key-bob=bob' };
    const callers: Record<string, string>[] = [{}, { 'x-api-key': 'key-alice' }, { 'x-api-key': 'key-bob' }];
    const reported = new Map<string, number>();
    const temporaries = async () => (await allFiles(directory)).filter((path) => path.endsWith('.tmp'));
    // Crash servers in the middle of fits, as soon as a write is on disk, until a crash has left
    // temporaries in the single-tenant directory and in a tenant's (bounded: a few attempts).
    const leftIn = (debris: string[]) =>
      ['models/', 'tenants/'].map((start) => debris.some((path) => path.startsWith(start)));
    for (let attempt = 0; attempt < 8 && leftIn(await temporaries()).includes(false); attempt++) {
      const tenanted = attempt % 2 === 1;
      const server = await start(directory, undefined, tenanted ? tenantKeys : {});
      const workers = Array.from({ length: 8 }, (_, i) => callers[tenanted ? 1 + (i % 2) : 0]!);
      const fitting = fitUntilTheServerDies(server.client, workers, reported);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const before = (await temporaries()).length;
      for (let poll = 0; poll < 5_000 && (await temporaries()).length === before; poll++);
      await server.child.crash();
      await fitting.stopped();
    }
    const debris = await temporaries();
    expect(leftIn(debris)).toEqual([true, true]);
    expect(reported.size).toBeGreaterThan(10);

    // The crash debris is made an hour old; so is one model per directory, and a file of another
    // name that merely ends in .tmp. Fresh temporaries (writes in flight elsewhere) are added.
    const anHourAgo = new Date(Date.now() - 3_600_000);
    for (const path of debris) await utimes(join(directory, path), anHourAgo, anHourAgo);
    const directories = await modelDirectories(directory);
    const oldModels: string[] = [];
    for (const models of directories) {
      const model = (await allFiles(directory)).find((path) => path.startsWith(`${models}/`) && path.endsWith('.json'));
      if (model) oldModels.push(model);
    }
    expect(oldModels.length).toBe(directories.length);
    for (const path of oldModels) await utimes(join(directory, path), anHourAgo, anHourAgo);
    await writeFile(join(directory, 'models', 'notes.tmp'), 'not a temporary of the store');
    await utimes(join(directory, 'models', 'notes.tmp'), anHourAgo, anHourAgo);
    const fresh = directories.map((models) => `${models}/${newModelId()}.json.0123456789ab.tmp`);
    for (const path of fresh) await writeFile(join(directory, path), '{"schemaVersion":');
    const models = (await allFiles(directory)).filter((path) => path.endsWith('.json'));
    const modelBytes = await Promise.all(models.map((path) => readFile(join(directory, path), 'utf8')));

    // A restart removes exactly the stale debris, and says so.
    const restarted = await start(directory, undefined, tenantKeys);
    const logged = await restarted.child.waitForLog((line) => line.message === 'removed stale temporary files');
    expect(logged).toMatchObject({ level: 'INFO', directory, count: debris.length });
    expect([...logged.files].sort()).toEqual(debris);
    expect(await allFiles(directory)).toEqual([...models, ...fresh, 'models/notes.tmp'].sort());
    expect(await Promise.all(models.map((path) => readFile(join(directory, path), 'utf8')))).toEqual(modelBytes);
    // The aged models are untouched: still an hour old.
    for (const path of oldModels) {
      expect(Math.abs((await stat(join(directory, path))).mtimeMs - anHourAgo.getTime())).toBeLessThan(1);
    }
    // Every model a fit reported reads back, for its tenant.
    const readable = new Set<string>();
    for (const headers of [{ 'x-api-key': 'key-alice' }, { 'x-api-key': 'key-bob' }]) {
      for (const id of await restarted.client.as(headers).modelIds()) readable.add(id);
    }
    const untenanted = models
      .filter((path) => path.startsWith('models/'))
      .map((path) => path.slice('models/'.length, -'.json'.length));
    for (const modelId of reported.keys()) expect(readable.has(modelId) || untenanted.includes(modelId)).toBe(true);
    expect(restarted.child.logs.filter((line) => line.level === 'WARN' || line.level === 'ERROR')).toEqual([]);
  }, 90_000);
});
