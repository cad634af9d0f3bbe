// Reader throughput for the bench (issue 14): a generated dataset of the bench workload's columns
// (x1…x5, g, h, y) as a CSV file and a Parquet file, read back through the dataset part readers
// from a local file (fileByteSource), every column typed, chunk by chunk. Run by bench.mjs, each
// read in a fresh process so that its peak RSS is its own; prints one JSON line.
//
//   node scripts/run-ts.mjs scripts/bench/readers.ts generate <dir> <rows>
//   node scripts/run-ts.mjs scripts/bench/readers.ts read <CSV|PARQUET|NDJSON> <file> [chunkRows]
import { createWriteStream, existsSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ParquetWriter } from 'hyparquet-writer';
import { fileWriter } from 'hyparquet-writer/src/node.js';
import { fileByteSource, openPartReader, type DatasetFormat } from '../../src/data/stream/index.js';

/** The bench workload's columns (scripts/bench/workload.mjs). */
const COLUMNS = ['x1', 'x2', 'x3', 'x4', 'x5', 'g', 'h', 'y'];
const G = ['a', 'b', 'c'];
const H = ['u', 'v', 'w', 'z'];
/** Rows per Parquet row group (and per generated block). */
const GROUP_ROWS = 1 << 18;

/** A small, fast, seeded generator of uniform [0, 1) doubles (mulberry32, as workload.mjs). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One block of rows of the deterministic data: numbers with ~17 significant digits. */
function block(random: () => number, rows: number) {
  const x = Array.from({ length: 5 }, () => new Float64Array(rows));
  const g: string[] = new Array<string>(rows);
  const h: string[] = new Array<string>(rows);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < 5; k++) x[k]![i] = random() * 10;
    const gi = Math.floor(random() * 3);
    const hi = Math.floor(random() * 4);
    g[i] = G[gi]!;
    h[i] = H[hi]!;
    y[i] = 2 + 0.5 * x[0]![i]! - 0.3 * x[1]![i]! + 0.2 * x[2]![i]! + 0.4 * gi - 0.1 * hi + random() - 0.5;
  }
  return { x, g, h, y };
}

async function generate(dir: string, rows: number): Promise<void> {
  const csv = join(dir, `readers-${rows}.csv`);
  const parquet = join(dir, `readers-${rows}.parquet`);
  if (existsSync(csv) && existsSync(parquet)) return;
  const random = mulberry32(20261204 + rows);
  const out = createWriteStream(`${csv}.tmp`);
  const writer = new ParquetWriter({
    writer: fileWriter(`${parquet}.tmp`),
    schema: [
      { name: 'root', num_children: COLUMNS.length },
      ...COLUMNS.map((name) =>
        name === 'g' || name === 'h'
          ? { name, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, repetition_type: 'REQUIRED' as const }
          : { name, type: 'DOUBLE' as const, repetition_type: 'REQUIRED' as const },
      ),
    ],
  });
  const write = (text: string) =>
    new Promise<void>((resolve) => (out.write(text) ? resolve() : out.once('drain', resolve)));
  await write(`${COLUMNS.join(',')}\n`);
  for (let start = 0; start < rows; start += GROUP_ROWS) {
    const count = Math.min(GROUP_ROWS, rows - start);
    const { x, g, h, y } = block(random, count);
    let text = '';
    for (let i = 0; i < count; i++) {
      text += `${x[0]![i]},${x[1]![i]},${x[2]![i]},${x[3]![i]},${x[4]![i]},${g[i]},${h[i]},${y[i]}\n`;
      if (text.length > 1 << 20) {
        await write(text);
        text = '';
      }
    }
    await write(text);
    const data: Record<string, ArrayLike<unknown>> = { x1: x[0]!, x2: x[1]!, x3: x[2]!, x4: x[3]!, x5: x[4]!, g, h, y };
    writer.write({ columnData: COLUMNS.map((name) => ({ name, data: data[name] as never })), rowGroupSize: count });
  }
  writer.finish();
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  renameSync(`${csv}.tmp`, csv);
  renameSync(`${parquet}.tmp`, parquet);
}

async function read(format: DatasetFormat, file: string, chunkRows: number | undefined): Promise<void> {
  const started = performance.now();
  const reader = openPartReader(format, await fileByteSource(file));
  let rows = 0;
  let chunks = 0;
  let check = 0;
  for await (const chunk of reader.chunks({ columns: COLUMNS, chunkRows })) {
    // Every column typed, as a fit's pass types them.
    for (const name of COLUMNS) {
      const column = chunk.column(name);
      check += column.kind === 'numeric' ? column.values[0]! : column.kind === 'categorical' ? column.levels.length : 0;
    }
    rows += chunk.rowCount;
    chunks++;
  }
  const seconds = (performance.now() - started) / 1000;
  const bytes = statSync(file).size;
  console.log(
    JSON.stringify({
      format,
      rows,
      chunks,
      bytes,
      seconds,
      rowsPerSecond: rows / seconds,
      megabytesPerSecond: bytes / 1e6 / seconds,
      maxRSS: process.resourceUsage().maxRSS * 1024,
      check,
    }),
  );
}

// argv: node, run-ts.mjs, this file, then the arguments.
const [mode, ...rest] = process.argv.slice(3);
if (mode === 'generate') await generate(rest[0]!, Number(rest[1]));
else if (mode === 'read') await read(rest[0] as DatasetFormat, rest[1]!, rest[2] ? Number(rest[2]) : undefined);
else throw new Error('usage: readers.ts generate <dir> <rows> | read <format> <file> [chunkRows]');
