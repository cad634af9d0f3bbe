/**
 * Every design width the fit's block sizes distinguish, on enough rows to span several blocks:
 * the fit reads the design in row blocks whose size depends on the number of columns
 * (qr.ts blockRowsFor, the residual pass's own blocks), and a block-size mistake shows only
 * when n exceeds a block and p sits at a boundary. Reference: the tests' own column-by-column
 * Householder solver (test/unit/formula/helpers/leastSquares.ts), independent of the fit's code.
 */
import { describe, expect, it } from 'vitest';
import { fitLinearModel } from '../../../src/stats/index.js';
import { leastSquares } from '../formula/helpers/leastSquares.js';
import { type DenseProblem, withDesign } from './caseDesign.js';
import { expectClose } from './tolerance.js';

/** A deterministic, well-conditioned design: an intercept (or not) and smooth pseudo-random columns. */
function problem(n: number, p: number, intercept: boolean, weighted: boolean): DenseProblem {
  const x = new Float64Array(n * p);
  let state = 7 + p;
  const next = (): number => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647 - 0.5;
  };
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) x[j * n + i] = intercept && j === 0 ? 1 : next() * (1 + j);
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = next();
    for (let j = 0; j < p; j++) v += (x[j * n + i] as number) * ((j % 5) - 2);
    y[i] = v;
  }
  const weights = weighted ? Float64Array.from({ length: n }, (_, i) => 0.5 + ((i * 7919) % 13) / 4) : null;
  return {
    rowCount: n,
    columnCount: p,
    x,
    xLo: null,
    y,
    yLo: null,
    weights,
    columnNames: Array.from({ length: p }, (_, j) => `c${j}`),
  };
}

describe('designs of every width up to 70 columns over several row blocks', () => {
  // 1,543 rows: three blocks of 512 and a partial one for narrow designs, many for wide ones.
  const n = 1543;
  for (const [intercept, weighted] of [
    [true, false],
    [false, false],
    [true, true],
  ] as const) {
    it(
      'match an independent Householder solver ' +
        `(${intercept ? 'intercept' : 'no intercept'}, ${weighted ? 'WLS' : 'OLS'})`,
      () => {
        for (let p = 1; p <= 70; p++) {
          const fitted = problem(n, p, intercept, weighted);
          const model = fitLinearModel(withDesign(fitted), { covType: 'HC1', useT: false });
          const reference = leastSquares(fitted.x, n, p, fitted.y, fitted.weights, 1e-10);
          model.coefficients.forEach((coefficient, j) => {
            expectClose(coefficient.estimate, reference[j], 10, `p = ${p}, ${coefficient.name}`);
          });
          expect(Number.isFinite(model.ssr), `p = ${p}: SSR ${model.ssr}`).toBe(true);
          expect(
            model.coefficients.every((c) => c.stdError !== null && Number.isFinite(c.stdError)),
            `p = ${p}`,
          ).toBe(true);
        }
      },
    );
  }
});
