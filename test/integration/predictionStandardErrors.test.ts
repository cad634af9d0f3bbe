/**
 * Point predictions need no standard error. An HC2/HC3 model with a level seen in one training
 * row has an unbounded covariance (1 − h = 0 for that row), and a row far beyond the training
 * data can overflow its variance: both still predict, over REST and GraphQL, with the standard
 * error and interval null and a reason saying which happened.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startLocalServer, type LocalServer } from '../../src/local.js';
import { HttpClient } from '../support/httpClient.js';

const PREDICT = `mutation($input: PredictInput!) {
  predict(input: $input) { predictions rows { fit stdErrorMean lower upper stdErrorReason } }
}`;
const FIT =
  'mutation($input: FitModelInput!) { fitModel(input: $input) { id coefficients { name estimate stdError } } }';

/** 12 rows: levels a and b six times less one, level c once (its dummy is fitted by that row alone). */
const ROWS = Array.from({ length: 12 }, (_, i) => ({
  x: i * 0.5,
  g: i === 11 ? 'c' : i % 2 === 0 ? 'a' : 'b',
  y: 1 + 0.3 * i + (i % 3) * 0.2,
}));

let server: LocalServer;
let client: HttpClient;

beforeAll(async () => {
  const directory = await mkdtemp(join(tmpdir(), 'prediction-se-'));
  server = await startLocalServer(loadConfig({ PORT: '0', MODEL_DIR: directory, LOG_LEVEL: 'SILENT' }));
  client = new HttpClient(server.url);
});

afterAll(async () => {
  await server.close();
});

async function fit(
  covType: string,
): Promise<{ id: string; coefficients: { name: string; estimate: number; stdError: number | null }[] }> {
  const reply = await client.graphql(FIT, { input: { formula: 'y ~ x + g', data: ROWS, covType } });
  expect(reply.json.errors).toBeUndefined();
  return reply.json.data.fitModel;
}

/** The prediction by hand from the coefficients: the point prediction is exact whatever the covariance. */
function byHand(coefficients: { name: string; estimate: number }[], row: { x: number; g: string }): number {
  const b = Object.fromEntries(coefficients.map((c) => [c.name, c.estimate]));
  return b.Intercept! + b.x! * row.x + (row.g === 'b' ? b['g[T.b]']! : row.g === 'c' ? b['g[T.c]']! : 0);
}

describe('predictions without a standard error', () => {
  for (const covType of ['HC2', 'HC3']) {
    it(
      `${covType} with a one-row level: points over REST and GraphQL, ` +
        'standard errors null as UNBOUNDED_COVARIANCE',
      async () => {
        const model = await fit(covType);
        const rows = [
          { x: 1, g: 'a' },
          { x: 2.5, g: 'c' },
        ];
        const rest = await client.post('/predict', { modelId: model.id, data: rows });
        expect(rest.status, rest.text).toBe(200);
        for (const interval of ['NONE', 'CONFIDENCE', 'PREDICTION']) {
          const reply = await client.graphql(PREDICT, { input: { modelId: model.id, data: rows, interval } });
          expect(reply.json.errors, reply.text).toBeUndefined();
          const predicted = reply.json.data.predict;
          expect(predicted.predictions).toEqual(rest.json.predictions);
          rows.forEach((row, i) => {
            expect(Math.abs(predicted.predictions[i] - byHand(model.coefficients, row))).toBeLessThan(1e-12);
            expect(predicted.rows[i]).toEqual({
              fit: predicted.predictions[i],
              stdErrorMean: null,
              lower: null,
              upper: null,
              stdErrorReason: 'UNBOUNDED_COVARIANCE',
            });
          });
        }
      },
    );
  }

  it('HC1 on the same data gives every row its standard error and interval', async () => {
    const model = await fit('HC1');
    const reply = await client.graphql(PREDICT, {
      input: { modelId: model.id, data: [{ x: 2.5, g: 'c' }], interval: 'CONFIDENCE' },
    });
    const [row] = reply.json.data.predict.rows;
    expect(row.stdErrorReason).toBeNull();
    expect(row.stdErrorMean).toBeGreaterThan(0);
    expect(row.upper - row.lower).toBeGreaterThan(0);
  });

  it('a row whose variance overflows still predicts its point, with OVERFLOW', async () => {
    const model = await fit('NONROBUST');
    const rows = [
      { x: 1, g: 'a' },
      { x: 1e200, g: 'a' },
    ];
    const reply = await client.graphql(PREDICT, { input: { modelId: model.id, data: rows, interval: 'PREDICTION' } });
    expect(reply.json.errors, reply.text).toBeUndefined();
    const [ordinary, far] = reply.json.data.predict.rows;
    expect(ordinary.stdErrorReason).toBeNull();
    expect(ordinary.stdErrorMean).toBeGreaterThan(0);
    expect(far).toMatchObject({ stdErrorMean: null, lower: null, upper: null, stdErrorReason: 'OVERFLOW' });
    expect(far.fit / byHand(model.coefficients, rows[1]!)).toBeCloseTo(1, 12);
  });
});
