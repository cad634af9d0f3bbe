/**
 * A fit's work is bounded before it starts (issue: one request within every size limit took the
 * service down). The bodies are the red team's: `y ~ C(g)` with 499 levels over 530,000 rows
 * (3.1 MB: ~10¹¹ operations, 49 s and 2.3 GB before, the Lambda killed for memory) and
 * `y ~ C(g):C(h):C(k)` (10 × 7 × 5 levels) over 700,000 rows (5.6 MB: 120 s and 4.1 GB). Over
 * real HTTP to the built local server they get FIT_TOO_LARGE at once while /healthz keeps
 * answering; the built Lambda handler, in a child process with its heap capped like the
 * function's, answers the same. And a big fit the budget accepts runs on a worker thread while
 * health checks, predictions and small fits are answered.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module without types.
import { lambdaOptions } from '../../scripts/build.mjs';
import { httpApiEvent } from '../support/apiGatewayEvents.js';
import { buildLocalBundle, startChildServer, type ChildServer } from '../support/childServer.js';
import { HttpClient } from '../support/httpClient.js';

/** Columns of `rows` rows: y, and factors of the given level counts (as numbers, so the body is small). */
function factorColumns(rows: number, levels: Record<string, number>): Record<string, number[]> {
  // y cycles with period 13, which no factor's period divides: the fit is not exact.
  const columns: Record<string, number[]> = { y: Array.from({ length: rows }, (_, i) => (i * 7919) % 13) };
  let stride = 1;
  for (const [name, count] of Object.entries(levels)) {
    const step = stride;
    columns[name] = Array.from({ length: rows }, (_, i) => Math.floor(i / step) % count);
    stride *= count;
  }
  return columns;
}

const LEVELS_BOMB = JSON.stringify({ formula: 'y ~ C(g)', columns: factorColumns(530_000, { g: 499 }) });
const INTERACTION_BOMB = JSON.stringify({
  formula: 'y ~ C(g):C(h):C(k)',
  columns: factorColumns(700_000, { g: 10, h: 7, k: 5 }),
});

/** A fit the default budget accepts that takes seconds: 350 levels over 80,000 rows. */
const BIG_FIT = { formula: 'y ~ C(g)', columns: factorColumns(80_000, { g: 350 }) };
const SMALL_FIT = { formula: 'y ~ x', data: Array.from({ length: 10 }, (_, i) => ({ x: i, y: 2 * i + (i % 3) })) };

