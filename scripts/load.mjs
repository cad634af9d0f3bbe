// npm run load: drives the local server (models in S3 on s3rver) with concurrent fits and
// predictions for a bounded time, then reads back every model id it was given and checks that
// each still predicts exactly what it did during the run. Prints requests/s, latency
// percentiles, errors and lost models; exits 1 if there were errors or lost models.
//
//   npm run load -- --duration 20 --connections 16 [--rows 200] [--json docs/load.json]
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
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

const children = [];
process.on('exit', () => children.forEach((child) => child.kill('SIGTERM')));

/** Starts a child process and resolves with the first stdout line it prints that parses as JSON. */
async function startChild(args, env, match) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const lines = createInterface({ input: child.stdout });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  for await (const line of lines) {
    const found = match(line);
    if (found) {
      clearTimeout(timer);
      lines.on('line', () => undefined);
      return found;
    }
  }
  throw new Error(`${args.join(' ')} exited before it was ready`);
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
    const x = random() * 10;
    const z = random() * 4 - 2;
    const g = ['a', 'b', 'c', 'd'][Math.floor(random() * 4)];
    rows.push({ x, z, g, y: 1 + 0.5 * x - 2 * z + (g === 'b' ? 1 : 0) + random() });
  }
  return rows;
}

const FORMULAS = ['y ~ x + z + g', 'y ~ x * g', 'y ~ np.log(x) + I(z**2) + C(g, Sum)', 'y ~ standardize(x) + z'];
const bodies = Array.from({ length: Number(values.datasets) }, (_, index) =>
  JSON.stringify({ formula: FORMULAS[index % FORMULAS.length], data: dataset(index + 1) }),
);
const PROBE = { x: 3.5, z: -0.25, g: 'c' };

// 1. s3rver, a bucket, and the local server storing models there.
const s3 = await startChild(['--openssl-legacy-provider', 'scripts/s3rver.mjs', '--bucket', 'load-models'], {}, (line) => {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
});
const server = await startChild(
  ['dist/local.mjs'],
  {
    PORT: '0',
    MODEL_BUCKET: 'load-models',
    S3_ENDPOINT: s3.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    LOG_LEVEL: 'INFO',
  },
  (line) => {
    const match = /listening on (http:\/\/[\d.:]+)/.exec(line);
    return match ? { url: match[1] } : undefined;
  },
);

// 2. The run: every connection fits a model, then predicts from it, over and over.
const expected = new Map();
let errors = 0;
const errorSamples = [];
const result = await autocannon({
  url: server.url,
  connections,
  duration,
  requests: [
    {
      method: 'POST',
      path: '/fit',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request, context) => {
        context.body = bodies[Math.floor(Math.random() * bodies.length)];
        return { ...request, body: context.body };
      },
      onResponse: (status, body, context) => {
        if (status !== 200) return;
        context.modelId = JSON.parse(body).modelId;
      },
    },
    {
      method: 'POST',
      path: '/predict',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request, context) => ({ ...request, body: JSON.stringify({ modelId: context.modelId, data: PROBE }) }),
      onResponse: (status, body, context) => {
        if (status !== 200) return;
        expected.set(context.modelId, JSON.parse(body).prediction);
      },
    },
  ],
});
errors += result.errors + result.timeouts + result.non2xx;
if (result.non2xx > 0) errorSamples.push(`${result.non2xx} responses were not 2xx`);

// 3. Read every model back: each must exist and predict exactly as it did.
let lost = 0;
let changed = 0;
const ids = [...expected.keys()];
for (let start = 0; start < ids.length; start += 32) {
  await Promise.all(
    ids.slice(start, start + 32).map(async (modelId) => {
      const response = await fetch(`${server.url}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ modelId, data: PROBE }),
      });
      if (response.status === 404) lost += 1;
      else if (response.status !== 200) errors += 1;
      else if ((await response.json()).prediction !== expected.get(modelId)) changed += 1;
    }),
  );
}

const summary = {
  machine: `${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}`,
  command: `npm run load -- --duration ${duration} --connections ${connections} --rows ${rowsPerFit}`,
  durationSeconds: duration,
  connections,
  rowsPerFit,
  requests: result.requests.total,
  requestsPerSecond: result.requests.average,
  latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  fits: ids.length,
  errors,
  lostModels: lost,
  changedPredictions: changed,
};
console.log(JSON.stringify(summary, null, 2));
if (values.json) writeFileSync(values.json, `${JSON.stringify(summary, null, 2)}\n`);
if (errorSamples.length) console.error(errorSamples.join('\n'));
process.exitCode = errors === 0 && lost === 0 && changed === 0 ? 0 : 1;
for (const child of children) child.kill('SIGTERM');
