import type { Column } from '../Column.js';
import { ColumnLimitError, DataError, MissingColumnError, rowLabel } from '../errors.js';
import type { DataTable } from '../DataTable.js';
import { type BatchContents, columnNamesOf } from './BatchContents.js';
import { buildColumn } from './buildColumn.js';

/**
 * A `DataTable` over a record batch, with the semantics and messages `RecordsTable` gives the
 * same records as plain objects: elements that are not objects and more distinct columns than
 * `maxColumns` are refused up front, columns are typed lazily and only when named.
 */
export class BatchTable implements DataTable {
  readonly rowCount: number;
  private names: readonly string[] | undefined;

  constructor(
    private readonly contents: BatchContents,
    maxColumns = Number.POSITIVE_INFINITY,
  ) {
    this.rowCount = contents.length;
    const notRecord = firstKey(contents.raws);
    const tooMany = contents.columns.length > maxColumns ? this.columnNames()[maxColumns]! : undefined;
    const tooManyRow = tooMany === undefined ? -1 : contents.byName.get(tooMany)!.firstRow;
    // RecordsTable checks row by row: whichever problem comes first is the one reported.
    if (notRecord >= 0 && (tooManyRow < 0 || notRecord < tooManyRow)) {
      throw new DataError(
        'NOT_A_RECORD',
        `${rowLabel(notRecord)} is not an object of column values`,
        undefined,
        notRecord,
      );
    }
    if (tooMany !== undefined) throw new ColumnLimitError(maxColumns, { name: tooMany, row: tooManyRow });
  }

  hasColumn(name: string): boolean {
    return this.contents.byName.has(name);
  }

  column(name: string): Column {
    const column = this.contents.byName.get(name);
    if (column === undefined) throw new MissingColumnError(name, this.columnNames());
    return buildColumn(column, this.rowCount);
  }

  columnNames(): readonly string[] {
    this.names ??= columnNamesOf(this.contents);
    return this.names;
  }
}

function firstKey(map: ReadonlyMap<number, unknown>): number {
  // Elements are added in index order, so the first key is the smallest.
  for (const key of map.keys()) return key;
  return -1;
}
