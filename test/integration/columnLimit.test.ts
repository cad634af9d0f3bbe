/**
 * MAX_COLUMNS bounds the distinct columns of a whole request, and the request parser enforces it
 * as the body streams in: a body of hundreds of thousands of distinct keys, spread over records
 * that are each narrow, is refused at the first column too many. Run against the built server in
 * a child process with the default limits, so that its peak memory can be read from /proc.
 * (The per-shape answers over HTTP are in badInputCatalogue.test.ts.)
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLocalBundle, startChildServer, type ChildServer } from '../support/childServer.js';
import { errorOf, HttpClient } from '../support/httpClient.js';

const FIT = 'mutation Fit($input: FitModelInput!) { fitModel(input: $input) { id } }';
/** Just under the default MAX_BODY_BYTES (6,000,000). */
const BODY_BYTES = 5_800_000;
/**
 * Before the fix the records, columns and single-record bodies took 1.3–2.9 s and +100–765 MB of
 * peak RSS here; refused at the first column too many they take ~40–110 ms and +7–24 MB (the
 * most for CSV text in GraphQL, a JS string). The bounds are generous for the second and fail the
 * first. (A CSV header was already refused as soon as it was too wide, but as TOO_MANY_COLUMNS.)
 */
const MAX_PEAK_GROWTH_BYTES = 64 * 1024 * 1024;
const MAX_ANSWER_MS = 1_000;

/** Key number `k`, four base-36 digits: `"0000"`, `"0001"`, … */
const key = (k: number): string => k.toString(36).padStart(4, '0');

/** Adds pieces from `next(k)` until their text would pass `bytes`; answers them and the keys used. */
function fill(bytes: number, next: (k: number) => { text: string; keys: number }): { parts: string[]; keys: number } {
  const parts: string[] = [];
  let size = 0;
  let keys = 0;
  while (size < bytes) {
    const piece = next(keys);
    parts.push(piece.text);
    size += piece.text.length + 1;
    keys += piece.keys;
  }
  return { parts, keys };
}

/** `[{"y": 0, "x": 0}, {"0000": 0, …, "0009": 0}, …]`: ten keys of their own per record. */
function spreadRecords(bytes: number): { text: string; keys: number } {
  const { parts, keys } = fill(bytes, (k) => ({
    text: `{${Array.from({ length: 10 }, (_, i) => `"${key(k + i)}":0`).join(',')}}`,
    keys: 10,
  }));
  return { text: `[{"y": 0, "x": 0},${parts.join(',')}]`, keys };
}

/** `{"y": [0], "x": [0], "0000": [0], …}`. */
function wideColumns(bytes: number): { text: string; keys: number } {
  const { parts, keys } = fill(bytes, (k) => ({ text: `"${key(k)}":[0]`, keys: 1 }));
  return { text: `{"y": [0], "x": [0], ${parts.join(',')}}`, keys };
}

/** One record `{"x": 0, "0000": 0, …}`, as a prediction takes it. */
function wideRecord(bytes: number): { text: string; keys: number } {
  const { parts, keys } = fill(bytes, (k) => ({ text: `"${key(k)}":0`, keys: 1 }));
  return { text: `{"y": 0, "x": 0, ${parts.join(',')}}`, keys };
}

/** A CSV header `y,x,0000,0001,…` and one row. */
function wideCsv(bytes: number): { text: string; keys: number } {
  const { parts, keys } = fill(bytes / 2, (k) => ({ text: key(k), keys: 1 }));
  return { text: JSON.stringify(`y,x,${parts.join(',')}\n0,0,${parts.map(() => '0').join(',')}\n`), keys };
}

/** The most memory the process has held (VmHWM), in bytes. */
async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

let bundle: string;
const children: ChildServer[] = [];

beforeAll(async () => {
  bundle = await buildLocalBundle();
}, 60_000);

afterAll(async () => {
  await Promise.all(children.map((child) => child.stop()));
});

/** A fresh server per case, so that each peak is its own. */
async function start(): Promise<{ child: ChildServer; client: HttpClient }> {
  const directory = await mkdtemp(join(tmpdir(), 'column-limit-'));
  const child = await startChildServer(bundle, { env: { LOG_LEVEL: 'INFO', MODEL_DIR: directory } });
  children.push(child);
  return { child, client: new HttpClient(child.url) };
}

