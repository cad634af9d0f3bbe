/**
 * What the diagnostic points' pass (src/stats/diagnosticPoints.ts) costs beside the fit it
 * follows, over a grid of shapes (numeric columns and many-level factors, 20,000 to 10⁶ rows):
 * the fit's time (buildTrainingDesign + fitLinearModel), the pass's time, their ratio, the time
 * per row, and fitCost.ts's estimate of the pass. Run:
 *   node scripts/run-ts.mjs scripts/bench/diagnosticPointsCost.ts [--quick]
 * docs/performance.md quotes its figures.
 */
import { ColumnsTable } from '../../src/data/index.js';
import { buildTrainingDesign, DEFAULT_FORMULA_LIMITS } from '../../src/formula/index.js';
import { estimateDiagnosticPointsCost } from '../../src/service/fitCost.js';
import { diagnosticPoints, fitLinearModel, problemRows } from '../../src/stats/index.js';

let state = 12345;
function uniform(): number {
  state = (state * 48271) % 2147483647;
  return state / 2147483647;
}

function table(rows: number, levels: number, numerics: number): ColumnsTable {
  const data: Record<string, unknown[]> = { y: [], g: [] };
  for (let k = 0; k < numerics; k++) data[`x${k}`] = [];
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < numerics; k++) data[`x${k}`]!.push(uniform() * (k + 1));
    data.y!.push(uniform() * 10);
    data.g!.push(`g${Math.floor(uniform() * levels)}`);
  }
  return new ColumnsTable(data, 10_000);
}

const quick = process.argv.includes('--quick');
console.log('rows       cols   fit        points     points/fit  ns per row  estimate');
for (const rows of quick ? [20_000, 200_000] : [20_000, 200_000, 1_000_000]) {
  for (const [levels, numerics] of [
    [1, 4],
    [1, 13],
    [10, 4],
    [50, 0],
    [200, 0],
  ] as const) {
    const p = levels + numerics;
    if (rows * p * p > (quick ? 3e9 : 2e10)) continue;
    const data = table(rows, levels, numerics);
    const terms = [levels > 1 ? 'C(g)' : '1', ...Array.from({ length: numerics }, (_, k) => `x${k}`)];
    const formula = `y ~ ${terms.join(' + ')}`;
    let fitSeconds = Infinity;
    let pointSeconds = Infinity;
    let columns = 0;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const design = buildTrainingDesign(
        formula,
        data,
        { missing: 'drop' },
        { ...DEFAULT_FORMULA_LIMITS, maxColumns: 10_000 },
      );
      columns = design.columnCount;
      const fit = fitLinearModel(
        {
          rowCount: design.rowCount,
          columnCount: columns,
          design: design.rows,
          y: design.y,
          yLo: design.yLo,
          weights: null,
          columnNames: design.spec.columns,
        },
        { covType: 'nonrobust', useT: true },
      );
      const fitted = performance.now();
      const problem = problemRows(design.rows, rows, design.y, design.yLo, null);
      const { mayHaveLowParts: lowParts, mayHaveResponseLowParts: responseLowParts } = problem;
      diagnosticPoints({ n: rows, rows: problem, lowParts, responseLowParts }, fit);
      fitSeconds = Math.min(fitSeconds, (fitted - started) / 1000);
      pointSeconds = Math.min(pointSeconds, (performance.now() - fitted) / 1000);
    }
    const estimate = estimateDiagnosticPointsCost(rows, columns).seconds;
    console.log(
      `${String(rows).padEnd(10)} ${String(columns).padStart(4)}  ${fitSeconds.toFixed(3).padStart(7)} s  ` +
        `${pointSeconds.toFixed(3).padStart(7)} s  ${(pointSeconds / fitSeconds).toFixed(2).padStart(9)}   ` +
        `${((pointSeconds / rows) * 1e9).toFixed(0).padStart(10)}  ${estimate.toFixed(3).padStart(7)} s`,
    );
  }
}
