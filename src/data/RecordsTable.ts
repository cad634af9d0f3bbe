import type { Column } from './Column.js';
import { ColumnBuilder } from './ColumnBuilder.js';
import { ColumnLimitError, DataError, MissingColumnError, rowLabel } from './errors.js';
import { RecordBatch } from './batch/RecordBatch.js';
import type { DataTable } from './DataTable.js';

/** A record: one row as a JSON object. */
export type DataRecord = Readonly<Record<string, unknown>>;

/**
 * A table over an array of JSON records (the seed's `data` shape). A key absent from a row is
 * a missing cell there; a key absent from every row is a missing column.
 *
 * Rows may also be the row views of a `RecordBatch` (what GraphQL hands a resolver when the
 * parser captured the array): all of one batch in order reads the batch's columns; any other mix
 * is materialized row by row first.
 */
export class RecordsTable implements DataTable {
  readonly rowCount: number;
  private readonly cache = new Map<string, Column>();
  private names: readonly string[] | undefined;
  private readonly rows: readonly unknown[];
  private readonly batch: DataTable | undefined;

  /** `maxColumns` bounds the distinct keys of all the rows together: the columns of the table. */
  constructor(rows: readonly unknown[], maxColumns = Number.POSITIVE_INFINITY) {
    this.rowCount = rows.length;
    const batch = RecordBatch.fromRows(rows);
    if (batch !== undefined) {
      this.batch = batch.table(maxColumns);
      this.rows = [];
      return;
    }
    if (rows.some((row) => RecordBatch.isRowView(row))) rows = rows.map((row) => RecordBatch.materializeRow(row));
    this.rows = rows;
    const names = maxColumns < Number.POSITIVE_INFINITY ? new Set<string>() : undefined;
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index];
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        throw new DataError('NOT_A_RECORD', `${rowLabel(index)} is not an object of column values`, undefined, index);
      }
      if (names) addKeys(names, row, maxColumns, index);
    }
    if (names) this.names = [...names];
  }

  hasColumn(name: string): boolean {
    if (this.batch) return this.batch.hasColumn(name);
    return this.rows.some((row) => Object.hasOwn(row as object, name));
  }

  column(name: string): Column {
    if (this.batch) return this.batch.column(name);
    const cached = this.cache.get(name);
    if (cached) return cached;
    if (!this.hasColumn(name)) throw new MissingColumnError(name, this.columnNames());
    const builder = new ColumnBuilder(name, this.rowCount);
    const rows = this.rows as readonly DataRecord[];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      // Own properties only: a column named "constructor" must not read Object.prototype.
      if (Object.hasOwn(row, name)) builder.add(i, row[name]);
      else builder.addMissing(i);
    }
    const column = builder.build();
    this.cache.set(name, column);
    return column;
  }

  columnNames(): readonly string[] {
    if (this.batch) return this.batch.columnNames();
    if (!this.names) {
      const seen = new Set<string>();
      for (const row of this.rows) for (const key of Object.keys(row as object)) seen.add(key);
      this.names = [...seen];
    }
    return this.names;
  }
}

/** Adds the own keys of `row` (index `index`) to `names`, refusing the first beyond `limit`. */
function addKeys(names: Set<string>, row: object, limit: number, index: number): void {
  for (const key of Object.keys(row)) {
    if (names.has(key)) continue;
    if (names.size >= limit) throw new ColumnLimitError(limit, { name: key, row: index });
    names.add(key);
  }
}
