/**
 * Fuzzing the HTTP path with fast-check: formulas (from a grammar, and mutated), data cells,
 * whole JSON bodies, raw bytes and GraphQL documents, sent over real sockets to the local
 * server. Whatever arrives, the answer is a 2xx or a precise 4xx in the service's error shape
 * (never a 5xx), within a per-request time limit (no hang), and the server keeps serving (no
 * crash). Each property is bounded by a run count and a time budget, about 25 s in all.
 *
 * A failure prints fast-check's seed and shrunk counterexample; FUZZ_SEED=<seed> replays it, and
 * FUZZ_RUNS / FUZZ_BUDGET_MS run longer campaigns locally.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startLocalServer, type LocalServer } from '../../src/local.js';
import { errorOf, HttpClient, type Reply } from '../support/httpClient.js';

/** Per property: stop after this many runs or this much time, whichever comes first. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 4_000);
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const budget = { numRuns: RUNS, interruptAfterTimeLimit: BUDGET_MS, ...(seed === undefined ? {} : { seed }) };

/** Codes a client may be answered with; INTERNAL_SERVER_ERROR and SERVICE_UNAVAILABLE are not among them here. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'NOT_FOUND',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
]);

const FIT =
  'mutation Fit($input: FitModelInput!) { fitModel(input: $input) ' +
  '{ id nobs rSquared coefficients { name estimate stdError pValue } } }';

/** Thirty rows of every kind of column the formulas below name. */
const ROWS = Array.from({ length: 30 }, (_, i) => ({
  x: 1 + ((i * 37) % 17) / 3,
  z: i % 7 === 3 ? null : Math.sin(i) * 5,
  k: i % 4,
  g: ['a', 'b', 'c'][i % 3],
  b: i % 2 === 0,
  w: 0.5 + (i % 5),
  y: 2 + 0.7 * i + Math.cos(i * 1.3),
  価格: i * 1.5,
}));

let server: LocalServer;
let client: HttpClient;
let modelId: string;

beforeAll(async () => {
  const directory = await mkdtemp(join(tmpdir(), 'fuzz-'));
  server = await startLocalServer(
    loadConfig({
      PORT: '0',
      MODEL_DIR: directory,
      LOG_LEVEL: 'SILENT',
      MAX_BODY_BYTES: '200000',
      MAX_DESIGN_COLUMNS: '200',
    }),
  );
  client = new HttpClient(server.url, {}, 5_000);
  const fitted = await client.post('/fit', { formula: 'y ~ x * g + np.log(w) + C(k)', data: ROWS });
  expect(fitted.status, fitted.text).toBe(200);
  modelId = fitted.json.modelId;
});

afterAll(async () => {
  await server?.close();
});

/** The answer is a success or a precise client error: never a 5xx, always in the service's shape. */
function expectPreciseAnswer(reply: Reply, context: string): void {
  const detail = `${context}\n→ ${reply.status} ${reply.text.slice(0, 600)}`;
  expect(reply.status, detail).toBeLessThan(500);
  expect(reply.json, detail).toBeTypeOf('object');
  const error = errorOf(reply);
  if (reply.status >= 400) expect(error, detail).toBeDefined();
  if (error) {
    expect(CLIENT_CODES.has(error.code ?? ''), detail).toBe(true);
    expect(error.message.length, detail).toBeGreaterThan(0);
    expect(error.requestId, detail).toBe(reply.headers.get('x-request-id'));
    expect(reply.text, detail).not.toMatch(/\n\s+at |node:internal|internal server error/);
  }
}

const names = fc.constantFrom(
  'x',
  'z',
  'k',
  'g',
  'b',
  'w',
  'y',
  '価格',
  'Q("x")',
  'Q("価格")',
  'Q("")',
  'nope',
  'np.pi',
  '_',
  'x1',
);
const functions = fc.constantFrom(
  'np.log',
  'np.exp',
  'np.sqrt',
  'np.abs',
  'log',
  'I',
  'C',
  'center',
  'standardize',
  'scale',
  'np.power',
  'eval',
  'os.system',
  '',
);
const operators = fc.constantFrom(' + ', ' - ', ' * ', ' / ', ':', ' ** ', ' % ', ', ', ' | ', ' ~ ', '==', ' ');
const contrasts = fc.constantFrom(
  'Sum',
  'Treatment',
  'Poly',
  'Helmert',
  'Diff',
  'Treatment(reference="b")',
  'Treatment(reference=9)',
  'levels=["a", "b", "c"]',
  'levels=[]',
);

