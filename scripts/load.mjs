// npm run load: drives the local server (models in S3 on s3rver) with concurrent fits and
// predictions, half through REST and half through GraphQL, for a bounded time. Then it stops
// that server, starts a fresh one on the same bucket (so nothing is answered from the first
// one's memory), reads back every model id the run was given, and checks that each predicts
// exactly what it predicted during the run, and that the bucket holds no model nobody was told
// about (beyond the fits still in flight when the time was up). Prints requests/s, latency
// percentiles, errors and lost models; exits 1 unless errors, lost, changed and orphaned models
// are all 0.
//
//   npm run load -- --duration 20 --connections 16 [--rows 200] [--datasets 25] [--json docs/load.json]
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '16' },
    rows: { type: 'string', default: '200' },
    datasets: { type: 'string', default: '25' },
    json: { type: 'string' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const rowsPerFit = Number(values.rows);
if (!(duration > 0 && duration <= 600 && connections > 0 && connections <= 1000 && rowsPerFit >= 10)) {
  console.error('expected --duration 1..600 seconds, --connections 1..1000 and --rows ≥ 10');
  process.exit(2);
}

const children = new Set();
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

/** Starts a child process; resolves with what `match` finds in the first stdout line it accepts. */
async function startChild(args, env, match) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const lines = createInterface({ input: child.stdout });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  for await (const line of lines) {
    const found = match(line);
    if (found) {
      clearTimeout(timer);
      // Keep draining stdout (one log line per request) so the child never blocks on a full pipe.
      lines.on('line', () => undefined);
      return { child, ...found };
    }
  }
  throw new Error(`${args.join(' ')} exited before it was ready`);
}

async function stopChild(child) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** A deterministic pseudo-random generator, so runs are comparable. */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function dataset(seed) {
  const random = generator(seed);
  const rows = [];
  for (let i = 0; i < rowsPerFit; i++) {
    const x = 0.1 + random() * 10;
    const z = random() * 4 - 2;
    const g = ['a', 'b', 'c', 'd'][Math.floor(random() * 4)];
    rows.push({ x, z, g, y: 1 + 0.5 * x - 2 * z + (g === 'b' ? 1 : 0) + random() });
  }
  return rows;
}

const FIT = 'mutation Fit($input: FitModelInput!) { fitModel(input: $input) { id nobs rSquared } }';
const PREDICT = 'mutation Predict($input: PredictInput!) { predict(input: $input) { predictions } }';
const FORMULAS = ['y ~ x + z + g', 'y ~ x * g', 'y ~ np.log(x) + I(z**2) + C(g, Sum)', 'y ~ standardize(x) + z'];
const PROBE = { x: 3.5, z: -0.25, g: 'c' };
// Bodies are built once: the load generator shares two cores with the server and s3rver.
const fitBodies = Array.from({ length: Number(values.datasets) }, (_, index) => {
  const input = { formula: FORMULAS[index % FORMULAS.length], data: dataset(index + 1) };
  return { rest: JSON.stringify(input), graphql: JSON.stringify({ query: FIT, variables: { input } }) };
});
const JSON_HEADERS = { 'content-type': 'application/json' };

// 1. s3rver with a bucket, and the local server storing models there.
const s3 = await startChild(
  ['--openssl-legacy-provider', 'scripts/s3rver.mjs', '--bucket', 'load-models'],
  {},
  (line) => {
    try {
      return JSON.parse(line);
    } catch {
      return undefined;
    }
  },
);
const serverEnv = {
  PORT: '0',
  MODEL_BUCKET: 'load-models',
  S3_ENDPOINT: s3.endpoint,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  LOG_LEVEL: 'INFO',
};
const listening = (line) => {
  const match = /listening on (http:\/\/[\d.:]+)/.exec(line);
  return match ? { url: match[1] } : undefined;
};
const server = await startChild(['dist/local.mjs'], serverEnv, listening);

// 2. The run: every connection fits a model, then predicts from it, over and over, choosing
// REST or GraphQL at random for each request.
/** Every model id a fit answered with → the prediction it gave for PROBE during the run (or null). */
const fitted = new Map();
/** Fits sent and fits answered: the difference is those cut off when the run's time was up. */
let fitsSent = 0;
let fitsAnswered = 0;
let errors = 0;
let changedDuringRun = 0;
const errorSamples = [];
function fail(what, status, body) {
  errors += 1;
  if (errorSamples.length < 10) errorSamples.push(`${what}: ${status} ${String(body).slice(0, 300)}`);
}

