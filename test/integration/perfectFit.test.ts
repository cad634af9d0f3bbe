/**
 * An essentially perfect fit through the GraphQL API: `x ~ x` (residuals of rounding noise) and
 * `y ~ x` with y = 1 + 2x in integers (residuals exactly 0) answer alike — perfectFit, a warning
 * saying why, and null t, p and F — where before `x ~ x` reported an intercept with t = 2.9 and
 * F = 4.7e92. An ordinary fit is unaffected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApplication } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { InMemoryModelRepository } from '../../src/models/index.js';
import { sendJson } from '../support/inProcess.js';

const app = composeApplication(loadConfig({ LOG_LEVEL: 'SILENT' }), { repository: new InMemoryModelRepository() });
beforeAll(() => app.apollo.start());
afterAll(() => app.apollo.stop());

const FIT = `mutation($input: FitModelInput!) { fitModel(input: $input) {
  perfectFit warnings fStatistic fPValue rSquared coefficients { name estimate stdError tValue pValue } } }`;

async function fit(formula: string, data: Record<string, number>[]): Promise<any> {
  const response = await sendJson(app, 'POST', '/graphql', { query: FIT, variables: { input: { formula, data } } });
  const { data: result, errors } = JSON.parse(response.body);
  expect(errors).toBeUndefined();
  return result.fitModel;
}

const rows = Array.from({ length: 30 }, (_, i) => ({
  x: 1 + i * 0.37 + Math.sin(i),
  z: i,
  y: 1 + 2 * i,
  noisy: 3 + 0.5 * i + Math.cos(i),
}));

describe('essentially perfect fits through GraphQL', () => {
  it.each([
    ['x ~ x', 'x ~ x'],
    ['y = 1 + 2z in integers', 'y ~ z'],
  ])('%s: perfectFit, the warning, and no t, p or F', async (_name, formula) => {
    const model = await fit(formula, rows);
    expect(model.perfectFit).toBe(true);
    expect(model.warnings.some((warning: string) => warning.startsWith('essentially perfect fit'))).toBe(true);
    expect(model.fStatistic).toBeNull();
    expect(model.fPValue).toBeNull();
    expect(model.rSquared).toBe(1);
    for (const coefficient of model.coefficients) {
      expect(coefficient).toMatchObject({ tValue: null, pValue: null });
      expect(coefficient.estimate).not.toBeNull();
    }
  });

  it('an ordinary fit keeps its tests', async () => {
    const model = await fit('noisy ~ z', rows);
    expect(model.perfectFit).toBe(false);
    expect(model.warnings).toEqual([]);
    expect(model.fStatistic).toBeGreaterThan(0);
    expect(model.coefficients.every((c: { tValue: number | null }) => c.tValue !== null)).toBe(true);
  });
});
