// One benchmark measurement in a fresh process (started by bench.mjs), so that its peak RSS
// (process.resourceUsage().maxRSS) is its own and its JIT starts cold. Prints one JSON line.
//
//   node scripts/bench/worker.mjs <task> <json options>
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [task, rawOptions] = process.argv.slice(2);
const options = JSON.parse(rawOptions ?? '{}');
let counter = 0;

async function load() {
  return import(pathToFileURL(options.bundle).href);
}

/** The application as `npm start` composes it, with its model store in a fresh directory (or memory). */
function application(lib, store) {
  const directory = mkdtempSync(join(tmpdir(), 'bench-models-'));
  const config = lib.loadConfig({
    LOG_LEVEL: 'SILENT',
    MODEL_DIR: directory,
    MAX_BODY_BYTES: String(2 ** 32),
    NODE_ENV: 'production',
  });
  const overrides = store === 'memory' ? { repository: new lib.InMemoryModelRepository() } : {};
  return { app: lib.composeApplication(config, overrides), directory, memory: overrides.repository };
}

/** The bytes of a stored model document: the file's size, or the in-memory store's serialized text. */
async function storedBytes(lib, { directory, memory }, id) {
  if (memory === undefined) return statSync(join(directory, 'models', `${id}.json`)).size;
  return Buffer.byteLength(lib.serializeModelDocument(await memory.get(undefined, id)));
}

/** One request through the real in-process path: body bytes parsed as the Lambda transport does, then routed. */
async function send(lib, app, path, body) {
  const bytes = Buffer.from(body, 'utf8');
  const contentType = 'application/json';
  return lib.handleHttpRequest(
    {
      method: 'POST',
      path,
      query: '',
      headers: { 'content-type': contentType },
      body: lib.parseRequestBody('POST', path, contentType, bytes),
      bodyBytes: bytes.length,
      requestId: `bench-${++counter}`,
    },
    app,
  );
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function modelIdOf(response, route) {
  const json = JSON.parse(response.body);
  if (response.status !== 200 || (route === 'graphql' && json.errors))
    throw new Error(`fit failed: ${response.status} ${response.body.slice(0, 500)}`);
  return route === 'rest' ? json.modelId : json.data.fitModel.id;
}

/** Fit end to end (body string → stored model → response body), and JSON.parse of the same string. */
async function fit({ body: file, route, runs, warmup, store }) {
  const lib = await load();
  const stores = application(lib, store);
  const { app, directory } = stores;
  await app.apollo.start();
  const path = route === 'rest' ? '/fit' : '/graphql';
  const body = readFileSync(file, 'utf8');
  const fitMs = [];
  const parseMs = [];
  let response;
  for (let run = -warmup; run < runs; run++) {
    const t0 = performance.now();
    response = await send(lib, app, path, body);
    const t1 = performance.now();
    modelIdOf(response, route);
    if (run >= 0) fitMs.push(t1 - t0);
  }
  for (let run = -warmup; run < runs; run++) {
    const t0 = performance.now();
    const parsed = JSON.parse(body);
    const t1 = performance.now();
    if (parsed === null) throw new Error('unreachable');
    if (run >= 0) parseMs.push(t1 - t0);
  }
  const id = modelIdOf(response, route);
  const documentBytes = await storedBytes(lib, stores, id);
  await app.apollo.stop();
  rmSync(directory, { recursive: true, force: true });
  return {
    bodyBytes: Buffer.byteLength(body),
    fitMs: median(fitMs),
    fitRunsMs: fitMs,
    jsonParseMs: median(parseMs),
    documentBytes,
    responseBytes: response.body.length,
  };
}

/** One-row and 10^4-row predictions on a model fitted (and so cached or stored) in this process. */
async function predict({ body: file, iterations, batchRuns, store }) {
  const lib = await load();
  const workload = await import('./workload.mjs');
  const { app, directory } = application(lib, store);
  await app.apollo.start();
  const id = modelIdOf(await send(lib, app, '/fit', readFileSync(file, 'utf8')), 'rest');
  const caller = { tenant: undefined };
  const rows = workload.predictRecords(10_000);
  const one = rows[0];
  const timings = async (count, f) => {
    for (let i = 0; i < Math.min(200, count); i++) await f(i); // warm-up
    const ms = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      await f(i);
      ms[i] = performance.now() - t0;
    }
    ms.sort();
    return { p50: quantile(ms, 0.5), p99: quantile(ms, 0.99) };
  };
  const service = await timings(iterations, async (i) => {
    const outcome = await app.service.predict(
      { modelId: id, data: { kind: 'records', rows: [rows[i % 100]] } },
      caller,
    );
    if (!(outcome.rows.length === 1)) throw new Error('no prediction');
  });
  const restOne = await timings(iterations, async (i) => {
    const response = await send(lib, app, '/predict', JSON.stringify({ modelId: id, data: rows[i % 100] }));
    if (response.status !== 200) throw new Error(response.body);
  });
  const graphqlOne = await timings(iterations, async (i) => {
    const response = await send(
      lib,
      app,
      '/graphql',
      JSON.stringify({
        query: 'mutation P($input: PredictInput!) { predict(input: $input) { predictions } }',
        variables: { input: { modelId: id, data: [rows[i % 100]] } },
      }),
    );
    if (response.status !== 200 || response.body.includes('"errors"')) throw new Error(response.body);
  });
  const batchBody = JSON.stringify({ modelId: id, data: rows });
  const restBatch = await timings(batchRuns, async () => {
    const response = await send(lib, app, '/predict', batchBody);
    if (response.status !== 200) throw new Error(response.body.slice(0, 300));
  });
  const columns = Object.fromEntries(Object.keys(one).map((name) => [name, rows.map((row) => row[name])]));
  const graphqlBatchBody = JSON.stringify({
    query: 'mutation P($input: PredictInput!) { predict(input: $input) { predictions } }',
    variables: { input: { modelId: id, columns } },
  });
  const graphqlBatch = await timings(batchRuns, async () => {
    const response = await send(lib, app, '/graphql', graphqlBatchBody);
    if (response.status !== 200 || response.body.includes('"errors"')) throw new Error(response.body.slice(0, 300));
  });
  await app.apollo.stop();
  rmSync(directory, { recursive: true, force: true });
  return {
    serviceOneRow: service,
    restOneRow: restOne,
    graphqlOneRow: graphqlOne,
    restBatch10k: restBatch,
    graphqlColumnsBatch10k: graphqlBatch,
  };
}

