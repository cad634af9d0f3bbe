// A dataset fit end to end in bounded memory (issue 14): a CSV file of --rows rows of a mixed
// workload (three numeric columns, a 10-level factor, weights) streamed by the CSV part reader,
// spilled to local disk and fitted by computeChunkedFit, as a fit job's worker does. Prints the
// phases' times, rows per second end to end, the spill's size and the process's peak RSS.
//
//   node --max-old-space-size=4096 scripts/run-ts.mjs scripts/bench/datasetFit.ts \
//     [--rows 10000000] [--chunk 65536] [--data DIR] [--formula "y ~ x1 + x2 + x3 + C(g)"] [--cov HC1]
//
// The file is generated once into --data (default: the OS temp directory) and reused. Beside it,
// scripts/bench/datasetFit_reference.sh times statsmodels and R's lm on the same file.
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { csvPartReader } from '../../src/data/stream/csvPartReader.js';
import { fileByteSource } from '../../src/data/stream/fileByteSource.js';
import { DEFAULT_FORMULA_LIMITS } from '../../src/formula/index.js';
import { budgetFor } from '../../src/service/index.js';
import { fitParts } from '../../src/service/streamingFit.js';
import type { CovarianceType } from '../../src/stats/index.js';

const { values: args } = parseArgs({
  args: process.argv.slice(3),
  options: {
    rows: { type: 'string', default: '10000000' },
    chunk: { type: 'string', default: '65536' },
    data: { type: 'string', default: tmpdir() },
    formula: { type: 'string', default: 'y ~ x1 + x2 + x3 + C(g)' },
    cov: { type: 'string', default: 'nonrobust' },
  },
});
const rows = Number(args.rows);
const path = join(args.data, `dataset-bench-${rows}.csv`);

/** Writes the CSV once: y = 1 + 2·x1 − x2 + 0.5·x3 + level effect + noise, from a fixed sequence. */
async function generate(): Promise<void> {
  if (existsSync(path)) return;
  const out = createWriteStream(`${path}.tmp`);
  out.write('y,x1,x2,x3,g,w\n');
  let state = 12345;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const x1 = next() * 10;
    const x2 = next() * 100 - 50;
    const x3 = Math.floor(next() * 1000);
    const g = Math.floor(next() * 10);
    const y = 1 + 2 * x1 - x2 + 0.5 * x3 + g * 0.3 + (next() - 0.5);
    lines.push(`${y.toFixed(6)},${x1.toFixed(6)},${x2.toFixed(4)},${x3},g${g},${(0.5 + next()).toFixed(3)}`);
    if (lines.length === 10_000) {
      if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
      lines.length = 0;
    }
  }
  out.end(lines.length > 0 ? `${lines.join('\n')}\n` : '');
  await once(out, 'finish');
  const { renameSync } = await import('node:fs');
  renameSync(`${path}.tmp`, path);
}

await generate();
const bytes = statSync(path).size;
const spill = mkdtempSync(join(tmpdir(), 'dataset-bench-spill-'));
const started = performance.now();
let readEnd = started;
try {
  const result = await fitParts(
    {
      formula: args.formula,
      missing: 'drop',
      weights: null,
      covType: args.cov as CovarianceType,
      useT: args.cov === 'nonrobust',
      formulaLimits: DEFAULT_FORMULA_LIMITS,
      budget: budgetFor(900, 10_240),
    },
    [csvPartReader(await fileByteSource(path, 'dataset.csv'))],
    { format: 'CSV', directory: spill, chunkRows: Number(args.chunk) },
    {
      progress: (p) => {
        if (p.phase === 'FITTING') readEnd = performance.now();
      },
      signal: new AbortController().signal,
    },
  );
  const ended = performance.now();
  const seconds = (ended - started) / 1000;
  const figures = {
    rows,
    bytes,
    formula: args.formula,
    covType: args.cov,
    chunkRows: Number(args.chunk),
    readAndSpillSeconds: (readEnd - started) / 1000,
    fitSeconds: (ended - readEnd) / 1000,
    totalSeconds: seconds,
    rowsPerSecond: rows / seconds,
    spillBytes: result.spilled.bytes,
    sourcePasses: result.spilled.sourcePasses,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    coefficients: result.computation.fit.coefficients.map((c) => [c.name, c.estimate]),
  };
  console.log(JSON.stringify(figures, null, 2));
} finally {
  rmSync(spill, { recursive: true, force: true });
}
