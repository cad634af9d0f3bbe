/**
 * Timing of the stats module on synthetic designs (workload.ts), and of ml-matrix's QR for
 * comparison. Prints the median and minimum of several runs per case. Run:
 *   node scripts/run-ts.mjs scripts/bench/stats/fitTiming.ts
 * Figures measured on the project's 2-core machine are in docs/accuracy.md.
 */
import { Matrix, QrDecomposition } from 'ml-matrix';
import { denseDesignRows, fitLinearModel, type FitOptions } from '../../../src/stats/index.js';
import { tsqr } from '../../../src/stats/qr.js';
import { type DenseProblem, syntheticProblem } from './workload.js';

const NONROBUST: FitOptions = { covType: 'nonrobust', useT: true };

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
  console.log(
    `${label.padEnd(52)} median ${median.toFixed(1).padStart(8)} ms   ` +
      `min ${(times[0] as number).toFixed(1).padStart(8)} ms`,
  );
}

/** Raw powers of x ~ N(50, 10) up to x^4: κ of the scaled design ~1e6, so the fit refines. */
function polynomial(rows: number): DenseProblem {
  const base = syntheticProblem(rows, 2, { seed: 7 });
  const x = new Float64Array(rows * 5);
  x.fill(1, 0, rows);
  for (let i = 0; i < rows; i++) {
    const t = 50 + 10 * (base.x[rows + i] as number);
    for (let k = 1; k < 5; k++) x[k * rows + i] = t ** k;
  }
  return {
    ...base,
    columnCount: 5,
    design: denseDesignRows(x, null, rows, 5),
    x,
    columnNames: ['Intercept', 'x', 'x2', 'x3', 'x4'],
  };
}

function qrOnly(problem: DenseProblem, kernel: 'js' | 'simd'): void {
  const { rowCount: n, columnCount: p, x } = problem;
  tsqr(
    (start, count, out, stride) => {
      for (let j = 0; j < p; j++) out.set(x.subarray(j * n + start, j * n + start + count), j * stride);
    },
    { rows: n, columns: p, extraColumns: 0, keepReflectors: false, kernel },
  );
}

function rowMajor(problem: DenseProblem): Matrix {
  const { rowCount: n, columnCount: p, x } = problem;
  return new Matrix(Array.from({ length: n }, (_, i) => Array.from({ length: p }, (_, j) => x[j * n + i] as number)));
}

const small = syntheticProblem(100_000, 15);
const large = syntheticProblem(1_000_000, 15);
time('fit 1e5 × 15 OLS, nonrobust', 9, () => fitLinearModel(small, NONROBUST));
time('fit 1e6 × 15 OLS, nonrobust', 9, () => fitLinearModel(large, NONROBUST));
time('fit 1e5 × 15 OLS, HC3', 7, () => fitLinearModel(small, { covType: 'HC3', useT: false }));
time('fit 1e6 × 15 OLS, HC3', 5, () => fitLinearModel(large, { covType: 'HC3', useT: false }));
const weighted = syntheticProblem(1_000_000, 15, { weighted: true });
time('fit 1e6 × 15 WLS, nonrobust', 7, () => fitLinearModel(weighted, NONROBUST));
const poly = polynomial(1_000_000);
const polyModel = fitLinearModel(poly, NONROBUST);
const { scaledConditionNumber: kappa, refinementIterations: steps, covarianceRefined } = polyModel.numerics;
time(
  `fit 1e6 × 5 raw polynomial (κ ${kappa.toExponential(0)}, ` +
    `${steps} refinement steps${covarianceRefined ? ', cov. refined' : ''})`,
  3,
  () => fitLinearModel(poly, NONROBUST),
);
const wide = syntheticProblem(100_000, 100);
time('fit 1e5 × 100 OLS, nonrobust', 3, () => fitLinearModel(wide, NONROBUST));
time('fit 1e5 × 100 OLS, HC1', 3, () => fitLinearModel(wide, { covType: 'HC1', useT: false }));
time('QR 1e6 × 15, SIMD kernels', 9, () => qrOnly(large, 'simd'));
time('QR 1e6 × 15, JavaScript kernels', 5, () => qrOnly(large, 'js'));
time('QR 1e5 × 15, SIMD kernels', 9, () => qrOnly(small, 'simd'));
const smallMatrix = rowMajor(small);
time('QR 1e5 × 15, ml-matrix QrDecomposition', 3, () => new QrDecomposition(smallMatrix));
const largeMatrix = rowMajor(large);
time('QR 1e6 × 15, ml-matrix QrDecomposition', 3, () => new QrDecomposition(largeMatrix));
