import { describe, expect, it } from 'vitest';
import { ColumnsTable, DataError, MissingColumnError, RecordsTable, parseJson } from '../../../src/data/index.js';
import { captureError, expectSameTable } from './support.js';

/** The records with the same cells as a columns object. */
function asRecords(columns: Record<string, unknown[]>): Record<string, unknown>[] {
  const names = Object.keys(columns);
  const length = names.length === 0 ? 0 : columns[names[0]!]!.length;
  return Array.from({ length }, (_, row) => Object.fromEntries(names.map((name) => [name, columns[name]![row]])));
}

describe('ColumnsTable', () => {
  it('types columns as RecordsTable types the same cells', () => {
    const columns = {
      x: [1.5, null, -2, 0],
      g: ['b', 'a', null, 'b'],
      f: [true, false, true, null],
      e: [null, null, null, null],
    };
    expectSameTable(
      () => new ColumnsTable(columns),
      () => new RecordsTable(asRecords(columns)),
    );
  });

  it('raises the typing errors RecordsTable raises', () => {
    const columns = { x: [1, 'NaN'], n: [1, Number.POSITIVE_INFINITY], o: [{ a: 1 }, 1], a: [1, [2]], m: ['a', true] };
    expectSameTable(
      () => new ColumnsTable(columns),
      () => new RecordsTable(asRecords(columns)),
    );
  });

  it('reads a parsed columns body', () => {
    const table = new ColumnsTable(parseJson('{"x": [1, 2, 3], "g": ["a", "b", "a"]}') as Record<string, unknown>);
    expect(table.rowCount).toBe(3);
    expect(table.columnNames()).toEqual(['x', 'g']);
    expect(table.column('g')).toMatchObject({ kind: 'categorical', levels: ['a', 'b'] });
  });

  it('refuses columns of different lengths, naming the column and both lengths', () => {
    const error = captureError(() => new ColumnsTable({ x: [1, 2, 3], y: [1, 2] }));
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ reason: 'RAGGED_COLUMNS', column: 'y' });
    expect(error.message).toBe('column "y" has 2 values but column "x" has 3; every column needs one value per row');
  });

  it('refuses a column that is not an array, and too many columns', () => {
    expect(() => new ColumnsTable({ x: 5 })).toThrow(/column "x" is not an array/);
    expect(() => new ColumnsTable([] as never)).toThrow(DataError);
    expect(captureError(() => new ColumnsTable({ a: [], b: [], c: [] }, 2))).toMatchObject({ reason: 'TOO_MANY_COLUMNS' });
  });

  it('reads own keys only and lists the columns when one is missing', () => {
    const table = new ColumnsTable(JSON.parse('{"__proto__": [1], "x": [2]}') as Record<string, unknown>);
    expect(table.hasColumn('__proto__')).toBe(true);
    expect(table.hasColumn('constructor')).toBe(false);
    const error = captureError(() => table.column('z'));
    expect(error).toBeInstanceOf(MissingColumnError);
    expect(error.message).toBe('column "z" is not in the data; the data has "__proto__", "x"');
  });
});
