import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../src/data/csv/parseCsv.js';
import { DataError } from '../../../../src/data/errors.js';
import { bytesByteSource } from '../../../../src/data/stream/bytesByteSource.js';
import type { TableChunk } from '../../../../src/data/stream/chunks.js';
import { csvPartReader } from '../../../../src/data/stream/csvPartReader.js';
import { cells, concatenated, readChunks, textInSomeChunk } from './support.js';

const encoder = new TextEncoder();

/** Cells as CSV text: numbers in several spellings, levels that need quotes, missing markers, infinities. */
const cellText = fc.oneof(
  { weight: 6, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String) },
  { weight: 3, arbitrary: fc.integer({ min: -99, max: 99 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom(' 1.5 ', '+2', '.5', '5.', '1E3', '007') },
  { weight: 3, arbitrary: fc.constantFrom('a', 'b', 'é', 'x y', 'true') },
  { weight: 2, arbitrary: fc.constantFrom('"a,b"', '"line\nbreak"', '"cr\r\nlf"', '"say ""hi"""', '"lone\rcr"') },
  { weight: 2, arbitrary: fc.constantFrom('', '""', 'NA', ' NaN ', '"null"') },
  { weight: 1, arbitrary: fc.constantFrom('1e400', '-inf', 'Infinity') },
  { weight: 1, arbitrary: fc.constantFrom('"1"', '"2.5"') },
);

const NAMES = ['x', 'g', 'y z', 'w'];

/** A CSV text and the offset where each data record starts. */
const csvText = fc
  .record({
    width: fc.integer({ min: 1, max: 4 }),
    rows: fc.array(fc.array(cellText, { minLength: 4, maxLength: 4 }), { maxLength: 24 }),
    ends: fc.array(fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\r\n\r\n'), { minLength: 25, maxLength: 25 }),
    bom: fc.boolean(),
    finalEnd: fc.boolean(),
  })
  .map(({ width, rows, ends, bom, finalEnd }) => {
    let text =
      (bom ? '\uFEFF' : '') +
      NAMES.slice(0, width)
        .map((name) => (name.includes(' ') ? `"${name}"` : name))
        .join(',');
    const starts: number[] = [];
    rows.forEach((row, index) => {
      text += ends[index]!;
      // A record of one empty cell is a blank line, which is no record.
      const cellsOfRow = row
        .slice(0, width)
        .map((cell, column) => (width === 1 && cell === '' && column === 0 ? '""' : cell));
      starts.push(text.length);
      text += cellsOfRow.join(',');
    });
    if (finalEnd) text += ends[rows.length]!;
    return { text, starts, names: NAMES.slice(0, width) };
  });

/** The line (1-based) of each offset, counting LF, CRLF and a lone CR as one line end. */
function linesAt(text: string, offsets: readonly number[]): number[] {
  return offsets.map((offset) => 1 + (text.slice(0, offset).match(/\r\n|\n|\r/g) ?? []).length);
}

/** The whole text parsed inline, column by column: cells, or the error's reason and row. */
function inline(text: string, names: readonly string[]) {
  const table = parseCsv(text);
  return names.map((name) => {
    try {
      return { cells: cells(table.column(name)) };
    } catch (error) {
      return { error: { reason: (error as DataError).reason, row: (error as DataError).row } };
    }
  });
}

/** The chunks' view of each column: cells after reading text columns again, or the first infinite cell. */
async function streamed(
  text: string,
  names: readonly string[],
  read: { chunkRows: number; pieceBytes?: number; cuts?: number[]; softBytes?: number },
) {
  const source = bytesByteSource('part.csv', encoder.encode(text), read);
  const windows = read.softBytes ? { softBytes: read.softBytes, hardBytes: 1 << 20 } : undefined;
  const reader = csvPartReader(source, { windows });
  const first = await readChunks(reader, { columns: names, chunkRows: read.chunkRows });
  const textColumns = textInSomeChunk(first, names);
  const chunks =
    textColumns.size > 0 ? await readChunks(reader, { columns: names, chunkRows: read.chunkRows, textColumns }) : first;
  return {
    chunks,
    columns: names.map((name) => {
      const infinite = firstInfinite(chunks, name);
      if (infinite !== null && !textColumns.has(name)) return { error: { reason: 'INVALID_VALUE', row: infinite } };
      return { cells: concatenated(chunks, name) };
    }),
  };
}

function firstInfinite(chunks: readonly TableChunk[], name: string): number | null {
  for (const chunk of chunks) {
    const found = chunk.firstInfinite!(name);
    if (found !== null) return chunk.firstRow + found.row;
  }
  return null;
}

const chunkRows = fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 7 }), fc.constant(65_536));

