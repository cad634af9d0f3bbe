import type { Column } from '../column.js';
import { DataError, MissingColumnError, rowLabel } from '../errors.js';
import type { DataTable } from '../table.js';
import { type BatchContents, columnNamesOf } from './BatchContents.js';
import { buildColumn } from './buildColumn.js';

/**
 * A `DataTable` over a record batch, with the semantics and messages `RecordsTable` gives the
 * same records as plain objects: elements that are not objects and over-wide records are refused
 * up front, columns are typed lazily and only when named.
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
    const tooWide = maxColumns < Number.POSITIVE_INFINITY ? firstWiderThan(contents.widest, maxColumns) : -1;
    // RecordsTable checks row by row: whichever problem comes first is the one reported.
    if (notRecord >= 0 && (tooWide < 0 || notRecord < tooWide)) {
      throw new DataError('NOT_A_RECORD', `${rowLabel(notRecord)} is not an object of column values`, undefined, notRecord);
    }
    if (tooWide >= 0) {
      throw new DataError(
        'TOO_MANY_COLUMNS',
        `${rowLabel(tooWide)} has more than ${maxColumns.toLocaleString('en-US')} columns, the limit (MAX_COLUMNS)`,
        undefined,
        tooWide,
      );
    }
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

/** The first row with more than `limit` keys, from the record-breaking rows. */
function firstWiderThan(widest: readonly number[], limit: number): number {
  for (let i = 0; i < widest.length; i += 2) if (widest[i + 1]! > limit) return widest[i]!;
  return -1;
}
