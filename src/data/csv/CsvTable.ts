import type { Column } from '../Column.js';
import { MissingColumnError } from '../errors.js';
import type { DataTable } from '../DataTable.js';
import type { CsvColumn } from './CsvColumn.js';

/** A table read from CSV by `parseCsv`: columns by header name, typed as they were read. */
export class CsvTable implements DataTable {
  private readonly byName = new Map<string, CsvColumn>();
  private readonly cache = new Map<string, Column>();

  /** Made by `parseCsv` (and `parseCsvWindow`, which keeps infinite cells: see `CsvColumn.build`). */
  constructor(
    private readonly names: readonly string[],
    columns: readonly CsvColumn[],
    readonly rowCount: number,
    private readonly keepInfinite = false,
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
    const built = column.build(this.rowCount, this.keepInfinite);
    this.cache.set(name, built);
    return built;
  }

  /** The first cell of column `name` read as an infinite number, and its text, or null. */
  firstInfinite(name: string): { readonly row: number; readonly text: string } | null {
    const column = this.byName.get(name);
    if (column === undefined) throw new MissingColumnError(name, this.names);
    return column.firstInfinite();
  }

  columnNames(): readonly string[] {
    return this.names;
  }
}