describe('csvPartReader', () => {
  it('gives chunks whose concatenation is the inline parse of the whole text, lines located', async () => {
    await fc.assert(
      fc.asyncProperty(
        csvText,
        chunkRows,
        fc.integer({ min: 1, max: 64 }),
        fc.option(fc.integer({ min: 1, max: 40 })),
        async ({ text, starts, names }, rows, pieceBytes, softBytes) => {
          const { chunks, columns } = await streamed(text, names, {
            chunkRows: rows,
            pieceBytes,
            softBytes: softBytes ?? undefined,
          });
          expect(columns).toEqual(inline(text, names));
          expect(chunks.map((chunk) => chunk.firstRow)).toEqual(
            chunks.map((_, index) => chunks.slice(0, index).reduce((sum, chunk) => sum + chunk.rowCount, 0)),
          );
          if (rows === 1) expect(chunks.every((chunk) => chunk.rowCount === 1)).toBe(true);
          const located = chunks.flatMap((chunk) =>
            Array.from({ length: chunk.rowCount }, (_, row) => chunk.locate(row)),
          );
          expect(located).toEqual(linesAt(text, starts).map((line) => `line ${line}`));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads the same whichever byte the stream is split at', async () => {
    const text = '\uFEFFx,g\r\n1,"a,\nb"\n\n2.5,"say ""hi"""\r3,\n"4",b\nNA,"c\r\nd"';
    const names = ['x', 'g'];
    const expected = inline(text, names);
    const length = encoder.encode(text).length;
    for (let cut = 0; cut <= length; cut++) {
      for (const rows of [1, 2, 100]) {
        const { columns, chunks } = await streamed(text, names, { chunkRows: rows, cuts: [cut] });
        expect(columns).toEqual(expected);
        expect(
          chunks.flatMap((chunk) => Array.from({ length: chunk.rowCount }, (_, row) => chunk.locate(row))),
        ).toEqual(['line 2', 'line 5', 'line 6', 'line 7', 'line 8']);
      }
    }
  });

  it('types only the columns asked for, and reads text columns as levels from their first cell', async () => {
    const reader = csvPartReader(bytesByteSource('p.csv', encoder.encode('a,b,c\n1,x,2\n3,y,4\n')));
    expect(await reader.columnNames()).toEqual(['a', 'b', 'c']);
    const [chunk] = await readChunks(reader, { columns: ['c', 'a'], textColumns: new Set(['a']) });
    expect(chunk!.columnNames()).toEqual(['c', 'a']);
    expect(chunk!.hasColumn('b')).toBe(false);
    expect(chunk!.column('c')).toMatchObject({ kind: 'numeric', values: new Float64Array([2, 4]) });
    expect(chunk!.column('a')).toMatchObject({ kind: 'categorical', levels: ['1', '3'] });
  });

  it('keeps an infinite cell in a numeric chunk and says where it is', async () => {
    const reader = csvPartReader(bytesByteSource('p.csv', encoder.encode('x\n1\n2\n1e400\n-inf\n')));
    const chunks = await readChunks(reader, { columns: ['x'], chunkRows: 2 });
    expect(chunks[0]!.firstInfinite!('x')).toBeNull();
    expect(chunks[1]!.firstInfinite!('x')).toEqual({ row: 0, text: '1e400' });
    expect([...(chunks[1]!.column('x') as { values: Float64Array }).values]).toEqual([Infinity, -Infinity]);
  });

  it('names the part, the row, the line and the column of a bad record in a later window', async () => {
    const text = 'x,g\n1,a\n2,"b\nc"\n3,d"e\n';
    const reader = csvPartReader(bytesByteSource('s3://bucket/part-0001.csv', encoder.encode(text), { pieceBytes: 3 }));
    const error = await readChunks(reader, { columns: ['x'], chunkRows: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ reason: 'CSV_SYNTAX', column: 'g', row: 2 });
    expect((error as Error).message).toBe(
      's3://bucket/part-0001.csv: CSV data row 3 (line 5), column "g": ' +
        "a '\"' inside an unquoted field; quote the whole field and double the quotes in it",
    );
    const short = csvPartReader(bytesByteSource('p.csv', encoder.encode('x,g\n1,a\n2\n')));
    await expect(readChunks(short, { columns: ['x'] })).rejects.toThrow(
      'p.csv: CSV data row 2 (line 3): has 1 field but the header has 2',
    );
    const open = csvPartReader(bytesByteSource('p.csv', encoder.encode('x\n1\n"2\n3\n')));
    await expect(readChunks(open, { columns: ['x'], chunkRows: 1 })).rejects.toThrow(
      'p.csv: CSV data row 2 (line 3), column "x": a quoted field is not closed (its opening quote is on line 3)',
    );
  });

  it('refuses a column the header lacks, an empty part, and a record beyond the window bound', async () => {
    const reader = csvPartReader(bytesByteSource('p.csv', encoder.encode('a,b\n1,2\n')));
    await expect(readChunks(reader, { columns: ['c'] })).rejects.toMatchObject({
      reason: 'MISSING_COLUMN',
      column: 'c',
      message: 'p.csv: column "c" is not in the data; the data has "a", "b"',
    });
    await expect(
      readChunks(csvPartReader(bytesByteSource('e.csv', encoder.encode('\n\r\n'))), { columns: [] }),
    ).rejects.toThrow('the CSV part e.csv is empty: it needs a header row naming the columns');
    const long = csvPartReader(bytesByteSource('l.csv', encoder.encode(`a\n${'1'.repeat(100)}\n`), { pieceBytes: 4 }), {
      windows: { softBytes: 8, hardBytes: 32 },
    });
    await expect(readChunks(long, { columns: ['a'] })).rejects.toThrow(
      'l.csv: CSV line 2: a record is longer than 32 bytes',
    );
  });
});
