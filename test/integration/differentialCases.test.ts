/**
 * Divergences from patsy/statsmodels that the differential fuzzer found
 * (scripts/accuracy/differential.py + differential.ts), fixed and pinned here: reference cases
 * in test/fixtures/differential (statsmodels 0.13.5 / patsy 0.5.3, written by
 * scripts/accuracy/make_differential_fixtures.py; see PROVENANCE.md), compared through the
 * public GraphQL API within 1e-9 relative (absolute floor 1e-12 × the largest value).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeApplication } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { InMemoryModelRepository } from '../../src/models/index.js';
import { sendJson } from '../support/inProcess.js';

type Json = any;

const DIR = 'test/fixtures/differential';
const cases: Json[] = readdirSync(DIR)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => JSON.parse(readFileSync(join(DIR, name), 'utf8')));

const app = composeApplication(loadConfig({ LOG_LEVEL: 'SILENT' }), { repository: new InMemoryModelRepository() });
beforeAll(() => app.apollo.start());

const FIT = /* GraphQL */ `
  mutation Fit($input: FitModelInput!) {
    fitModel(input: $input) {
      columns
      nobs
      rank
      rSquared
      ssr
      fStatistic
      coefficients {
        name
        estimate
        stdError
        pValue
      }
    }
  }
`;

function close(actual: number, expected: number, scale: number, label: string): void {
  const bound = 1e-9 * Math.abs(expected) + 1e-12 * scale;
  if (!(Math.abs(actual - expected) <= bound)) expect.fail(`${label}: ${actual} vs ${expected}`);
}

async function fit(testCase: Json, extra: Json = {}): Promise<Json> {
  const input = {
    formula: testCase.formula,
    data: testCase.data,
    ...(testCase.options.weights ? { weights: testCase.options.weights } : {}),
    ...extra,
  };
  return JSON.parse((await sendJson(app, 'POST', '/graphql', { query: FIT, variables: { input } })).body);
}

function largest(values: Record<string, number | null>): number {
  return Math.max(
    0,
    ...Object.values(values)
      .filter((v): v is number => v !== null)
      .map(Math.abs),
  );
}

describe('cases where the differential fuzzer found us unlike patsy', () => {
  it.each(cases.map((c) => [c.name, c]))('%s', async (_name, testCase) => {
    const body = await fit(testCase);
    if (testCase.expected_error) {
      expect(body.errors?.[0]?.extensions?.code, testCase.expected_error.statsmodels_message).toBe('BAD_USER_INPUT');
      return;
    }
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    const model = body.data.fitModel;
    const expected = testCase.expected;
    expect(model.columns).toEqual(expected.columns);
    expect(model.nobs).toBe(expected.nobs);
    expect(model.rank).toBe(expected.rank);
    // statsmodels' pseudo-inverse answer for a rank-deficient design is deliberately not ours.
    if (expected.rank < expected.columns.length) return;
    const scale = Math.max(...Object.values(expected.params as Record<string, number>).map(Math.abs));
    const seScale = Math.max(...Object.values(expected.bse as Record<string, number>).map(Math.abs));
    for (const coefficient of model.coefficients) {
      close(coefficient.estimate, expected.params[coefficient.name], scale, `${coefficient.name} estimate`);
      close(coefficient.stdError, expected.bse[coefficient.name], seScale, `${coefficient.name} se`);
      close(coefficient.pValue, expected.pvalues[coefficient.name], 1, `${coefficient.name} p`);
    }
    close(model.rSquared, expected.rsquared, 1, 'R²');
    close(model.ssr, expected.ssr, expected.centered_tss, 'SSR');
  });

  it.each(
    cases.filter((c) => c.expected?.robust && c.expected.rank === c.expected.columns.length).map((c) => [c.name, c]),
  )('%s: HC0–HC3 standard errors and Wald F', async (_name, testCase) => {
    for (const cov of ['HC0', 'HC1', 'HC2', 'HC3']) {
      const reference = testCase.expected.robust[cov];
      const body = await fit(testCase, { covType: cov });
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      const model = body.data.fitModel;
      const scale = largest(reference.bse);
      // HC2/HC3 at a leverage of 1 divide 0 by 0: statsmodels reports infinite standard errors,
      // or rounding noise when its 1 − h is not exactly 0; we report none.
      const undefinedAtUnitLeverage = (cov === 'HC2' || cov === 'HC3') && testCase.expected.max_leverage > 1 - 1e-10;
      for (const coefficient of model.coefficients) {
        const expected = reference.bse[coefficient.name];
        if (expected === null || undefinedAtUnitLeverage)
          expect(coefficient.stdError, `${cov} ${coefficient.name} se`).toBeNull();
        // 0 in exact arithmetic (a coefficient fitted by one row): ours is ~√ε × the scale, a
        // known limit of forming the sandwich as R⁻¹·M·R⁻ᵀ (docs/accuracy.md).
        else if (expected < 1e-12 * scale)
          expect(coefficient.stdError, `${cov} ${coefficient.name} se`).toBeLessThan(1e-7 * scale);
        else close(coefficient.stdError, expected, scale, `${cov} ${coefficient.name} se`);
      }
      if (reference.f_error || undefinedAtUnitLeverage) expect(model.fStatistic, `${cov} F`).toBeNull();
      else close(model.fStatistic, reference.fvalue, 1, `${cov} F`);
    }
  });
});
