import { CapturedColumn } from './CapturedColumn.js';
import type { Column } from './Column.js';
import { ColumnBuilder } from './ColumnBuilder.js';
import { ColumnLimitError, DataError, MissingColumnError } from './errors.js';
import type { DataTable } from './DataTable.js';

/**
 * A table over a columns object, `{"x": [1, 2, …], "g": ["a", …]}`: each own key is a column and
 * its array the cells in row order, typed by the same rules (and with the same errors) as records.
 * Every array must have the same length. An array may also be a `CapturedColumn` (the parser read
 * it straight into typed storage): it reads the same, without a JS value per cell.
 */
export class ColumnsTable implements DataTable {
  readonly rowCount: number;
  private readonly cache = new Map<string, Column>();
  private readonly names: readonly string[];

  /** `maxColumns` bounds the number of columns. */
  constructor(
    private readonly columns: Readonly<Record<string, unknown>>,
    maxColumns = Number.POSITIVE_INFINITY,
  ) {
    if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) {
      throw new DataError('INVALID_VALUE', 'columns must be an object of arrays, one per column');
    }
    this.names = Object.keys(columns);
    if (this.names.length > maxColumns) throw new ColumnLimitError(maxColumns, { count: this.names.length });
    let first: string | undefined;
    let rowCount = 0;
    for (const name of this.names) {
      const cells = columns[name];
      if (!Array.isArray(cells) && !(cells instanceof CapturedColumn)) {
        throw new DataError('INVALID_VALUE', `column ${JSON.stringify(name)} is not an array of cells`, name);
      }
      if (first === undefined) {
        first = name;
        rowCount = cells.length;
      } else if (cells.length !== rowCount) {
        throw new DataError(
          'RAGGED_COLUMNS',
          `column ${JSON.stringify(name)} has ${cells.length.toLocaleString('en-US')} values but column ` +
            `${JSON.stringify(first)} has ${rowCount.toLocaleString('en-US')}; every column needs one value per row`,
          name,
        );
      }
    }
    this.rowCount = rowCount;
  }

  hasColumn(name: string): boolean {
    return Object.hasOwn(this.columns, name);
  }

  column(name: string): Column {
    const cached = this.cache.get(name);
    if (cached) return cached;
    if (!this.hasColumn(name)) throw new MissingColumnError(name, this.names);
    const cells = this.columns[name];
    const column =
      cells instanceof CapturedColumn
        ? cells.column(name)
        : (numericColumn(name, cells as readonly unknown[]) ?? typedColumn(name, cells as readonly unknown[]));
    this.cache.set(name, column);
    return column;
  }

  columnNames(): readonly string[] {
    return this.names;
  }
}

/** The common case, an array of finite numbers (and nulls), without a builder call per cell. */
function numericColumn(name: string, cells: readonly unknown[]): Column | undefined {
  const values = new Float64Array(cells.length);
  let missing = 0;
  let numbers = 0;
  for (let row = 0; row < cells.length; row++) {
    const cell = cells[row];
    if (typeof cell === 'number') {
      if (cell - cell !== 0) return undefined;
      values[row] = cell;
      numbers++;
    } else if (cell === null || cell === undefined) {
      values[row] = Number.NaN;
      missing++;
    } else return undefined;
  }
  return numbers === 0 ? undefined : { kind: 'numeric', name, values, missingCount: missing };
}

function typedColumn(name: string, cells: readonly unknown[]): Column {
  const builder = new ColumnBuilder(name, cells.length);
  for (let row = 0; row < cells.length; row++) builder.add(row, cells[row]);
  return builder.build();
}
