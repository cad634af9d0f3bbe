/**
 * Properties of least squares that must hold for any data (fast-check, bounded runs):
 * orthogonality of residuals, equivariance under column scaling, invariance under row
 * permutation, equal weights = OLS, and aliasing of exact linear combinations.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coefficientInference, fitLinearModel, type LinearModel } from '../../../src/stats/index.js';
import { type DenseProblem, withDesign } from './caseDesign.js';

const OPTIONS = { covType: 'nonrobust', useT: true } as const;
const RUNS = { numRuns: 60, seed: 20240611 };

/**
 * Data values: 0 or magnitudes in [1e-3, 1e3]. (Values like 1e-160, whose squares leave the
 * double range, make sums of squares themselves unrepresentable; they are not data.)
 */
const value = fc.oneof(
  fc.constant(0),
  fc.double({ min: 1e-3, max: 1e3, noNaN: true }).chain((v) => fc.constantFrom(v, -v)),
);

/** Random problems (design held dense): an intercept and 1–4 random columns, 3 to 40 more rows than columns. */
const problems = fc
  .record({ p: fc.integer({ min: 1, max: 4 }), extra: fc.integer({ min: 3, max: 40 }) })
  .chain(({ p, extra }) => {
    const n = p + 1 + extra;
    return fc.record({
      n: fc.constant(n),
      p: fc.constant(p + 1),
      columns: fc.array(fc.array(value, { minLength: n, maxLength: n }), { minLength: p, maxLength: p }),
      y: fc.array(value, { minLength: n, maxLength: n }),
      weights: fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
    });
  })
  .map(({ n, p, columns, y, weights }) => {
    const x = new Float64Array(n * p);
    x.fill(1, 0, n);
    columns.forEach((column, j) => x.set(column, (j + 1) * n));
    return {
      rowCount: n,
      columnCount: p,
      x,
      xLo: null,
      y: Float64Array.from(y),
      yLo: null,
      weights: Float64Array.from(weights),
      columnNames: Array.from({ length: p }, (_, j) => (j === 0 ? 'Intercept' : `x${j}`)),
    } satisfies DenseProblem;
  });

function ols(problem: DenseProblem): DenseProblem {
  return { ...problem, weights: null };
}

/**
 * Fits, or returns null for the (rare) random design that is numerically singular or fits
 * exactly (there standard errors are 0 and t statistics rounding noise).
 */
function fitOrNull(problem: DenseProblem): LinearModel | null {
  const model = fitLinearModel(withDesign(problem), OPTIONS);
  const exact = !(model.ssr > 1e-20 * model.uncenteredTss);
  return model.rank === problem.columnCount && !exact ? model : null;
}

function close(a: number | null, b: number | null, relative: number, scale = 0): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= relative * (Math.abs(b) + scale);
}

