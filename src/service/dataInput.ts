import { RecordsTable, type DataTable } from '../data/index.js';

/** Rows as the client sent them; more shapes (columns, CSV) parse to the same table. */
export type DataInput =
  | { readonly kind: 'records'; readonly rows: readonly unknown[] }
  | { readonly kind: 'table'; readonly table: DataTable };

/** How many rows an input holds, known before any parsing. */
export function rowCountOf(input: DataInput): number {
  return input.kind === 'records' ? input.rows.length : input.table.rowCount;
}

/** The typed table behind an input; `maxColumns` bounds the columns of any row. */
export function toDataTable(input: DataInput, maxColumns: number): DataTable {
  switch (input.kind) {
    case 'records':
      return new RecordsTable(input.rows, maxColumns);
    case 'table':
      return input.table;
    default: {
      const unreachable: never = input;
      return unreachable;
    }
  }
}
