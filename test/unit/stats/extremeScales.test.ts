/**
 * Every representable design gets the exact rescaling of the unscaled answer: a column (or the
 * response) multiplied by 2^k, for k across the whole double range, gives coefficients and
 * standard errors multiplied by exactly 2^-k (or 2^k) and the same t, p, intervals and F, under
 * every covariance type, OLS and WLS. (Before, a column near 1e-160 lost its standard error to
 * an overflowing variance, and one near 1e+160 its digits to a subnormal one.) And an
 * essentially perfect fit is recognised by its residuals' size relative to the fitted values,
 * whether they come out as 0 or as rounding noise, with no test statistics reported.
 */
import { describe, expect, it } from 'vitest';
import {
  coefficientInference,
  denseDesignRows,
  fitLinearModel,
  type CovarianceType,
  type LeastSquaresProblem,
  type LinearModel,
} from '../../../src/stats/index.js';

const N = 40;
const X = Array.from({ length: N }, (_, i) => 1 + i * 0.37 + Math.sin(i));
const Y = X.map((x, i) => 2 + 0.5 * x + Math.cos(i * 3));
const W = X.map((_, i) => 0.5 + ((i * 7) % 5) / 2);

function problem(columnScale: number, responseScale: number, weighted: boolean): LeastSquaresProblem {
  const x = new Float64Array(2 * N);
  x.fill(1, 0, N);
  X.forEach((v, i) => (x[N + i] = v * columnScale));
  return {
    rowCount: N,
    columnCount: 2,
    design: denseDesignRows(x, null, N, 2),
    y: Float64Array.from(Y, (v) => v * responseScale),
    yLo: null,
    weights: weighted ? Float64Array.from(W) : null,
    columnNames: ['Intercept', 'xs'],
  };
}

