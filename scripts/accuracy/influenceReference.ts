// Writes test/fixtures/influence/{case}.json: R's hatvalues, rstandard, cooks.distance, fitted
// values, residuals and qqnorm positions for the rows of every reference case that fits
// (test/fixtures/cases). R has no patsy, so R fits lm on the design matrix the formula module
// builds for the case (its columns as doubles, and the response), which is the problem the
// service fits; the numbers cross as hexadecimal floats, exactly. R's default rank tolerance
// (1e-7) drops a column of the ill-conditioned case (raw powers of x near 1000) that is not
// aliased, which the service keeps (docs/accuracy.md): that case is fitted with tol = 1e-10.
// Needs r-base-core (Debian).
//
//   node scripts/run-ts.mjs scripts/accuracy/influenceReference.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordsTable } from '../../src/data/index.js';
import { buildTrainingDesign } from '../../src/formula/index.js';
import { materializeDesign } from '../../src/numeric/designRows.js';

const CASES = 'test/fixtures/cases';
const OUT = 'test/fixtures/influence';

/** A double as C's "%a" writes it, which R's as.numeric reads exactly. */
function hexFloat(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0x0p+0' : '0x0p+0';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const high = view.getUint32(0);
  const sign = high >>> 31 ? '-' : '';
  const exponent = (high >>> 20) & 0x7ff;
  const mantissa = (high & 0xfffff).toString(16).padStart(5, '0') + view.getUint32(4).toString(16).padStart(8, '0');
  return exponent === 0
    ? `${sign}0x0.${mantissa}p-1022`
    : `${sign}0x1.${mantissa}p${exponent - 1023 < 0 ? '' : '+'}${exponent - 1023}`;
}

/** A number as R's sprintf("%a") writes it (or NA). */
function parseHexFloat(text: string): number | null {
  if (text === 'NA' || text === 'NaN') return null;
  if (text === 'Inf' || text === '-Inf') return null;
  const match = /^(-?)0x([01])(?:\.([0-9a-f]+))?p([+-]\d+)$/.exec(text);
  if (!match) throw new Error(`not a hexadecimal float: ${text}`);
  const digits = match[3] ?? '';
  const fraction = digits === '' ? 0 : parseInt(digits, 16) / 16 ** digits.length;
  const value = (Number(match[2]) + fraction) * 2 ** Number(match[4]);
  return match[1] === '-' ? -value : value;
}

const work = mkdtempSync(join(tmpdir(), 'influence-'));
try {
  const names: string[] = [];
  for (const file of readdirSync(CASES).sort()) {
    const testCase = JSON.parse(readFileSync(join(CASES, file), 'utf8'));
    if (!testCase.expected) continue;
    const weights: string | null = testCase.options?.weights ?? null;
    const design = buildTrainingDesign(testCase.formula, new RecordsTable(testCase.data), {
      missing: 'drop',
      weights: weights ?? undefined,
    });
    const n = design.rowCount;
    const p = design.columnCount;
    const { x } = materializeDesign(design.rows, n);
    const tol = testCase.ill_conditioned ? '1e-10' : '1e-7';
    const header = ['row', 'y', 'w', 'tol', ...Array.from({ length: p }, (_, j) => `X${j + 1}`)];
    const lines = [header.join(',')];
    for (let i = 0; i < n; i++) {
      const row = (design.sourceRows === null ? i : (design.sourceRows[i] as number)) + 1;
      const cells = [
        String(row),
        hexFloat(design.y[i] as number),
        design.weights ? hexFloat(design.weights[i] as number) : '',
        tol,
      ];
      for (let j = 0; j < p; j++) cells.push(hexFloat(x[j * n + i] as number));
      lines.push(cells.join(','));
    }
    writeFileSync(join(work, `${testCase.name}.design.csv`), `${lines.join('\n')}\n`);
    names.push(testCase.name);
  }
  const version = execFileSync('Rscript', ['scripts/accuracy/influence_reference.R', work], {
    encoding: 'utf8',
  }).trim();
  for (const name of names) {
    const [header, ...rows] = readFileSync(join(work, `${name}.influence.csv`), 'utf8')
      .trim()
      .split('\n');
    const columns = (header as string).split(',');
    const table = rows.map((line) => line.split(','));
    const column = (key: string) => table.map((cells) => cells[columns.indexOf(key)] as string);
    const reference = {
      case: name,
      source: `${version}: lm on the case's design matrix; scripts/accuracy/influenceReference.ts`,
      rank: Number(column('rank')[0]),
      rows: column('row').map(Number),
      fitted: column('fitted').map(parseHexFloat),
      residuals: column('residual').map(parseHexFloat),
      hatvalues: column('hat').map(parseHexFloat),
      rstandard: column('rstandard').map(parseHexFloat),
      cooks_distance: column('cooks').map(parseHexFloat),
      qqnorm_x: column('qqnorm').map(parseHexFloat),
    };
    writeFileSync(join(OUT, `${name}.json`), `${JSON.stringify(reference)}\n`);
  }
  console.log(`${names.length} cases written to ${OUT} (${version})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