/** Polls /healthz every 25 ms until `until` settles; resolves with each answer's status and latency. */
async function healthDuring(client: HttpClient, until: Promise<unknown>): Promise<{ status: number; ms: number }[]> {
  const answers: { status: number; ms: number }[] = [];
  let settled = false;
  void until.finally(() => (settled = true));
  while (!settled && answers.length < 2_000) {
    const started = performance.now();
    const reply = await client.send('GET', '/healthz');
    answers.push({ status: reply.status, ms: performance.now() - started });
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return answers;
}

describe('the local server (built bundle, fits on worker threads)', () => {
  let server: ChildServer;
  let client: HttpClient;

  beforeAll(async () => {
    const bundle = await buildLocalBundle();
    const directory = await mkdtemp(join(tmpdir(), 'work-budget-'));
    server = await startChildServer(bundle, { env: { MODEL_DIR: directory, FIT_WORKERS: '2' } });
    client = new HttpClient(server.url, {}, 60_000);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it.each([
    ['y ~ C(g), 499 levels × 530,000 rows', LEVELS_BOMB, 'C(g), has 498'],
    ['y ~ C(g):C(h):C(k), 350 cells × 700,000 rows', INTERACTION_BOMB, 'C(g):C(h):C(k), has 349'],
  ])('refuses %s with FIT_TOO_LARGE at once, while /healthz answers', async (_name, body, widest) => {
    expect(body.length).toBeLessThan(6_000_000);
    const started = performance.now();
    const fit = client.post('/fit', body);
    const health = await healthDuring(client, fit);
    const reply = await fit;
    const elapsed = performance.now() - started;
    expect(reply.status, reply.text.slice(0, 500)).toBe(400);
    expect(reply.json.error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FIT_TOO_LARGE' });
    expect(reply.json.error.message).toMatch(
      /would take about [\d.]+ s of computation, beyond this service's budget of 11\.6 s/,
    );
    expect(reply.json.error.message).toContain(widest);
    expect(reply.json.error.message).toContain('FIT_TIME_BUDGET_MS');
    // A wall-clock bound far from both the old 49 s / 120 s and the body's upload and parse.
    expect(elapsed).toBeLessThan(20_000);
    expect(health.every((answer) => answer.status === 200)).toBe(true);
    // Nothing was stored.
    const models = await client.graphql('{ models(first: 5) { edges { node { id } } } }');
    expect(models.json.data.models.edges).toEqual([]);
  });

  it(
    'computes an accepted big fit off the event loop: ' + 'health, predictions and small fits keep being answered',
    async () => {
      const seed = await client.post('/fit', SMALL_FIT);
      expect(seed.status).toBe(200);
      const started = performance.now();
      const big = client.post('/fit', BIG_FIT);
      // Meanwhile, in turn: health checks, and a prediction and a small fit every fifth time.
      const answers: { status: number; ms: number }[] = [];
      let done = false;
      void big.finally(() => (done = true));
      for (let round = 0; !done && round < 1_000; round++) {
        const asked = performance.now();
        const reply =
          round % 5 === 3
            ? await client.post('/predict', { modelId: seed.json.modelId, data: { x: 4 } })
            : round % 5 === 4
              ? await client.post('/fit', SMALL_FIT)
              : await client.send('GET', '/healthz');
        answers.push({ status: reply.status, ms: performance.now() - asked });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const reply = await big;
      const duration = performance.now() - started;
      expect(reply.status, reply.text.slice(0, 300)).toBe(200);
      expect(Object.keys(reply.json.modelInfo)).toHaveLength(350);
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      // Answered all along, not after the fit: computed in this thread, the first request would wait
      // for the whole fit and few would be asked at all.
      expect(answers.length).toBeGreaterThanOrEqual(10);
      expect(Math.max(...answers.map((answer) => answer.ms))).toBeLessThan(duration / 4);
    },
  );
});

describe('the built Lambda handler with its heap capped like the function', () => {
  let bundle: string;
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'lambda-capped-'));
    bundle = join(directory, 'lambda.mjs');
    await build({ ...lambdaOptions, outfile: bundle });
  });

  /** Invokes the bundle in a child Node process with the heap limit a 1,769 MB function leaves. */
  async function invokeCapped(
    body: string,
  ): Promise<{ result: { statusCode: number; body: string }; elapsedMs: number; maxRssBytes: number }> {
    const eventFile = join(directory, `event-${Date.now()}.json`);
    await writeFile(eventFile, JSON.stringify(httpApiEvent({ method: 'POST', path: '/fit', body })));
    // 85% of the function's memory for V8's old space: the rest is for typed arrays, code and the runtime.
    const heapMb = Math.floor(1769 * 0.85);
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${heapMb}`, 'test/support/invokeLambdaBundle.mjs', bundle, eventFile],
      {
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'production',
          MODEL_DIR: join(directory, 'models'),
          LOG_LEVEL: 'SILENT',
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1769',
          FUNCTION_TIMEOUT_SECONDS: '29',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, stderr.slice(-2000)).toBe(0);
    return JSON.parse(stdout.trim().split('\n').at(-1)!);
  }

  it.each([
    ['y ~ C(g), 499 levels × 530,000 rows', LEVELS_BOMB],
    ['y ~ C(g):C(h):C(k), 350 cells × 700,000 rows', INTERACTION_BOMB],
  ])('answers %s with a clear 400, within its memory', async (_name, body) => {
    const { result, elapsedMs, maxRssBytes } = await invokeCapped(body);
    expect(result.statusCode, result.body.slice(0, 500)).toBe(400);
    expect(JSON.parse(result.body).error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FIT_TOO_LARGE' });
    expect(elapsedMs).toBeLessThan(15_000);
    expect(maxRssBytes).toBeLessThan(1769 * 1024 * 1024);
  });
});
