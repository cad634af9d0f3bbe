// The service's benchmark (`npm run bench`): fit end to end through REST and GraphQL with
// records, columns and CSV bodies beside JSON.parse of the same body; the design matrix and the
// least-squares fit alone; predictions; the local server's peak RSS with the body streamed over
// loopback; the Lambda bundle's size and cold start; statsmodels on the same bodies when
// /usr/bin/python3 has it. Every measurement runs in a fresh process (scripts/bench/worker.mjs).
//
//   node scripts/bench/bench.mjs [--sizes 100,10000,100000,1000000] [--quick] [--out docs/performance.json]
//                                [--no-build] [--no-statsmodels] [--data DIR]
//                              [--dataset-rows 10000000] [--reader-rows N]
//
// --reader-rows (default: --dataset-rows; 0 skips) reads that dataset's CSV and Parquet files
// back through the part readers alone (src/data/stream; scripts/bench/readers.ts): rows/s, peak RSS.
// --quick runs fewer repetitions (CI runs it at small sizes so the bench cannot rot; it asserts
// no timings). Prints a table and writes every figure as JSON to --out.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BODIES, FORMULA, generateBodies, generateDataset } from './workload.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,10000,100000,1000000' },
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: join(root, 'docs', 'performance.json') },
    build: { type: 'boolean', default: true },
    'no-build': { type: 'boolean', default: false },
    statsmodels: { type: 'boolean', default: true },
    'no-statsmodels': { type: 'boolean', default: false },
    'no-thp': { type: 'boolean', default: false },
    data: { type: 'string', default: join(tmpdir(), 'serverless-regression-bench') },
    // Rows of the dataset fit (issue 14): a CSV and a Parquet file of the workload, fitted as a
    // fit job's worker fits them; 0 skips it.
    'dataset-rows': { type: 'string', default: '10000000' },
    'reader-rows': { type: 'string' },
    // Another checkout's sources (with node_modules beside them) to bundle and measure, e.g. an
    // earlier commit for a before/after comparison; this checkout's bench scripts run it.
    source: { type: 'string' },
  },
});
const sizes = args.sizes.split(',').map(Number);
const quick = args.quick;
const PYTHON = '/usr/bin/python3';
const source = args.source ?? root;
const benchBundle = join(source, 'dist', 'bench', 'benchApp.mjs');
const lambdaBundle = join(source, 'dist', 'lambda', 'lambda.mjs');

/**
 * The environment the service runs in where we set it (template.yaml, npm start): transparent
 * huge pages for malloc'd memory. `--no-thp` measures without.
 */
const THP = 'glibc.malloc.hugetlb=1';
const deployedEnv = args['no-thp'] ? withoutThp(process.env) : { ...process.env, GLIBC_TUNABLES: THP };

function withoutThp(env) {
  const { GLIBC_TUNABLES: _, ...rest } = env;
  return rest;
}

const started = Date.now();
const build = args['no-build'] ? undefined : await buildBundles();
const report = {
  command: `node scripts/bench/bench.mjs ${process.argv.slice(2).join(' ')}`.trim(),
  commit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: source, encoding: 'utf8' }).stdout.trim() || null,
  date: new Date().toISOString(),
  machine: machine(),
  formula: FORMULA,
  store: 'file (the local default: one JSON file per model, written atomically with fsync)',
  bundle: bundleFigures(build),
  coldStart: await coldStarts(),
  sizes: [],
};
const statsmodels = args['no-statsmodels']
  ? { installed: false, reason: 'skipped (--no-statsmodels)' }
  : statsmodelsStatus();
report.statsmodels = statsmodels;
for (const n of sizes) {
  process.stderr.write(`n = ${n}: generating bodies…\n`);
  const files = await generateBodies(args.data, n);
  report.sizes.push(await measureSize(n, files));
}
const datasetRows = Number(args['dataset-rows']);
if (datasetRows > 0) report.dataset = await measureDataset(datasetRows);
const readerRows = Number(args['reader-rows'] ?? args['dataset-rows']);
if (readerRows > 0) report.readers = await readerThroughput(readerRows);
report.elapsedSeconds = (Date.now() - started) / 1000;
mkdirSync(dirname(args.out), { recursive: true });
writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
console.log(formatReport(report));
console.log(`\nJSON: ${relative(process.cwd(), args.out)} (${report.elapsedSeconds.toFixed(0)} s)`);

