import fc from 'fast-check';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { RecordsTable } from '../../../../src/data/RecordsTable.js';
import { bytesByteSource } from '../../../../src/data/stream/bytesByteSource.js';
import { parquetPartReader } from '../../../../src/data/stream/parquetPartReader.js';
import { cells, concatenated, readChunks } from './support.js';

type Written = {
  name: string;
  data: unknown[];
  /** Written REQUIRED (hyparquet decodes it to a typed array), else OPTIONAL. */
  required?: boolean;
  type: 'DOUBLE' | 'INT32' | 'INT64' | 'FLOAT' | 'STRING' | 'BOOLEAN';
};

/** A table of every supported type, with nulls, written by hyparquet-writer. */
const table = fc.integer({ min: 0, max: 60 }).chain((rows) =>
  fc.record({
    rows: fc.constant(rows),
    x: fc.array(fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { freq: 5 }), {
      minLength: rows,
      maxLength: rows,
    }),
    n: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: rows, maxLength: rows }),
    big: fc.array(fc.option(fc.bigInt({ min: -(2n ** 53n), max: 2n ** 53n })), { minLength: rows, maxLength: rows }),
    f: fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: rows, maxLength: rows }),
    s: fc.array(fc.option(fc.constantFrom('a', 'b', 'é', '', 'long text, with "quotes"')), {
      minLength: rows,
      maxLength: rows,
    }),
    b: fc.array(fc.option(fc.boolean()), { minLength: rows, maxLength: rows }),
    rowGroupSize: fc.integer({ min: 1, max: 25 }),
    codec: fc.constantFrom('SNAPPY' as const, 'UNCOMPRESSED' as const),
  }),
);

function write(columns: readonly Written[], options: { rowGroupSize?: number; codec?: 'SNAPPY' | 'UNCOMPRESSED' }) {
  const buffer = parquetWriteBuffer({
    columnData: columns.map(({ name, data, type, required }) => ({ name, data, type, nullable: !required })),
    rowGroupSize: options.rowGroupSize,
    codec: options.codec,
  });
  return new Uint8Array(buffer);
}

describe('parquetPartReader', () => {
  it('gives chunks whose concatenation is the written table, typed as records are', async () => {
    await fc.assert(
      fc.asyncProperty(
        table,
        fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 9 }), fc.constant(1000)),
        async (t, chunkRows) => {
          const columns: Written[] = [
            { name: 'x', data: t.x, type: 'DOUBLE' },
            { name: 'n', data: t.n, type: 'INT32', required: true },
            { name: 'big', data: t.big, type: 'INT64' },
            { name: 'f', data: t.f, type: 'FLOAT', required: true },
            { name: 's', data: t.s, type: 'STRING' },
            { name: 'b', data: t.b, type: 'BOOLEAN' },
          ];
          const reader = parquetPartReader(bytesByteSource('p.parquet', write(columns, t)));
          expect(await reader.columnNames()).toEqual(columns.map((column) => column.name));
          const asked = ['s', 'x', 'big', 'b', 'f', 'n'];
          const chunks = await readChunks(reader, { columns: asked, chunkRows });
          const records = Array.from({ length: t.rows }, (_, row) =>
            Object.fromEntries(
              columns.map(({ name, data }) => [name, typeof data[row] === 'bigint' ? Number(data[row]) : data[row]]),
            ),
          );
          const reference = new RecordsTable(records);
          for (const name of asked) {
            expect(concatenated(chunks, name)).toEqual(t.rows === 0 ? [] : cells(reference.column(name)));
          }
          let firstRow = 0;
          const located: string[] = [];
          for (const chunk of chunks) {
            expect(chunk.firstRow).toBe(firstRow);
            expect(chunk.rowCount).toBeLessThanOrEqual(chunkRows);
            firstRow += chunk.rowCount;
            for (let row = 0; row < chunk.rowCount; row++) located.push(chunk.locate(row));
          }
          expect(firstRow).toBe(t.rows);
          expect(located).toEqual(
            Array.from(
              { length: t.rows },
              (_, row) => `row group ${Math.floor(row / t.rowGroupSize) + 1}, row ${(row % t.rowGroupSize) + 1}`,
            ),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads missing NaN, and refuses an infinity naming the part, row group, row and column', async () => {
    const bytes = write([{ name: 'x', data: [1, Number.NaN, 3, Number.POSITIVE_INFINITY], type: 'DOUBLE' }], {
      rowGroupSize: 2,
    });
    const chunks = await readChunks(parquetPartReader(bytesByteSource('s3://b/p.parquet', bytes)), { columns: ['x'] });
    expect(cells(chunks[0]!.column('x'))).toEqual([1, null]);
    expect(() => chunks[1]!.column('x')).toThrow(
      's3://b/p.parquet: row group 2, row 2, column "x": Infinity is not a finite number ' +
        '(beyond the range of a double)',
    );
    expect(() => chunks[1]!.column('x')).toThrow(
      expect.objectContaining({ reason: 'INVALID_VALUE', row: 3, column: 'x' }),
    );
  });

  it('refuses a missing column, a truncated file and a corrupt page clearly', async () => {
    const bytes = write([{ name: 'x', data: Array.from({ length: 100 }, (_, i) => i * 1.5), type: 'DOUBLE' }], {
      codec: 'UNCOMPRESSED',
    });
    await expect(
      readChunks(parquetPartReader(bytesByteSource('p.parquet', bytes)), { columns: ['y'] }),
    ).rejects.toThrow('p.parquet: column "y" is not in the data; the data has "x"');
    const truncated = parquetPartReader(bytesByteSource('t.parquet', bytes.subarray(0, bytes.length - 10)));
    await expect(readChunks(truncated, { columns: ['x'] })).rejects.toMatchObject({
      name: 'DataError',
      reason: 'INVALID_VALUE',
      message: expect.stringMatching(/^t\.parquet: not a readable Parquet file \(truncated or corrupt\?\): its footer/),
    });
    const corrupt = bytes.slice();
    corrupt.fill(0xff, 4, 40);
    const error = await readChunks(parquetPartReader(bytesByteSource('c.parquet', corrupt)), { columns: ['x'] }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      reason: 'INVALID_VALUE',
      message: expect.stringMatching(/^c\.parquet: not a readable Parquet file .*: row group 1 cannot be read/),
    });
  });
});
