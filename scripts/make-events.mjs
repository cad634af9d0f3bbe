// Writes the sample API Gateway HTTP API (payload 2.0) events in events/: `node scripts/make-events.mjs`.
// Usable with `sam local invoke RegressionFunction -e events/rest-fit.json` and by the tests.
import { writeFileSync } from 'node:fs';
const seed = { formula: 'Outcome ~ Treatment', data: [
  { Treatment: 'A', Outcome: 110 }, { Treatment: 'A', Outcome: 90 }, { Treatment: 'A', Outcome: 120 }, { Treatment: 'A', Outcome: 80 }, { Treatment: 'A', Outcome: 100 },
  { Treatment: 'B', Outcome: 70 }, { Treatment: 'B', Outcome: 110 }, { Treatment: 'B', Outcome: 100 }, { Treatment: 'B', Outcome: 80 }, { Treatment: 'B', Outcome: 90 }] };
const MODEL_ID = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
function event(name, method, path, body, { base64 = false, headers = {} } = {}) {
  const text = body === undefined ? undefined : JSON.stringify(body);
  const ev = {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: {
      accept: method === 'GET' ? 'text/html' : 'application/json',
      ...(text === undefined ? {} : { 'content-length': String(Buffer.byteLength(text)), 'content-type': 'application/json' }),
      host: 'abc123.execute-api.eu-west-1.amazonaws.com',
      'user-agent': 'curl/8.5.0',
      'x-amzn-trace-id': 'Root=1-67450a2b-0123456789abcdef01234567',
      'x-forwarded-for': '203.0.113.10',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...headers,
    },
    requestContext: {
      accountId: '123456789012', apiId: 'abc123', domainName: 'abc123.execute-api.eu-west-1.amazonaws.com', domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'curl/8.5.0' },
      requestId: `${name}-0000000000000000`, routeKey: `${method} ${path}`, stage: '$default',
      time: '25/Nov/2026:12:00:00 +0000', timeEpoch: 1795608000000,
    },
    ...(text === undefined ? {} : { body: base64 ? Buffer.from(text).toString('base64') : text }),
    isBase64Encoded: base64,
  };
  writeFileSync(`events/${name}.json`, JSON.stringify(ev, null, 2) + '\n');
}
const FIT = 'mutation Fit($input: FitModelInput!) { fitModel(input: $input) { id nobs rSquared coefficients { name estimate stdError tValue pValue } } }';
event('graphql-fit', 'POST', '/graphql', { query: FIT, variables: { input: seed } }, { base64: true });
event('graphql-predict', 'POST', '/graphql', { query: 'mutation Predict($input: PredictInput!) { predict(input: $input) { modelId predictions rows { fit lower upper } } }', variables: { input: { modelId: MODEL_ID, data: [{ Treatment: 'A' }, { Treatment: 'B' }], interval: 'PREDICTION' } } });
event('graphql-models', 'POST', '/graphql', { query: '{ models(first: 5) { edges { node { id name formula createdAt } } pageInfo { hasNextPage endCursor } } }' });
event('graphql-landing-page', 'GET', '/graphql', undefined);
event('rest-fit', 'POST', '/fit', seed, { base64: true });
event('rest-predict', 'POST', '/predict', { modelId: MODEL_ID, data: { Treatment: 'A' } });
event('cors-preflight', 'OPTIONS', '/graphql', undefined, { headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
