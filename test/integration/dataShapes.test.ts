/**
 * One input, one meaning, whatever the shape: the same data sent as records, as columns and as
 * CSV (REST and GraphQL) gives the same model or the same refusal. A CSV missing marker (`NA`,
 * `null`, … quoted or not) means what JSON's null means; a CSV number beyond double range (or
 * `inf`) means what JSON's 1e400 means, and both are refused naming the row and the column.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { CSV_MISSING_MARKERS } from '../../src/data/index.js';
import { startLocalServer, type LocalServer } from '../../src/local.js';
import { errorOf, HttpClient, type Reply } from '../support/httpClient.js';

const FIT =
  'mutation Fit($input: FitModelInput!) { fitModel(input: $input) { nobs coefficients { name estimate stdError } } }';
const FORMULA = 'y ~ x + g';
const NAMES = ['x', 'g', 'y'] as const;

/** Eight rows; each cell is its JSON text and its CSV text, which mean the same. */
interface Cell {
  readonly json: string;
  readonly csv: string;
}
type Row = Record<(typeof NAMES)[number], Cell>;

const plain = (value: number | string): Cell => ({ json: JSON.stringify(value), csv: String(value) });
const ROWS: Row[] = [1, 2, 3, 4, 5, 6, 7, 8].map((x) => ({
  x: plain(x),
  g: plain(x % 3 === 0 ? 'b' : 'a'),
  y: plain(1 + 2 * x + (((x * 5) % 3) - 1) / 4),
}));

/** ROWS with some cells replaced. */
function rowsWith(changes: readonly (readonly [row: number, column: (typeof NAMES)[number], cell: Cell])[]): Row[] {
  return ROWS.map((row, at) => {
    const changed = { ...row };
    for (const [index, column, cell] of changes) if (index === at) changed[column] = cell;
    return changed;
  });
}

/** The data of `rows` in each shape, as the JSON text of the input's data member. */
function shapes(rows: readonly Row[]): Record<'records' | 'columns' | 'csv', string> {
  const records =
    '[' + rows.map((row) => `{${NAMES.map((name) => `"${name}": ${row[name].json}`).join(', ')}}`).join(', ') + ']';
  const columns = `{${NAMES.map((name) => `"${name}": [${rows.map((row) => row[name].json).join(', ')}]`).join(', ')}}`;
  const csv = [NAMES.join(','), ...rows.map((row) => NAMES.map((name) => row[name].csv).join(','))].join('\n');
  return { records: `"data": ${records}`, columns: `"columns": ${columns}`, csv: `"csv": ${JSON.stringify(csv)}` };
}

/** What a fit answered, as comparable across shapes and transports. */
function answer(reply: Reply): unknown {
  const error = errorOf(reply);
  if (error) return { error: { code: error.code, reason: error.reason, message: error.message } };
  if (reply.json.modelInfo) return { modelInfo: reply.json.modelInfo };
  const fitted = reply.json.data.fitModel;
  return {
    nobs: fitted.nobs,
    modelInfo: Object.fromEntries(
      fitted.coefficients.map((c: { name: string; estimate: number; stdError: number }) => [
        c.name,
        [c.estimate, c.stdError],
      ]),
    ),
  };
}

let server: LocalServer;
let client: HttpClient;

beforeAll(async () => {
  server = await startLocalServer(
    loadConfig({ PORT: '0', MODEL_DIR: await mkdtemp(join(tmpdir(), 'shapes-')), LOG_LEVEL: 'SILENT' }),
  );
  client = new HttpClient(server.url);
});

afterAll(async () => {
  await server?.close();
});

/** The six answers for `rows`: REST and GraphQL, each shape. */
async function fitEveryWay(rows: readonly Row[]): Promise<Record<string, { rest: unknown; graphql: unknown }>> {
  const out: Record<string, { rest: unknown; graphql: unknown }> = {};
  for (const [shape, member] of Object.entries(shapes(rows))) {
    const rest = await client.post('/fit', `{"formula": "${FORMULA}", ${member}}`);
    const graphql = await client.post(
      '/graphql',
      `{"query": ${JSON.stringify(FIT)}, "variables": {"input": {"formula": "${FORMULA}", ${member}}}}`,
    );
    out[shape] = { rest: answer(rest), graphql: answer(graphql) };
  }
  return out;
}

