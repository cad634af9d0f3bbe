import type { Column } from './Column.js';

/**
 * A read-only table of named, typed columns: what the formula module reads.
 * Implementations build columns lazily, so only the columns a formula names are ever typed.
 */
export interface DataTable {
  readonly rowCount: number;
  /** Whether some row has this column. */
  hasColumn(name: string): boolean;
  /** The typed column; throws a `DataError` naming the column (and row) when it is absent or its cells disagree. */
  column(name: string): Column;
  /** Column names, for messages and for listing what the data offers. */
  columnNames(): readonly string[];
}