/** Formula text from patsy's grammar, with operators and functions it does and does not know. */
const expression = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    names,
    fc.constantFrom('0', '1', '-1', '2.5', '1e308', '1e-320', '.'),
    fc.tuple(tie('expr'), operators, tie('expr')).map(([a, op, b]) => `${a}${op}${b}`),
    fc.tuple(functions, tie('expr')).map(([f, e]) => `${f}(${e})`),
    fc.tuple(tie('expr'), contrasts).map(([e, c]) => `C(${e}, ${c})`),
    tie('expr').map((e) => `(${e})`),
    fc.tuple(tie('expr'), fc.integer({ min: -3, max: 12 })).map(([e, n]) => `(${e}) ** ${n}`),
  ),
})).expr;

/** Terms that are each valid over ROWS: sums and products of them are models that fit, or fail precisely. */
const validTerms = fc.constantFrom(
  'x',
  'z',
  'k',
  'g',
  'b',
  'w',
  '価格',
  'C(k)',
  'C(g, Sum)',
  'C(k, Helmert)',
  'C(g, Treatment(reference="b"))',
  'C(k, Poly)',
  'np.log(x)',
  'np.exp(x)',
  'np.sqrt(w)',
  'I(x**2)',
  'I(x**30)',
  'I(1e200 * x)',
  'I(1e-200 * x)',
  'center(z)',
  'standardize(w)',
  'x:g',
  'z:k',
  'g:b',
  'I(x - x)',
  'I(k == 2)',
  '-1',
  '0',
);
const models = fc
  .tuple(
    fc.constantFrom('y', 'np.log(y)', 'I(y * 1e300)', 'I(y * 1e-300)', 'k', 'w', 'I(y - y)'),
    fc.array(validTerms, { minLength: 1, maxLength: 6 }),
    fc.array(fc.constantFrom(' + ', ' * ', ':'), { minLength: 5, maxLength: 5 }),
  )
  .map(
    ([lhs, terms, joins]) => `${lhs} ~ ${terms.map((term, i) => (i === 0 ? term : `${joins[i - 1]}${term}`)).join('')}`,
  );

const formulas = fc.oneof(
  models,
  fc
    .tuple(fc.oneof(names, expression), fc.constantFrom(' ~ ', '~', ' ~ 0 + ', ' ~ -1 + ', ' ~~ '), expression)
    .map(([lhs, tilde, rhs]) => `${lhs}${tilde}${rhs}`),
  // A valid-looking formula with random characters spliced in.
  fc.tuple(expression, fc.nat(40), fc.string({ unit: 'grapheme', maxLength: 4 })).map(([rhs, at, junk]) => {
    const text = `y ~ ${rhs}`;
    const position = at % (text.length + 1);
    return `${text.slice(0, position)}${junk}${text.slice(position)}`;
  }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Any JSON-ish cell, including the ones JSON cannot carry as numbers. */
const cells = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '', 'a', 'b', '1', 'null'),
  fc.string({ maxLength: 6 }),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);