/** Runs each measurement of one size in its own process. */
async function measureSize(n, files) {
  const big = n >= 100_000;
  const runs = quick ? 2 : n >= 1_000_000 ? 3 : big ? 9 : 15;
  const warmup = quick ? 1 : big ? 1 : 3;
  const entry = { n, bodyBytes: Object.fromEntries(BODIES.map((name) => [name, statSync(files[name]).size])), fit: {} };
  for (const name of BODIES) {
    process.stderr.write(`n = ${n}: fit ${name}\n`);
    const [route] = name.split('-');
    entry.fit[name] = await worker('fit', { body: files[name], route, runs, warmup, store: 'file' });
  }
  if (big && !args['no-thp']) {
    // The same fits without transparent huge pages, to show what the setting is worth.
    entry.fitWithoutThp = {};
    for (const name of ['rest-records', 'rest-csv']) {
      process.stderr.write(`n = ${n}: fit ${name} without THP\n`);
      entry.fitWithoutThp[name] = await worker(
        'fit',
        { body: files[name], route: 'rest', runs, warmup, store: 'file' },
        withoutThp(process.env),
      );
    }
  }
  process.stderr.write(`n = ${n}: design and stats\n`);
  entry.design = await worker('design', { body: files['rest-columns'], runs: quick ? 1 : big ? 3 : 9 });
  process.stderr.write(`n = ${n}: predict\n`);
  entry.predict = await worker('predict', {
    body: files['rest-columns'],
    iterations: quick ? 300 : 5_000,
    batchRuns: quick ? 3 : 30,
    store: 'file',
  });
  entry.server = {};
  for (const name of ['rest-records', 'rest-columns', 'rest-csv']) {
    process.stderr.write(`n = ${n}: local server, ${name} streamed over loopback\n`);
    entry.server[name] = await worker('serve', { body: files[name], route: 'rest' });
  }
  if (statsmodels.installed) {
    process.stderr.write(`n = ${n}: statsmodels\n`);
    const out = spawnSync(PYTHON, [join(here, 'statsmodels_fit.py'), files['rest-records']], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    entry.statsmodels =
      out.status === 0 ? JSON.parse(out.stdout.trim().split('\n').pop()) : { error: out.stderr.slice(-2000) };
  }
  return entry;
}

/**
 * A dataset of `n` rows in CSV and Parquet fitted end to end as a fit job's worker fits it (one
 * thread), beside statsmodels on as many rows as it takes in 8 GB (halving from n until its peak
 * RSS is under 8 GB) and R's lm on the same rows when Rscript is installed.
 */
async function measureDataset(n) {
  process.stderr.write(`dataset: generating ${n} rows (CSV, Parquet)…\n`);
  const files = await generateDataset(args.data, n);
  const out = { rows: n, files: {} };
  for (const [format, file] of [
    ['CSV', files.csv],
    ['PARQUET', files.parquet],
  ]) {
    process.stderr.write(`dataset: ${format} fit job\n`);
    out.files[format] = { bytes: statSync(file).size };
    out[format] = await worker('dataset', { file, format, formula: FORMULA }).catch((error) => ({
      error: String(error.message).slice(-1000),
    }));
  }
  const limitMB = 8 * 1024;
  if (statsmodels.installed) {
    for (let rows = n; rows >= 1000; rows = Math.floor(rows / 2)) {
      process.stderr.write(`dataset: statsmodels on ${rows} rows\n`);
      const result = spawnSync(PYTHON, [join(here, 'statsmodels_dataset.py'), files.csv, String(rows), FORMULA], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      out.statsmodels =
        result.status === 0
          ? JSON.parse(result.stdout.trim().split('\n').pop())
          : { error: result.stderr.slice(-1000) };
      if (out.statsmodels.peakRssMB !== undefined && out.statsmodels.peakRssMB <= limitMB) break;
    }
  }
  const rscript = spawnSync('Rscript', ['--version'], { encoding: 'utf8' });
  if (rscript.status === 0) {
    const rows = out.statsmodels?.rows ?? n;
    process.stderr.write(`dataset: R lm on ${rows} rows\n`);
    const result = spawnSync('Rscript', [join(here, 'r_dataset.R'), files.csv, String(rows)], { encoding: 'utf8' });
    out.r =
      result.status === 0 ? JSON.parse(result.stdout.trim().split('\n').pop()) : { error: result.stderr.slice(-1000) };
  }
  return out;
}

/**
 * The dataset part readers alone on the dataset files of `rows` rows (the workload's columns, as
 * the dataset fit reads them): CSV and Parquet from a local file, every column typed, each run in
 * a fresh process (median rows/s, the largest peak RSS).
 */
async function readerThroughput(rows) {
  const script = join(here, 'readers.ts');
  const runTs = join(root, 'scripts', 'run-ts.mjs');
  process.stderr.write(`readers: ${rows} rows as CSV and Parquet…\n`);
  const files = await generateDataset(args.data, rows);
  const out = { rows };
  for (const [format, file] of [
    ['CSV', files.csv],
    ['PARQUET', files.parquet],
  ]) {
    process.stderr.write(`readers: ${format}\n`);
    const samples = [];
    for (let i = 0; i < (quick ? 1 : 3); i++) {
      const { stdout } = await run(process.execPath, [runTs, script, 'read', format, file], deployedEnv);
      samples.push(JSON.parse(stdout.trim().split('\n').pop()));
    }
    out[format] = {
      bytes: samples[0].bytes,
      chunks: samples[0].chunks,
      runs: samples.length,
      rowsPerSecond: medianOf(samples.map((sample) => sample.rowsPerSecond)),
      megabytesPerSecond: medianOf(samples.map((sample) => sample.megabytesPerSecond)),
      maxRSS: Math.max(...samples.map((sample) => sample.maxRSS)),
    };
  }
  return out;
}

/** Starts a worker process for one task and answers its JSON line. */
async function worker(task, options, env = deployedEnv) {
  const { stdout } = await run(
    process.execPath,
    [join(here, 'worker.mjs'), task, JSON.stringify({ bundle: benchBundle, ...options })],
    env,
  );
  return JSON.parse(stdout.trim().split('\n').pop());
}

function run(command, argv, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve({ stdout, stderr })
        : reject(new Error(`${command} ${argv.slice(0, 2).join(' ')} exited ${code}: ${stderr.slice(-3000)}`)),
    );
  });
}

