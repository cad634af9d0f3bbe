import { describe, expect, it } from 'vitest';
import { RecordsTable } from '../../../src/data/index.js';
import {
  buildPredictionDesign,
  buildTrainingDesign,
  FormulaDataError,
  FormulaError,
  InvalidSpecError,
  UnknownVariableError,
  UnseenLevelError,
} from '../../../src/formula/index.js';
import { withMatrix } from './helpers/matrix.js';

const training = [
  { y: 1, x: 1, g: 'a', k: 1, flag: true },
  { y: 2, x: 2, g: 'b', k: 2, flag: false },
  { y: 3, x: 3, g: 'c', k: 3, flag: true },
  { y: 5, x: 4, g: 'a', k: 2, flag: false },
];
const design = withMatrix(
  buildTrainingDesign('y ~ x + g + C(k) + flag + x:g', new RecordsTable(training), { missing: 'drop' }),
);
const spec = design.spec;

function failure(rows: Record<string, unknown>[]): FormulaError {
  try {
    buildPredictionDesign(spec, new RecordsTable(rows));
  } catch (error) {
    expect(error).toBeInstanceOf(FormulaError);
    return error as FormulaError;
  }
  return expect.fail('expected an error');
}

describe('prediction designs', () => {
  it('encodes new rows exactly as the training rows were encoded', () => {
    const encoded = withMatrix(buildPredictionDesign(spec, new RecordsTable(training)));
    expect(encoded.columnCount).toBe(design.columnCount);
    expect(Array.from(encoded.x)).toEqual(Array.from(design.x));
  });

  it('needs no response and ignores extra columns', () => {
    const encoded = withMatrix(
      buildPredictionDesign(spec, new RecordsTable([{ x: 9, g: 'c', k: 3, flag: true, other: 'ignored' }])),
    );
    expect(Array.from(encoded.x)).toEqual([1, 0, 1, 0, 1, 1, 9, 0, 9]);
    expect(spec.columns).toEqual([
      'Intercept',
      'g[T.b]',
      'g[T.c]',
      'C(k)[T.2]',
      'C(k)[T.3]',
      'flag[T.True]',
      'x',
      'x:g[T.b]',
      'x:g[T.c]',
    ]);
  });

  it('encodes a level it saw even when the new rows hold only one level', () => {
    const encoded = withMatrix(buildPredictionDesign(spec, new RecordsTable([{ x: 1, g: 'b', k: 2, flag: false }])));
    expect(Array.from(encoded.x)).toEqual([1, 1, 0, 1, 0, 0, 1, 1, 0]);
  });

  it('returns an empty design for no rows', () => {
    expect(buildPredictionDesign(spec, new RecordsTable([])).rowCount).toBe(0);
  });

  it('refuses an unseen level, naming column, level and row', () => {
    const error = failure([
      { x: 1, g: 'a', k: 1, flag: true },
      { x: 1, g: 'zzz', k: 1, flag: true },
    ]);
    expect(error).toBeInstanceOf(UnseenLevelError);
    expect(error).toMatchObject({ reason: 'UNSEEN_LEVEL', column: 'g', level: 'zzz', row: 1 });
    expect(error.message).toContain(
      'row 2, column "g": level "zzz" was not seen in training; the model knows "a", "b", "c"',
    );
  });

  it('refuses an unseen numeric level under C()', () => {
    expect(failure([{ x: 1, g: 'a', k: 7, flag: true }])).toMatchObject({
      reason: 'UNSEEN_LEVEL',
      column: 'k',
      level: 7,
      row: 0,
    });
  });

  it('refuses a missing column, pointing at it in the formula', () => {
    const error = failure([{ x: 1, k: 1, flag: true }]);
    expect(error).toBeInstanceOf(UnknownVariableError);
    expect(error.message).toContain('column "g" is not in the rows to predict');
    expect(spec.formula.slice(error.position, error.end)).toBe('g');
  });

  it('refuses a missing value, naming column and row', () => {
    const error = failure([
      { x: 1, g: 'a', k: 1, flag: true },
      { x: null, g: 'a', k: 1, flag: true },
    ]);
    expect(error).toBeInstanceOf(FormulaDataError);
    expect(error).toMatchObject({ reason: 'MISSING_VALUE', column: 'x', row: 1 });
  });

  it('refuses a value of the wrong type, naming column and row', () => {
    expect(failure([{ x: 'high', g: 'a', k: 1, flag: true }])).toMatchObject({
      reason: 'TYPE_MISMATCH',
      column: 'x',
      row: 0,
    });
    expect(failure([{ x: 1, g: 3, k: 1, flag: true }])).toMatchObject({ reason: 'TYPE_MISMATCH', column: 'g', row: 0 });
    expect(failure([{ x: 1, g: 'a', k: 1, flag: 'yes' }])).toMatchObject({
      reason: 'TYPE_MISMATCH',
      column: 'flag',
      row: 0,
    });
  });

  it('refuses a spec it did not write', () => {
    expect(() => buildPredictionDesign({ ...spec, version: 2 as 1 }, new RecordsTable([{ x: 1 }]))).toThrow(
      InvalidSpecError,
    );
    expect(() => buildPredictionDesign({ ...spec, factors: [{ code: 'x' }] }, new RecordsTable([{ x: 1 }]))).toThrow(
      InvalidSpecError,
    );
    expect(() => buildPredictionDesign({ ...spec, terms: spec.terms.slice(1) }, new RecordsTable([{ x: 1 }]))).toThrow(
      InvalidSpecError,
    );
  });

  it('describes the variables a client must send, with levels in patsy order', () => {
    expect(spec.variables).toEqual([
      { name: 'x', kind: 'numeric' },
      { name: 'g', kind: 'categorical', levels: ['a', 'b', 'c'] },
      { name: 'k', kind: 'categorical', levels: [1, 2, 3] },
      { name: 'flag', kind: 'categorical', levels: [false, true] },
    ]);
    expect(spec.terms.map(({ name, factors, start, end }) => ({ name, factors, start, end }))).toEqual([
      { name: 'Intercept', factors: [], start: 0, end: 1 },
      { name: 'g', factors: ['g'], start: 1, end: 3 },
      { name: 'C(k)', factors: ['C(k)'], start: 3, end: 5 },
      { name: 'flag', factors: ['flag'], start: 5, end: 6 },
      { name: 'x', factors: ['x'], start: 6, end: 7 },
      { name: 'x:g', factors: ['x', 'g'], start: 7, end: 9 },
    ]);
    expect(spec.response).toBe('y');
    expect(spec.intercept).toBe(true);
  });
});
