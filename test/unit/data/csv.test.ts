import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError, MissingColumnError, parseCsv } from '../../../src/data/index.js';
import { captureError, plainColumn } from './support.js';

function columnOf(text: string | Uint8Array, name: string): unknown {
  return plainColumn(parseCsv(text).column(name));
}

describe('parseCsv', () => {
  it('reads numeric and categorical columns, empty cells missing', () => {
    const table = parseCsv('x,g,y\n1.5,a,1\n,b,2\n-2,,3\n');
    expect(table.rowCount).toBe(3);
    expect(table.columnNames()).toEqual(['x', 'g', 'y']);
    expect(plainColumn(table.column('x'))).toEqual({ kind: 'numeric', name: 'x', values: [1.5, Number.NaN, -2], missingCount: 1 });
    expect(plainColumn(table.column('g'))).toEqual({
      kind: 'categorical',
      name: 'g',
      codes: [0, 1, -1],
      levels: ['a', 'b'],
      missingCount: 1,
    });
  });

  it('accepts numbers as spreadsheets write them, rounding exactly as Number()', () => {
    expect(columnOf('x\n+1\n.5\n5.\n1E5\n -2.5e-3 \n"7"\n0.1000000000000000055511151231257827\n', 'x')).toMatchObject({
      kind: 'numeric',
      values: [1, 0.5, 5, 1e5, -2.5e-3, 7, 0.1],
    });
  });

  it('types a column with any non-number as text levels, numbers spelled as written', () => {
    expect(columnOf('g\n1\n1.0\nNA\n1\ntrue\n', 'g')).toMatchObject({
      kind: 'categorical',
      codes: [0, 1, 2, 0, 3],
      levels: ['1', '1.0', 'NA', 'true'],
    });
    // Infinity and NaN are not finite numbers: text.
    expect(columnOf('g\n1\n1e999\n', 'g')).toMatchObject({ kind: 'categorical', levels: ['1', '1e999'] });
    expect(columnOf('g\na\n2\n', 'g')).toMatchObject({ kind: 'categorical', codes: [0, 1], levels: ['a', '2'] });
  });

  it('reports an all-empty column as empty', () => {
    expect(columnOf('x,y\n,1\n"",2\n', 'x')).toEqual({ kind: 'empty', name: 'x', length: 2 });
  });

  it('reads quoted fields with delimiters, doubled quotes and line ends inside', () => {
    const table = parseCsv('name,"say ""hi"""\r\n"a,b","x\r\ny"\r\n"""q""",z');
    expect(table.columnNames()).toEqual(['name', 'say "hi"']);
    expect(plainColumn(table.column('name'))).toMatchObject({ levels: ['a,b', '"q"'] });
    expect(plainColumn(table.column('say "hi"'))).toMatchObject({ levels: ['x\r\ny', 'z'] });
  });

  it('skips a byte order mark and blank lines, with or without a final line end', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('x,y\n1,2\n\n3,4')]);
    const table = parseCsv(bom);
    expect(table.columnNames()).toEqual(['x', 'y']);
    expect(plainColumn(table.column('y'))).toMatchObject({ values: [2, 4] });
    expect(parseCsv('x\r\n1\r\n2\r\n').rowCount).toBe(2);
    expect(parseCsv('x\r1\r2').rowCount).toBe(2);
    expect(parseCsv('x,y\n').rowCount).toBe(0);
  });

  it('reads other delimiters', () => {
    expect(plainColumn(parseCsv('x;y\n1;2\n', { delimiter: ';' }).column('y'))).toMatchObject({ values: [2] });
    expect(plainColumn(parseCsv('x\ty\n1\t2\n', { delimiter: '\t' }).column('y'))).toMatchObject({ values: [2] });
  });

  it.each([
    ['x,y\n1,2\n3\n', 'CSV data row 2 (line 3): has 1 field but the header has 2'],
    ['x,y\n1,2\n3,4,5,6\n', 'CSV data row 2 (line 3): has 4 fields but the header has 2'],
    ['x,y\n1,"2\n', 'CSV data row 1 (line 2), column "y": a quoted field is not closed (its opening quote is on line 2)'],
    ['x,y\n1,"2"3\n', "CSV data row 1 (line 2), column \"y\": expected the delimiter or a line end after a closing quote, found '3'"],
    ['x,y\n1,a"b\n', 'CSV data row 1 (line 2), column "y": a \'"\' inside an unquoted field; quote the whole field and double the quotes in it'],
    ['x,,y\n', 'CSV header (line 1), field 2: a column name is empty'],
    ['x,y,x\n', 'CSV header (line 1), field 3: column name "x" is used twice (fields 1 and 3)'],
    ['', 'the CSV is empty: it needs a header row naming the columns'],
    ['x,y\n"a\nb",1\n1,2,3\n', 'CSV data row 2 (line 4): has 3 fields but the header has 2'],
  ])('refuses %j', (text, message) => {
    const error = captureError(() => parseCsv(text));
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ reason: 'CSV_SYNTAX' });
    expect(error.message).toBe(message);
  });

  it('names the missing column and limits the columns', () => {
    expect(() => parseCsv('x\n1\n').column('z')).toThrow(MissingColumnError);
    expect(captureError(() => parseCsv('a,b,c\n', { maxColumns: 2 }))).toMatchObject({ reason: 'LIMIT_EXCEEDED', message: expect.stringContaining('3 columns') });
  });

  it('types random tables as a direct reading of the cells would', () => {
    const number = fc
      .tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 17 }))
      .chain(([x, k]) => fc.constantFrom(String(x), x.toExponential(k), x.toFixed(Math.min(k, 20)), `+${Math.abs(x)}`));
    const text = fc.constantFrom('a', 'b', 'é', 'x,y', 'say "hi"', 'two\nlines', ' ', 'NA', '1e999', 'true');
    const cell = fc.oneof({ weight: 4, arbitrary: number }, { weight: 2, arbitrary: text }, { weight: 1, arbitrary: fc.constant('') });
    const table = fc
      .integer({ min: 1, max: 4 })
      .chain((width) =>
        fc.tuple(
          fc.constant(width),
          fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 30 }),
          fc.array(fc.boolean(), { minLength: width, maxLength: width }),
        ),
      );
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r\n'), fc.boolean(), ([width, rows, numericOnly], newline, quoteAll) => {
        // Some columns hold only numbers and blanks, so that numeric columns are common.
        const cells = rows.map((row) => row.map((value, c) => (numericOnly[c] && Number.isNaN(Number(value)) ? '' : value)));
        const names = Array.from({ length: width }, (_, c) => `c${c}`);
        const quote = (value: string): string =>
          quoteAll || /[",\r\n]/.test(value) || (width === 1 && value === '') ? `"${value.replaceAll('"', '""')}"` : value;
        const csv = [names, ...cells].map((row) => row.map(quote).join(',')).join(newline) + newline;
        const parsed = parseCsv(csv);
        expect(parsed.rowCount).toBe(cells.length);
        names.forEach((name, c) => {
          const values = cells.map((row) => row[c]!);
          const present = values.filter((value) => value !== '');
          const numbers = present.every((value) => /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value) && Number.isFinite(Number(value)));
          const column = plainColumn(parsed.column(name));
          if (present.length === 0) expect(column).toEqual({ kind: 'empty', name, length: cells.length });
          else if (numbers) {
            expect(column).toEqual({
              kind: 'numeric',
              name,
              values: values.map((value) => (value === '' ? Number.NaN : Number(value))),
              missingCount: values.length - present.length,
            });
          } else {
            const levels = [...new Set(present)];
            expect(column).toEqual({
              kind: 'categorical',
              name,
              codes: values.map((value) => levels.indexOf(value)),
              levels,
              missingCount: values.length - present.length,
            });
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
