/**
 * The text report against statsmodels 0.13.5's own summary() for the same fits
 * (test/fixtures/stats/summaries.json, made by scripts/accuracy/make_summary_reference.py
 * with statsmodels' clock pinned to 2026-11-25 13:01:45).
 */
import { describe, expect, it } from 'vitest';
import { type CovarianceType, fitLinearModel, summaryText } from '../../../src/stats/index.js';
import { caseProblem, readCase } from './caseDesign.js';
import { readFixture } from './referenceData.js';

interface Reference {
  readonly summaries: readonly { case: string; covType: CovarianceType; useT: boolean; text: string }[];
}

const TIMESTAMP = new Date(Date.UTC(2026, 10, 25, 13, 1, 45));

/** statsmodels prints −0.000 for an R² of −2.2e-16 where ours is +1.1e-16: both are zero. */
function normalizeZero(text: string): string {
  return text.replace(/-(0\.0+)(?![0-9])/g, ' $1');
}

describe('summaryText', () => {
  for (const reference of readFixture<Reference>('stats/summaries.json').summaries) {
    it(`reproduces statsmodels' summary for ${reference.case} (${reference.covType})`, () => {
      const c = readCase(reference.case);
      const model = fitLinearModel(caseProblem(c), { covType: reference.covType, useT: reference.useT });
      const text = summaryText(model, {
        dependentVariable: (c.formula.split('~')[0] as string).trim(),
        timestamp: TIMESTAMP,
        droppedRows: 0,
      });
      expect(normalizeZero(text).split('\n')).toEqual(normalizeZero(reference.text).split('\n'));
    });
  }

  it('notes aliased columns, dropped rows, and a singular design', () => {
    const c = readCase('rank_deficient');
    const model = fitLinearModel(caseProblem(c), { covType: 'nonrobust', useT: true });
    const text = summaryText(model, { dependentVariable: 'y', timestamp: TIMESTAMP, droppedRows: 3 });
    expect(text).toMatch(/^w +aliased *$/m);
    expect(text).toContain(
      "w is a linear combination of earlier columns (aliased) and was not estimated, as in R's lm; the rank is 3.",
    );
    expect(text).toContain('3 rows were dropped for missing values.');
    expect(text).toContain('The smallest eigenvalue is');
  });

  it('prints intervals at the requested level', () => {
    const model = fitLinearModel(caseProblem(readCase('simple_numeric')), { covType: 'nonrobust', useT: true });
    const text = summaryText(model, { dependentVariable: 'y', timestamp: TIMESTAMP, droppedRows: 0, level: 0.9 });
    expect(text).toContain('[0.05       0.95]');
  });
});
