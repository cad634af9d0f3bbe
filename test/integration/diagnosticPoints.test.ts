/**
 * `Model.diagnosticPoints` against R: for every reference case that fits (test/fixtures/cases),
 * the fitted values, residuals, leverage (`hatvalues`), standardized residuals (`rstandard`),
 * Cook's distances (`cooks.distance`) and Q–Q positions (`qqnorm(rstandard(fit))$x`) of R 4.2's
 * lm on the same design (test/fixtures/influence, written by
 * scripts/accuracy/influenceReference.ts), within 1e-9 relative, through the GraphQL API.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeApplication } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { InMemoryModelRepository } from '../../src/models/index.js';
import { sendJson } from '../support/inProcess.js';

type Json = any;

const CASES_DIR = 'test/fixtures/cases';
const REFERENCE_DIR = 'test/fixtures/influence';
const cases: Json[] = readdirSync(CASES_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => JSON.parse(readFileSync(join(CASES_DIR, name), 'utf8')))
  .filter((testCase) => testCase.expected);

const app = composeApplication(loadConfig({ LOG_LEVEL: 'SILENT' }), { repository: new InMemoryModelRepository() });
beforeAll(() => app.apollo.start());

const FIT = `mutation Fit($input: FitModelInput!) {
  fitModel(input: $input) {
    id nobs rank
    diagnosticPoints { row fitted residual standardizedResidual leverage cooksDistance normalQuantile }
  }
}`;

async function fitCase(testCase: Json): Promise<Json> {
  const input = {
    formula: testCase.formula,
    data: testCase.data,
    ...(testCase.options.weights ? { weights: testCase.options.weights } : {}),
  };
  const response = JSON.parse((await sendJson(app, 'POST', '/graphql', { query: FIT, variables: { input } })).body);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data.fitModel;
}

/**
 * Within 1e-9 relative, with an absolute floor of 1e-9 × the largest |value| of the column (for
 * values near 0); within 1e-7 for the ill-conditioned case (raw powers of x near 1000), where R is
 * handed I(x**2) and I(x**3) rounded to doubles while the service fits them exact (x + xLo), a
 * difference its condition magnifies to ~4e-9 in the residuals (the case's own tolerance is 1e-4).
 */
function closeColumn(actual: (number | null)[], expected: (number | null)[], label: string, relative = 1e-9): void {
  expect(actual.length, label).toBe(expected.length);
  let scale = 0;
  for (const value of expected) if (value !== null) scale = Math.max(scale, Math.abs(value));
  expected.forEach((value, i) => {
    if (value === null) {
      expect(actual[i] ?? null, `${label}[${i}]`).toBeNull();
      return;
    }
    const error = Math.abs((actual[i] as number) - value);
    const bound = relative * (Math.abs(value) + scale);
    if (!(error <= bound))
      expect.fail(`${label}[${i}]: ${actual[i]} vs R's ${value} (off by ${error.toExponential(2)})`);
  });
}

/**
 * The Q–Q positions: R's, row by row, except among rows whose standardized residuals are equal
 * in exact arithmetic (the seed's ±10 residuals), which R and the service may order differently
 * by a rounding of the last bit; there, each row's position is one of R's positions of the rows
 * tied with it, and every position is used once.
 */
function closeQuantiles(points: Json[], reference: Json, relative: number): void {
  const ours = points.map((p) => p.normalQuantile as number | null);
  const sorted = (values: (number | null)[]) => values.filter((v) => v !== null).sort((a, b) => a! - b!);
  closeColumn(sorted(ours), sorted(reference.qqnorm_x), 'normalQuantile (sorted)', relative);
  points.forEach((point, i) => {
    if (point.standardizedResidual === null) return;
    const tolerance = relative * (1 + Math.abs(point.standardizedResidual));
    const candidates = reference.rstandard
      .map((r: number | null, j: number) => ({ r, q: reference.qqnorm_x[j] }))
      .filter(({ r }: Json) => r !== null && Math.abs(r - point.standardizedResidual) <= tolerance)
      .map(({ q }: Json) => q);
    const matched = candidates.some((q: number) => Math.abs(q - (ours[i] as number)) <= relative * (1 + Math.abs(q)));
    expect(matched, `normalQuantile[${i}] ${ours[i]} is not among R's ${candidates.join(', ')}`).toBe(true);
  });
}

describe("diagnostic points equal R's influence measures", () => {
  it('has a reference for every case that fits', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const testCase of cases) expect(readdirSync(REFERENCE_DIR)).toContain(`${testCase.name}.json`);
  });

  describe.each(cases.map((testCase) => [testCase.name, testCase]))('%s', (name, testCase) => {
    it("matches R's hatvalues, rstandard, cooks.distance and qqnorm for every row", async () => {
      const reference = JSON.parse(readFileSync(join(REFERENCE_DIR, `${name}.json`), 'utf8'));
      const model = await fitCase(testCase);
      const points: Json[] = model.diagnosticPoints;
      expect(model.rank).toBe(reference.rank);
      expect(points.map((p) => p.row)).toEqual(reference.rows);
      const column = (key: string) => points.map((p) => p[key] as number | null);
      const relative = testCase.ill_conditioned ? 1e-7 : 1e-9;
      closeColumn(column('fitted'), reference.fitted, 'fitted', relative);
      closeColumn(column('residual'), reference.residuals, 'residual', relative);
      closeColumn(column('leverage'), reference.hatvalues, 'leverage', relative);
      closeColumn(column('standardizedResidual'), reference.rstandard, 'standardizedResidual', relative);
      closeColumn(column('cooksDistance'), reference.cooks_distance, 'cooksDistance', relative);
      closeQuantiles(points, reference, relative);
    });
  });

  it('numbers rows as the input counts them when rows with missing values are dropped', async () => {
    const testCase = cases.find((c) => c.name === 'missing_rows');
    const model = await fitCase(testCase);
    const variables = ['y', 'x', 'g'].filter((v) => testCase.formula.includes(v));
    const complete = testCase.data
      .map((row: Json, i: number) => (variables.every((v) => row[v] !== null && row[v] !== undefined) ? i + 1 : 0))
      .filter((row: number) => row > 0);
    expect(complete.length).toBeLessThan(testCase.data.length);
    expect(model.diagnosticPoints.map((p: Json) => p.row)).toEqual(complete);
  });
});
