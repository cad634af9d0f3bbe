import type { Column } from '../../../../src/data/Column.js';
import type { DataTable } from '../../../../src/data/DataTable.js';
import type { ChunkReadOptions, PartReader, TableChunk } from '../../../../src/data/stream/chunks.js';

/** A cell as plain data: a number (NaN aside), a level, or null when missing. */
export type Cell = number | string | boolean | null;

/** The cells of a column in row order. */
export function cells(column: Column): Cell[] {
  switch (column.kind) {
    case 'numeric':
      return [...column.values].map((value) => (Number.isNaN(value) ? null : value));
    case 'categorical':
      return [...column.codes].map((code) => (code < 0 ? null : column.levels[code]!));
    case 'empty':
      return new Array<Cell>(column.length).fill(null);
  }
}

/** Every chunk a reader gives. */
export async function readChunks(reader: PartReader, options: ChunkReadOptions): Promise<TableChunk[]> {
  const chunks: TableChunk[] = [];
  for await (const chunk of reader.chunks(options)) chunks.push(chunk);
  return chunks;
}

/** The chunks' cells of `name`, concatenated. */
export function concatenated(chunks: readonly TableChunk[], name: string): Cell[] {
  return chunks.flatMap((chunk) => cells(chunk.column(name)));
}

/** The names whose column is categorical in some chunk (they must be read again as text). */
export function textInSomeChunk(chunks: readonly TableChunk[], names: readonly string[]): Set<string> {
  return new Set(names.filter((name) => chunks.some((chunk) => chunk.column(name).kind === 'categorical')));
}

/** Cells of a whole table's column, or the error it gives. */
export function tableCells(table: DataTable, name: string): Cell[] {
  return cells(table.column(name));
}