/**
 * Cold starts of the bundled Lambda handler: spawn → import → first small fit answered, with the
 * model stored in S3 as deployed (s3rver on loopback stands in for S3) and with the file store.
 */
async function coldStarts() {
  const out = {};
  const events = { rest: join(root, 'events', 'rest-fit.json'), graphql: join(root, 'events', 'graphql-fit.json') };
  const s3 = await startS3rver();
  try {
    for (const store of ['s3', 'file']) {
      for (const [route, event] of Object.entries(events)) {
        process.stderr.write(`cold start: ${route} fit, ${store} store\n`);
        const samples = [];
        for (let i = 0; i < (quick ? 2 : 9); i++) {
          const directory = mkdtempSync(join(tmpdir(), 'bench-cold-'));
          const storeEnv =
            store === 's3'
              ? {
                  MODEL_BUCKET: s3.bucket,
                  S3_ENDPOINT: s3.endpoint,
                  AWS_REGION: 'us-east-1',
                  AWS_ACCESS_KEY_ID: 'S3RVER',
                  AWS_SECRET_ACCESS_KEY: 'S3RVER',
                }
              : { MODEL_DIR: directory };
          const { wallMs, line } = await answerTime(
            process.execPath,
            [join(here, 'coldStart.mjs'), lambdaBundle, event],
            {
              ...withoutStore(deployedEnv),
              ...storeEnv,
              LOG_LEVEL: 'SILENT',
              NODE_ENV: 'production',
            },
          );
          rmSync(directory, { recursive: true, force: true });
          samples.push({ wallMs, ...JSON.parse(line) });
        }
        const median = (key) => medianOf(samples.map((s) => s[key]));
        out[`${route}-${store}`] = {
          route,
          store,
          runs: samples.length,
          wallMs: median('wallMs'),
          startMs: median('startMs'),
          importMs: median('importMs'),
          firstAnswerMs: median('firstAnswerMs'),
          maxRSS: median('maxRSS'),
        };
      }
    }
  } finally {
    s3.stop();
  }
  return out;
}