const result = await autocannon({
  url: server.url,
  connections,
  duration,
  requests: [
    {
      method: 'POST',
      path: '/fit',
      headers: JSON_HEADERS,
      setupRequest: (request, context) => {
        const body = fitBodies[Math.floor(Math.random() * fitBodies.length)];
        context.graphql = Math.random() < 0.5;
        context.modelId = undefined;
        fitsSent += 1;
        return context.graphql ? { ...request, path: '/graphql', body: body.graphql } : { ...request, body: body.rest };
      },
      onResponse: (status, body, context) => {
        fitsAnswered += 1;
        // Non-2xx answers are counted by autocannon (non2xx); keep a sample of them.
        if (status !== 200)
          return void (errorSamples.length < 10 && errorSamples.push(`fit: ${status} ${body.slice(0, 300)}`));
        const json = JSON.parse(body);
        const modelId = context.graphql ? json.data?.fitModel?.id : json.modelId;
        if (!modelId) return fail('fit', status, body);
        context.modelId = modelId;
        if (!fitted.has(modelId)) fitted.set(modelId, null);
      },
    },
    {
      method: 'POST',
      path: '/predict',
      headers: JSON_HEADERS,
      setupRequest: (request, context) => {
        context.graphql = Math.random() < 0.5;
        return context.graphql
          ? {
              ...request,
              path: '/graphql',
              body: JSON.stringify({
                query: PREDICT,
                variables: { input: { modelId: context.modelId, data: [PROBE] } },
              }),
            }
          : { ...request, body: JSON.stringify({ modelId: context.modelId, data: PROBE }) };
      },
      onResponse: (status, body, context) => {
        if (status !== 200)
          return void (errorSamples.length < 10 && errorSamples.push(`predict: ${status} ${body.slice(0, 300)}`));
        const json = JSON.parse(body);
        const prediction = context.graphql ? json.data?.predict?.predictions?.[0] : json.prediction;
        if (typeof prediction !== 'number') return fail('predict', status, body);
        const earlier = fitted.get(context.modelId);
        if (earlier === null || earlier === undefined) fitted.set(context.modelId, prediction);
        else if (earlier !== prediction) changedDuringRun += 1;
      },
    },
  ],
});
errors += result.errors + result.timeouts + result.non2xx;

// 3. A fresh server on the same bucket: nothing comes from the first one's memory.
await stopChild(server.child);
const reader = await startChild(['dist/local.mjs'], serverEnv, listening);

async function post(path, body) {
  const response = await fetch(`${reader.url}${path}`, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

let lost = 0;
let changed = changedDuringRun;
let readErrors = 0;
const ids = [...fitted.keys()];
for (let start = 0; start < ids.length; start += 32) {
  await Promise.all(
    ids.slice(start, start + 32).map(async (modelId) => {
      const { status, json } = await post('/predict', { modelId, data: PROBE });
      if (status === 404) lost += 1;
      else if (status !== 200) {
        readErrors += 1;
        if (errorSamples.length < 10)
          errorSamples.push(`read-back ${modelId}: ${status} ${JSON.stringify(json).slice(0, 300)}`);
      } else if (fitted.get(modelId) !== null && json.prediction !== fitted.get(modelId)) changed += 1;
    }),
  );
}

// Every model in the bucket was reported to some client, except at most those whose fits were
// still in flight when the run's time was up (stored, but the client had stopped listening):
// none was stored behind a fit that was answered with an error.
const stored = new Set();
for (let after = null, page = 0; page < 100_000; page++) {
  const { json } = await post('/graphql', {
    query:
      'query Ids($after: String) { models(first: 100, after: $after) ' +
      '{ edges { node { id } } pageInfo { hasNextPage endCursor } } }',
    variables: { after },
  });
  if (!json.data) throw new Error(`listing the bucket failed: ${JSON.stringify(json)}`);
  for (const edge of json.data.models.edges) stored.add(edge.node.id);
  if (!json.data.models.pageInfo.hasNextPage) break;
  after = json.data.models.pageInfo.endCursor;
}
const unreported = [...stored].filter((id) => !fitted.has(id)).length;
const cutOff = fitsSent - fitsAnswered;
const orphans = Math.max(0, unreported - cutOff);
await stopChild(reader.child);
await stopChild(s3.child);

const summary = {
  machine:
    `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, ` +
    `node ${process.version}, ${process.platform}`,
  command:
    `npm run load -- --duration ${duration} --connections ${connections} ` +
    `--rows ${rowsPerFit} --datasets ${fitBodies.length}`,
  durationSeconds: duration,
  connections,
  rowsPerFit,
  requests: result.requests.total,
  requestsPerSecond: result.requests.average,
  latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  fits: ids.length,
  predictedDuringRun: ids.filter((id) => fitted.get(id) !== null).length,
  errors: errors + readErrors,
  lostModels: lost,
  changedPredictions: changed,
  storedModels: stored.size,
  fitsCutOffAtTheEnd: cutOff,
  storedButUnreported: unreported,
  orphanModels: orphans,
};
console.log(JSON.stringify(summary, null, 2));
if (values.json) writeFileSync(values.json, `${JSON.stringify(summary, null, 2)}\n`);
if (errorSamples.length) console.error(`samples of failed requests:\n${errorSamples.join('\n')}`);
process.exitCode = summary.errors === 0 && lost === 0 && changed === 0 && orphans === 0 ? 0 : 1;