describe('least-squares properties', () => {
  it('leaves residuals orthogonal to every column (Xᵀ·W·r ≈ 0)', () => {
    fc.assert(
      fc.property(problems, (problem) => {
        const model = fitOrNull(problem);
        if (model === null) return;
        const { rowCount: n, x, y, weights } = problem;
        const beta = model.coefficients.map((c) => c.estimate as number);
        const r = Float64Array.from(y, (v, i) => v - beta.reduce((s, b, j) => s + b * (x[j * n + i] as number), 0));
        for (let j = 0; j < problem.columnCount; j++) {
          let dot = 0;
          let xNorm = 0;
          let yNorm = 0;
          for (let i = 0; i < n; i++) {
            const w = weights?.[i] ?? 1;
            dot += w * (x[j * n + i] as number) * (r[i] as number);
            xNorm += w * (x[j * n + i] as number) ** 2;
            yNorm += w * (y[i] as number) ** 2;
          }
          expect(Math.abs(dot)).toBeLessThanOrEqual(
            1e-10 * Math.sqrt(xNorm * yNorm) * model.numerics.scaledConditionNumber,
          );
        }
      }),
      RUNS,
    );
  });

  it('is equivariant under column scaling: b/c, se/c, same t, p, R², F', () => {
    fc.assert(
      fc.property(problems, fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (problem, c) => {
        const model = fitOrNull(problem);
        if (model === null) return;
        const n = problem.rowCount;
        const x = Float64Array.from(problem.x);
        for (let i = 0; i < n; i++) x[n + i] = (x[n + i] as number) * c;
        const scaled = fitLinearModel(withDesign({ ...problem, x }), OPTIONS);
        const a = coefficientInference(model);
        const b = coefficientInference(scaled);
        const tol = 1e-11 * model.numerics.scaledConditionNumber;
        expect(close(b[1]?.estimate ?? null, (a[1]?.estimate as number) / c, tol)).toBe(true);
        expect(close(b[1]?.stdError ?? null, (a[1]?.stdError as number) / c, tol)).toBe(true);
        a.forEach((row, j) => expect(close(b[j]?.statistic ?? null, row.statistic, tol, 1)).toBe(true));
        expect(close(scaled.rSquared, model.rSquared, tol, 1)).toBe(true);
        expect(close(scaled.fValue, model.fValue, tol, 1)).toBe(true);
        expect(close(scaled.logLikelihood, model.logLikelihood, tol, n)).toBe(true);
      }),
      RUNS,
    );
  });

  it('does not depend on the order of the rows (except Durbin–Watson)', () => {
    fc.assert(
      fc.property(problems, fc.integer({ min: 1, max: 1_000_000 }), (problem, seed) => {
        const model = fitOrNull(problem);
        if (model === null) return;
        const n = problem.rowCount;
        const order = Array.from({ length: n }, (_, i) => i);
        let s = seed;
        for (let i = n - 1; i > 0; i--) {
          s = (s * 16807) % 2147483647;
          const k = s % (i + 1);
          [order[i], order[k]] = [order[k] as number, order[i] as number];
        }
        const permute = (a: Float64Array, columns: number) => {
          const out = new Float64Array(a.length);
          for (let j = 0; j < columns; j++)
            for (let i = 0; i < n; i++) out[j * n + i] = a[j * n + (order[i] as number)] as number;
          return out;
        };
        const shuffled = fitLinearModel(
          withDesign({
            ...problem,
            x: permute(problem.x, problem.columnCount),
            y: permute(problem.y, 1),
            weights: permute(problem.weights as Float64Array, 1),
          }),
          OPTIONS,
        );
        const tol = 1e-11 * model.numerics.scaledConditionNumber;
        const scale = Math.max(...model.coefficients.map((c) => Math.abs(c.estimate as number)));
        model.coefficients.forEach((c, j) => {
          expect(close(shuffled.coefficients[j]?.estimate ?? null, c.estimate, tol, scale)).toBe(true);
          expect(close(shuffled.coefficients[j]?.stdError ?? null, c.stdError, tol)).toBe(true);
        });
        expect(close(shuffled.ssr, model.ssr, tol, model.centeredTss)).toBe(true);
        expect(close(shuffled.diagnostics.skew, model.diagnostics.skew, 1e-8, 1)).toBe(true);
        expect(close(shuffled.diagnostics.jarqueBera, model.diagnostics.jarqueBera, 1e-8, 1)).toBe(true);
      }),
      RUNS,
    );
  });

  it('gives OLS when all weights are equal, log-likelihood included', () => {
    fc.assert(
      fc.property(problems, fc.double({ min: 0.01, max: 100, noNaN: true }), (problem, w) => {
        const model = fitOrNull(ols(problem));
        if (model === null) return;
        const weighted = fitLinearModel(
          withDesign({ ...problem, weights: new Float64Array(problem.rowCount).fill(w) }),
          OPTIONS,
        );
        const tol = 1e-11 * model.numerics.scaledConditionNumber;
        const scale = Math.max(...model.coefficients.map((c) => Math.abs(c.estimate as number)));
        model.coefficients.forEach((c, j) => {
          expect(close(weighted.coefficients[j]?.estimate ?? null, c.estimate, tol, scale)).toBe(true);
          expect(close(weighted.coefficients[j]?.stdError ?? null, c.stdError, tol)).toBe(true);
        });
        expect(close(weighted.rSquared, model.rSquared, tol, 1)).toBe(true);
        expect(close(weighted.logLikelihood, model.logLikelihood, tol, problem.rowCount)).toBe(true);
      }),
      RUNS,
    );
  });

  it('declares an exact linear combination of earlier columns aliased and leaves the rest unchanged', () => {
    fc.assert(
      fc.property(problems, fc.integer({ min: -5, max: 5 }), (problem, multiplier) => {
        const model = fitOrNull(ols(problem));
        if (model === null) return;
        const { rowCount: n, columnCount: p } = problem;
        const x = new Float64Array(n * (p + 1));
        x.set(problem.x);
        for (let i = 0; i < n; i++) {
          // an intercept shift plus a multiple of the last column: exact in double
          x[p * n + i] = 2 + multiplier * (problem.x[(p - 1) * n + i] as number);
        }
        const extended = fitLinearModel(
          withDesign({ ...ols(problem), columnCount: p + 1, x, columnNames: [...problem.columnNames, 'combo'] }),
          OPTIONS,
        );
        expect(extended.rank).toBe(p);
        expect(extended.coefficients[p]?.aliased).toBe(true);
        const scale = Math.max(...model.coefficients.map((c) => Math.abs(c.estimate as number)));
        model.coefficients.forEach((c, j) => {
          expect(close(extended.coefficients[j]?.estimate ?? null, c.estimate, 1e-12, scale)).toBe(true);
        });
      }),
      RUNS,
    );
  });
});