describe('a number beyond double range', () => {
  it.each([
    ['1e400', { json: '1e400', csv: '1e400' }, '1e400'],
    ['-1e400', { json: '-1e400', csv: '-1e400' }, '-1e400'],
    ['1e400, quoted in the CSV', { json: '1e400', csv: '"1e400"' }, '1e400'],
    ['inf in the CSV (1e400 in JSON, which has no infinity)', { json: '1e400', csv: 'inf' }, 'inf'],
    ['-Infinity in the CSV (-1e400 in JSON)', { json: '-1e400', csv: '-Infinity' }, '-Infinity'],
  ] as const)('is refused the same way in every shape: %s', async (_name, cell, spelled) => {
    const answers = await fitEveryWay(rowsWith([[2, 'x', cell]]));
    for (const [shape, { rest, graphql }] of Object.entries(answers)) {
      for (const [transport, got] of [
        ['REST', rest],
        ['GraphQL', graphql],
      ] as const) {
        const error = (got as { error?: { code: string; reason: string; message: string } }).error;
        expect(error, `${transport} ${shape}: ${JSON.stringify(got)}`).toMatchObject({
          code: 'BAD_USER_INPUT',
          reason: 'INVALID_VALUE',
        });
        expect(error!.message).toMatch(/^row 3, column "x": .* is not a finite number/);
        if (shape === 'csv') expect(error!.message).toContain(`${spelled} is not a finite number`);
      }
    }
  });

  it('is a level as written in a CSV column of text, as any number there', async () => {
    const reply = await client.post('/fit', { formula: 'y ~ g', csv: 'g,y\na,1\n1e400,2\nb,3\na,2\n1e400,4\nb,5\n' });
    expect(reply.status, reply.text).toBe(200);
    // Levels sort as Python sorts them: "1e400" < "a" < "b", so "1e400" is the reference level.
    expect(Object.keys(reply.json.modelInfo)).toEqual(['Intercept', 'g[T.a]', 'g[T.b]']);
  });
});

describe('a missing value', () => {
  const markers = CSV_MISSING_MARKERS.filter((marker) => marker !== '');

  it.each(['', ...markers])(
    '%j in a CSV cell, quoted or not, means null, in numeric and text columns',
    async (marker) => {
      const quoted = `"${marker}"`;
      const missing = [
        [2, 'x', { json: 'null', csv: marker }],
        [4, 'g', { json: 'null', csv: quoted }],
        [6, 'x', { json: 'null', csv: ` ${quoted === '""' ? '' : marker} ` }],
      ] as const;
      const answers = await fitEveryWay(rowsWith(missing));
      const reference = answers.records!.rest as { modelInfo: Record<string, unknown> };
      expect(Object.keys(reference.modelInfo)).toEqual(['Intercept', 'g[T.b]', 'x']);
      for (const [shape, { rest, graphql }] of Object.entries(answers)) {
        expect(rest, `REST ${shape}`).toEqual(reference);
        expect(graphql, `GraphQL ${shape}`).toEqual(answers.records!.graphql);
      }
      // Three rows of eight were dropped.
      expect((answers.csv!.graphql as { nobs: number }).nobs).toBe(5);
    },
  );

  it('is refused the same way in every shape under missing: RAISE', async () => {
    const rows = rowsWith([[3, 'x', { json: 'null', csv: 'NA' }]]);
    const texts = new Set<string>();
    for (const member of Object.values(shapes(rows))) {
      const reply = await client.post(
        '/graphql',
        `{"query": ${JSON.stringify(FIT)}, ` +
          `"variables": {"input": {"formula": "${FORMULA}", "missing": "RAISE", ${member}}}}`,
      );
      const error = errorOf(reply)!;
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MISSING_VALUE' });
      texts.add(error.message);
    }
    expect(texts.size).toBe(1);
    expect([...texts][0]).toMatch(/^row 4: column "x" is missing/);
  });

  it('spelled as a string in JSON is text, with a hint to send null', async () => {
    const reply = await client.post(
      '/fit',
      `{"formula": "${FORMULA}", ${shapes(rowsWith([[2, 'x', { json: '"NA"', csv: 'NA' }]])).records}}`,
    );
    expect(errorOf(reply)).toMatchObject({
      reason: 'MIXED_TYPES',
      message: expect.stringContaining('null for a missing value'),
    });
  });
});
