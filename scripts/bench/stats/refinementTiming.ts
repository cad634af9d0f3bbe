/**
 * Timing of the double-double paths: raw polynomial fits that refine their solution (around 50)
 * or also their covariance (around 1000), OLS, WLS and HC3; predictions with intervals from a
 * refined model; and building a design whose columns the formula module forms in double-double.
 * Prints the median and minimum of several runs per case. Run:
 *   node scripts/run-ts.mjs scripts/bench/stats/refinementTiming.ts
 */
import { ColumnsTable } from '../../../src/data/index.js';
import { buildTrainingDesign } from '../../../src/formula/index.js';
import { forEachBlock } from '../../../src/numeric/designRows.js';
import { denseDesignRows, fitLinearModel, predictWithIntervals, type FitOptions } from '../../../src/stats/index.js';
import { type DenseProblem, syntheticProblem } from './workload.js';

function time(label: string, runs: number, f: () => unknown): void {
  f(); // warm-up (JIT, WebAssembly compilation)
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(runs / 2)] as number;
  const min = times[0] as number;
  console.log(`${label.padEnd(60)} median ${median.toFixed(1).padStart(8)} ms   min ${min.toFixed(1).padStart(8)} ms`);
}

/** Raw powers of x ~ N(centre, 10) up to x^4, 1e6 rows. */
function polynomial(centre: number, weighted: boolean): DenseProblem {
  const rows = 1_000_000;
  const base = syntheticProblem(rows, 2, { seed: 7, weighted });
  const x = new Float64Array(rows * 5);
  x.fill(1, 0, rows);
  for (let i = 0; i < rows; i++) {
    const t = centre + 10 * (base.x[rows + i] as number);
    for (let k = 1; k < 5; k++) x[k * rows + i] = t ** k;
  }
  const columnNames = ['Intercept', 'x', 'x2', 'x3', 'x4'];
  return { ...base, columnCount: 5, design: denseDesignRows(x, null, rows, 5), x, columnNames };
}

function describe(problem: DenseProblem, options: FitOptions): string {
  const { refinementIterations, covarianceRefined } = fitLinearModel(problem, options).numerics;
  return `${refinementIterations} refinement steps${covarianceRefined ? ', cov. refined' : ''}`;
}

const NONROBUST: FitOptions = { covType: 'nonrobust', useT: true };
const HC3: FitOptions = { covType: 'HC3', useT: false };
const near50 = polynomial(50, false);
const near1000 = polynomial(1000, false);
const near1000Weighted = polynomial(1000, true);
time(`fit 1e6 × 5 polynomial around 50, OLS (${describe(near50, NONROBUST)})`, 9, () =>
  fitLinearModel(near50, NONROBUST),
);
time(`fit 1e6 × 5 polynomial around 1000, OLS (${describe(near1000, NONROBUST)})`, 7, () =>
  fitLinearModel(near1000, NONROBUST),
);
time(`fit 1e6 × 5 polynomial around 1000, WLS (${describe(near1000Weighted, NONROBUST)})`, 7, () =>
  fitLinearModel(near1000Weighted, NONROBUST),
);
time(`fit 1e6 × 5 polynomial around 1000, HC3 (${describe(near1000, HC3)})`, 5, () => fitLinearModel(near1000, HC3));
const refined = fitLinearModel(near1000, NONROBUST);
time('predict 1e5 rows with intervals from the refined model', 9, () =>
  predictWithIntervals(refined, near1000.design, 100_000, { interval: 'prediction', level: 0.95 }),
);

const rows = 300_000;
const x = Array.from({ length: rows }, (_, i) => 1 + (i % 1000) * 0.001 + Math.sin(i) * 0.1);
const z = Array.from({ length: rows }, (_, i) => Math.cos(i));
const table = new ColumnsTable({ x, z, y: x.map((v, i) => v + (z[i] as number)) });
time('design 3e5 rows: I(x**3), I(x**5), x:z, standardize(x), center(z)', 7, () => {
  const formula = 'y ~ I(x**3) + I(x**5) + x:z + standardize(x) + center(z)';
  const design = buildTrainingDesign(formula, table, { missing: 'drop' });
  let first = 0;
  forEachBlock(design.rows, design.rowCount, 4096, true, (block) => (first += block.x[0] as number));
  return first;
});