describe('fuzzing the HTTP path', () => {
  it(
    'answers any formula over fixed data precisely, through REST, and predicts from what it fits',
    async () => {
      await fc.assert(
        fc.asyncProperty(formulas, async (formula) => {
          const reply = await client.post('/fit', { formula, data: ROWS });
          expectPreciseAnswer(reply, `POST /fit formula ${JSON.stringify(formula)}`);
          if (reply.status === 200) {
            const predicted = await client.post('/predict', { modelId: reply.json.modelId, data: ROWS.slice(0, 5) });
            expectPreciseAnswer(predicted, `POST /predict from ${JSON.stringify(formula)}`);
          }
        }),
        budget,
      );
    },
    Math.max(30_000, BUDGET_MS * 3),
  );

  it(
    'answers any formula precisely through GraphQL, with a weights column and robust covariances',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          formulas,
          fc.constantFrom('NONROBUST', 'HC0', 'HC3'),
          fc.constantFrom(null, 'w', 'z', 'g'),
          async (formula, covType, weights) => {
            const reply = await client.graphql(FIT, { input: { formula, data: ROWS, covType, weights } });
            expectPreciseAnswer(reply, `fitModel ${JSON.stringify({ formula, covType, weights })}`);
          },
        ),
        budget,
      );
    },
    Math.max(30_000, BUDGET_MS * 3),
  );

  it(
    'answers any cells precisely, in records or columns',
    async () => {
      const record = fc.dictionary(
        fc.constantFrom('x', 'z', 'g', 'w', 'y', '', '__proto__', 'constructor', 'x '),
        cells,
        { maxKeys: 6 },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.array(record, { maxLength: 25 }),
          fc.constantFrom('y ~ x', 'y ~ x + g', 'y ~ np.log(x) * g', 'y ~ C(z)', 'y ~ I(x**2) + z'),
          fc.boolean(),
          async (rows, formula, asColumns) => {
            const body = asColumns
              ? {
                  formula,
                  columns: Object.fromEntries(
                    ['x', 'z', 'g', 'w', 'y'].map((name) => [name, rows.map((row) => row[name] ?? null)]),
                  ),
                }
              : { formula, data: rows, weights: rows.length % 2 ? 'w' : undefined };
            const reply = await client.post('/fit', body);
            expectPreciseAnswer(reply, `POST /fit ${JSON.stringify(body).slice(0, 400)}`);
          },
        ),
        budget,
      );
    },
    Math.max(30_000, BUDGET_MS * 3),
  );

  it(
    'answers any rows to predict precisely',
    async () => {
      const row = fc.dictionary(fc.constantFrom('x', 'g', 'w', 'k', 'z'), cells, { maxKeys: 5 });
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(row, fc.array(row, { maxLength: 8 }), cells),
          fc.constantFrom('NONE', 'CONFIDENCE', 'PREDICTION'),
          async (data, interval) => {
            const rest = await client.post('/predict', { modelId, data });
            expectPreciseAnswer(rest, `POST /predict ${JSON.stringify(data)}`);
            const graphql = await client.graphql(
              'mutation P($input: PredictInput!) { predict(input: $input) { predictions rows { lower upper } } }',
              {
                input: { modelId, data, interval },
              },
            );
            expectPreciseAnswer(graphql, `predict ${JSON.stringify(data)}`);
          },
        ),
        budget,
      );
    },
    Math.max(30_000, BUDGET_MS * 3),
  );

  it(
    'answers any JSON body, and any bytes, on every route precisely',
    async () => {
      const bytes = fc.oneof(
        fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.uint8Array({ maxLength: 200 }).map((array) => Buffer.from(array)),
        // JSON cut short or with a byte changed.
        fc.tuple(fc.jsonValue({ maxDepth: 3 }), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([value, at, byte]) => {
          const text = Buffer.from(JSON.stringify({ formula: 'y ~ x', data: [value] }));
          if (at % 2 === 0) return text.subarray(0, at % (text.length + 1));
          text[at % text.length] = byte;
          return text;
        }),
      );
      await fc.assert(
        fc.asyncProperty(
          bytes,
          fc.constantFrom('/fit', '/predict', '/graphql'),
          fc.constantFrom('application/json', 'text/plain', 'application/json; charset=latin1'),
          async (body, path, type) => {
            const reply = await client.post(path, body, { 'content-type': type, 'apollo-require-preflight': 'true' });
            expectPreciseAnswer(
              reply,
              `POST ${path} (${type}) ` +
                `${JSON.stringify(typeof body === 'string' ? body : body.toString('latin1')).slice(0, 300)}`,
            );
          },
        ),
        budget,
      );
    },
    Math.max(30_000, BUDGET_MS * 3),
  );

  it(
    'answers any GraphQL document precisely: well-formed queries with odd arguments, and token soup',
    async () => {
      const number = fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
        fc.constantFrom(0, 1, -1, 0.5, 1e-300, 0.999999999999),
      );
      const literal = (value: number) => (Number.isInteger(value) ? String(value) : value.toExponential());
      const coefficientField = fc.oneof(
        fc.constantFrom(
          'name',
          'term',
          'aliased',
          'estimate',
          'stdError',
          'tValue',
          'pValue',
          'confInt { lower upper }',
        ),
        number.map((level) => `confInt(level: ${literal(level)}) { lower upper }`),
      );
      const modelField = fc.oneof(
        fc.constantFrom(
          'id',
          'name',
          'formula',
          'createdAt',
          'method',
          'response',
          'weights',
          'covType',
          'useT',
          'predictors { name kind levels }',
          'terms { name factors columns }',
          'columns',
          'nobs',
          'rowsDropped',
          'warnings',
          'rank',
          'dfModel',
          'dfResid',
          'aliased',
          'modelInfo',
          'rSquared',
          'adjRSquared',
          'fStatistic',
          'fPValue',
          'logLikelihood',
          'aic',
          'bic',
          'residualStdError',
          'scale',
          'ssr',
          'ess',
          'centeredTss',
          'uncenteredTss',
          'conditionNumber',
          'summary',
          'diagnostics { omnibus omnibusPValue durbinWatson jarqueBera jarqueBeraPValue skew kurtosis }',
        ),
        fc
          .array(coefficientField, { minLength: 1, maxLength: 3 })
          .map((fields) => `coefficients { ${fields.join(' ')} }`),
      );
      const fields = fc.array(modelField, { minLength: 1, maxLength: 6 }).map((list) => list.join(' '));
      const id = fc.oneof(
        fc.constant('MODEL'),
        fc.string({ maxLength: 40 }),
        fc.uuid({ version: 7 }),
        fc.constant('MODEL').map(() => 'UPPER'),
      );
      const idLiteral = (value: string) =>
        JSON.stringify(value === 'MODEL' ? modelId : value === 'UPPER' ? modelId.toUpperCase() : value);
      const rowLiteral = fc
        .record({
          x: number,
          g: fc.constantFrom('"a"', '"b"', '"z"', 'null', '1', 'true'),
          w: number,
          k: fc.integer({ min: -1, max: 5 }),
        })
        .map((row) => `{x: ${literal(row.x)}, g: ${row.g}, w: ${literal(row.w)}, k: ${row.k}}`);
      const document = fc.oneof(
        fc.tuple(id, fields).map(([value, selection]) => `{ model(id: ${idLiteral(value)}) { ${selection} } }`),
        fc
          .tuple(
            fc.integer({ min: -5, max: 120 }),
            fc.option(fc.oneof(fc.string({ maxLength: 30 }), fc.base64String({ maxLength: 60 }))),
            fields,
          )
          .map(
            ([first, after, selection]) =>
              `{ models(first: ${first}${after === null ? '' : `, after: ${JSON.stringify(after)}`}) ` +
              `{ edges { cursor node { ${selection} } } pageInfo { hasNextPage endCursor } } }`,
          ),
        fc
          .tuple(
            id,
            fc.array(rowLiteral, { maxLength: 4 }),
            fc.constantFrom('NONE', 'CONFIDENCE', 'PREDICTION'),
            number,
          )
          .map(
            ([value, rows, interval, level]) =>
              `mutation { predict(input: {modelId: ${idLiteral(value)}, data: [${rows.join(', ')}], ` +
              `interval: ${interval}, level: ${literal(level)}}) ` +
              '{ predictions rows { fit stdErrorMean lower upper } } }',
          ),
        // Never the shared model: the other properties predict from it.
        fc
          .string({ maxLength: 40 })
          .map((value) => `mutation { deleteModel(id: ${JSON.stringify(value)}) { deleted } }`),
        fc
          .array(
            fc.constantFrom(
              '{',
              '}',
              '(',
              ')',
              ':',
              '$',
              '...',
              '@skip(if: true)',
              'query',
              'mutation',
              'fragment F on Query',
              'models',
              'model',
              'edges',
              'node',
              'id',
              '"',
              '__schema',
              '__typename',
              'alias:',
              '#',
              '\\u0000',
            ),
            { maxLength: 30 },
          )
          .map((tokens) => tokens.join(' ')),
      );
      await fc.assert(
        fc.asyncProperty(document, async (query) => {
          const reply = await client.graphql(query);
          expectPreciseAnswer(reply, `graphql ${JSON.stringify(query)}`);
        }),
        budget,
      );
    },
    Math.max(30_000, BUDGET_MS * 3),
  );

  it('is still serving, and still right, after all of it', async () => {
    expect(await client.healthy()).toBe(true);
    const predicted = await client.post('/predict', { modelId, data: ROWS[0] });
    expect(predicted.status).toBe(200);
    expect(Number.isFinite(predicted.json.prediction)).toBe(true);
  });
});
