/**
 * A catalogue of bad requests sent over real sockets to the local server (file store, API keys
 * for two tenants, small configured limits). Each entry states the HTTP status, the public code
 * (`extensions.code` or `error.code`), the reason, and fragments the message must contain to
 * name the problem (the column, the row, the place in the formula or the limit). After every
 * entry the server still answers, and the caller's models are exactly those it had before.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApplication } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { createLambdaHandler } from '../../src/lambdaHandler.js';
import { InMemoryModelRepository } from '../../src/models/index.js';
import { startLocalServer, type LocalServer } from '../../src/local.js';
import { httpApiEvent, lambdaContext, type EventRequest } from '../support/apiGatewayEvents.js';
import { expectClose } from '../support/assertions.js';
import { errorOf, HttpClient, type Reply } from '../support/httpClient.js';
import { SEED_EXPECTED, SEED_FIT_BODY } from '../support/seed.js';

const LIMITS = {
  MAX_BODY_BYTES: '400000',
  MAX_ROWS: '2000',
  MAX_COLUMNS: '40',
  MAX_DESIGN_COLUMNS: '60',
  MAX_PREDICTION_ROWS: '50',
  GRAPHQL_MAX_DEPTH: '5',
};

const FIT =
  'mutation Fit($input: FitModelInput!) { fitModel(input: $input) { id nobs aliased coefficients { name estimate } } }';
const PREDICT = 'mutation Predict($input: PredictInput!) { predict(input: $input) { predictions } }';

/** Eight rows of a numeric x, a two-level g and y ≈ 1 + 2x. */
const ROWS = [1, 2, 3, 4, 5, 6, 7, 8].map((x) => ({
  x,
  g: x % 2 === 1 ? 'a' : 'b',
  y: 1 + 2 * x + (((x * 7) % 3) - 1) / 2,
}));

/** 60 records, x and y in each, and a key of its own in each but the first: 61 columns in all. */
const SPREAD_ROWS = Array.from({ length: 60 }, (_, i) => ({
  x: i,
  y: (i * 7) % 5,
  ...(i === 0 ? {} : { [`k${i - 1}`]: i }),
}));
/** 62 columns of 8 rows: x, y and k0 … k59. */
const WIDE_COLUMNS = {
  x: ROWS.map((row) => row.x),
  y: ROWS.map((row) => row.y),
  ...Object.fromEntries(Array.from({ length: 60 }, (_, k) => [`k${k}`, ROWS.map((row) => row.x * k)])),
};
/** The same 62 columns as CSV. */
const WIDE_CSV = [
  Object.keys(WIDE_COLUMNS),
  ...ROWS.map((_, r) => Object.values(WIDE_COLUMNS).map((cells) => cells[r])),
]
  .map((line) => line.join(','))
  .join('\n');

/** ROWS with row `index` (0-based) changed. */
function rowsWith(index: number, change: Record<string, unknown>): Record<string, unknown>[] {
  return ROWS.map((row, at) => (at === index ? { ...row, ...change } : row));
}

/** A JSON body with `cell` spliced in raw, for values JSON.stringify cannot write (1e400). */
function rawFitBody(formula: string, cell: string): string {
  const rows = ROWS.map((row, at) =>
    at === 1 ? `{"x": ${cell}, "y": ${row.y}}` : JSON.stringify({ x: row.x, y: row.y }),
  );
  return `{"formula": ${JSON.stringify(formula)}, "data": [${rows.join(', ')}]}`;
}

interface Context {
  readonly alice: HttpClient;
  readonly bob: HttpClient;
  readonly anonymous: HttpClient;
  /** alice's model `y ~ x + g`. */
  readonly aliceModel: string;
  /** bob's model `y ~ x + g`. */
  readonly bobModel: string;
  /** A model alice fitted and then deleted. */
  readonly deletedModel: string;
}

interface Entry {
  readonly name: string;
  readonly send: (context: Context) => Promise<Reply>;
  readonly status: number;
  readonly code: string;
  readonly reason?: string;
  /** Fragments the message must contain: strings literally, patterns by match. */
  readonly message: readonly (string | RegExp | ((context: Context) => string))[];
}

const fit = (body: unknown) => (context: Context) => context.alice.post('/fit', body);
const fitGraphQL = (input: Record<string, unknown>) => (context: Context) => context.alice.graphql(FIT, { input });
const predict = (body: (context: Context) => Record<string, unknown>) => (context: Context) =>
  context.alice.post('/predict', body(context));
const predictGraphQL = (input: (context: Context) => Record<string, unknown>) => (context: Context) =>
  context.alice.graphql(PREDICT, { input: input(context) });
const query = (text: string, variables?: Record<string, unknown>) => (context: Context) =>
  context.alice.graphql(text, variables);