function withoutStore(env) {
  const { MODEL_BUCKET: _b, S3_ENDPOINT: _e, MODEL_DIR: _d, ...rest } = env;
  return rest;
}

/** s3rver (a dev dependency) on a loopback port with one bucket, as scripts/s3rver.mjs runs it. */
async function startS3rver() {
  const bucket = 'bench-models';
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', join(root, 'scripts', 's3rver.mjs'), '--bucket', bucket],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const endpoint = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve(JSON.parse(text.split('\n')[0]).endpoint);
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code})`)));
  });
  return { endpoint, bucket, stop: () => child.kill('SIGTERM') };
}

/**
 * Spawns a process and times spawn → its answer on stdout (its last line, the first that names
 * `sinceStartMs`: the function's log and metric lines come before it); waits for its exit.
 */
function answerTime(command, argv, env) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    let wallMs;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('"sinceStartMs"')) wallMs ??= performance.now() - t0;
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve({ wallMs, line: stdout.trim().split('\n').pop() })
        : reject(new Error(`cold start exited ${code}: ${stderr.slice(-3000)}`)),
    );
  });
}

async function buildBundles() {
  process.stderr.write('building dist/ (scripts/build.mjs) and the bench bundle…\n');
  const { build } = await import('esbuild');
  const { lambdaOptions, localOptions, sharedOptions } = await import(
    pathToFileURL(join(source, 'scripts', 'build.mjs')).href
  );
  const [lambda] = await Promise.all([
    build({ ...lambdaOptions, absWorkingDir: source }),
    build({ ...localOptions, absWorkingDir: source }),
    build({
      ...sharedOptions,
      absWorkingDir: source,
      entryPoints: [benchEntry()],
      outfile: benchBundle,
      sourcemap: false,
    }),
  ]);
  return lambda.metafile;
}

/** benchApp.ts in the measured checkout (copied there when it is another one), so it bundles that checkout's src. */
function benchEntry() {
  const entry = join(source, 'scripts', 'bench', 'benchApp.ts');
  if (source !== root) {
    mkdirSync(dirname(entry), { recursive: true });
    copyFileSync(join(here, 'benchApp.ts'), entry);
  }
  return entry;
}

/** The Lambda bundle's size, and the largest contributors by package. */
function bundleFigures(metafile) {
  const bytes = statSync(lambdaBundle).size;
  const figures = { file: relative(source, lambdaBundle), bytes };
  if (metafile) {
    const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined);
    const byPackage = new Map();
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      const name = match ? match[1] : /(^|\/)(src|schema)\//.test(path) ? '(our src and schema)' : path;
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
    figures.largest = [...byPackage]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([name, size]) => ({ name, bytes: size }));
    figures.external = output.imports.filter((i) => i.external && !i.path.startsWith('node:')).map((i) => i.path);
  }
  return figures;
}

function statsmodelsStatus() {
  if (!existsSync(PYTHON)) return { installed: false, reason: `${PYTHON} not found` };
  const out = spawnSync(
    PYTHON,
    ['-c', 'import statsmodels, pandas; print(statsmodels.__version__, pandas.__version__)'],
    { encoding: 'utf8' },
  );
  if (out.status !== 0)
    return { installed: false, reason: 'statsmodels is not installed (Debian: apt-get install python3-statsmodels)' };
  const [version, pandas] = out.stdout.trim().split(' ');
  return { installed: true, version, pandas };
}

function machine() {
  const lscpu = spawnSync('lscpu', [], { encoding: 'utf8' });
  const model = /Model name:\s*(.+)/.exec(lscpu.stdout ?? '')?.[1] ?? cpus()[0]?.model;
  return {
    cpu: model,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    glibcTunables: deployedEnv.GLIBC_TUNABLES ?? null,
    loadAverage: loadavg().map((x) => Number(x.toFixed(2))),
  };
}

function medianOf(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// ---- the table ----

function formatReport(r) {
  const lines = [];
  const m = r.machine;
  lines.push(`${r.command}`);
  lines.push(
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; node ${m.node}; ` +
      `workers run with GLIBC_TUNABLES=${m.glibcTunables ?? '(unset)'}; ` +
      `load average at start ${m.loadAverage.join(' ')}`,
  );
  lines.push(`workload: ${r.formula}; models stored by the ${r.store.split(' (')[0]} store`);
  lines.push(
    'statsmodels: ' +
      `${r.statsmodels.installed ? `${r.statsmodels.version} (pandas ${r.statsmodels.pandas})` : r.statsmodels.reason}`,
  );
  lines.push('');
  lines.push(
    `Lambda bundle ${r.bundle.file}: ${kb(r.bundle.bytes)} KB minified` +
      `${r.bundle.external?.length ? ` (external: ${r.bundle.external.join(', ')})` : ''}`,
  );
  for (const c of Object.values(r.coldStart)) {
    lines.push(
      `cold start, ${c.route.padEnd(7)} fit, ${c.store === 's3' ? 'S3 (s3rver)' : 'file store '}: ` +
        `${ms(c.wallMs)} ms spawn → answer ` +
        `(node start ${ms(c.startMs)} ms, import ${ms(c.importMs)} ms, first answer ${ms(c.firstAnswerMs)} ms; ` +
        `median of ${c.runs}; peak RSS ${mb(c.maxRSS)} MB)`,
    );
  }
  lines.push('');
  const header = [
    'n',
    'body',
    'body MB',
    'JSON.parse ms',
    'fit ms',
    '× JSON.parse',
    '× records JSON.parse',
    'peak RSS MB',
  ];
  const rows = [];
  for (const s of r.sizes) {
    const recordsParse = s.fit['rest-records'].jsonParseMs;
    for (const name of BODIES) {
      const f = s.fit[name];
      rows.push([
        s.n.toLocaleString('en-US'),
        name,
        (f.bodyBytes / 1e6).toFixed(2),
        ms(f.jsonParseMs),
        ms(f.fitMs),
        (f.fitMs / f.jsonParseMs).toFixed(2),
        (f.fitMs / (name.startsWith('rest') ? recordsParse : s.fit['graphql-records'].jsonParseMs)).toFixed(2),
        mb(f.maxRSS),
      ]);
    }
  }
  lines.push(
    'Fit end to end in process (body string → model stored → response body), median; ' +
      'JSON.parse of the same string in the same process:',
  );
  lines.push(table(header, rows));
  const thpRows = r.sizes
    .filter((s) => s.fitWithoutThp)
    .flatMap((s) =>
      Object.entries(s.fitWithoutThp).map(([name, f]) => [
        s.n.toLocaleString('en-US'),
        name,
        ms(s.fit[name].fitMs),
        ms(f.fitMs),
        (f.fitMs / s.fit[name].fitMs).toFixed(2),
      ]),
    );
  if (thpRows.length > 0) {
    lines.push('');
    lines.push('Transparent huge pages (GLIBC_TUNABLES=glibc.malloc.hugetlb=1) on and off, fit ms:');
    lines.push(table(['n', 'body', 'with THP', 'without', 'without / with'], thpRows));
  }
  lines.push('');
  const header2 = [
    'n',
    'design ms',
    'stats ms',
    'server: records ms',
    'RSS MB',
    '× body',
    'columns ms',
    'RSS MB',
    'csv ms',
    'RSS MB',
    'statsmodels s',
    'ours (REST records) s',
    'speed-up',
    'pickle MB',
    'our model KB',
  ];
  const rows2 = r.sizes.map((s) => {
    const sm = s.statsmodels;
    const ours = s.fit['rest-records'].fitMs / 1000;
    const server = (name) => s.server[name];
    return [
      s.n.toLocaleString('en-US'),
      `${ms(s.design.designMs)} (${s.design.designColumns} col)`,
      ms(s.design.statsMs),
      ms(server('rest-records').wallMs),
      mb(server('rest-records').maxRSS),
      (server('rest-records').maxRSS / server('rest-records').bodyBytes).toFixed(2),
      ms(server('rest-columns').wallMs),
      mb(server('rest-columns').maxRSS),
      ms(server('rest-csv').wallMs),
      mb(server('rest-csv').maxRSS),
      sm && !sm.error ? sm.fitEndToEndSeconds.toFixed(3) : r.statsmodels.installed ? 'failed' : 'not installed',
      ours.toFixed(3),
      sm && !sm.error ? `${(sm.fitEndToEndSeconds / ours).toFixed(1)}×` : '—',
      sm && !sm.error ? (sm.pickleBytes / 1e6).toFixed(2) : '—',
      (s.fit['rest-records'].documentBytes / 1000).toFixed(1),
    ];
  });
  lines.push(
    'Design matrix and least squares alone (typed columns in); ' +
      'local server (npm start) answering one REST /fit streamed over loopback (wall ms, server peak RSS); ' +
      'statsmodels (json.loads → DataFrame → formula OLS → pickle saved) on the REST records body:',
  );
  lines.push(table(header2, rows2));
  lines.push('');
  const header3 = [
    'n',
    'service 1 row p50/p99 ms',
    'REST 1 row p50/p99 ms',
    'GraphQL 1 row p50/p99 ms',
    'REST 10^4 records p50 ms',
    'GraphQL 10^4 columns p50 ms',
    'statsmodels 1 row (load pickle + predict) s',
  ];
  const rows3 = r.sizes.map((s) => {
    const p = s.predict;
    const pair = (q) => `${q.p50.toFixed(3)} / ${q.p99.toFixed(3)}`;
    return [
      s.n.toLocaleString('en-US'),
      pair(p.serviceOneRow),
      pair(p.restOneRow),
      pair(p.graphqlOneRow),
      ms(p.restBatch10k.p50),
      ms(p.graphqlColumnsBatch10k.p50),
      s.statsmodels && !s.statsmodels.error ? s.statsmodels.predictOneRowSeconds.toFixed(3) : '—',
    ];
  });
  lines.push('Predict on a model fitted at n (in process, the model cached after its first read):');
  lines.push(table(header3, rows3));
  if (r.dataset) lines.push('', ...formatDataset(r.dataset));
  if (r.readers) {
    lines.push('');
    lines.push(
      `Dataset part readers alone, ${r.readers.rows.toLocaleString('en-US')} rows of the workload's columns ` +
        'from a local file (every column typed; median rows/s, largest peak RSS):',
    );
    for (const format of ['CSV', 'PARQUET']) {
      const f = r.readers[format];
      lines.push(
        `  ${format.padEnd(7)} ${mb(f.bytes)} MB: ${Math.round(f.rowsPerSecond).toLocaleString('en-US')} rows/s ` +
          `(${f.megabytesPerSecond.toFixed(0)} MB/s), peak RSS ${mb(f.maxRSS)} MB, median of ${f.runs}`,
      );
    }
  }
  return lines.join('\n');
}

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padStart(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 1) + ':').join('|')}|`, ...rows.map(line)].join('\n');
}

function ms(value) {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function mb(bytes) {
  return (bytes / 1e6).toFixed(0);
}

function kb(bytes) {
  return (bytes / 1e3).toFixed(0);
}

function formatDataset(d) {
  const lines = [`dataset fit, ${d.rows.toLocaleString('en-US')} rows (one worker thread, every pass, model stored):`];
  for (const format of ['CSV', 'PARQUET']) {
    const f = d[format];
    const size = `${mb(d.files[format].bytes)} MB`;
    lines.push(
      f.error
        ? `  ${format.padEnd(8)} ${size}: failed: ${f.error.split('\n').slice(-3).join(' ')}`
        : `  ${format.padEnd(8)} ${size}: ${f.seconds.toFixed(2)} s (read and spill ${f.readSeconds.toFixed(2)} s), ` +
            `${(f.rowsPerSecond / 1e6).toFixed(2)} × 10⁶ rows/s, peak RSS ${f.peakRssMB.toFixed(0)} MB`,
    );
  }
  for (const [name, x] of [
    ['statsmodels', d.statsmodels],
    ['R lm', d.r],
  ]) {
    if (!x) continue;
    lines.push(
      x.error
        ? `  ${name}: failed: ${x.error.split('\n').slice(-2).join(' ')}`
        : `  ${name.padEnd(11)} ${x.rows.toLocaleString('en-US')} rows: ${x.seconds.toFixed(2)} s ` +
            `(read ${x.readSeconds.toFixed(2)} s), ${(x.rows / x.seconds / 1e6).toFixed(2)} × 10⁶ rows/s, ` +
            `peak RSS ${x.peakRssMB.toFixed(0)} MB`,
    );
  }
  return lines;
}
