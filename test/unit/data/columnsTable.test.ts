import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CapturedColumn,
  ColumnsTable,
  DataError,
  JsonStreamParser,
  MissingColumnError,
  RecordsTable,
  parseJson,
} from '../../../src/data/index.js';
import { captureError, expectSameTable } from './support.js';

/** Columns captured: every array directly under the root object. */
const underRoot = { captureColumns: (path: readonly (string | number)[]) => path.length === 1 };

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
    expect(captureError(() => new ColumnsTable({ a: [], b: [], c: [] }, 2))).toMatchObject({
      reason: 'LIMIT_EXCEEDED',
      message: expect.stringContaining('3 columns'),
    });
  });

  it('reads own keys only and lists the columns when one is missing', () => {
    const table = new ColumnsTable(JSON.parse('{"__proto__": [1], "x": [2]}') as Record<string, unknown>);
    expect(table.hasColumn('__proto__')).toBe(true);
    expect(table.hasColumn('constructor')).toBe(false);
    const error = captureError(() => table.column('z'));
    expect(error).toBeInstanceOf(MissingColumnError);
    expect(error.message).toBe('column "z" is not in the data; the data has "__proto__", "x"');
  });

  it('reads captured columns as it reads the arrays they replace', () => {
    const text =
      '{"x": [1.5, null, -2, 0], "g": ["b", "a", null, "\\u0062"], ' +
      '"f": [true, false, true, null], "e": [null, null, null, null]}';
    const captured = parseJson(text, underRoot) as Record<string, unknown>;
    expect(captured.x).toBeInstanceOf(CapturedColumn);
    expect(JSON.parse(JSON.stringify(captured))).toEqual(JSON.parse(text));
    expect([...(captured.g as CapturedColumn)]).toEqual(['b', 'a', null, 'b']);
    expectSameTable(
      () => new ColumnsTable(captured),
      () => new ColumnsTable(JSON.parse(text) as Record<string, unknown>),
    );
  });

  it('captures only arrays whose first element is a scalar, and nothing inside them', () => {
    const parsed = parseJson('{"a": [[1], 2], "b": [{"k": 1}], "c": [], "d": [1, [2, [3]]]}', underRoot) as Record<
      string,
      unknown
    >;
    expect(parsed.a).toEqual([[1], 2]);
    expect(parsed.b).toEqual([{ k: 1 }]);
    expect(parsed.c).toEqual([]);
    expect(parsed.d).toBeInstanceOf(CapturedColumn);
    expect((parsed.d as CapturedColumn).toJSON()).toEqual([1, [2, [3]]]);
  });

  it('gives ColumnsTable the same columns and errors over captured columns as over JSON.parse', () => {
    const cell = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => JSON.stringify(x)),
      fc.constantFrom('"a"', '"b"', '"\\u0061"', 'true', 'false', 'null', '1e999', '{}', '[1]'),
    );
    const member = fc.tuple(
      fc.constantFrom('x', 'y', 'g', '0', '__proto__', 'constructor'),
      fc.oneof(
        { weight: 8, arbitrary: fc.array(cell, { minLength: 1, maxLength: 5 }).map((cells) => `[${cells.join(',')}]`) },
        { weight: 1, arbitrary: fc.constantFrom('5', '"s"', '[]', '{}') },
      ),
    );
    const body = fc
      .array(member, { maxLength: 4 })
      .map((members) => `{${members.map(([key, value]) => `${JSON.stringify(key)}: ${value}`).join(', ')}}`);
    fc.assert(
      fc.property(
        body,
        fc.integer({ min: 1, max: 16 }),
        fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
        (text, size, maxColumns) => {
          const bytes = new TextEncoder().encode(text);
          const parser = new JsonStreamParser(underRoot);
          for (let i = 0; i < bytes.length; i += size) parser.write(bytes.subarray(i, i + size));
          const captured = parser.end() as Record<string, unknown>;
          expectSameTable(
            () => new ColumnsTable(captured, maxColumns),
            () => new ColumnsTable(JSON.parse(text) as Record<string, unknown>, maxColumns),
          );
        },
      ),
      { numRuns: 400 },
    );
  });
});
