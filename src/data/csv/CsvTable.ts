import type { Column } from '../Column.js';
import { MissingColumnError } from '../errors.js';
import type { DataTable } from '../DataTable.js';
import type { CsvColumn } from './CsvColumn.js';

/** A table read from CSV by `parseCsv`: columns by header name, typed as they were read. */
export class CsvTable implements DataTable {
  private readonly byName = new Map<string, CsvColumn>();
  private readonly cache = new Map<string, Column>();

  /** Made by `parseCsv`. */
  constructor(
    private readonly names: readonly string[],
    columns: readonly CsvColumn[],
    readonly rowCount: number,
  ) {
    for (const column of columns) this.byName.set(column.name, column);
  }

  hasColumn(name: string): boolean {
    return this.byName.has(name);
  }

  column(name: string): Column {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const column = this.byName.get(name);
    if (column === undefined) throw new MissingColumnError(name, this.names);
    const built = column.build(this.rowCount);
    this.cache.set(name, built);
    return built;
  }

  columnNames(): readonly string[] {
    return this.names;
  }
}
