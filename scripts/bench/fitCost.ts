/**
 * Calibrates and checks the fit's cost model (src/service/fitCost.ts): times the real fit path
 * (buildTrainingDesign + fitLinearModel on data typed from columns) over a grid of shapes —
 * numeric columns, many-level factors, robust covariances, weights, designs that need
 * refinement — and prints, for each, the measured time, the model's estimate and their ratio,
 * then the rates a least-squares fit of the measurements would choose. Run:
 *   node scripts/run-ts.mjs scripts/bench/fitCost.ts [--quick]
 * The figures in docs/reliability.md ("Bounding a fit's work") come from this script.
 */
import { ColumnsTable } from '../../src/data/index.js';
import { buildTrainingDesign, DEFAULT_FORMULA_LIMITS } from '../../src/formula/index.js';
import { estimateFitCost, estimateRefinementCost, FIT_COST_RATES } from '../../src/service/fitCost.js';
import { fitLinearModel, type CovarianceType, type RefinementPlan } from '../../src/stats/index.js';

interface Shape {
  readonly rows: number;
  /** Levels of the factor g (1: no factor). */
  readonly levels: number;
  readonly numerics: number;
  readonly covType: CovarianceType;
  readonly weighted?: boolean;
  /** Numeric columns nearly collinear (x_k + 1e-7·noise), so that the fit refines. */
  readonly illConditioned?: boolean;
}

let state = 12345;
function uniform(): number {
  state = (state * 48271) % 2147483647;
  return state / 2147483647;
}

function columns(shape: Shape): Record<string, unknown[]> {
  const data: Record<string, unknown[]> = { y: [], g: [], w: [] };
  for (let k = 0; k < shape.numerics; k++) data[`x${k}`] = [];
  for (let i = 0; i < shape.rows; i++) {
    const base = uniform() * 10;
    for (let k = 0; k < shape.numerics; k++) {
      data[`x${k}`]!.push(shape.illConditioned ? base + k * 1e-7 * uniform() : uniform() * (k + 1));
    }
    data.y!.push(uniform() + base);
    data.g!.push(`g${Math.floor(uniform() * shape.levels)}`);
    data.w!.push(0.5 + uniform());
  }
  return data;
}

function formulaOf(shape: Shape): string {
  const terms = [shape.levels > 1 ? 'C(g)' : '1', ...Array.from({ length: shape.numerics }, (_, k) => `x${k}`)];
  return `y ~ ${terms.join(' + ')}`;
}

interface Measurement {
  readonly shape: Shape;
  readonly columns: number;
  readonly seconds: number;
  readonly estimate: number;
  readonly refinement: RefinementPlan | null;
}

function measure(shape: Shape, runs: number): Measurement {
  const table = new ColumnsTable(columns(shape), 10_000);
  const options = { missing: 'drop' as const, weights: shape.weighted ? 'w' : undefined };
  let best = Infinity;
  let p = 0;
  let refinement: RefinementPlan | null = null;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const design = buildTrainingDesign(formulaOf(shape), table, options, {
      ...DEFAULT_FORMULA_LIMITS,
      maxColumns: 10_000,
    });
    p = design.columnCount;
    fitLinearModel(
      {
        rowCount: design.rowCount,
        columnCount: p,
        design: design.rows,
        y: design.y,
        yLo: design.yLo,
        weights: design.weights,
        columnNames: design.spec.columns,
      },
      {
        covType: shape.covType,
        useT: shape.covType === 'nonrobust',
        approveRefinement: (plan) => {
          refinement = plan;
        },
      },
    );
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  const fitShape = { rows: shape.rows, columns: p, covType: shape.covType, weighted: shape.weighted ?? false };
  const estimate =
    estimateFitCost(fitShape).seconds + (refinement === null ? 0 : estimateRefinementCost(refinement).seconds);
  return { shape, columns: p, seconds: best, estimate, refinement };
}

const quick = process.argv.includes('--quick');
const grid: Shape[] = [];
for (const rows of quick ? [20_000, 200_000] : [20_000, 100_000, 500_000, 1_000_000]) {
  for (const [levels, numerics] of [
    [1, 4],
    [1, 13],
    [10, 4],
    [50, 0],
    [200, 0],
    [499, 0],
  ] as const) {
    const p = levels + numerics;
    if (rows * p * p > (quick ? 3e9 : 2e10)) continue;
    for (const covType of ['nonrobust', 'HC3'] as const) grid.push({ rows, levels, numerics, covType });
  }
  grid.push({ rows, levels: 10, numerics: 4, covType: 'HC1', weighted: true });
  grid.push({ rows, levels: 1, numerics: 6, covType: 'nonrobust', illConditioned: true });
}

console.log(`rates: ${JSON.stringify(FIT_COST_RATES)}`);
console.log('rows       cols  covType    weights refine        measured   estimate   estimate/measured');
const measured: Measurement[] = [];
for (const shape of grid) {
  const m = measure(shape, quick ? 1 : 3);
  measured.push(m);
  const refine =
    m.refinement === null ? '-' : `${m.refinement.solution ? 'x' : ''}${m.refinement.covariance ? 'cov' : ''}`;
  console.log(
    `${String(shape.rows).padEnd(10)} ${String(m.columns).padStart(4)}  ${shape.covType.padEnd(10)} ` +
      `${(shape.weighted ? 'yes' : 'no').padEnd(7)} ${refine.padEnd(8)} ` +
      `${m.seconds.toFixed(3).padStart(10)} s ${m.estimate.toFixed(3).padStart(9)} s ` +
      `${(m.estimate / m.seconds).toFixed(2).padStart(8)}`,
  );
}
const ratios = measured.map((m) => m.estimate / m.seconds).sort((a, b) => a - b);
console.log(
  `estimate/measured: min ${ratios[0]!.toFixed(2)}, ` +
    `median ${ratios[Math.floor(ratios.length / 2)]!.toFixed(2)}, max ${ratios.at(-1)!.toFixed(2)}`,
);
