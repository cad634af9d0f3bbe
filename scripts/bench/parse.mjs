// Input parsing benchmark: src/data's byte parsers against JSON.parse + RecordsTable/ColumnsTable.
//
//   node scripts/bench/parse.mjs [--rows 100000,1000000] [--runs 3] [--only records]
//
// Each measurement runs in a fresh process (so peak RSS, from process.resourceUsage().maxRSS, is
// its own, and the JIT starts cold, as on a Lambda cold start) and reports the time from having
// the body (or, for streams, from opening the file) to having all 8 typed columns. Bodies are
// generated once into the OS temp dir: 5 numeric columns like Math.random()*10 (~17 significant
// digits), 2 categorical with a few levels, and y.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const work = join(tmpdir(), 'fastinput-bench');
const bundle = join(work, 'data.mjs');
const COLUMNS = ['x1', 'x2', 'x3', 'x4', 'x5', 'g', 'h', 'y'];
const CHUNK = 64 * 1024;

/** Each path: how to get the 8 columns from a file (`shape` picks the body). */
const PATHS = {
  'records JSON.parse+RecordsTable': { shape: 'records', run: recordsJsonParse },
  'records parseJson (whole body)': { shape: 'records', run: recordsParseJson },
  'records JsonStreamParser (64 KiB chunks from disk)': { shape: 'records', run: recordsStream },
  'columns JSON.parse+ColumnsTable': { shape: 'columns', run: columnsJsonParse },
  'columns parseJson+ColumnsTable': { shape: 'columns', run: columnsParseJson },
  'columns parseJson captureColumns+ColumnsTable': { shape: 'columns', run: columnsCaptured },
  'columns JsonStreamParser captureColumns (64 KiB chunks)': { shape: 'columns', run: columnsStream },
  'csv parseCsv': { shape: 'csv', run: csvParse },
};

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else await main();

async function main() {
  const rowCounts = option('--rows', '100000,1000000').split(',').map(Number);
  const runs = Number(option('--runs', '3'));
  const only = option('--only', '');
  mkdirSync(work, { recursive: true });
  await buildBundle();
  const idle = spawnSync(process.execPath, ['-e', 'console.log(process.resourceUsage().maxRSS)'], { encoding: 'utf8' });
  console.log(`node ${process.version}; an idle node process peaks at ${mb(Number(idle.stdout) * 1024)} MB RSS`);
  console.log(`${runs} fresh process(es) per cell; time is the median, RSS the largest\n`);
  for (const rows of rowCounts) {
    const files = generate(rows);
    console.log(
      `${rows.toLocaleString('en-US')} rows: records ${mb(statSync(files.records).size)} MB, ` +
        `columns ${mb(statSync(files.columns).size)} MB, csv ${mb(statSync(files.csv).size)} MB`,
    );
    for (const [name, { shape }] of Object.entries(PATHS)) {
      if (only && !name.startsWith(only)) continue;
      const results = [];
      for (let run = 0; run < runs; run++) {
        const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', name, files[shape]], {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        });
        if (out.status !== 0) throw new Error(`${name} failed: ${out.stderr}`);
        results.push(JSON.parse(out.stdout.trim().split('\n').pop()));
      }
      const ms = median(results.map((r) => r.ms));
      const rss = Math.max(...results.map((r) => r.maxRSS));
      const bytes = results[0].bytes;
      console.log(
        `  ${name.padEnd(56)} ${String(Math.round(ms)).padStart(6)} ms ` +
          `${(bytes / 1e6 / (ms / 1000)).toFixed(0).padStart(5)} MB/s   ` +
          `peak RSS ${String(mb(rss)).padStart(5)} MB (${(rss / bytes).toFixed(2)}× body)`,
      );
    }
    console.log('');
  }
}

async function child(name, file) {
  const { run } = PATHS[name];
  const data = await import(bundle);
  const { ms, table } = await run(data, file);
  // Sanity: every column is typed as expected.
  for (const column of COLUMNS) {
    const kind = table.column(column).kind;
    if (kind !== (column === 'g' || column === 'h' ? 'categorical' : 'numeric'))
      throw new Error(`${column} is ${kind}`);
  }
  console.log(JSON.stringify({ ms, bytes: statSync(file).size, maxRSS: process.resourceUsage().maxRSS * 1024 }));
}