const CATALOGUE: readonly Entry[] = [
  // The body itself.
  {
    name: 'REST: malformed JSON (cut off)',
    send: fit('{"formula": "y ~ x", "data": ['),
    status: 400,
    code: 'BAD_REQUEST',
    reason: 'MALFORMED_JSON',
    message: ['not valid JSON', /line 1, column \d+/],
  },
  {
    name: 'GraphQL: malformed JSON',
    send: (c) => c.alice.post('/graphql', '{"query": "{ models { edges { cursor } } }", '),
    status: 400,
    code: 'BAD_REQUEST',
    reason: 'MALFORMED_JSON',
    message: ['not valid JSON'],
  },
  {
    name: 'REST: bytes after the JSON value',
    send: fit('{"formula": "y ~ x"} x'),
    status: 400,
    code: 'BAD_REQUEST',
    reason: 'MALFORMED_JSON',
    message: ['expected the end of the input'],
  },
  {
    name: 'REST: single-quoted strings',
    send: fit("{'formula': 'y ~ x'}"),
    status: 400,
    code: 'BAD_REQUEST',
    reason: 'MALFORMED_JSON',
    message: ['not valid JSON', 'column 2'],
  },
  {
    name: 'REST: JSON nested 10,000 deep',
    send: fit(`{"formula": "y ~ x", "data": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`),
    status: 400,
    code: 'BAD_REQUEST',
    reason: 'MALFORMED_JSON',
    message: ['deeper than 64 levels'],
  },
  {
    name: 'REST: the body is an array',
    send: fit([SEED_FIT_BODY]),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_BODY',
    message: ['the request body must be a JSON object'],
  },
  {
    name: 'REST: an empty body',
    send: fit(''),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_BODY',
    message: ['the request body must be a JSON object'],
  },
  {
    name: 'REST: the formula is a number',
    send: fit({ formula: 42, data: ROWS }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_BODY',
    message: ['"formula" must be a string'],
  },
  {
    name: 'REST: data is one object, not an array',
    send: fit({ formula: 'y ~ x', data: ROWS[0] }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_BODY',
    message: ['"data" must be an array of records'],
  },
  {
    name: 'REST: rows that are numbers',
    send: fit({ formula: 'y ~ x', data: [1, 2, 3] }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'NOT_A_RECORD',
    message: ['row 1 is not an object'],
  },
  {
    name: 'REST: predict with data as a string',
    send: predict((c) => ({ modelId: c.aliceModel, data: 'x=1' })),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_BODY',
    message: ['"data" must be a record or an array of records'],
  },
  {
    name: 'REST: predict without a modelId',
    send: predict(() => ({ data: { x: 1, g: 'a' } })),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_BODY',
    message: ['"modelId" must be a string'],
  },
  {
    name: 'REST: GET /fit',
    send: (c) => c.alice.send('GET', '/fit'),
    status: 405,
    code: 'BAD_REQUEST',
    reason: 'METHOD_NOT_ALLOWED',
    message: ['GET is not allowed on /fit', 'POST'],
  },
  {
    name: 'an unknown route',
    send: (c) => c.alice.post('/v2/fit', SEED_FIT_BODY),
    status: 404,
    code: 'NOT_FOUND',
    reason: 'NO_SUCH_ROUTE',
    message: ['no route POST /v2/fit'],
  },
  {
    name: 'REST: a body over MAX_BODY_BYTES',
    send: fit({ formula: 'y ~ x', data: ROWS, padding: 'p'.repeat(500_000) }),
    status: 413,
    code: 'BAD_USER_INPUT',
    reason: 'LIMIT_EXCEEDED',
    message: ['MAX_BODY_BYTES', '400,000 bytes'],
  },
  {
    name: 'GraphQL: a body over MAX_BODY_BYTES',
    send: query(FIT, { input: { formula: 'y ~ x', data: ROWS, name: 'n'.repeat(500_000) } }),
    status: 413,
    code: 'BAD_USER_INPUT',
    reason: 'LIMIT_EXCEEDED',
    message: ['MAX_BODY_BYTES', '400,000 bytes'],
  },

  // GraphQL documents and variables.
  {
    name: 'GraphQL: a syntax error',
    send: query('{ models { edges { '),
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
    message: ['Syntax Error', 'Expected Name, found <EOF>'],
  },
  {
    name: 'GraphQL: a document that is not GraphQL at all',
    send: query('SELECT * FROM models'),
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
    message: ['Syntax Error', 'Unexpected Name "SELECT"'],
  },
  {
    name: 'GraphQL: the query is a number',
    send: (c) => c.alice.post('/graphql', { query: 5 }),
    status: 400,
    code: 'BAD_REQUEST',
    message: ['GraphQL queries must be strings'],
  },
  {
    name: 'GraphQL: no query',
    send: (c) => c.alice.post('/graphql', { variables: {} }),
    status: 400,
    code: 'BAD_REQUEST',
    message: ['non-empty `query`'],
  },
  {
    name: 'GraphQL: batched operations',
    send: (c) => c.alice.post('/graphql', [{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    status: 400,
    code: 'BAD_REQUEST',
    message: ['batching disabled'],
  },
  {
    name: 'GraphQL: text/plain (a possible CSRF)',
    send: (c) => c.alice.post('/graphql', '{"query": "{ __typename }"}', { 'content-type': 'text/plain' }),
    status: 400,
    code: 'BAD_REQUEST',
    message: ['Cross-Site Request Forgery'],
  },
  {
    name: 'GraphQL: an unknown field',
    send: query('{ modle(id: "x") { id } }'),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: ['Cannot query field "modle" on type "Query"'],
  },
  {
    name: 'GraphQL: the formula is a number',
    send: query(FIT, { input: { formula: 5, data: ROWS } }),
    status: 400,
    code: 'BAD_USER_INPUT',
    message: ['input.formula', 'String cannot represent'],
  },
  {
    name: 'GraphQL: rows that are numbers',
    send: query(FIT, { input: { formula: 'y ~ x', data: [1, 2] } }),
    status: 400,
    code: 'BAD_USER_INPUT',
    message: ['input.data[0]', 'JSONObject cannot represent'],
  },
  {
    name: 'GraphQL: the required input is missing',
    send: query(FIT, {}),
    status: 400,
    code: 'BAD_USER_INPUT',
    message: ['"$input" of required type "FitModelInput!" was not provided'],
  },
  {
    name: 'GraphQL: an unknown enum value',
    send: query(FIT, { input: { formula: 'y ~ x', data: ROWS, covType: 'HC9' } }),
    status: 400,
    code: 'BAD_USER_INPUT',
    message: ['"HC9" does not exist in "CovarianceType"'],
  },
  {
    name: 'GraphQL: a field given twice in an input literal',
    send: query('mutation { fitModel(input: {formula: "y ~ x", formula: "y ~ g", csv: "x,y"}) { id } }'),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: ['only one input field named "formula"'],
  },
  {
    name: 'GraphQL: deeper than GRAPHQL_MAX_DEPTH',
    send: query('{ models { edges { node { coefficients { confInt { lower } } } } } }'),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: ['depth limit of 5'],
  },
  {
    name: 'GraphQL: more aliases than GRAPHQL_MAX_ALIASES',
    send: query(
      `{ ${Array.from({ length: 20 }, (_, i) => `m${i}: models(first: 1) { edges { cursor } }`).join(' ')} }`,
    ),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: ['Aliases limit of 15', 'found 20'],
  },
  {
    name: 'GraphQL: costlier than GRAPHQL_MAX_COST',
    send: query(
      `{ ${Array.from(
        { length: 10 },
        (_, i) => `m${i}: models(first: 100) { edges { node { summary coefficients { name estimate stdError } } } }`,
      ).join(' ')} }`,
    ),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: ['Cost limit of 5000'],
  },
  {
    name: 'GraphQL: more tokens than GRAPHQL_MAX_TOKENS',
    send: query(`{ ${'__typename '.repeat(1_200)}}`),
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
    message: ['1000 tokens'],
  },
  {
    name: 'GraphQL: models(first: 0)',
    send: query('{ models(first: 0) { edges { cursor } } }'),
    status: 200,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_ARGUMENT',
    message: ['first must be an integer from 1 to 100; got 0'],
  },
  {
    name: 'GraphQL: a forged cursor',
    send: query('{ models(after: "bW9kZWw6Li4vLi4vZXRj") { edges { cursor } } }'),
    status: 200,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_CURSOR',
    message: ['"after" is not a cursor this service issued'],
  },
  {
    name: 'GraphQL: a confidence interval at level 5',
    send: (c) => c.alice.graphql(`{ model(id: "${c.aliceModel}") { coefficients { confInt(level: 5) { lower } } } }`),
    status: 200,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_ARGUMENT',
    message: ['level must be between 0 and 1', 'got 5'],
  },
  {
    name: 'GraphQL: a confidence interval at level 0',
    send: (c) => c.alice.graphql(`{ model(id: "${c.aliceModel}") { coefficients { confInt(level: 0) { lower } } } }`),
    status: 200,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_ARGUMENT',
    message: ['level must be between 0 and 1', 'got 0'],
  },
  {
    name: 'GraphQL: a prediction interval at level 1',
    send: predictGraphQL((c) => ({
      modelId: c.aliceModel,
      data: [{ x: 1, g: 'a' }],
      interval: 'PREDICTION',
      level: 1,
    })),
    status: 200,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_ARGUMENT',
    message: ['level must be between 0 and 1', 'got 1'],
  },

  // The data.
  {
    name: 'empty data',
    send: fit({ formula: 'y ~ x', data: [] }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'UNKNOWN_VARIABLE',
    message: ['column "y" is not in the data', 'the data has no columns'],
  },
  {
    name: 'empty columns',
    send: fit({ formula: 'y ~ x', columns: { x: [], y: [] } }),
    status: 400,
    code: 'BAD_USER_INPUT',
    message: [/no rows|0 rows/],
  },
  {
    name: 'an all-null column',
    send: fit({ formula: 'y ~ x', data: ROWS.map((row) => ({ ...row, x: null })) }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'NO_ROWS',
    message: ['every row has a missing value in "x"'],
  },
  {
    name: 'n ≤ p',
    send: fit({ formula: 'y ~ x + g', data: ROWS.slice(0, 3) }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'NOT_ENOUGH_ROWS',
    message: ['3 estimable coefficients but only 3 rows'],
  },
  {
    name: 'a string in a numeric column',
    send: fit({ formula: 'y ~ x', data: rowsWith(2, { x: 'three' }) }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'MIXED_TYPES',
    message: ['column "x"', 'row 3', '"three"'],
  },
  {
    name: 'NaN spelled as a string',
    send: fit({ formula: 'y ~ x', data: rowsWith(1, { x: 'NaN' }) }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'MIXED_TYPES',
    message: ['column "x"', 'row 2', '"NaN"', 'JSON has no NaN or Infinity'],
  },
  {
    name: 'Infinity spelled as a string',
    send: fit({ formula: 'y ~ x', data: rowsWith(1, { x: 'Infinity' }) }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'MIXED_TYPES',
    message: ['column "x"', '"Infinity"', 'JSON has no NaN or Infinity'],
  },
  {
    name: '-Infinity spelled as a string in the response',
    send: fit({ formula: 'y ~ x', data: rowsWith(4, { y: '-Infinity' }) }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'MIXED_TYPES',
    message: ['column "y"', 'row 5', '"-Infinity"'],
  },
  {
    name: 'a number beyond double range (1e400)',
    send: fit(rawFitBody('y ~ x', '1e400')),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_VALUE',
    message: ['row 2, column "x"', 'beyond the range of a double'],
  },
  {
    name: 'a negative number beyond double range (GraphQL)',
    send: (c) =>
      c.alice.post(
        '/graphql',
        `{"query": ${JSON.stringify(FIT)}, "variables": {"input": ${rawFitBody('y ~ x', '-1e400')}}}`,
      ),
    status: 200,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_VALUE',
    message: ['row 2, column "x"', 'beyond the range of a double'],
  },
  {
    name: 'an object as a cell',
    send: fit({ formula: 'y ~ x', data: rowsWith(1, { x: { value: 2 } }) }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_VALUE',
    message: ['row 2, column "x"', 'an object is not a valid cell'],
  },
  {
    name: 'an array as a cell',
    send: fit({ formula: 'y ~ x', data: rowsWith(1, { x: [2, 3] }) }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_VALUE',
    message: ['row 2, column "x"', 'an array is not a valid cell'],
  },
  {
    name: 'an array as a cell (GraphQL)',
    send: fitGraphQL({ formula: 'y ~ x', data: rowsWith(6, { x: [2, 3] }) }),
    status: 200,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_VALUE',
    message: ['row 7, column "x"', 'an array is not a valid cell'],
  },
  {
    name: 'a missing value with missing: RAISE',
    send: fitGraphQL({ formula: 'y ~ x', data: rowsWith(1, { x: null }), missing: 'RAISE' }),
    status: 200,
    code: 'BAD_USER_INPUT',
    reason: 'MISSING_VALUE',
    message: ['row 2: column "x" is missing'],
  },
  {
    name: 'data and csv together',
    send: fitGraphQL({ formula: 'y ~ x', data: ROWS, csv: 'x,y\n1,2\n' }),
    status: 200,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_DATA',
    message: ['give exactly one of data (records), columns or csv', 'data and csv were given'],
  },
  {
    name: 'columns of unequal length',
    send: fit({ formula: 'y ~ x', columns: { x: [1, 2, 3, 4], y: [1, 2, 3] } }),
    status: 400,
    code: 'BAD_USER_INPUT',
    message: ['"y"', '3', '4'],
  },
  {
    name: 'CSV with an unclosed quote',
    send: fit({ formula: 'y ~ x', csv: 'x,y\n1,"2\n3,4\n' }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'CSV_SYNTAX',
    message: ['a quoted field is not closed', 'line 2'],
  },
  {
    name: 'CSV with a column named twice',
    send: fit({ formula: 'y ~ x', csv: 'x,y,x\n1,2,3\n' }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'CSV_SYNTAX',
    message: ['column name "x" is used twice'],
  },
  {
    name: 'a negative weight',
    send: fit({ formula: 'y ~ x', weights: 'w', data: ROWS.map((row, at) => ({ ...row, w: at === 1 ? -1 : 1 })) }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_WEIGHTS',
    message: ['row 2', 'column "w"', 'is -1', 'positive'],
  },
  {
    name: 'a zero weight',
    send: fit({ formula: 'y ~ x', weights: 'w', data: ROWS.map((row, at) => ({ ...row, w: at === 3 ? 0 : 2 })) }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_WEIGHTS',
    message: ['row 4', 'column "w"', 'is 0'],
  },
  {
    name: 'a weights column the data lacks',
    send: fit({ formula: 'y ~ x', weights: 'w', data: ROWS }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_WEIGHTS',
    message: ['the weights column "w" is not in the data'],
  },

  // The formula.
  {
    name: 'a 100 kB formula',
    send: fit({ formula: `y ~ ${'x + '.repeat(25_000)}x`, data: ROWS }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'LIMIT_EXCEEDED',
    message: ['MAX_FORMULA_LENGTH', '100,005', '10,000'],
  },
  {
    name: 'a formula of 6,000 tokens within the length limit',
    send: fit({ formula: `y ~ ${'x+'.repeat(3_000)}x`, data: ROWS }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'FORMULA_TOO_LONG',
    message: ['more than 5000 tokens'],
  },
  {
    name: 'an empty formula',
    send: fit({ formula: '', data: ROWS }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'FORMULA_SYNTAX',
    message: ['the formula is empty'],
  },
  {
    name: 'an unmatched parenthesis',
    send: fit({ formula: 'y ~ (x + g', data: ROWS }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'FORMULA_SYNTAX',
    message: ["Unmatched '('", "add ')' to close it", '^'],
  },
  {
    name: 'code in a formula',
    send: fit({ formula: 'y ~ __import__("os").system("id")', data: ROWS }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'FORMULA_SYNTAX',
    message: ['attribute access is only supported on names', '^'],
  },
  {
    name: 'an unknown function',
    send: fit({ formula: 'y ~ eval(x)', data: ROWS }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'UNKNOWN_FUNCTION',
    message: ['eval', '^'],
  },
  {
    name: 'a column the data lacks',
    send: fit({ formula: 'y ~ x + z', data: ROWS }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'UNKNOWN_VARIABLE',
    message: ['column "z" is not in the data', '"x"', '^'],
  },
  {
    name: 'an empty column name the data lacks',
    send: fit({ formula: 'y ~ Q("")', data: ROWS }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'UNKNOWN_VARIABLE',
    message: ['column "" is not in the data'],
  },
  {
    name: 'a unicode column name the data lacks',
    send: fit({ formula: 'y ~ 価格', data: ROWS }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'UNKNOWN_VARIABLE',
    message: ['column "価格" is not in the data'],
  },
  {
    name: 'a response whose sum of squares overflows',
    send: fit({ formula: 'I(y * 1e300) ~ x', data: ROWS }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'NUMERIC_OVERFLOW',
    message: ['sum of squares is Infinity', 'rescale'],
  },
  {
    name: 'np.log of a negative number',
    send: fit({ formula: 'y ~ np.log(x)', data: rowsWith(0, { x: -1 }) }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'NON_FINITE_VALUE',
    message: ['row 1: np.log(x) is not a number', 'x = -1'],
  },
  {
    name: 'a square that overflows',
    send: fit({ formula: 'y ~ I(x**2)', data: rowsWith(5, { x: 1e300 }) }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'NON_FINITE_VALUE',
    message: ['row 6: I(x ** 2)', 'x = 1e+300'],
  },

  // Limits.
  {
    name: 'rows over MAX_ROWS',
    send: fit({ formula: 'y ~ x', data: Array.from({ length: 2_001 }, (_, i) => ({ x: i, y: i % 7 })) }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'LIMIT_EXCEEDED',
    message: ['MAX_ROWS', '2,001', '2,000'],
  },
  {
    name: 'columns over MAX_COLUMNS in one record',
    send: fit({
      formula: 'y ~ c0',
      data: ROWS.map((row) => ({
        ...row,
        ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`c${i}`, row.x * i])),
      })),
    }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'LIMIT_EXCEEDED',
    message: ['more than 40 columns, beyond the limit of 40 (MAX_COLUMNS)', 'column 41, "c37", first appears in row 1'],
  },
  {
    name: 'columns over MAX_COLUMNS, a key of its own per record (REST)',
    send: fit({ formula: 'y ~ x', data: SPREAD_ROWS }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'LIMIT_EXCEEDED',
    message: ['beyond the limit of 40 (MAX_COLUMNS)', 'column 41, "k38", first appears in row 40'],
  },
  {
    name: 'columns over MAX_COLUMNS, a key of its own per record (GraphQL variables)',
    send: fitGraphQL({ formula: 'y ~ x', data: SPREAD_ROWS }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'LIMIT_EXCEEDED',
    message: ['beyond the limit of 40 (MAX_COLUMNS)', 'column 41, "k38", first appears in row 40'],
  },
  {
    name: 'columns over MAX_COLUMNS, a key of its own per record (GraphQL literal)',
    send: query(
      'mutation { fitModel(input: {formula: "y ~ x", data: [{x: 1, y: 2}, ' +
        `${Array.from({ length: 40 }, (_, i) => `{k${i}: ${i}}`).join(', ')}]}) { id } }`,
    ),
    status: 200,
    code: 'BAD_USER_INPUT',
    reason: 'LIMIT_EXCEEDED',
    message: ['beyond the limit of 40 (MAX_COLUMNS)', 'column 41, "k38", first appears in row 40'],
  },
  {
    name: 'columns over MAX_COLUMNS, a key of its own per record (REST predict)',
    send: predict((c) => ({
      modelId: c.aliceModel,
      data: SPREAD_ROWS.slice(0, 45).map((row) => ({ ...row, g: 'a' })),
    })),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'LIMIT_EXCEEDED',
    message: ['beyond the limit of 40 (MAX_COLUMNS)', 'column 41'],
  },
  {
    name: 'columns over MAX_COLUMNS in a columns object (REST)',
    send: fit({ formula: 'y ~ x', columns: WIDE_COLUMNS }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'LIMIT_EXCEEDED',
    message: ['beyond the limit of 40 (MAX_COLUMNS)', 'column 41, "k38"'],
  },
  {
    name: 'columns over MAX_COLUMNS in a columns object (GraphQL variables)',
    send: fitGraphQL({ formula: 'y ~ x', columns: WIDE_COLUMNS }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'LIMIT_EXCEEDED',
    message: ['beyond the limit of 40 (MAX_COLUMNS)', 'column 41, "k38"'],
  },
  {
    name: 'columns over MAX_COLUMNS in a CSV header (REST)',
    send: fit({ formula: 'y ~ x', csv: WIDE_CSV }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'LIMIT_EXCEEDED',
    message: ['the CSV header has 62 columns, beyond the limit of 40 (MAX_COLUMNS)'],
  },
  {
    name: 'columns over MAX_COLUMNS in a CSV header (GraphQL)',
    send: fitGraphQL({ formula: 'y ~ x', csv: WIDE_CSV }),
    status: 200,
    code: 'BAD_USER_INPUT',
    reason: 'LIMIT_EXCEEDED',
    message: ['the CSV header has 62 columns, beyond the limit of 40 (MAX_COLUMNS)'],
  },
  {
    name: 'design columns over MAX_DESIGN_COLUMNS',
    send: fit({ formula: 'y ~ C(k)', data: Array.from({ length: 100 }, (_, i) => ({ k: `level ${i}`, y: i })) }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'DESIGN_TOO_LARGE',
    message: ['more than 60 columns', 'MAX_DESIGN_COLUMNS', 'C(k)'],
  },
  {
    name: 'prediction rows over MAX_PREDICTION_ROWS',
    send: predict((c) => ({ modelId: c.aliceModel, data: Array.from({ length: 51 }, () => ({ x: 1, g: 'a' })) })),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'LIMIT_EXCEEDED',
    message: ['MAX_PREDICTION_ROWS', '51', '50'],
  },

  // Predictions, models and tenants.
  {
    name: 'a level never seen in training',
    send: predict((c) => ({ modelId: c.aliceModel, data: { x: 1, g: 'c' } })),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'UNSEEN_LEVEL',
    message: ['row 1, column "g"', 'level "c" was not seen in training', '"a", "b"'],
  },
  {
    name: 'text where the model was trained on numbers',
    send: predict((c) => ({
      modelId: c.aliceModel,
      data: [
        { x: 1, g: 'a' },
        { x: 'two', g: 'b' },
      ],
    })),
    status: 400,
    code: 'BAD_USER_INPUT',
    message: ['column "x"', '"two"'],
  },
  {
    name: 'a prediction that overflows',
    send: predict((c) => ({
      modelId: c.aliceModel,
      data: [
        { x: 1, g: 'a' },
        { x: 1e308, g: 'b' },
      ],
    })),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_ARGUMENT',
    message: ['row 2: the prediction is not a finite number'],
  },
  {
    name: 'a deleted model (REST)',
    send: predict((c) => ({ modelId: c.deletedModel, data: { x: 1, g: 'a' } })),
    status: 404,
    code: 'NOT_FOUND',
    reason: 'MODEL_NOT_FOUND',
    message: [(c) => `no model has id ${c.deletedModel}`],
  },
  {
    name: 'a deleted model (GraphQL)',
    send: predictGraphQL((c) => ({ modelId: c.deletedModel, data: [{ x: 1, g: 'a' }] })),
    status: 200,
    code: 'NOT_FOUND',
    reason: 'MODEL_NOT_FOUND',
    message: [(c) => c.deletedModel],
  },
  {
    name: 'another tenant’s model (REST)',
    send: predict((c) => ({ modelId: c.bobModel, data: { x: 1, g: 'a' } })),
    status: 404,
    code: 'NOT_FOUND',
    reason: 'MODEL_NOT_FOUND',
    message: [(c) => `no model has id ${c.bobModel}`],
  },
  {
    name: 'another tenant’s model (GraphQL)',
    send: predictGraphQL((c) => ({ modelId: c.bobModel, data: [{ x: 1, g: 'a' }] })),
    status: 200,
    code: 'NOT_FOUND',
    reason: 'MODEL_NOT_FOUND',
    message: [(c) => c.bobModel],
  },
  {
    name: 'a model id with path traversal',
    send: predict(() => ({ modelId: '../../../etc/passwd', data: { x: 1 } })),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_MODEL_ID',
    message: ['"../../../etc/passwd" is not a model id'],
  },
  {
    name: 'a storage key as a model id',
    send: (c) => c.alice.graphql(`{ model(id: "tenants/Ym9i/models/${c.bobModel}") { id } }`),
    status: 200,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_MODEL_ID',
    message: ['is not a model id'],
  },
  {
    name: 'an upper-case model id',
    send: predict((c) => ({ modelId: c.aliceModel.toUpperCase(), data: { x: 1, g: 'a' } })),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_MODEL_ID',
    message: [(c) => `"${c.aliceModel.toUpperCase()}" is not a model id`],
  },
  {
    name: 'deleting with an invalid id',
    send: query('mutation { deleteModel(id: "models/..%2f") { deleted } }'),
    status: 200,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_MODEL_ID',
    message: ['"models/..%2f" is not a model id'],
  },
  {
    name: 'no API key (REST)',
    send: (c) => c.anonymous.post('/fit', SEED_FIT_BODY),
    status: 401,
    code: 'UNAUTHENTICATED',
    reason: 'UNAUTHENTICATED',
    message: ['an x-api-key header is required'],
  },
  {
    name: 'no API key (GraphQL)',
    send: (c) => c.anonymous.graphql(FIT, { input: SEED_FIT_BODY }),
    status: 401,
    code: 'UNAUTHENTICATED',
    message: ['an x-api-key header is required'],
  },
  {
    name: 'a wrong API key',
    send: (c) =>
      c.anonymous.post('/predict', { modelId: c.aliceModel, data: { x: 1, g: 'a' } }, { 'x-api-key': 'key-mallory' }),
    status: 401,
    code: 'UNAUTHENTICATED',
    reason: 'UNAUTHENTICATED',
    message: ['the x-api-key is not valid'],
  },
];

let server: LocalServer;
let context: Context;

beforeAll(async () => {
  const directory = await mkdtemp(join(tmpdir(), 'catalogue-'));
  server = await startLocalServer(
    loadConfig({
      PORT: '0',
      MODEL_DIR: directory,
      LOG_LEVEL: 'SILENT',
      API_KEYS: 'key-alice=alice,key-bob=bob',
      ...LIMITS,
    }),
  );
  const alice = new HttpClient(server.url, { 'x-api-key': 'key-alice' });
  const bob = new HttpClient(server.url, { 'x-api-key': 'key-bob' });
  const fitted = async (client: HttpClient): Promise<string> => {
    const reply = await client.post('/fit', { formula: 'y ~ x + g', data: ROWS });
    expect(reply.status, reply.text).toBe(200);
    return reply.json.modelId as string;
  };
  const deletedModel = await fitted(alice);
  expect(
    (await alice.graphql(`mutation { deleteModel(id: "${deletedModel}") { deleted } }`)).json.data.deleteModel.deleted,
  ).toBe(true);
  context = {
    alice,
    bob,
    anonymous: new HttpClient(server.url),
    aliceModel: await fitted(alice),
    bobModel: await fitted(bob),
    deletedModel,
  };
});

afterAll(async () => {
  await server?.close();
});

describe('bad input catalogue (HTTP, local server)', () => {
  it('has at least 40 entries', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CATALOGUE.map((entry) => entry.name)).size).toBe(CATALOGUE.length);
  });

  it.each(CATALOGUE.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const before = await context.alice.modelIds();
    const reply = await entry.send(context);
    const error = errorOf(reply);
    expect(error, `${reply.status} ${reply.text.slice(0, 500)}`).toBeDefined();
    expect({ status: reply.status, code: error!.code }).toEqual({ status: entry.status, code: entry.code });
    if (entry.reason) expect(error!.reason).toBe(entry.reason);
    for (const fragment of entry.message) {
      if (fragment instanceof RegExp) expect(error!.message).toMatch(fragment);
      else expect(error!.message).toContain(typeof fragment === 'function' ? fragment(context) : fragment);
    }
    // Every error names the request it answers, in the body and in the header.
    expect(error!.requestId).toBeTruthy();
    expect(error!.requestId).toBe(reply.headers.get('x-request-id'));
    // Nothing internal leaks, and the server is unharmed: it answers, and stored nothing.
    expect(reply.text).not.toMatch(/\n\s+at |stacktrace|node:internal|\.ts:\d+/);
    expect(await context.alice.healthy()).toBe(true);
    expect(await context.alice.modelIds()).toEqual(before);
  });
});

describe('inputs that are unusual but valid, answered as documented', () => {
  it('fits a constant column as aliased, like R’s lm, with a null estimate', async () => {
    const reply = await context.alice.graphql(FIT, {
      input: { formula: 'y ~ x + k', data: ROWS.map((row) => ({ ...row, k: 3 })) },
    });
    expect(reply.json.errors).toBeUndefined();
    expect(reply.json.data.fitModel.aliased).toEqual(['k']);
    expect(reply.json.data.fitModel.coefficients.find((c: { name: string }) => c.name === 'k').estimate).toBeNull();
  });

  it('fits and predicts with unicode and empty column names (Q("") reads the empty name)', async () => {
    const data = ROWS.map((row) => ({ 価格: row.x, '': row.x % 3, y: row.y }));
    const fitted = await context.alice.post('/fit', { formula: 'y ~ 価格 + Q("")', data });
    expect(fitted.status, fitted.text).toBe(200);
    expect(Object.keys(fitted.json.modelInfo)).toEqual(['Intercept', '価格', 'Q("")']);
    const predicted = await context.alice.post('/predict', {
      modelId: fitted.json.modelId,
      data: { 価格: 2, '': 2 },
    });
    expect(predicted.status).toBe(200);
    const info = fitted.json.modelInfo;
    expectClose(
      predicted.json.prediction,
      info.Intercept.estimate + 2 * info['価格'].estimate + 2 * info['Q("")'].estimate,
      1e-12,
      1e-12,
    );
  });

  it(
    'reads a key repeated in a record as JSON.parse does: ' + 'the last value wins, in REST and GraphQL alike',
    async () => {
      const rows = ROWS.map((row, at) => (at === 0 ? `{"x": 100, "y": ${row.y}, "x": ${row.x}}` : JSON.stringify(row)));
      const rest = await context.alice.post('/fit', `{"formula": "y ~ x", "data": [${rows.join(',')}]}`);
      const graphql = await context.alice.post(
        '/graphql',
        `{"query": ${JSON.stringify(FIT)}, "variables": {"input": {"formula": "y ~ x", "data": [${rows.join(',')}]}}}`,
      );
      const plain = await context.alice.post('/fit', { formula: 'y ~ x', data: ROWS });
      expect(rest.status).toBe(200);
      expect(rest.json.modelInfo).toEqual(plain.json.modelInfo);
      expect(graphql.json.data.fitModel.coefficients[1].estimate).toBe(plain.json.modelInfo.x.estimate);
    },
  );

  it('fits data whose columns reach MAX_COLUMNS exactly, spread over its records, in REST and GraphQL', async () => {
    const rows = SPREAD_ROWS.slice(0, 39);
    const rest = await context.alice.post('/fit', { formula: 'y ~ x', data: rows });
    expect(rest.status, rest.text).toBe(200);
    const graphql = await context.alice.graphql(FIT, { input: { formula: 'y ~ x', data: rows } });
    expect(graphql.json.errors).toBeUndefined();
    expect(graphql.json.data.fitModel.coefficients[1].estimate).toBe(rest.json.modelInfo.x.estimate);
    await context.alice.graphql(
      `mutation { a: deleteModel(id: "${rest.json.modelId}") { deleted } ` +
        `b: deleteModel(id: "${graphql.json.data.fitModel.id}") { deleted } }`,
    );
  });

  it('answers another tenant’s model as absent: null, not deletable, and still there for its owner', async () => {
    const seen = await context.alice.graphql(`{ model(id: "${context.bobModel}") { id } }`);
    expect(seen.json).toEqual({ data: { model: null } });
    const deleted = await context.alice.graphql(`mutation { deleteModel(id: "${context.bobModel}") { id deleted } }`);
    expect(deleted.json).toEqual({ data: { deleteModel: { id: context.bobModel, deleted: false } } });
    expect(await context.alice.modelIds()).not.toContain(context.bobModel);
    expect(await context.bob.modelIds()).toContain(context.bobModel);
  });

  it('still fits the seed example exactly after the whole catalogue', async () => {
    const reply = await context.alice.post('/fit', SEED_FIT_BODY);
    expect(reply.status).toBe(200);
    for (const [column, expected] of Object.entries(SEED_EXPECTED)) {
      expectClose(reply.json.modelInfo[column].estimate, expected.estimate, 1e-9, 1e-10);
      expectClose(reply.json.modelInfo[column].p, expected.p);
    }
  });
});

describe('the same answers behind API Gateway (Lambda handler, v2 events)', () => {
  const handler = createLambdaHandler(
    composeApplication(loadConfig({ LOG_LEVEL: 'SILENT', ...LIMITS }), { repository: new InMemoryModelRepository() }),
  );
  async function invoke(
    request: EventRequest,
  ): Promise<{ status: number; json: any; requestId: string; header: unknown }> {
    const event = httpApiEvent(request);
    const result = (await handler(event, lambdaContext(), () => undefined)) as APIGatewayProxyStructuredResultV2;
    return {
      status: result.statusCode!,
      json: JSON.parse(result.body!),
      requestId: event.requestContext.requestId,
      header: result.headers?.['x-request-id'],
    };
  }
  const huge = JSON.stringify({ formula: 'y ~ x', data: ROWS, padding: 'p'.repeat(500_000) });

  it.each([
    [
      'REST: a body over MAX_BODY_BYTES',
      { method: 'POST', path: '/fit', body: huge },
      413,
      'BAD_USER_INPUT',
      'MAX_BODY_BYTES',
    ],
    [
      'GraphQL: a body over MAX_BODY_BYTES, base64-encoded',
      { method: 'POST', path: '/graphql', body: huge, base64: true },
      413,
      'BAD_USER_INPUT',
      'MAX_BODY_BYTES',
    ],
    [
      'REST: malformed JSON, base64-encoded',
      { method: 'POST', path: '/fit', body: '{"formula": ', base64: true },
      400,
      'BAD_REQUEST',
      'not valid JSON',
    ],
    [
      'GraphQL: a syntax error',
      { method: 'POST', path: '/graphql', body: JSON.stringify({ query: '{ models { ' }) },
      400,
      'GRAPHQL_PARSE_FAILED',
      'Syntax Error',
    ],
    [
      'GraphQL: batched operations',
      { method: 'POST', path: '/graphql', body: JSON.stringify([{ query: '{ __typename }' }]) },
      400,
      'BAD_REQUEST',
      'batching',
    ],
    [
      'GraphQL: more rows than MAX_ROWS',
      {
        method: 'POST',
        path: '/graphql',
        body: JSON.stringify({
          query: FIT,
          variables: {
            input: { formula: 'y ~ x', data: Array.from({ length: 2_001 }, (_, i) => ({ x: i, y: i % 3 })) },
          },
        }),
      },
      200,
      'BAD_USER_INPUT',
      'MAX_ROWS',
    ],
    [
      'REST: a key of its own per record, beyond MAX_COLUMNS',
      { method: 'POST', path: '/fit', body: JSON.stringify({ formula: 'y ~ x', data: SPREAD_ROWS }) },
      400,
      'BAD_USER_INPUT',
      'column 41, "k38", first appears in row 40',
    ],
    [
      'GraphQL: a columns object beyond MAX_COLUMNS, base64-encoded',
      {
        method: 'POST',
        path: '/graphql',
        body: JSON.stringify({ query: FIT, variables: { input: { formula: 'y ~ x', columns: WIDE_COLUMNS } } }),
        base64: true,
      },
      400,
      'BAD_USER_INPUT',
      'beyond the limit of 40 (MAX_COLUMNS)',
    ],
    [
      'REST: a model that does not exist',
      {
        method: 'POST',
        path: '/predict',
        body: JSON.stringify({ modelId: '01934a6e-5b6e-7c3a-9d2e-1f0a2b3c4d5e', data: {} }),
      },
      404,
      'NOT_FOUND',
      'no model has id',
    ],
  ] as const)('%s', async (_name, request, status, code, fragment) => {
    const reply = await invoke(request as EventRequest);
    const error = reply.json.error ?? reply.json.errors?.[0]?.extensions;
    const message = reply.json.error?.message ?? reply.json.errors?.[0]?.message;
    expect({ status: reply.status, code: error?.code }).toEqual({ status, code });
    expect(message).toContain(fragment);
    expect(error.requestId).toBe(reply.requestId);
    expect(reply.header).toBe(reply.requestId);
  });
});
