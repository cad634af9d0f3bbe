// The sample API Gateway HTTP API (payload format 2.0) events of events/, and what it takes to
// chain them: the model id a fit answered, put into a predict event. scripts/make-events.mjs
// writes the events, scripts/sam-fit-then-predict.mjs chains them through `sam local invoke`, and
// the tests (test/deploy/events.test.ts) check both with the bundled handler.

/** The seed's data: statsmodels gives Intercept 100 (se 7.0711) and Treatment[T.B] −10 (se 10). */
const SEED = {
  formula: 'Outcome ~ Treatment',
  data: [
    { Treatment: 'A', Outcome: 110 },
    { Treatment: 'A', Outcome: 90 },
    { Treatment: 'A', Outcome: 120 },
    { Treatment: 'A', Outcome: 80 },
    { Treatment: 'A', Outcome: 100 },
    { Treatment: 'B', Outcome: 70 },
    { Treatment: 'B', Outcome: 110 },
    { Treatment: 'B', Outcome: 100 },
    { Treatment: 'B', Outcome: 80 },
    { Treatment: 'B', Outcome: 90 },
  ],
};

/** The model id of the predict events as written: a well-formed id no store has, until replaced. */
export const PLACEHOLDER_MODEL_ID = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

const FIT =
  'mutation Fit($input: FitModelInput!) { fitModel(input: $input) ' +
  '{ id nobs rSquared coefficients { name estimate stdError tValue pValue } } }';
const PREDICT =
  'mutation Predict($input: PredictInput!) { predict(input: $input) { modelId predictions rows { fit lower upper } } }';
const MODELS =
  '{ models(first: 5) { edges { node { id name formula createdAt } } ' + 'pageInfo { hasNextPage endCursor } } }';

/**
 * The events, by file name (without .json). Only routes of template.yaml: API Gateway answers a
 * CORS preflight itself (CorsConfiguration) and never sends one to the function.
 */
export function sampleEvents() {
  return {
    'graphql-fit': event(
      'graphql-fit',
      'POST',
      '/graphql',
      { query: FIT, variables: { input: SEED } },
      {
        base64: true,
      },
    ),
    'graphql-predict': event('graphql-predict', 'POST', '/graphql', {
      query: PREDICT,
      variables: {
        input: {
          modelId: PLACEHOLDER_MODEL_ID,
          data: [{ Treatment: 'A' }, { Treatment: 'B' }],
          interval: 'PREDICTION',
        },
      },
    }),
    'graphql-models': event('graphql-models', 'POST', '/graphql', { query: MODELS }),
    'graphql-landing-page': event('graphql-landing-page', 'GET', '/graphql', undefined),
    'rest-fit': event('rest-fit', 'POST', '/fit', SEED, { base64: true }),
    'rest-predict': event('rest-predict', 'POST', '/predict', {
      modelId: PLACEHOLDER_MODEL_ID,
      data: { Treatment: 'A' },
    }),
  };
}

/** The predict event that goes with each fit event. */
export const PREDICT_AFTER = { 'graphql-fit': 'graphql-predict', 'rest-fit': 'rest-predict' };

/** An event as API Gateway sends it for one request (lower-case headers, `$default` stage). */
function event(name, method, path, body, { base64 = false } = {}) {
  const text = body === undefined ? undefined : JSON.stringify(body);
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: {
      accept: method === 'GET' ? 'text/html' : 'application/json',
      ...(text === undefined
        ? {}
        : { 'content-length': String(Buffer.byteLength(text)), 'content-type': 'application/json' }),
      host: 'abc123.execute-api.eu-west-1.amazonaws.com',
      'user-agent': 'curl/8.5.0',
      'x-amzn-trace-id': 'Root=1-67450a2b-0123456789abcdef01234567',
      'x-forwarded-for': '203.0.113.10',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'curl/8.5.0' },
      requestId: `${name}-0000000000000000`,
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '25/Nov/2026:12:00:00 +0000',
      timeEpoch: 1795608000000,
    },
    ...(text === undefined ? {} : { body: base64 ? Buffer.from(text).toString('base64') : text }),
    isBase64Encoded: base64,
  };
}

/** The JSON body of an event or a result (base64 or not). */
export function jsonBodyOf(message) {
  if (message.body === undefined) throw new Error('it has no body');
  return JSON.parse(message.isBase64Encoded ? Buffer.from(message.body, 'base64').toString('utf8') : message.body);
}

/** The id of the model a fit's Lambda result answered, REST (`modelId`) or GraphQL (`data.fitModel.id`). */
export function modelIdOf(result) {
  const body = jsonBodyOf(result);
  const id = body.modelId ?? body.data?.fitModel?.id;
  if (result.statusCode !== 200 || typeof id !== 'string') {
    const text = String(result.body).slice(0, 500);
    throw new Error(`the fit did not answer a model id (status ${result.statusCode}): ${text}`);
  }
  return id;
}

/**
 * The Lambda result in what `sam local invoke` printed on stdout: the last line that is a JSON
 * object with a statusCode (the function's own log lines go to stderr, but be lenient).
 */
export function resultOfInvokeOutput(stdout) {
  const lines = String(stdout).trim().split('\n').reverse();
  for (const line of lines) {
    try {
      const value = JSON.parse(line);
      if (value && typeof value === 'object' && 'statusCode' in value) return value;
    } catch {
      // not JSON: a line of sam's own
    }
  }
  throw new Error(`no Lambda result in the output:\n${String(stdout).slice(-2000)}`);
}

/** A predict event with `modelId` in place of the one it has (REST body or GraphQL variables). */
export function withModelId(predictEvent, modelId) {
  const body = jsonBodyOf(predictEvent);
  if (typeof body.modelId === 'string') body.modelId = modelId;
  else if (typeof body.variables?.input?.modelId === 'string') body.variables.input.modelId = modelId;
  else throw new Error('the event has no modelId to replace');
  const text = JSON.stringify(body);
  return {
    ...predictEvent,
    headers: { ...predictEvent.headers, 'content-length': String(Buffer.byteLength(text)) },
    body: predictEvent.isBase64Encoded ? Buffer.from(text).toString('base64') : text,
  };
}
