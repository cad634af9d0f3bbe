import type { Column } from './Column.js';
import type { DataTable } from './DataTable.js';
import { MissingColumnError } from './errors.js';

/**
 * A table too large to hold, read as consecutive chunks of rows, in order, any number of times
 * (a dataset's columns spilled to disk, or a whole table cut into slices for tests). Its chunks'
 * columns agree with the whole table: a column has one kind throughout, a categorical column's
 * codes index the levels of the whole column, and a numeric column carries `integer` for the
 * whole column, so that a formula evaluated chunk by chunk sees what it would see whole.
 */
export interface ChunkedTable {
  readonly rowCount: number;
  readonly chunkCount: number;
  hasColumn(name: string): boolean;
  columnNames(): readonly string[];
  /** Chunk `index` (0 ≤ index < chunkCount). */
  chunk(index: number): TableSlice;
}

/** One chunk of a ChunkedTable. */
export interface TableSlice {
  /** Index of the chunk's first row in the whole table. */
  readonly firstRow: number;
  readonly rowCount: number;
  /** Missing cells of a column in this chunk, known without reading the column. */
  missingCount(name: string): number;
  /** The chunk's rows; its columns are read when first asked for. */
  table(): DataTable;
}

/** A table held whole, read in slices of `chunkRows` rows: for tests, and for tools comparing the two paths. */
export function sliceTable(table: DataTable, chunkRows: number): ChunkedTable {
  if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new RangeError('chunkRows must be a positive integer');
  const n = table.rowCount;
  const chunkCount = Math.ceil(n / chunkRows);
  const integer = new Map<string, boolean>();
  const integerOf = (name: string, values: Float64Array, missing: number): boolean => {
    let known = integer.get(name);
    if (known === undefined) {
      known = missing === 0 && values.every((v) => Number.isInteger(v));
      integer.set(name, known);
    }
    return known;
  };
  return {
    rowCount: n,
    chunkCount,
    hasColumn: (name) => table.hasColumn(name),
    columnNames: () => table.columnNames(),
    chunk(index) {
      if (!Number.isInteger(index) || index < 0 || index >= chunkCount) throw new RangeError(`no chunk ${index}`);
      const start = index * chunkRows;
      const end = Math.min(n, start + chunkRows);
      const slice = (name: string): Column => {
        const column = table.column(name);
        switch (column.kind) {
          case 'numeric': {
            const values = column.values.subarray(start, end);
            return {
              kind: 'numeric',
              name,
              values,
              missingCount: countNaN(values),
              integer: integerOf(name, column.values, column.missingCount),
            };
          }
          case 'categorical': {
            const codes = column.codes.subarray(start, end);
            let missing = 0;
            for (const code of codes) if (code < 0) missing++;
            return { kind: 'categorical', name, codes, levels: column.levels, missingCount: missing };
          }
          case 'empty':
            return { kind: 'empty', name, length: end - start };
          default: {
            const unreachable: never = column;
            return unreachable;
          }
        }
      };
      const columns = new Map<string, Column>();
      const columnOf = (name: string): Column => {
        let column = columns.get(name);
        if (!column) {
          if (!table.hasColumn(name)) throw new MissingColumnError(name, table.columnNames());
          column = slice(name);
          columns.set(name, column);
        }
        return column;
      };
      const view: DataTable = {
        rowCount: end - start,
        hasColumn: (name) => table.hasColumn(name),
        column: columnOf,
        columnNames: () => table.columnNames(),
      };
      return {
        firstRow: start,
        rowCount: end - start,
        missingCount(name) {
          const column = columnOf(name);
          return column.kind === 'empty' ? column.length : column.missingCount;
        },
        table: () => view,
      };
    },
  };
}

function countNaN(values: Float64Array): number {
  let missing = 0;
  for (const v of values) if (v !== v) missing++;
  return missing;
}
