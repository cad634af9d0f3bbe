/**
 * The stats module against statsmodels 0.13.5 on the reference cases whose designs can be
 * built by hand (numeric columns, products, powers, treatment dummies): every number the
 * case records, within 1e-9 relative (tolerance.ts). References: test/fixtures/cases (see
 * PROVENANCE.md) and test/fixtures/stats/case-supplement.json (exact quantiles and
 * statsmodels' normal-distribution robust p-values; see the script that made it).
 */
import { describe, expect, it } from 'vitest';
import {
  coefficientInference,
  fitLinearModel,
  type LinearModel,
  predictWithIntervals,
} from '../../../src/stats/index.js';
import { caseProblem, predictionRows, type ReferenceCase, readCase } from './caseDesign.js';
import { readFixture } from './referenceData.js';
import { expectClose } from './tolerance.js';

interface Supplement {
  readonly cases: Readonly<
    Record<
      string,
      {
        readonly robust_normal_pvalues: Readonly<Record<string, Readonly<Record<string, number>>>>;
        readonly quantiles: { readonly t95: number; readonly t90: number; readonly z95: number; readonly z90: number };
      }
    >
  >;
}

const supplement = readFixture<Supplement>('stats/case-supplement.json');

const CASES = [
  'simple_numeric',
  'multi_numeric',
  'no_intercept_numeric',
  'intercept_only',
  'num_by_num',
  'I_power',
  'wls',
  'seed_ab_test',
  'string_categorical',
  // Also buildable from patsy's column names: dummies, products, implicit constants, missing rows.
  'boolean_factor',
  'cat_by_cat',
  'cat_by_num',
  'cat_slope_only',
  'categorical_and_numeric',
  'duplicate_terms',
  'interaction_only_cats',
  'large_mixed_2000',
  'main_plus_interaction_only',
  'missing_rows',
  'nested',
  'no_intercept_factor',
  'no_intercept_factor_interaction',
  'numeric_plus_cat_slope',
  'power_of_sum',
  'term_removal',
  'three_way',
  'wls_interaction',
] as const;

const HC_TYPES = ['HC0', 'HC1', 'HC2', 'HC3'] as const;

function maxAbs(values: Iterable<number>): number {
  let m = 0;
  for (const v of values) m = Math.max(m, Math.abs(v));
  return m;
}

function checkCoefficients(model: LinearModel, c: ReferenceCase): void {
  const e = c.expected;
  const q = supplement.cases[c.name]?.quantiles;
  expect(q).toBeDefined();
  const paramScale = maxAbs(Object.values(e.params));
  const bseScale = maxAbs(Object.values(e.bse));
  for (const [level, key, quantile] of [
    [0.95, 'conf_int', q?.t95],
    [0.9, 'conf_int_90', q?.t90],
  ] as const) {
    const rows = coefficientInference(model, level);
    expect(rows.map((r) => r.name)).toEqual(e.columns);
    for (const row of rows) {
      const name = row.name;
      expectClose(row.estimate, e.params[name], paramScale, `${name} coef`);
      expectClose(row.stdError, e.bse[name], bseScale, `${name} std err`);
      expectClose(row.statistic, e.tvalues[name], maxAbs(Object.values(e.tvalues)), `${name} t`);
      expectClose(row.pValue, e.pvalues[name], 1, `${name} p`);
      // statsmodels' endpoints carry scipy's t.ppf error (up to 4e-9); rebuild them from its
      // estimate and standard error with the exact quantile.
      const ci = row.confInt as readonly [number, number];
      const width = (quantile as number) * (e.bse[name] as number);
      const scale = paramScale + width;
      expectClose(ci[0], (e.params[name] as number) - width, scale, `${name} ${key} lower`);
      expectClose(ci[1], (e.params[name] as number) + width, scale, `${name} ${key} upper`);
      // And against statsmodels' own endpoints, allowing scipy's quantile error (≤ 5e-9·q).
      const recorded = e[key][name] as [number, number];
      for (const side of [0, 1] as const) {
        const diff = Math.abs((ci[side] as number) - recorded[side]);
        expect(diff, `${name} ${key} vs statsmodels`).toBeLessThanOrEqual(
          1e-9 * Math.abs(recorded[side]) + 5e-9 * width,
        );
      }
    }
  }
}

