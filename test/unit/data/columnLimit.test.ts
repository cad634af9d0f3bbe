/**
 * MAX_COLUMNS bounds the distinct columns of the data, over all its rows (not per record), in
 * every shape; the streaming parser refuses as soon as one too many appears, before reading on.
 */
import { describe, expect, it } from 'vitest';
import {
  ColumnsTable,
  DataError,
  JsonStreamParser,
  parseCsv,
  RecordBatch,
  RecordsTable,
} from '../../../src/data/index.js';
import { captureError } from './support.js';

const encoder = new TextEncoder();

/** 60 records: the first with x, y and k0, each other with a key of its own (62 columns in all). */
const ROWS: Record<string, number>[] = Array.from({ length: 60 }, (_, i) =>
  i === 0 ? { x: 1, y: 2, k0: 0 } : { [`k${i}`]: i },
);
const TEXT = JSON.stringify(ROWS);

/** Row 39 (index 38) brings k38, the 41st distinct column. */
const EXPECTED = {
  reason: 'LIMIT_EXCEEDED',
  row: 38,
  message:
    'the data has more than 40 columns, beyond the limit of 40 (MAX_COLUMNS): ' +
    'column 41, "k38", first appears in row 39',
};

function captured(text: string, options: { maxColumns?: number } = {}): unknown {
  const parser = new JsonStreamParser({
    captureRecords: () => true,
    captureColumns: (path) => path[0] === 'columns',
    ...options,
  });
  parser.write(encoder.encode(text));
  return parser.end();
}

describe('MAX_COLUMNS over the whole data', () => {
  it('refuses plain records whose keys together pass the limit, naming the column and its row', () => {
    expect(captureError(() => new RecordsTable(ROWS, 40))).toMatchObject(EXPECTED);
    expect(new RecordsTable(ROWS, 62).columnNames()).toHaveLength(62);
  });

  it('refuses a captured batch the same way', () => {
    const batch = captured(TEXT) as RecordBatch;
    expect(captureError(() => batch.table(40))).toMatchObject(EXPECTED);
    expect(captureError(() => new RecordsTable([...batch], 40))).toMatchObject(EXPECTED);
    expect(batch.table(62).columnNames()).toHaveLength(62);
  });

  it('makes the streaming parser stop at the first column too many, before reading the rest', () => {
    const parser = new JsonStreamParser({ captureRecords: () => true, maxColumns: 40 });
    const bytes = encoder.encode(TEXT);
    const cut = TEXT.indexOf('"k45"');
    const error = captureError(() => parser.write(bytes.subarray(0, cut)));
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject(EXPECTED);
    // The parser is done: the rest is not read.
    expect(() => parser.write(bytes.subarray(cut))).toThrow(error.message);
  });

  it('counts distinct columns across every captured array of a body', () => {
    const spread = JSON.stringify({
      a: [{ x: 1, ...Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`a${i}`, i])) }],
      b: [Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`b${i}`, i]))],
    });
    expect(captureError(() => captured(spread, { maxColumns: 40 }))).toMatchObject({
      reason: 'LIMIT_EXCEEDED',
      message: expect.stringContaining('column 41, "b9"'),
    });
    // The same names twice are the same columns.
    const twice = JSON.stringify({ a: [{ x: 1, y: 2 }], b: [{ y: 3, x: 4 }], columns: { x: [1], y: [2] } });
    expect(captured(twice, { maxColumns: 2 })).toMatchObject({ a: expect.any(RecordBatch) });
  });

  it('makes the streaming parser stop at the array of a columns object one too many', () => {
    const columns = Object.fromEntries(Array.from({ length: 62 }, (_, i) => [`c${i}`, [i, i + 1]]));
    const error = captureError(() => captured(JSON.stringify({ columns }), { maxColumns: 40 }));
    expect(error).toMatchObject({
      reason: 'LIMIT_EXCEEDED',
      message: 'the data has more than 40 columns, beyond the limit of 40 (MAX_COLUMNS): column 41, "c40"',
    });
  });

  it('makes the streaming parser stop at the key one too many of an object counted as one record', () => {
    const record = Object.fromEntries(Array.from({ length: 62 }, (_, i) => [`c${i}`, i]));
    const parser = new JsonStreamParser({
      countKeys: (path) => path.length === 1 && path[0] === 'data',
      maxColumns: 40,
    });
    const error = captureError(() => parser.write(encoder.encode(JSON.stringify({ other: record, data: record }))));
    expect(error).toMatchObject({
      reason: 'LIMIT_EXCEEDED',
      message: expect.stringContaining('column 41, "c40", first appears in row 1'),
    });
    // Other objects, and a record within the limit, are read as JSON.parse reads them.
    const within = JSON.stringify({ other: record, data: { x: 1, y: { nested: [record] } } });
    const plain = new JsonStreamParser({ countKeys: (path) => path[0] === 'data', maxColumns: 2 });
    plain.write(encoder.encode(within));
    expect(plain.end()).toEqual(JSON.parse(within));
  });

  it('refuses a columns object and a CSV header with their count', () => {
    const columns = Object.fromEntries(Array.from({ length: 62 }, (_, i) => [`c${i}`, [i]]));
    expect(captureError(() => new ColumnsTable(columns, 40))).toMatchObject({
      reason: 'LIMIT_EXCEEDED',
      message: 'the data has 62 columns, beyond the limit of 40 (MAX_COLUMNS)',
    });
    const header = Object.keys(columns).join(',');
    expect(
      captureError(() =>
        parseCsv(
          `${header}\n${Object.keys(columns)
            .map(() => '1')
            .join(',')}\n`,
          { maxColumns: 40 },
        ),
      ),
    ).toMatchObject({
      reason: 'LIMIT_EXCEEDED',
      message: 'the CSV header has 62 columns, beyond the limit of 40 (MAX_COLUMNS)',
    });
  });
});
