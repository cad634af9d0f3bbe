import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_MISSING_MARKERS, DataError, MissingColumnError, parseCsv } from '../../../src/data/index.js';
import { captureError, plainColumn } from './support.js';

/** A cell the CSV reader reads as a number, finite or not: JSON's syntax loosened, or an infinity. */
function isNumber(cell: string): boolean {
  return /^[ \t]*[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf|infinity)[ \t]*$/i.test(cell);
}

/** A cell the CSV reader reads as missing: empty, or a marker, blanks around it aside. */
function isMissing(cell: string): boolean {
  return CSV_MISSING_MARKERS.includes(cell.replace(/^[ \t]+|[ \t]+$/g, ''));
}

function columnOf(text: string | Uint8Array, name: string): unknown {
  return plainColumn(parseCsv(text).column(name));
}

describe('parseCsv', () => {
  it('reads numeric and categorical columns, empty cells missing', () => {
    const table = parseCsv('x,g,y\n1.5,a,1\n,b,2\n-2,,3\n');
    expect(table.rowCount).toBe(3);
    expect(table.columnNames()).toEqual(['x', 'g', 'y']);
    expect(plainColumn(table.column('x'))).toEqual({
      kind: 'numeric',
      name: 'x',
      values: [1.5, Number.NaN, -2],
      missingCount: 1,
    });
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
      codes: [0, 1, -1, 0, 2],
      levels: ['1', '1.0', 'true'],
    });
    expect(columnOf('g\na\n2\n', 'g')).toMatchObject({ kind: 'categorical', codes: [0, 1], levels: ['a', '2'] });
    // Among text, a number beyond double range or an infinity is a level as written, like any number.
    expect(columnOf('g\n1\n1e999\ninf\nb\n', 'g')).toMatchObject({
      kind: 'categorical',
      levels: ['1', '1e999', 'inf', 'b'],
    });
  });

  it.each(CSV_MISSING_MARKERS.filter((marker) => marker !== ''))(
    'reads %j as missing, quoted or not, in numeric and text columns',
    (marker) => {
      const table = parseCsv(
        `x,g\n1,a\n${marker},${marker}\n"${marker}","${marker}"\n ${marker}\t,\t${marker} \n3,b\n`,
      );
      expect(plainColumn(table.column('x'))).toEqual({
        kind: 'numeric',
        name: 'x',
        values: [1, NaN, NaN, NaN, 3],
        missingCount: 3,
      });
      expect(plainColumn(table.column('g'))).toEqual({
        kind: 'categorical',
        name: 'g',
        codes: [0, -1, -1, -1, 1],
        levels: ['a', 'b'],
        missingCount: 3,
      });
      // A column of markers and blanks only is an all-missing column.
      expect(plainColumn(parseCsv(`x\n${marker}\n\n"${marker}"\n`).column('x'))).toEqual({
        kind: 'empty',
        name: 'x',
        length: 2,
      });
    },
  );

  it('reads the markers as missing also in rows read before a column turned out to be text', () => {
    expect(columnOf('g\n1\nNA\n2\nnull\na\nNone\n1\n', 'g')).toEqual({
      kind: 'categorical',
      name: 'g',
      codes: [0, -1, 1, -1, 2, -1, 0],
      levels: ['1', '2', 'a'],
      missingCount: 3,
    });
  });

  it('keeps other spellings as text', () => {
    expect(columnOf('g\nna\nNan\nNAN\nNull\nN A\n"N""A"\n#n/a\n', 'g')).toMatchObject({
      kind: 'categorical',
      levels: ['na', 'Nan', 'NAN', 'Null', 'N A', 'N"A', '#n/a'],
      missingCount: 0,
    });
  });

  it.each([
    ['1e400', '1e400 is not a finite number (beyond the range of a double)'],
    ['-1e400', '-1e400 is not a finite number (beyond the range of a double)'],
    [' 2e308 ', '2e308 is not a finite number (beyond the range of a double)'],
    ['inf', 'inf is not a finite number (an infinity)'],
    ['-Infinity', '-Infinity is not a finite number (an infinity)'],
    ['"+INF"', '+INF is not a finite number (an infinity)'],
  ])('refuses %j in a numeric column when the column is read, naming the row and the column', (cell, what) => {
    const table = parseCsv(`x,y\n1,2\nNA,3\n${cell},4\n5,1e400\n`);
    const error = captureError(() => table.column('x'));
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({
      reason: 'INVALID_VALUE',
      column: 'x',
      row: 2,
      message: `row 3, column "x": ${what}`,
    });
    // Other columns read as usual; the same column refuses again.
    expect(captureError(() => table.column('y'))).toMatchObject({ reason: 'INVALID_VALUE', row: 3 });
    expect(captureError(() => table.column('x')).message).toBe(error.message);
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
    [
      'x,y\n1,"2\n',
      'CSV data row 1 (line 2), column "y": a quoted field is not closed (its opening quote is on line 2)',
    ],
    [
      'x,y\n1,"2"3\n',
      'CSV data row 1 (line 2), column "y": expected the delimiter or a line end after a closing quote, found \'3\'',
    ],
    [
      'x,y\n1,a"b\n',
      'CSV data row 1 (line 2), column "y": a \'"\' inside an unquoted field; ' +
        'quote the whole field and double the quotes in it',
    ],
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
    expect(captureError(() => parseCsv('a,b,c\n', { maxColumns: 2 }))).toMatchObject({
      reason: 'LIMIT_EXCEEDED',
      message: expect.stringContaining('3 columns'),
    });
  });

  it('types random tables as a direct reading of the cells would', () => {
    const number = fc
      .tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 17 }))
      .chain(([x, k]) => fc.constantFrom(String(x), x.toExponential(k), x.toFixed(Math.min(k, 20)), `+${Math.abs(x)}`));
    const text = fc.constantFrom(
      'a',
      'b',
      'é',
      'x,y',
      'say "hi"',
      'two\nlines',
      ' ',
      'NA',
      ' null',
      'None',
      '1e999',
      '-inf',
      'true',
    );
    const cell = fc.oneof(
      { weight: 4, arbitrary: number },
      { weight: 2, arbitrary: text },
      { weight: 1, arbitrary: fc.constant('') },
    );
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
      fc.property(
        table,
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        ([width, rows, numericOnly], newline, quoteAll) => {
          // Some columns hold only numbers and blanks, so that numeric columns are common.
          const cells = rows.map((row) =>
            row.map((value, c) => (numericOnly[c] && !isNumber(value) && !isMissing(value) ? '' : value)),
          );
          const names = Array.from({ length: width }, (_, c) => `c${c}`);
          const quote = (value: string): string =>
            quoteAll || /[",\r\n]/.test(value) || (width === 1 && value === '')
              ? `"${value.replaceAll('"', '""')}"`
              : value;
          const csv = [names, ...cells].map((row) => row.map(quote).join(',')).join(newline) + newline;
          const parsed = parseCsv(csv);
          expect(parsed.rowCount).toBe(cells.length);
          names.forEach((name, c) => {
            const values = cells.map((row) => row[c]!);
            const present = values.filter((value) => !isMissing(value));
            const numbers = present.every(isNumber);
            const infinite = values.findIndex(
              (value) => isNumber(value) && !Number.isFinite(Number(value.replace(/inf$/i, 'Infinity'))),
            );
            if (present.length > 0 && numbers && infinite >= 0) {
              expect(captureError(() => parsed.column(name))).toMatchObject({
                reason: 'INVALID_VALUE',
                row: infinite,
                column: name,
              });
              return;
            }
            const column = plainColumn(parsed.column(name));
            if (present.length === 0) expect(column).toEqual({ kind: 'empty', name, length: cells.length });
            else if (numbers) {
              expect(column).toEqual({
                kind: 'numeric',
                name,
                values: values.map((value) => (isMissing(value) ? Number.NaN : Number(value))),
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
        },
      ),
      { numRuns: 300 },
    );
  });
});