/** The design matrix and the least-squares fit alone, from columns already typed (a columns body). */
async function design({ body: file, runs }) {
  const lib = await load();
  const body = JSON.parse(readFileSync(file, 'utf8'));
  const table = new lib.ColumnsTable(body.columns);
  for (const name of table.columnNames()) table.column(name);
  const designMs = [];
  const statsMs = [];
  let columns = 0;
  for (let run = -1; run < runs; run++) {
    const t0 = performance.now();
    const built = lib.buildTrainingDesign(body.formula, table, { missing: 'drop' });
    const t1 = performance.now();
    lib.fitLinearModel(
      {
        rowCount: built.rowCount,
        columnCount: built.columnCount,
        design: built.rows,
        y: built.y,
        yLo: built.yLo,
        weights: built.weights,
        columnNames: built.spec.columns,
      },
      { covType: 'nonrobust', useT: true },
    );
    const t2 = performance.now();
    columns = built.columnCount;
    if (run >= 0) {
      designMs.push(t1 - t0);
      statsMs.push(t2 - t1);
    }
  }
  return { designColumns: columns, designMs: median(designMs), statsMs: median(statsMs) };
}

/**
 * The local HTTP server (as `npm start` runs it: fits on worker threads, when the checkout builds
 * dist/fitWorker.mjs) answering one fit whose body a client process streams over loopback: the
 * server's peak RSS is what streaming parsing keeps low.
 */
