import { RecordsTable, type DataTable } from '../data/index.js';

/** Rows as the client sent them; more shapes (columns, CSV) parse to the same table. */
export type DataInput =
  | { readonly kind: 'records'; readonly rows: readonly unknown[] }
  | { readonly kind: 'table'; readonly table: DataTable };

/** The typed table behind an input. */
export function toDataTable(input: DataInput): DataTable {
  switch (input.kind) {
    case 'records':
      return new RecordsTable(input.rows);
    case 'table':
      return input.table;
    default: {
      const unreachable: never = input;
      return unreachable;
    }
  }
}