function typeAll(table) {
  for (const column of COLUMNS) table.column(column);
  return table;
}

function timed(body, work) {
  const started = performance.now();
  const table = work(body);
  return { ms: performance.now() - started, table };
}

async function recordsJsonParse(data, file) {
  const body = readFileSync(file);
  return timed(body, (bytes) => typeAll(new data.RecordsTable(JSON.parse(bytes.toString('utf8')).data)));
}

async function recordsParseJson(data, file) {
  const body = readFileSync(file);
  return timed(body, (bytes) => typeAll(data.parseJson(bytes, { captureRecords: isData }).data.table()));
}

async function recordsStream(data, file) {
  const started = performance.now();
  const parser = new data.JsonStreamParser({ captureRecords: isData, expectedBytes: statSync(file).size });
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) parser.write(chunk);
  const table = typeAll(parser.end().data.table());
  return { ms: performance.now() - started, table };
}

async function columnsJsonParse(data, file) {
  const body = readFileSync(file);
  return timed(body, (bytes) => typeAll(new data.ColumnsTable(JSON.parse(bytes.toString('utf8')).data)));
}

async function columnsParseJson(data, file) {
  const body = readFileSync(file);
  return timed(body, (bytes) => typeAll(new data.ColumnsTable(data.parseJson(bytes).data)));
}

async function columnsCaptured(data, file) {
  const body = readFileSync(file);
  return timed(body, (bytes) =>
    typeAll(new data.ColumnsTable(data.parseJson(bytes, { captureColumns: isDataColumn }).data)),
  );
}

async function columnsStream(data, file) {
  const started = performance.now();
  const parser = new data.JsonStreamParser({ captureColumns: isDataColumn, expectedBytes: statSync(file).size });
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) parser.write(chunk);
  const table = typeAll(new data.ColumnsTable(parser.end().data));
  return { ms: performance.now() - started, table };
}

async function csvParse(data, file) {
  const body = readFileSync(file);
  return timed(body, (bytes) => typeAll(data.parseCsv(bytes)));
}

function isData(path) {
  return path.length === 1 && path[0] === 'data';
}

function isDataColumn(path) {
  return path.length === 2 && path[0] === 'data';
}

async function buildBundle() {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(root, 'src/data/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outfile: bundle,
    logLevel: 'warning',
  });
}

/** The three bodies for `rows` rows, written once (deterministic contents). */
function generate(rows) {
  const files = {
    records: join(work, `records-${rows}.json`),
    columns: join(work, `columns-${rows}.json`),
    csv: join(work, `csv-${rows}.csv`),
  };
  if (Object.values(files).every((file) => existsSync(file))) return files;
  const random = mulberry32(rows);
  const g = ['a', 'b', 'c'];
  const h = ['u', 'v', 'w', 'z'];
  const cells = Array.from({ length: rows }, () => ({
    x1: random() * 10,
    x2: random() * 10,
    x3: random() * 10,
    x4: random() * 10,
    x5: random() * 10,
    g: g[Math.floor(random() * 3)],
    h: h[Math.floor(random() * 4)],
    y: random() * 10,
  }));
  const formula = '"formula":"y ~ x1 + x2 + x3 + x4 + x5 + g + h"';
  writeFileSync(files.records, `{${formula},"data":[${cells.map((cell) => JSON.stringify(cell)).join(',')}]}`);
  const columns = Object.fromEntries(COLUMNS.map((name) => [name, cells.map((cell) => cell[name])]));
  writeFileSync(files.columns, `{${formula},"data":${JSON.stringify(columns)}}`);
  const csv = [COLUMNS.join(','), ...cells.map((cell) => COLUMNS.map((name) => cell[name]).join(','))].join('\n');
  writeFileSync(files.csv, `${csv}\n`);
  return files;
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function mb(bytes) {
  return Math.round(bytes / 1e6);
}