async function serve({ body: file, route }) {
  const lib = await load();
  const directory = mkdtempSync(join(tmpdir(), 'bench-models-'));
  const config = lib.loadConfig({
    LOG_LEVEL: 'SILENT',
    MODEL_DIR: directory,
    MAX_BODY_BYTES: String(2 ** 32),
    PORT: '0',
    NODE_ENV: 'production',
  });
  const workerScript = join(dirname(options.bundle), '..', 'fitWorker.mjs');
  const server = await lib.startLocalServer(
    config,
    existsSync(workerScript) ? { fitWorkerScript: pathToFileURL(workerScript) } : {},
  );
  const path = route === 'rest' ? '/fit' : '/graphql';
  const child = spawn(
    process.execPath,
    [new URL(import.meta.url).pathname, 'client', JSON.stringify({ url: `${server.url}${path}`, body: file })],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`client failed (${code})`);
  const answer = JSON.parse(out.trim());
  await server.close();
  rmSync(directory, { recursive: true, force: true });
  return { wallMs: answer.wallMs, status: answer.status, bodyBytes: statSync(file).size };
}

/** Streams a body file to the server and waits for the whole answer. */
async function client({ url, body: file }) {
  const t0 = performance.now();
  const { status, text } = await new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': statSync(file).size } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode, text }));
      },
    );
    request.on('error', reject);
    createReadStream(file).pipe(request);
  });
  if (status !== 200 || text.includes('"errors"')) throw new Error(`${status} ${text.slice(0, 300)}`);
  return { wallMs: performance.now() - t0, status };
}

/**
 * A dataset fit as a fit job's worker runs it (issue 14): the file streamed by its part reader,
 * spilled, fitted in passes, the model document stored in a file store. Wall time, rows/s and
 * this process's peak RSS.
 */
async function dataset({ file, format, formula }) {
  const lib = await load();
  const spill = mkdtempSync(join(tmpdir(), 'bench-spill-'));
  const models = mkdtempSync(join(tmpdir(), 'bench-models-'));
  try {
    const started = performance.now();
    const source = await lib.fileByteSource(file, file.split('/').pop());
    const reader = format === 'PARQUET' ? lib.parquetPartReader(source) : lib.csvPartReader(source);
    let readSeconds = 0;
    const request = {
      formula,
      missing: 'drop',
      weights: null,
      covType: 'nonrobust',
      useT: true,
      formulaLimits: lib.DEFAULT_FORMULA_LIMITS,
      budget: lib.budgetFor(900, 10_240),
    };
    const hooks = {
      progress: (p) => {
        if (p.phase === 'FITTING' && readSeconds === 0) readSeconds = (performance.now() - started) / 1000;
      },
      signal: new AbortController().signal,
    };
    const { computation, spilled } = await lib.fitParts(request, [reader], { format, directory: spill }, hooks);
    const document = lib.toDocument({
      id: '0192f1c4-5b6e-7c3a-9d2e-1f0a2b3c4d5e',
      tenant: undefined,
      name: null,
      formula,
      createdAt: new Date().toISOString(),
      settings: { weights: null, covType: 'nonrobust', useT: true, missing: 'drop' },
      rowsDropped: computation.rowsDropped,
      warnings: computation.warnings,
      design: computation.design,
      fit: computation.fit,
      diagnosticPoints: computation.diagnosticPoints,
    });
    await new lib.FileSystemModelRepository(models).save(document);
    const seconds = (performance.now() - started) / 1000;
    return {
      rows: spilled.rows,
      bytes: statSync(file).size,
      seconds,
      readSeconds,
      fitSeconds: seconds - readSeconds,
      rowsPerSecond: spilled.rows / seconds,
      spillBytes: spilled.bytes,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
      x1: computation.fit.coefficients.find((c) => c.name === 'x1')?.estimate,
    };
  } finally {
    rmSync(spill, { recursive: true, force: true });
    rmSync(models, { recursive: true, force: true });
  }
}

const TASKS = { fit, predict, design, serve, client, dataset };
const result = await TASKS[task](options);
console.log(JSON.stringify({ ...result, maxRSS: process.resourceUsage().maxRSS * 1024 }));
process.exit(0);
