import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJson } from '../../../../src/data/json/parseJson.js';
import { RecordsTable } from '../../../../src/data/RecordsTable.js';
import { bytesByteSource } from '../../../../src/data/stream/bytesByteSource.js';
import { ndjsonPartReader } from '../../../../src/data/stream/ndjsonPartReader.js';
import { type Cell, cells, concatenated, readChunks } from './support.js';

const encoder = new TextEncoder();
const NAMES = ['x', 'g', 'b'];

/** Cells of one kind per column (so that most tables are valid), with nulls, and rarely a bad one. */
const kindCells = {
  x: fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => JSON.stringify(x)),
    fc.constant('1e400'),
  ),
  g: fc.constantFrom('"a"', '"b\\nc"', '"say \\"hi\\""', '"é"', '"1"'),
  b: fc.constantFrom('true', 'false', '{"nested": 1}'),
};

const record = fc
  .record({
    x: fc.option(kindCells.x, { freq: 4 }),
    g: fc.option(kindCells.g, { freq: 4 }),
    b: fc.option(kindCells.b, { freq: 4 }),
    absent: fc.subarray(NAMES),
    spaces: fc.constantFrom('', ' ', '\t'),
  })
  .map(({ x, g, b, absent, spaces }) => {
    const members = Object.entries({ x, g, b })
      .filter(([name]) => !absent.includes(name))
      .map(([name, value]) => `${spaces}"${name}":${spaces}${value ?? 'null'}`);
    return `{${members.join(',')}}`;
  });

const ndjson = fc
  .record({
    lines: fc.array(record, { maxLength: 20 }),
    ends: fc.array(fc.constantFrom('\n', '\r\n', '\n\n', '\n \n'), { minLength: 20, maxLength: 20 }),
    finalEnd: fc.boolean(),
  })
  .map(({ lines, ends, finalEnd }) => {
    let text = '';
    const lineOf: number[] = [];
    lines.forEach((line, index) => {
      lineOf.push(1 + (text.match(/\n/g) ?? []).length);
      text += line + (index < lines.length - 1 || finalEnd ? ends[index]! : '');
    });
    return { text, lines, lineOf };
  });

type Outcome = { cells: Cell[] } | { error: string };

function outcomeOf(action: () => Cell[]): Outcome {
  try {
    return { cells: action() };
  } catch (error) {
    return { error: (error as { reason: string }).reason };
  }
}

/** Whether non-missing cells have more than one JSON type. */
function mixesTypes(values: readonly Cell[]): boolean {
  return new Set(values.filter((value) => value !== null).map((value) => typeof value)).size > 1;
}

describe('ndjsonPartReader', () => {
  it('gives chunks whose concatenation is the inline records parse of the lines, lines located', async () => {
    await fc.assert(
      fc.asyncProperty(
        ndjson,
        fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 6 }), fc.constant(1000)),
        fc.integer({ min: 1, max: 50 }),
        async ({ text, lines, lineOf }, chunkRows, pieceBytes) => {
          const reader = ndjsonPartReader(bytesByteSource('p.ndjson', encoder.encode(text), { pieceBytes }));
          const chunks = await readChunks(reader, { columns: NAMES, chunkRows });
          const table = new RecordsTable(parseJson(`[${lines.join(',')}]`) as unknown[]);
          expect(chunks.reduce((sum, chunk) => sum + chunk.rowCount, 0)).toBe(lines.length);
          for (const name of NAMES) {
            const inline = outcomeOf(() => (table.hasColumn(name) ? cells(table.column(name)) : []));
            const streamed = outcomeOf(() => concatenated(chunks, name));
            if ('cells' in inline) {
              if (table.hasColumn(name)) expect(streamed).toEqual(inline);
            } else {
              // Each chunk is typed alone: a mix across chunks is the consumer's to find.
              expect('error' in streamed || mixesTypes((streamed as { cells: Cell[] }).cells)).toBe(true);
            }
          }
          const located = chunks.flatMap((chunk) =>
            Array.from({ length: chunk.rowCount }, (_, row) => chunk.locate(row)),
          );
          expect(located).toEqual(lineOf.map((line) => `line ${line}`));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lists the keys of the first lines as the column names', async () => {
    const reader = ndjsonPartReader(bytesByteSource('p.ndjson', encoder.encode('\n{"a":1}\n{"b":"x","a":2}\n')));
    expect(await reader.columnNames()).toEqual(['a', 'b']);
  });

  it('names the part, the line and the column of a bad record', async () => {
    const text = '{"x":1}\n\n{"x":"a"}\n';
    const mixed = await readChunks(ndjsonPartReader(bytesByteSource('s3://b/p.ndjson', encoder.encode(text))), {
      columns: ['x'],
    });
    expect(() => mixed[0]!.column('x')).toThrow(
      's3://b/p.ndjson: column "x" mixes types: line 1 has a number but line 3 has a string ("a")',
    );
    expect(() => mixed[0]!.column('x')).toThrow(expect.objectContaining({ reason: 'MIXED_TYPES', row: 1 }));
    const syntax = ndjsonPartReader(
      bytesByteSource('p.ndjson', encoder.encode('{"x":1}\n{"x":1,}\n'), { pieceBytes: 2 }),
    );
    await expect(readChunks(syntax, { columns: ['x'], chunkRows: 1 })).rejects.toThrow(
      "p.ndjson: malformed JSON at line 2, column 8 (byte 15): expected a property name in double quotes, found '}'",
    );
    const array = ndjsonPartReader(bytesByteSource('p.ndjson', encoder.encode('{"x":1}\n[1]\n')));
    await expect(readChunks(array, { columns: ['x'] })).rejects.toMatchObject({
      reason: 'NOT_A_RECORD',
      message: 'p.ndjson: NDJSON line 2 is not an object of column values',
    });
    const [chunk] = await readChunks(ndjsonPartReader(bytesByteSource('p.ndjson', encoder.encode('{"y":1}'))), {
      columns: ['x'],
    });
    expect(chunk!.hasColumn('x')).toBe(false);
    expect(chunk!.column('x')).toEqual({ kind: 'empty', name: 'x', length: 1 });
  });
});
