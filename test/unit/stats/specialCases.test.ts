/**
 * Rank deficiency (R's lm as the reference), a badly conditioned polynomial (an exact
 * mpmath least-squares solution as the reference), and the errors the fit raises.
 */
import { describe, expect, it } from 'vitest';
import {
  coefficientInference,
  denseDesignRows,
  fitLinearModel,
  InvalidWeightError,
  NonFiniteInputError,
  NotEnoughRowsError,
  predictWithIntervals,
  StatsError,
  type LeastSquaresProblem,
} from '../../../src/stats/index.js';
import {
  buildDesign,
  caseDenseProblem,
  caseProblem,
  type DenseProblem,
  predictionRows,
  readCase,
  withDesign,
} from './caseDesign.js';
import { readFixture } from './referenceData.js';
import { expectClose } from './tolerance.js';

const OPTIONS = { covType: 'nonrobust', useT: true } as const;

describe('rank-deficient designs', () => {
  const c = readCase('rank_deficient');
  const model = fitLinearModel(caseProblem(c), OPTIONS);
  const reference = c.r_lm?.coefficients ?? {};

  it("declares w = x + z aliased and keeps R's lm estimates for the rest", () => {
    const rows = coefficientInference(model);
    expect(rows.map((r) => [r.name, r.aliased])).toEqual([
      ['Intercept', false],
      ['x', false],
      ['z', false],
      ['w', true],
    ]);
    for (const row of rows) {
      const expected = reference[row.name];
      if (expected === null || expected === undefined) {
        expect(row.estimate).toBeNull();
        expect(row.stdError).toBeNull();
        expect(row.pValue).toBeNull();
        expect(row.confInt).toBeNull();
      } else {
        // R 4.2.2's lm on the same data (test/fixtures/cases/rank_deficient.json r_lm)
        expectClose(row.estimate, expected, 5, `${row.name}`, 1e-12);
      }
    }
  });

  it('reports rank and degrees of freedom of the retained columns', () => {
    expect(model.rank).toBe(3);
    expect(model.dfModel).toBe(2);
    expect(model.dfResid).toBe(c.expected.nobs - 3);
    expect(model.covariance).toHaveLength(9);
  });

  it("does not give statsmodels' minimum-norm answer", () => {
    const pinv = (c.expected as unknown as { statsmodels_pinv_params: Record<string, number> }).statsmodels_pinv_params;
    expect(Math.abs((model.coefficients[1]?.estimate as number) - (pinv.x as number))).toBeGreaterThan(0.1);
  });

  it('predicts from full design rows, ignoring the aliased column, or from retained columns only', () => {
    const rows = [
      { x: 1, z: 2, w: 3 },
      { x: -1, z: 0.5, w: -0.5 },
    ];
    const full = predictionRows(['Intercept', 'x', 'z', 'w'], rows);
    const kept = predictionRows(['Intercept', 'x', 'z'], rows);
    const a = predictWithIntervals(model, full, 2, { interval: 'prediction', level: 0.9 });
    const b = predictWithIntervals(model, kept, 2, { interval: 'prediction', level: 0.9 });
    expect(a).toEqual(b);
  });
});

interface ExactPoly {
  readonly params: number[];
  readonly bse: number[];
  readonly ssr: number;
  readonly ess: number;
  readonly rsquared: number;
  readonly rsquared_adj: number;
  readonly fvalue: number;
  readonly llf: number;
  readonly aic: number;
  readonly bic: number;
  readonly mse_resid: number;
  readonly condition_number: number;
  readonly skew: number;
  readonly kurtosis: number;
  readonly jarque_bera: number;
  readonly durbin_watson: number;
  readonly predict: { mean: number; mean_se: number }[];
}