const RECORDS_REFUSAL =
  'the data has more than 1,000 columns, beyond the limit of 1,000 (MAX_COLUMNS): ' +
  'column 1,001, "00rq", first appears in row 101';

describe('a body of ~530k–630k distinct keys', () => {
  it.each([
    [
      'REST records',
      '/fit',
      400,
      (size: number) => spreadRecords(size),
      (data: string) => `{"formula": "y ~ x", "data": ${data}}`,
      RECORDS_REFUSAL,
    ],
    [
      'GraphQL records',
      '/graphql',
      400,
      (size: number) => spreadRecords(size),
      (data: string) => graphql(`"data": ${data}`),
      RECORDS_REFUSAL,
    ],
    [
      'REST columns',
      '/fit',
      400,
      (size: number) => wideColumns(size),
      (data: string) => `{"formula": "y ~ x", "columns": ${data}}`,
      'column 1,001, "00rq"',
    ],
    [
      'GraphQL columns',
      '/graphql',
      400,
      (size: number) => wideColumns(size),
      (data: string) => graphql(`"columns": ${data}`),
      'column 1,001, "00rq"',
    ],
    [
      'REST CSV',
      '/fit',
      400,
      (size: number) => wideCsv(size),
      (data: string) => `{"formula": "y ~ x", "csv": ${data}}`,
      'the CSV header has 5',
    ],
    [
      'GraphQL CSV',
      '/graphql',
      200,
      (size: number) => wideCsv(size),
      (data: string) => graphql(`"csv": ${data}`),
      'the CSV header has 5',
    ],
    [
      'REST predict, one record',
      '/predict',
      400,
      (size: number) => wideRecord(size),
      (data: string) => `{"modelId": "${MODEL_ID}", "data": ${data}}`,
      'column 1,001, "00rq", first appears in row 1',
    ],
    [
      'GraphQL predict, one record',
      '/graphql',
      400,
      (size: number) => wideRecord(size),
      (data: string) => predictGraphql(data),
      'column 1,001, "00rq", first appears in row 1',
    ],
  ] as const)(
    'is refused at the first column too many: %s',
    { timeout: 30_000 },
    async (name, path, status, make, wrap, message) => {
      const { text, keys } = make(BODY_BYTES - wrap('').length - 100);
      const body = wrap(text);
      expect(keys).toBeGreaterThan(500_000);
      expect(body.length).toBeLessThan(6_000_000);
      const { child, client } = await start();
      expect(await client.healthy()).toBe(true);
      const before = await peakRss(child.pid);
      const started = performance.now();
      const reply = await client.post(path, body);
      const elapsed = performance.now() - started;
      const growth = (await peakRss(child.pid)) - before;
      // MEASURE=1 prints the figures docs/reliability.md quotes.
      if (process.env.MEASURE)
        console.log(`${name}: ${keys} keys, ${Math.round(elapsed)} ms, peak RSS +${Math.round(growth / 2 ** 20)} MB`);
      expect({ status: reply.status, ...errorOf(reply) }).toMatchObject({
        status,
        code: 'BAD_USER_INPUT',
        reason: 'LIMIT_EXCEEDED',
      });
      expect(errorOf(reply)!.message).toContain('beyond the limit of 1,000 (MAX_COLUMNS)');
      expect(errorOf(reply)!.message).toContain(message);
      expect(elapsed).toBeLessThan(MAX_ANSWER_MS);
      expect(growth).toBeLessThan(MAX_PEAK_GROWTH_BYTES);
      expect(await client.healthy()).toBe(true);
    },
  );
});

/** Any well-formed model id: the body is refused before a model is looked up. */
const MODEL_ID = '01934a6e-5b6e-7c3a-9d2e-1f0a2b3c4d5e';
const PREDICT = 'mutation Predict($input: PredictInput!) { predict(input: $input) { predictions } }';

/** A GraphQL body predicting the one record `record`. */
function predictGraphql(record: string): string {
  return `{"query": ${JSON.stringify(PREDICT)}, "variables": {"input": {"modelId": "${MODEL_ID}", "data": ${record}}}}`;
}

/** A GraphQL body fitting `y ~ x` from the data member `data` of its input. */
function graphql(data: string): string {
  return `{"query": ${JSON.stringify(FIT)}, "variables": {"input": {"formula": "y ~ x", ${data}}}}`;
}
