/**
 * The work estimate and the budget it is held to (src/service/fitCost.ts, fitBudget.ts): what
 * grows the work grows the estimate, the budget's defaults follow the deployment, and a refusal
 * names the estimate, the budget's variable, the widest term and what to do instead.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { RecordsTable } from '../../../src/data/index.js';
import { DEFAULT_FORMULA_LIMITS } from '../../../src/formula/index.js';
import { budgetFor, computeFit, DEFAULT_BUDGET, FitTooLargeError } from '../../../src/service/index.js';
import { estimateFitCost, estimatePredictionCost, estimateRefinementCost } from '../../../src/service/fitCost.js';

describe('the work estimate', () => {
  const base = { rows: 100_000, columns: 50, covType: 'nonrobust' as const, weighted: false };

  it('grows with rows, columns, a robust covariance and weights', () => {
    const cost = estimateFitCost(base).seconds;
    expect(estimateFitCost({ ...base, rows: 200_000 }).seconds).toBeGreaterThan(cost);
    expect(estimateFitCost({ ...base, columns: 100 }).seconds).toBeGreaterThan(2 * cost);
    expect(estimateFitCost({ ...base, covType: 'HC3' }).seconds).toBeGreaterThan(cost);
    expect(estimateFitCost({ ...base, weighted: true }).seconds).toBeGreaterThan(cost);
    expect(estimatePredictionCost(100_000, 100).seconds).toBeGreaterThan(estimatePredictionCost(100_000, 50).seconds);
  });

  it('charges a refinement for its passes, a refactored QR and the Gram matrix, and its memory', () => {
    const plan = {
      rows: 1_000_000,
      columns: 20,
      solution: true,
      covariance: false,
      refactor: false,
      bytes: 8 * 1_000_000 * 27,
    };
    const solution = estimateRefinementCost(plan);
    expect(estimateRefinementCost({ ...plan, refactor: true }).seconds).toBeGreaterThan(solution.seconds);
    expect(estimateRefinementCost({ ...plan, covariance: true }).seconds).toBeGreaterThan(solution.seconds);
    expect(solution.bytes).toBe(plan.bytes);
  });
});

describe('the budget', () => {
  it('defaults to 40% of the function timeout and 50% of its memory', () => {
    expect(DEFAULT_BUDGET).toEqual(budgetFor(29, 1769));
    expect(loadConfig({}).budget).toEqual(DEFAULT_BUDGET);
    const larger = loadConfig({ FUNCTION_TIMEOUT_SECONDS: '900', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '10240' }).budget;
    expect(larger).toEqual({ seconds: 360, bytes: 5120 * 1024 * 1024 });
    expect(loadConfig({ FIT_TIME_BUDGET_MS: '2500', FIT_MEMORY_BUDGET_MB: '64' }).budget).toEqual({
      seconds: 2.5,
      bytes: 64 * 1024 * 1024,
    });
    expect(() => loadConfig({ FIT_TIME_BUDGET_MS: '0' })).toThrow(/FIT_TIME_BUDGET_MS/);
  });

  it(
    'refuses a fit beyond it before fitting, ' + 'naming the estimate, the variable, the widest term and what to do',
    () => {
      const rows = Array.from({ length: 2_000 }, (_, i) => ({ y: (i * 7919) % 13, g: `level${i % 150}`, x: i }));
      const request = {
        formula: 'y ~ x + C(g)',
        missing: 'drop' as const,
        weights: null,
        covType: 'nonrobust' as const,
        useT: true,
        formulaLimits: DEFAULT_FORMULA_LIMITS,
        budget: { seconds: 0.001, bytes: DEFAULT_BUDGET.bytes },
      };
      let refusal: unknown;
      try {
        computeFit(request, new RecordsTable(rows));
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(FitTooLargeError);
      const message = (refusal as Error).message;
      expect(message).toContain('this fit (2,000 rows × 151 design columns; the widest term, C(g), has 149)');
      expect(message).toMatch(
        new RegExp(
          /would take about [\d.]+ s of computation, /.source +
            /beyond this service's budget of 0\.001 s per request \(FIT_TIME_BUDGET_MS\)/.source,
        ),
      );
      expect(message).toContain('fit fewer rows or fewer design columns');
      // The same fit within the default budget.
      expect(computeFit({ ...request, budget: DEFAULT_BUDGET }, new RecordsTable(rows)).fit.rank).toBe(151);
    },
  );

  it('refuses a fit whose memory estimate is beyond it', () => {
    const rows = Array.from({ length: 1_000 }, (_, i) => ({ y: i % 7, x: i }));
    expect(() =>
      computeFit(
        {
          formula: 'y ~ x',
          missing: 'drop',
          weights: null,
          covType: 'nonrobust',
          useT: true,
          formulaLimits: DEFAULT_FORMULA_LIMITS,
          budget: { seconds: 10, bytes: 1_000 },
        },
        new RecordsTable(rows),
      ),
    ).toThrow(
      new RegExp(
        /would hold about [\d,]+ MB of memory at once, /.source +
          /beyond this service's budget of 1 MB per request \(FIT_MEMORY_BUDGET_MB\)/.source,
      ),
    );
  });
});