describe('ill-conditioned polynomial (cubic in x near 1000)', () => {
  const c = readCase('ill_conditioned_poly');
  const model = fitLinearModel(caseProblem(c), OPTIONS);
  const exact = readFixture<{ cases: Record<string, { exact: ExactPoly }> }>('stats/case-supplement.json').cases
    .ill_conditioned_poly?.exact as ExactPoly;

  it('fits all four columns and matches the exact least-squares solution to 1e-9', () => {
    // Reference: mpmath at 60 digits on the same doubles (scripts/accuracy/make_case_supplement.py).
    expect(model.rank).toBe(4);
    model.coefficients.forEach((coef, j) => {
      expectClose(coef.estimate, exact.params[j], 0, `coef ${j}`);
      expectClose(coef.stdError, exact.bse[j], 0, `se ${j}`);
    });
    expectClose(model.ssr, exact.ssr, 0, 'SSR');
    expectClose(model.ess, exact.ess, 0, 'ESS');
    expectClose(model.rSquared, exact.rsquared, 0, 'R²');
    expectClose(model.adjRSquared, exact.rsquared_adj, 0, 'adj R²');
    expectClose(model.fValue, exact.fvalue, 0, 'F');
    expectClose(model.logLikelihood, exact.llf, 0, 'llf');
    expectClose(model.aic, exact.aic, 0, 'AIC');
    expectClose(model.bic, exact.bic, 0, 'BIC');
    expectClose(model.scale, exact.mse_resid, 0, 'scale');
    // σ_min of a design this ill-conditioned (κ of the column-scaled design 4e8) moves by
    // κ·ε ≈ 4e-8 relative under the rounding any double-precision factorization commits.
    expectClose(model.conditionNumber, exact.condition_number, 0, 'condition number', 1e-7);
    expectClose(model.diagnostics.skew, exact.skew, 0, 'skew');
    expectClose(model.diagnostics.kurtosis, exact.kurtosis, 0, 'kurtosis');
    expectClose(model.diagnostics.jarqueBera, exact.jarque_bera, 0, 'JB');
    expectClose(model.diagnostics.durbinWatson, exact.durbin_watson, 0, 'DW');
    const x = predictionRows(c.expected.columns, c.expected.predict.data);
    predictWithIntervals(model, x, 2, { interval: 'confidence', level: 0.95 }).forEach((row, i) => {
      expectClose(row.fit, exact.predict[i]?.mean, 0, `predicted mean ${i}`);
      expectClose(row.stdErrorMean, exact.predict[i]?.mean_se, 0, `predicted se ${i}`);
    });
  });

  it("beats statsmodels' pseudo-inverse answer, which is not a least-squares solution here", () => {
    // statsmodels truncates a singular value and reports rank 3 with SSR 2.57; the minimum is 0.109.
    expect(c.expected.ssr / model.ssr).toBeGreaterThan(20);
  });
});

describe('robust covariances of an ill-conditioned weighted design', () => {
  // Reference: mpmath at 50 digits (scripts/accuracy/make_robust_exact.py); κ(√W·X) = 1.2e8.
  interface RobustExact {
    readonly n: number;
    readonly p: number;
    readonly x: number[];
    readonly y: number[];
    readonly weights: number[];
    readonly types: Record<
      'HC0' | 'HC1' | 'HC2' | 'HC3',
      { bse: number[]; fvalue: number; statsmodels_bse: number[]; statsmodels_fvalue: number }
    >;
  }
  const exact = readFixture<RobustExact>('stats/robust-exact.json');
  const problem: LeastSquaresProblem = withDesign({
    rowCount: exact.n,
    columnCount: exact.p,
    x: Float64Array.from(exact.x),
    xLo: null,
    y: Float64Array.from(exact.y),
    yLo: null,
    weights: Float64Array.from(exact.weights),
    columnNames: ['Intercept', 'a', 'b', 'c', 'd', 'e'],
  });

  for (const type of ['HC0', 'HC1', 'HC2', 'HC3'] as const) {
    it(`gets ${type} standard errors and Wald F to 1e-9 (statsmodels: up to 7e-7 off)`, () => {
      const model = fitLinearModel(problem, { covType: type, useT: false });
      const reference = exact.types[type];
      model.coefficients.forEach((c, j) => expectClose(c.stdError, reference.bse[j], 0, `${type} se ${j}`));
      expectClose(model.fValue, reference.fvalue, 0, `${type} F`);
    });
  }
});