function close(actual: number | null, expected: number | null, label: string): void {
  expect(actual === null, `${label}: ${actual} vs ${expected}`).toBe(expected === null);
  if (actual === null || expected === null) return;
  expect(Math.abs(actual - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    1e-13 * Math.abs(expected),
  );
}

const COVARIANCES: CovarianceType[] = ['nonrobust', 'HC0', 'HC1', 'HC2', 'HC3'];

describe('designs scaled by powers of two across the double range', () => {
  for (const covType of COVARIANCES) {
    for (const weighted of [false, true]) {
      it(
        `${covType}${weighted ? ', WLS' : ''}: a column × 2^k ` + 'for k = -1000…1000 rescales the answer exactly',
        () => {
          const options = { covType, useT: covType === 'nonrobust' };
          const reference = fitLinearModel(problem(1, 1, weighted), options);
          const expected = coefficientInference(reference);
          for (let k = -1000; k <= 1000; k += 50) {
            const scale = 2 ** k;
            const model = fitLinearModel(problem(scale, 1, weighted), options);
            const rows = coefficientInference(model);
            const label = `k = ${k}`;
            close(rows[0]!.estimate, expected[0]!.estimate, `${label} intercept`);
            close(rows[0]!.stdError, expected[0]!.stdError, `${label} intercept s.e.`);
            // 2^-k itself may not be a double (k = 1000 → 2^-1000 is, 2^-1074 is the limit): compare scaled.
            close(rows[1]!.estimate! * scale, expected[1]!.estimate, `${label} slope`);
            close(rows[1]!.stdError! * scale, expected[1]!.stdError, `${label} slope s.e.`);
            for (const [j, row] of rows.entries()) {
              close(row.statistic, expected[j]!.statistic, `${label} t of ${row.name}`);
              close(row.pValue, expected[j]!.pValue, `${label} p of ${row.name}`);
            }
            close(model.fValue, reference.fValue, `${label} F`);
            close(model.fPValue, reference.fPValue, `${label} F's p`);
            close(model.rSquared, reference.rSquared, `${label} R²`);
          }
        },
      );
    }
  }

  it('a response × 2^k rescales coefficients, standard errors and sums of squares by 2^k, 2^2k', () => {
    const options = { covType: 'HC3' as const, useT: false };
    const reference = fitLinearModel(problem(1, 1, false), options);
    for (const k of [-500, -300, -100, 100, 300, 500]) {
      const model = fitLinearModel(problem(1, 2 ** k, false), options);
      model.coefficients.forEach((c, j) => {
        close(c.estimate! / 2 ** k, reference.coefficients[j]!.estimate, `k = ${k}, ${c.name}`);
        close(c.stdError! / 2 ** k, reference.coefficients[j]!.stdError, `k = ${k}, ${c.name} s.e.`);
      });
      close(model.ssr / 2 ** (2 * k), reference.ssr, `k = ${k}, SSR`);
    }
  });
});

describe('a design that must be refined, with a column beyond 2^996', () => {
  // A raw cubic around t = 1000 (κ ≈ 2e9: the fit refines its solution and covariance in double-double).
  const T = Array.from({ length: 60 }, (_, i) => 1000 + i * 0.1 + 0.01 * Math.sin(i));
  function cubic(scale: number, weighted: boolean): LinearModel {
    const n = T.length;
    const x = new Float64Array(4 * n);
    x.fill(1, 0, n);
    T.forEach((t, i) => {
      x[n + i] = t;
      x[2 * n + i] = t * t;
      x[3 * n + i] = t * t * t * scale;
    });
    const y = Float64Array.from(T, (t, i) => 1 + t + 1e-3 * t * t + 1e-6 * t ** 3 + Math.cos(i));
    const weights = weighted ? Float64Array.from(T, (_, i) => 1 + (i % 3)) : null;
    const design = denseDesignRows(x, null, n, 4);
    const columnNames = ['1', 't', 't2', 't3'];
    return fitLinearModel(
      { rowCount: n, columnCount: 4, design, y, yLo: null, weights, columnNames },
      { covType: 'nonrobust', useT: true },
    );
  }

  for (const weighted of [false, true]) {
    it(`${weighted ? 'WLS' : 'OLS'}: the refinement's products do not overflow (the coefficients were NaN)`, () => {
      const reference = cubic(1, weighted);
      expect(reference.numerics.refinementIterations).toBeGreaterThan(0);
      // t³ · 2^975 ≈ 2^1005: Dekker's split of it overflows unless the operand is scaled first.
      const scale = 2 ** 975;
      const model = cubic(scale, weighted);
      expect(model.numerics.refinementIterations).toBeLessThan(30);
      model.coefficients.forEach((c, j) => {
        const rescale = j === 3 ? scale : 1;
        close(c.estimate! * rescale, reference.coefficients[j]!.estimate, `${c.name}`);
        // The covariance is not refined at this scale (its Gram matrix would overflow), so the
        // standard errors carry the double-precision covariance's error, about κ·ε.
        const want = reference.coefficients[j]!.stdError!;
        expect(Math.abs(c.stdError! * rescale - want), `${c.name} s.e.`).toBeLessThan(1e-7 * want);
      });
    });
  }
});

describe('essentially perfect fits', () => {
  function fit(y: number[], x: number[]): LinearModel {
    const design = new Float64Array(2 * y.length);
    design.fill(1, 0, y.length);
    design.set(x, y.length);
    return fitLinearModel(
      {
        rowCount: y.length,
        columnCount: 2,
        design: denseDesignRows(design, null, y.length, 2),
        y: Float64Array.from(y),
        yLo: null,
        weights: null,
        columnNames: ['Intercept', 'x'],
      },
      { covType: 'nonrobust', useT: true },
    );
  }

  it(
    'y = 1 + 2x (residuals exactly 0) and x ~ x (residuals of rounding noise) ' + 'are both perfect, with no t, p or F',
    () => {
      const integers = Array.from({ length: 20 }, (_, i) => i);
      for (const model of [
        fit(
          integers.map((i) => 1 + 2 * i),
          integers,
        ),
        fit(X, X),
      ]) {
        expect(model.perfectFit).toBe(true);
        expect(model.fValue).toBeNull();
        expect(model.fPValue).toBeNull();
        for (const row of coefficientInference(model)) {
          expect(row.statistic).toBeNull();
          expect(row.pValue).toBeNull();
          expect(row.estimate).not.toBeNull();
        }
        expect(model.rSquared).toBe(1);
      }
    },
  );

  it('a fit with residuals of 1e-12 of the response is an ordinary fit, with its tests', () => {
    const model = fit(
      X.map((x, i) => 1 + 2 * x + 1e-12 * Math.cos(i)),
      X,
    );
    expect(model.perfectFit).toBe(false);
    const rows = coefficientInference(model);
    expect(rows.every((row) => row.statistic !== null && row.pValue !== null)).toBe(true);
    expect(model.fValue).toBeGreaterThan(1e20);
  });
});
