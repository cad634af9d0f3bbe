/**
 * parseModelDocument checks the whole shape of the stored interfaces (models/document.ts): a
 * damaged or foreign document is refused at read time as CORRUPT, with the path of what is
 * wrong, instead of being handed to prediction. Before, only a few top-level fields and the
 * coefficients' count were checked, and every damage below passed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CorruptModelDocumentError, parseModelDocument, serializeModelDocument } from '../../../src/models/index.js';

type Json = any;

const FIXTURE = 'test/fixtures/documents/v1/refined-filip.document.json';
const text = readFileSync(FIXTURE, 'utf8');
const id: string = JSON.parse(text).id;

/** The fixture's JSON with `damage` applied. */
function damaged(damage: (document: Json) => void): string {
  const document = JSON.parse(text);
  damage(document);
  return JSON.stringify(document);
}

describe('parseModelDocument', () => {
  it('reads the fixture, non-finite statistics included', () => {
    const document = parseModelDocument(id, text);
    expect(document.fit.covarianceFactor.rLo).toHaveLength(document.fit.rank ** 2);
    const wampler = readFileSync('test/fixtures/documents/v1/perfect-fit.document.json', 'utf8');
    const exact = parseModelDocument(JSON.parse(wampler).id, wampler);
    expect(exact.fit.logLikelihood).toBe(Number.POSITIVE_INFINITY);
    expect(serializeModelDocument(exact)).toBe(wampler);
  });

  it.each([
    [
      'an R factor one entry short',
      (d: Json) => d.fit.covarianceFactor.r.pop(),
      'fit.covarianceFactor.r has 120 entries, not 121',
    ],
    [
      'a covariance entry that is text',
      (d: Json) => (d.fit.covariance[3] = '0.5'),
      'fit.covariance[3] is not a number',
    ],
    [
      'low parts of the wrong size',
      (d: Json) => d.fit.covarianceFactor.rLo.push(0),
      'fit.covarianceFactor.rLo has 122 entries, not 121',
    ],
    [
      'no column scales',
      (d: Json) => delete d.fit.covarianceFactor.columnScale,
      'fit.covarianceFactor.columnScale is missing or not an array',
    ],
    [
      'a coefficient renamed',
      (d: Json) => (d.fit.coefficients[1].name = 'z'),
      'fit.coefficients[1].name is not design column "x"',
    ],
    [
      'an estimate that is text',
      (d: Json) => (d.fit.coefficients[0].estimate = '1'),
      'fit.coefficients[0].estimate is missing or not a number or null',
    ],
    [
      'a rank that the coefficients contradict',
      (d: Json) => (d.fit.rank = 10),
      'fit.rank is 10 but 11 coefficients are estimated',
    ],
    [
      'an unknown covariance type',
      (d: Json) => (d.settings.covType = 'HC9'),
      'settings.covType is "HC9", not one of nonrobust, HC0, HC1, HC2, HC3',
    ],
    ['settings and fit disagreeing', (d: Json) => (d.fit.covType = 'HC1'), 'settings.covType and fit.covType disagree'],
    ['weights without WLS', (d: Json) => (d.settings.weights = 'w'), 'fit.method and settings.weights disagree'],
    ['a perfectFit that is text', (d: Json) => (d.fit.perfectFit = 'no'), 'fit.perfectFit is missing or not a boolean'],
    ['a statistic missing', (d: Json) => delete d.fit.scale, 'fit.scale is missing or not a number'],
    [
      'a diagnostic that is text',
      (d: Json) => (d.fit.diagnostics.skew = 'x'),
      'fit.diagnostics.skew is missing or not a number or null',
    ],
    ['no numerics', (d: Json) => delete d.fit.numerics, 'fit.numerics is missing or not an object'],
    ['no factors', (d: Json) => delete d.design.factors, 'design.factors is missing or not an array'],
    [
      'a factor of unknown kind',
      (d: Json) => (d.design.factors[0].kind = 'ordinal'),
      'design.factors[0].kind is "ordinal", not one of numeric, categorical',
    ],
    [
      'a term without its layout',
      (d: Json) => delete d.design.terms[1].subterms,
      'design.terms[1].subterms is missing or not an array',
    ],
    [
      'a subterm factor without a code',
      (d: Json) => delete d.design.terms[1].subterms[0].factors[0].code,
      'design.terms[1].subterms[0].factors[0] is not {code, fullRank}',
    ],
    [
      'a variable of unknown kind',
      (d: Json) => (d.design.variables[0].kind = 'date'),
      'design.variables[0].kind is "date", not one of numeric, categorical',
    ],
    ['a design of another version', (d: Json) => (d.design.version = 2), 'design.version 2 is not 1'],
    ['a tenant that is a number', (d: Json) => (d.tenant = 7), 'tenant is missing or not a string'],
    ['negative dropped rows', (d: Json) => (d.rowsDropped = -1), 'rowsDropped is not a count'],
    ['a warning that is not text', (d: Json) => d.warnings.push(3), 'warnings[0] is not a string'],
    ['another schema version', (d: Json) => (d.schemaVersion = 2), 'schemaVersion 2 is not 1'],
  ])('refuses %s, naming it', (_label, damage, problem) => {
    const read = (): unknown => parseModelDocument(id, damaged(damage));
    expect(read).toThrow(CorruptModelDocumentError);
    expect(read).toThrow(problem);
  });

  it('refuses a document stored under another id, and text that is not a JSON object', () => {
    expect(() => parseModelDocument('0192f1c4-5b6e-7c3a-9d2e-00000000ffff', text)).toThrow(/it holds id/);
    expect(() => parseModelDocument(id, '[1, 2]')).toThrow(/not a JSON object/);
    expect(() => parseModelDocument(id, '{"schemaVersion": 1,')).toThrow(/not valid JSON/);
  });
});