describe('predictions', () => {
  it(
    'uses scale / weight as the observation variance ' +
      'of weighted new rows ' +
      '(statsmodels get_prediction(weights=…))',
    () => {
      const c = readCase('wls');
      const model = fitLinearModel(caseProblem(c), OPTIONS);
      const supplement = readFixture<{
        cases: Record<
          string,
          {
            weighted_prediction: { weights: number[]; obs_ci_lower: number[]; obs_ci_upper: number[] };
            quantiles: { t95: number };
          }
        >;
      }>('stats/case-supplement.json').cases.wls;
      const reference = supplement?.weighted_prediction;
      const rows = c.expected.predict.data;
      const x = predictionRows(c.expected.columns, rows);
      const out = predictWithIntervals(model, x, rows.length, {
        interval: 'prediction',
        level: 0.95,
        weights: Float64Array.from(reference?.weights ?? []),
      });
      out.forEach((row, i) => {
        // statsmodels' endpoints with scipy's t.ppf (≤ 5e-9 relative error in the quantile)
        const spread = (reference?.obs_ci_upper[i] as number) - (reference?.obs_ci_lower[i] as number);
        expect(Math.abs((row.lower as number) - (reference?.obs_ci_lower[i] as number))).toBeLessThan(
          1e-9 * spread + 1e-12,
        );
        expect(Math.abs((row.upper as number) - (reference?.obs_ci_upper[i] as number))).toBeLessThan(
          1e-9 * spread + 1e-12,
        );
      });
    },
  );

  it('evaluates robust mean variances through the factor, consistent with the covariance matrix', () => {
    const c = readCase('multi_numeric');
    const rows = c.expected.predict.data;
    const { x } = buildDesign(c.expected.columns, rows);
    for (const covType of ['nonrobust', 'HC1', 'HC3'] as const) {
      const model = fitLinearModel(caseProblem(c), { covType, useT: covType === 'nonrobust' });
      const k = model.rank;
      predictWithIntervals(model, denseDesignRows(x, null, rows.length, c.expected.columns.length), rows.length, {
        interval: 'none',
        level: 0.95,
      }).forEach((row, i) => {
        let v = 0;
        for (let a = 0; a < k; a++)
          for (let b = 0; b < k; b++)
            v +=
              (x[a * rows.length + i] as number) *
              (model.covariance[a * k + b] as number) *
              (x[b * rows.length + i] as number);
        expectClose(row.stdErrorMean, Math.sqrt(v), 0, `${covType} row ${i}`, 1e-12);
        expect(row.lower).toBeNull();
      });
    }
  });

  it('uses normal quantiles for a robust model without useT, as statsmodels does', () => {
    const c = readCase('simple_numeric');
    const model = fitLinearModel(caseProblem(c), { covType: 'HC0', useT: false });
    const x = predictionRows(c.expected.columns, c.expected.predict.data);
    const [row] = predictWithIntervals(model, x, 3, { interval: 'confidence', level: 0.95 });
    // z(0.975) = 1.959963984540054 (mpmath)
    expectClose(
      ((row?.upper as number) - (row?.fit as number)) / (row?.stdErrorMean as number),
      1.959963984540054,
      0,
      'quantile',
      1e-13,
    );
  });
});

/** A small problem; `x` (and `xLo`) override the dense design, wrapped once the shape is known. */
function tiny(overrides: Partial<DenseProblem>): LeastSquaresProblem {
  return withDesign({
    rowCount: 3,
    columnCount: 2,
    x: Float64Array.from([1, 1, 1, 1, 2, 3]),
    xLo: null,
    y: Float64Array.from([1, 2, 2]),
    yLo: null,
    weights: null,
    columnNames: ['Intercept', 'x'],
    ...overrides,
  });
}

