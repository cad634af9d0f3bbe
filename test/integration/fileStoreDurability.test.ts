/**
 * The file store's durability, through the built server in a child process: a fit reports its
 * id only once the document is on disk whole; a write that fails midway (a real EFBIG from a
 * file-size limit, `ulimit -f`) answers an error and leaves no file and no model; and a server
 * killed with SIGKILL in the middle of concurrent fits leaves every model it reported readable
 * and no half-written document where a reader could find it.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

async function start(directory: string, fileSizeLimitBlocks?: number): Promise<{ child: ChildServer; client: HttpClient }> {
  const child = await startChildServer(bundle, {
    env: { MODEL_DIR: directory, LOG_LEVEL: 'INFO' },
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
    expect(errorOf(rest)).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', reason: 'WRITE_FAILED', message: 'the model store failed; nothing was stored' });
    const graphql = await client.graphql('mutation Fit($input: FitModelInput!) { fitModel(input: $input) { id } }', { input: big });
    expect(graphql.json.data).toBeNull();
    expect(errorOf(graphql)).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', reason: 'WRITE_FAILED' });

    // The cause is in the log under the request id the client got; nothing was left behind.
    const logged = await child.waitForLog((line) => line.requestId === errorOf(rest)!.requestId && line.level === 'ERROR');
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
    let stop = false;
    // Eight clients fit models until the server dies under them.
    const workers = Array.from({ length: 8 }, async (_, worker) => {
      for (let round = 0; !stop; round++) {
        const rows = SEED_FIT_BODY.data.map((row, i) => ({ ...row, Outcome: row.Outcome + ((worker * 31 + round * 7 + i) % 13) }));
        try {
          const reply = await first.client.post('/fit', { formula: 'Outcome ~ Treatment', data: rows, name: `w${worker}-r${round}` });
          if (reply.status === 200) reported.set(reply.json.modelId as string, reply.json.modelInfo.Intercept.estimate as number);
        } catch {
          return; // the connection died with the server
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await first.child.crash();
    stop = true;
    await Promise.all(workers);
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
});
