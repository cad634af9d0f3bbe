// Reader throughput for the bench (issue 14): a dataset file of the bench workload's columns
// (x1…x5, g, h, y; written by workload.mjs's generateDataset) read through the dataset part
// readers from a local file (fileByteSource), every column typed, chunk by chunk, nothing else
// done with the rows. Run by bench.mjs in a fresh process so that its peak RSS is its own; prints
// one JSON line.
//
//   node scripts/run-ts.mjs scripts/bench/readers.ts read <CSV|PARQUET|NDJSON> <file> [chunkRows]
import { statSync } from 'node:fs';
import { fileByteSource, openPartReader, type DatasetFormat } from '../../src/data/stream/index.js';

/** The bench workload's columns (scripts/bench/workload.mjs). */
const COLUMNS = ['x1', 'x2', 'x3', 'x4', 'x5', 'g', 'h', 'y'];

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
if (mode === 'read') await read(rest[0] as DatasetFormat, rest[1]!, rest[2] ? Number(rest[2]) : undefined);
else throw new Error('usage: readers.ts read <format> <file> [chunkRows]');