describe('errors', () => {
  it('fits a model with one residual degree of freedom', () => {
    expect(fitLinearModel(tiny({}), OPTIONS).dfResid).toBe(1);
  });

  it('refuses a model with no residual degrees of freedom and says how many rows it needs', () => {
    const problem = tiny({ rowCount: 2, x: Float64Array.from([1, 1, 1, 2]), y: Float64Array.from([1, 2]) });
    expect(() => fitLinearModel(problem, OPTIONS)).toThrow(NotEnoughRowsError);
    expect(() => fitLinearModel(problem, OPTIONS)).toThrow(/at least 3 rows/);
    try {
      fitLinearModel(problem, OPTIONS);
    } catch (error) {
      expect(error).toBeInstanceOf(StatsError);
      expect((error as StatsError).reason).toBe('NOT_ENOUGH_ROWS');
      expect((error as StatsError).name).toBe('NotEnoughRowsError');
    }
  });

  it('counts rank, not columns, when deciding whether there are enough rows', () => {
    // Three rows, three columns, one of them a copy: rank 2 leaves one residual df.
    const problem = tiny({
      columnCount: 3,
      x: Float64Array.from([1, 1, 1, 1, 2, 3, 1, 2, 3]),
      columnNames: ['a', 'b', 'c'],
    });
    const model = fitLinearModel(problem, OPTIONS);
    expect(model.rank).toBe(2);
    expect(model.coefficients[2]?.aliased).toBe(true);
  });

  it('rejects NaN and infinite inputs, naming the variable and the row counted from 1', () => {
    const nan = tiny({ y: Float64Array.from([1, NaN, 2]) });
    expect(() => fitLinearModel(nan, OPTIONS)).toThrow(NonFiniteInputError);
    expect(() => fitLinearModel(nan, OPTIONS)).toThrow('y is NaN in row 2; every value must be a finite number');
    // Column-major: the second column's second row.
    const infinite = tiny({ x: Float64Array.from([1, 1, 1, 1, Infinity, 3]) });
    expect(() => fitLinearModel(infinite, OPTIONS)).toThrow(
      'x is Infinity in row 2; every value must be a finite number',
    );
    try {
      fitLinearModel(infinite, OPTIONS);
    } catch (error) {
      expect(error).toMatchObject({ variable: 'x', row: 1 }); // the property stays an index
    }
  });

  it('fits designs whose magnitudes would overflow or underflow sums of squares', () => {
    // x scaled by 1e±200 (its squares leave the double range) and y by 1e±100 (SSR stays representable).
    const base = caseDenseProblem(readCase('multi_numeric'));
    const reference = coefficientInference(fitLinearModel(withDesign(base), OPTIONS));
    for (const [xFactor, yFactor] of [
      [1e200, 1e100],
      [1e-200, 1e-100],
    ] as const) {
      const n = base.rowCount;
      const x = Float64Array.from(base.x);
      for (let i = n; i < 2 * n; i++) x[i] = (x[i] as number) * xFactor; // the column x
      const model = fitLinearModel(withDesign({ ...base, x, y: base.y.map((v) => v * yFactor) }), OPTIONS);
      coefficientInference(model).forEach((row, j) => {
        const expected = reference[j] as (typeof reference)[number];
        const unit = j === 1 ? yFactor / xFactor : yFactor;
        expectClose(row.estimate, (expected.estimate as number) * unit, 0, `${row.name} estimate`, 1e-12);
        expectClose(row.stdError, (expected.stdError as number) * unit, 0, `${row.name} std err`, 1e-12);
        expectClose(row.statistic, expected.statistic, 0, `${row.name} t`, 1e-12);
      });
    }
  });

  it('rejects non-positive weights, naming the row counted from 1', () => {
    const problem = tiny({ weights: Float64Array.from([1, 0, 2]) });
    expect(() => fitLinearModel(problem, OPTIONS)).toThrow(InvalidWeightError);
    expect(() => fitLinearModel(problem, OPTIONS)).toThrow('weight 0 in row 2 is not positive');
  });

  it('rejects mismatched shapes with RangeError and wrong types with TypeError', () => {
    expect(() => fitLinearModel(tiny({ y: Float64Array.from([1, 2]) }), OPTIONS)).toThrow(RangeError);
    expect(() => fitLinearModel(tiny({ x: [1, 1, 1, 1, 2, 3] as unknown as Float64Array }), OPTIONS)).toThrow(
      TypeError,
    );
    expect(() => fitLinearModel(tiny({}), { covType: 'HC9' as 'HC0', useT: true })).toThrow(RangeError);
    expect(() => coefficientInference(fitLinearModel(tiny({}), OPTIONS), 1.5)).toThrow(RangeError);
  });
});