function checkModel(model: LinearModel, c: ReferenceCase): void {
  const e = c.expected;
  expect(model.nobs).toBe(e.nobs);
  expect(model.rank).toBe(e.rank);
  expect(model.dfModel).toBe(e.df_model);
  expect(model.dfResid).toBe(e.df_resid);
  const tss = Math.max(e.centered_tss, model.uncenteredTss);
  expectClose(model.rSquared, e.rsquared, 1, 'R²');
  expectClose(model.adjRSquared, e.rsquared_adj, 1, 'adj. R²');
  expectClose(model.fValue, e.fvalue, Math.abs(e.fvalue ?? 1), 'F');
  expectClose(model.fPValue, e.f_pvalue, 1, 'Prob (F)');
  const likelihoodScale = Math.abs(e.llf) + e.nobs;
  expectClose(model.logLikelihood, e.llf, likelihoodScale, 'log-likelihood');
  expectClose(model.aic, e.aic, likelihoodScale, 'AIC');
  expectClose(model.bic, e.bic, likelihoodScale, 'BIC');
  expectClose(model.ssr, e.ssr, tss, 'SSR');
  expectClose(model.ess, e.ess, tss, 'ESS');
  expectClose(model.centeredTss, e.centered_tss, tss, 'centered TSS');
  expectClose(model.scale, e.mse_resid, e.mse_resid, 'MSE resid');
  expectClose(model.conditionNumber, e.condition_number, e.condition_number ?? 1, 'condition number');
  const d = model.diagnostics;
  const ours: Record<string, number | null> = {
    omnibus: d.omnibus,
    omnibus_p: d.omnibusPValue,
    durbin_watson: d.durbinWatson,
    jarque_bera: d.jarqueBera,
    jarque_bera_p: d.jarqueBeraPValue,
    skew: d.skew,
    kurtosis: d.kurtosis,
  };
  for (const [key, expected] of Object.entries(e.diagnostics)) {
    expectClose(ours[key], expected, 1 + Math.abs(expected ?? 0), key);
  }
}

function checkPredictions(model: LinearModel, c: ReferenceCase): void {
  const e = c.expected.predict;
  const rows = e.data.length;
  const x = predictionRows(c.expected.columns, e.data);
  const t95 = supplement.cases[c.name]?.quantiles.t95 as number;
  const confidence = predictWithIntervals(model, x, rows, { interval: 'confidence', level: 0.95 });
  const prediction = predictWithIntervals(model, x, rows, { interval: 'prediction', level: 0.95 });
  const meanScale = maxAbs(e.mean);
  for (let i = 0; i < rows; i++) {
    const mean = e.mean[i] as number;
    const se = e.mean_se[i] as number;
    const obsSe = Math.sqrt(se * se + c.expected.mse_resid);
    const scale = meanScale + t95 * obsSe;
    expectClose(confidence[i]?.fit, mean, meanScale, `row ${i} mean`);
    expectClose(confidence[i]?.stdErrorMean, se, maxAbs(e.mean_se), `row ${i} mean_se`);
    expectClose(confidence[i]?.lower, mean - t95 * se, scale, `row ${i} mean_ci_lower`);
    expectClose(confidence[i]?.upper, mean + t95 * se, scale, `row ${i} mean_ci_upper`);
    expectClose(prediction[i]?.lower, mean - t95 * obsSe, scale, `row ${i} obs_ci_lower`);
    expectClose(prediction[i]?.upper, mean + t95 * obsSe, scale, `row ${i} obs_ci_upper`);
    const recorded = [e.mean_ci_lower[i], e.mean_ci_upper[i], e.obs_ci_lower[i], e.obs_ci_upper[i]] as number[];
    const ours = [confidence[i]?.lower, confidence[i]?.upper, prediction[i]?.lower, prediction[i]?.upper] as number[];
    ours.forEach((v, k) => {
      // statsmodels' endpoints include scipy's t.ppf error (≤ 5e-9 relative in the quantile).
      const spread = t95 * (k < 2 ? se : obsSe);
      expect(Math.abs(v - (recorded[k] as number)), `row ${i} interval ${k} vs statsmodels`).toBeLessThanOrEqual(
        1e-9 * Math.abs(recorded[k] as number) + 5e-9 * spread,
      );
    });
  }
}

function checkRobust(c: ReferenceCase): void {
  const problem = caseProblem(c);
  const normal = supplement.cases[c.name]?.robust_normal_pvalues;
  for (const hc of HC_TYPES) {
    const expected = c.expected.robust[hc];
    const bseScale = maxAbs(Object.values(expected.bse));
    for (const useT of [false, true]) {
      const model = fitLinearModel(problem, { covType: hc, useT });
      const pvalues = useT ? expected.pvalues_t : (normal?.[hc] ?? {});
      for (const row of coefficientInference(model)) {
        expectClose(row.stdError, expected.bse[row.name], bseScale, `${hc} ${row.name} std err`);
        expectClose(row.pValue, pvalues[row.name], 1, `${hc} ${row.name} p (useT ${useT})`);
      }
      expectClose(model.fValue, expected.fvalue, Math.abs(expected.fvalue ?? 1), `${hc} Wald F`);
      expectClose(model.fPValue, expected.f_pvalue, 1, `${hc} Wald F p`);
    }
  }
}

describe('fitLinearModel against statsmodels', () => {
  for (const name of CASES) {
    describe(name, () => {
      const c = readCase(name);
      const model = fitLinearModel(caseProblem(c), { covType: 'nonrobust', useT: true });
      it('matches coefficients, tests and intervals', () => checkCoefficients(model, c));
      it('matches the model statistics and residual diagnostics', () => checkModel(model, c));
      it('matches predictions with confidence and prediction intervals', () => checkPredictions(model, c));
      it('matches HC0–HC3 standard errors, p-values (normal and t) and Wald F', () => checkRobust(c));
    });
  }
});
