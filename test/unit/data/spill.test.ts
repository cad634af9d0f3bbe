import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv, RecordsTable, type Column, type DataRecord, type DataTable } from '../../../src/data/index.js';
import type { TableChunk } from '../../../src/data/stream/chunks.js';
import { spillChunks, type ChunkSource } from '../../../src/data/stream/spill.js';
import { buildChunkedTrainingDesign, buildTrainingDesign } from '../../../src/formula/index.js';
import { fitLinearModel, fitRows } from '../../../src/stats/index.js';

/**
 * Chunks typed each on their own, spilled and read back, give the columns of the whole table
 * typed at once by the inline reader: kinds, values, levels (by value), missing counts and the
 * integer flag; and so the same fit.
 */

const directory = mkdtempSync(join(tmpdir(), 'spill-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** A CSV part cut into chunks of `chunkRows` rows, each parsed by the inline CSV reader alone. */
function csvChunks(part: string, header: string, lines: readonly string[], chunkRows: number): ChunkSource {
  return async function* (textColumns) {
    for (let start = 0; start < lines.length; start += chunkRows) {
      const rows = lines.slice(start, start + chunkRows);
      const table = parseCsv(`${header}\n${rows.join('\n')}\n`);
      yield chunkOf(part, start, asText(table, header.split(','), rows, textColumns));
    }
  };
}

/** The chunk's columns in `textColumns` as text levels, spelled as written (what a CSV reader asked for text gives). */
function asText(
  table: DataTable,
  names: readonly string[],
  rows: readonly string[],
  text: ReadonlySet<string>,
): DataTable {
  return {
    rowCount: table.rowCount,
    hasColumn: (name) => table.hasColumn(name),
    columnNames: () => table.columnNames(),
    column(name) {
      const column = table.column(name);
      if (!text.has(name) || column.kind !== 'numeric') return column;
      const index = names.indexOf(name);
      const levels: string[] = [];
      const codes = Int32Array.from(rows, (line) => {
        const cell = line.split(',')[index]!;
        if (cell === '') return -1;
        if (!levels.includes(cell)) levels.push(cell);
        return levels.indexOf(cell);
      });
      return { kind: 'categorical', name, codes, levels, missingCount: column.missingCount };
    },
  };
}

function chunkOf(part: string, firstRow: number, table: DataTable, infinite?: TableChunk['firstInfinite']): TableChunk {
  return {
    part,
    firstRow,
    rowCount: table.rowCount,
    hasColumn: (name) => table.hasColumn(name),
    columnNames: () => table.columnNames(),
    column: (name) => table.column(name),
    locate: (row) => `line ${firstRow + row + 2}`,
    ...(infinite ? { firstInfinite: infinite } : {}),
  };
}

function cells(column: Column): unknown[] {
  if (column.kind === 'numeric') return [...column.values];
  if (column.kind === 'categorical') return [...column.codes].map((c) => (c < 0 ? null : column.levels[c]));
  return Array.from({ length: column.length }, () => null);
}

const line = fc
  .tuple(
    fc.option(fc.integer({ min: -20, max: 20 }), { freq: 6 }),
    fc.double({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }),
    fc.option(fc.constantFrom('a', 'b', 'c'), { freq: 6 }),
    fc.oneof(fc.integer({ min: 1, max: 3 }).map(String), fc.constantFrom('x', '2')),
  )
  .map(([k, x, g, t]) => `${k ?? ''},${x},${g ?? ''},${t}`);

describe('spillChunks', () => {
  it('reads back what the inline reader types of the whole part, and fits the same', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 6, maxLength: 50 }),
        fc.integer({ min: 1, max: 20 }),
        async (lines, chunkRows) => {
          const header = 'k,x,g,t';
          const whole = parseCsv(`${header}\n${lines.join('\n')}\n`);
          const columns = ['k', 'x', 'g', 't'];
          const spilled = await spillChunks(csvChunks('p.csv', header, lines, chunkRows), {
            directory,
            columns,
            mixed: 'text',
          });
          try {
            for (const name of columns) {
              const expected = whole.column(name);
              const got: unknown[] = [];
              let missing = 0;
              let kind: string | undefined;
              let integer: boolean | undefined;
              for (let c = 0; c < spilled.chunkCount; c++) {
                const column = spilled.chunk(c).table().column(name);
                got.push(...cells(column));
                missing += spilled.chunk(c).missingCount(name);
                kind ??= column.kind;
                if (column.kind === 'numeric') integer = column.integer;
              }
              expect([name, kind]).toEqual([name, expected.kind]);
              expect(got).toEqual(cells(expected));
              expect(missing).toBe(expected.kind === 'empty' ? expected.length : expected.missingCount);
              if (expected.kind === 'numeric')
                expect(integer).toBe(expected.missingCount === 0 && expected.values.every(Number.isInteger));
            }
            const formula = 'x ~ k + C(g) + t';
            const options = { missing: 'drop' as const };
            const run = <T>(f: () => T): T | string => {
              try {
                return f();
              } catch (error) {
                return (error as Error).message;
              }
            };
            const a = run(() => {
              const d = buildTrainingDesign(formula, whole, options);
              const problem = { ...d, design: d.rows, columnNames: d.spec.columns };
              return fitLinearModel(problem, { covType: 'nonrobust', useT: true });
            });
            const b = run(() => {
              const d = buildChunkedTrainingDesign(formula, spilled, options);
              return fitRows({ rows: d.rows, columnNames: d.spec.columns }, { covType: 'nonrobust', useT: true });
            });
            expect(b).toEqual(a);
          } finally {
            spilled.close();
          }
        },
      ),
      { numRuns: 120, seed: 4 },
    );
    expect(readdirSync(directory)).toEqual([]);
  });

  it('reads the source again when a CSV column turns out to be text', async () => {
    const lines = ['1,1', '2,2', '3,3', '4,b', '5,5'];
    const spilled = await spillChunks(csvChunks('p.csv', 'y,t', lines, 2), {
      directory,
      columns: ['y', 't'],
      mixed: 'text',
    });
    expect(spilled.sourcePasses).toBe(2);
    const levels = [0, 1, 2].flatMap((c) => cells(spilled.chunk(c).table().column('t')));
    expect(levels).toEqual(['1', '2', '3', 'b', '5']);
    spilled.close();
  });

  it('refuses numbers and text in one NDJSON column, naming both places', async () => {
    const chunks: ChunkSource = async function* () {
      yield chunkOf('a.ndjson', 0, new RecordsTable([{ v: 1 }, { v: 2 }] as DataRecord[]));
      yield chunkOf('b.ndjson', 0, new RecordsTable([{ v: null }, { v: 'x' }] as DataRecord[]));
    };
    await expect(spillChunks(chunks, { directory, columns: ['v'], mixed: 'error' })).rejects.toThrow(
      'column "v" mixes types: part "a.ndjson", line 2 has a number but part "b.ndjson", line 3 has text',
    );
    expect(readdirSync(directory)).toEqual([]);
  });

  it('refuses a numeric column with a number beyond double range, and more levels than a factor may have', async () => {
    const infinite: ChunkSource = async function* () {
      const table = new RecordsTable([{ v: 1 }, { v: Number.MAX_VALUE }] as DataRecord[]);
      yield chunkOf('a.csv', 0, table, (name) => (name === 'v' ? { row: 1, text: '1e400' } : null));
    };
    await expect(spillChunks(infinite, { directory, columns: ['v'], mixed: 'text' })).rejects.toThrow(
      'part "a.csv", line 3, column "v": 1e400 is not a finite number (beyond the range of a double)',
    );
    const many: ChunkSource = async function* () {
      for (let c = 0; c < 3; c++)
        yield chunkOf('a.csv', c * 4, new RecordsTable(Array.from({ length: 4 }, (_, i) => ({ g: `l${c * 4 + i}` }))));
    };
    await expect(spillChunks(many, { directory, columns: ['g'], mixed: 'text', maxLevels: 9 })).rejects.toThrow(
      'column "g" has more than 9 distinct values (the 10th is at part "a.csv", line 11)',
    );
    expect(readdirSync(directory)).toEqual([]);
  });

  it('names a part that lacks a column', async () => {
    const chunks: ChunkSource = async function* () {
      yield chunkOf('a.csv', 0, new RecordsTable([{ v: 1, w: 2 }]));
      yield chunkOf('b.csv', 0, new RecordsTable([{ v: 1 }]));
    };
    await expect(spillChunks(chunks, { directory, columns: ['v', 'w'], mixed: 'text' })).rejects.toThrow(
      'part "b.csv": column "w" is not in the data; the data has "v"',
    );
  });
});
