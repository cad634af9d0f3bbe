import { ColumnLimitError } from './errors.js';

/**
 * The distinct column names met so far in one request's data, refused as soon as there is one
 * more than `limit` (MAX_COLUMNS): so the parser stops at the first column too many instead of
 * building hundreds of thousands of them. Shared by every captured array of a body, so that the
 * limit holds for the request, not per array.
 */
export class ColumnBudget {
  private readonly names = new Set<string>();

  constructor(readonly limit: number) {}

  /** Counts column `name`, first met in `row` (when the data has rows); throws when it is one too many. */
  admit(name: string, row?: number): void {
    if (this.names.has(name)) return;
    if (this.names.size >= this.limit)
      throw new ColumnLimitError(this.limit, row === undefined ? { name } : { name, row });
    this.names.add(name);
  }
}
