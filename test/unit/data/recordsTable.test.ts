import { describe, expect, it } from 'vitest';
import { DataError, MissingColumnError, RecordsTable } from '../../../src/data/index.js';

describe('RecordsTable', () => {
  it('types numbers as a numeric column with NaN for missing cells', () => {
    const table = new RecordsTable([{ x: 1.5 }, { x: null }, {}, { x: -2 }]);
    const column = table.column('x');
    expect(column.kind).toBe('numeric');
    if (column.kind !== 'numeric') return;
    expect([...column.values]).toEqual([1.5, Number.NaN, Number.NaN, -2]);
    expect(column.missingCount).toBe(2);
  });

  it('types strings and booleans as categorical codes in first-appearance order', () => {
    const table = new RecordsTable([{ g: 'b' }, { g: 'a' }, { g: null }, { g: 'b' }, { f: true }]);
    const column = table.column('g');
    expect(column.kind).toBe('categorical');
    if (column.kind !== 'categorical') return;
    expect(column.levels).toEqual(['b', 'a']);
    expect([...column.codes]).toEqual([0, 1, -1, 0, -1]);
    const flags = table.column('f');
    expect(flags.kind === 'categorical' && flags.levels).toEqual([true]);
  });

  it('reports a column whose every cell is missing as empty', () => {
    expect(new RecordsTable([{ x: null }, { x: null }]).column('x')).toEqual({ kind: 'empty', name: 'x', length: 2 });
  });

  it('names the column and the first offending row when numbers and strings mix', () => {
    const table = new RecordsTable([{ x: 1 }, { x: 2 }, { x: 'NaN' }]);
    const error = captureError(() => table.column('x'));
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ reason: 'MIXED_TYPES', column: 'x', row: 2 });
    expect(error.message).toContain('row 3');
    expect(error.message).toContain('row 1 has a number');
    expect(error.message).toContain('JSON has no NaN');
  });

  it('refuses nested objects and arrays as cells, naming row and column', () => {
    expect(() => new RecordsTable([{ x: 1 }, { x: [1, 2] }]).column('x')).toThrow(/row 2, column "x": an array/);
    expect(() => new RecordsTable([{ x: { a: 1 } }]).column('x')).toThrow(/row 1, column "x": an object/);
  });

  it('refuses a row that is not an object', () => {
    expect(() => new RecordsTable([{ x: 1 }, 5])).toThrow(/row 2 is not an object/);
    expect(() => new RecordsTable([null])).toThrow(DataError);
  });

  it('lists the available columns when one is missing', () => {
    const table = new RecordsTable([{ x: 1, y: 2 }]);
    const error = captureError(() => table.column('z'));
    expect(error).toBeInstanceOf(MissingColumnError);
    expect(error.message).toBe('column "z" is not in the data; the data has "x", "y"');
  });

  it('reads only own properties, so prototype names are ordinary missing columns', () => {
    const table = new RecordsTable([{ x: 1 }]);
    expect(table.hasColumn('constructor')).toBe(false);
    expect(table.hasColumn('__proto__')).toBe(false);
    expect(() => table.column('toString')).toThrow(MissingColumnError);
    const parsed = new RecordsTable(JSON.parse('[{"__proto__": 3, "constructor": "a"}]') as unknown[]);
    expect(parsed.column('__proto__')).toMatchObject({ kind: 'numeric' });
    expect(parsed.column('constructor')).toMatchObject({ kind: 'categorical', levels: ['a'] });
  });
});

function captureError(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
