/** Why a data table was refused; stable strings that clients may branch on. */
export type DataErrorReason =
  | 'EMPTY_DATA'
  | 'NOT_A_RECORD'
  | 'MISSING_COLUMN'
  | 'MIXED_TYPES'
  | 'INVALID_VALUE'
  | 'RAGGED_COLUMNS'
  | 'LIMIT_EXCEEDED'
  | 'CSV_SYNTAX'
  | 'MALFORMED_JSON';

/** Base error of the data module: the input rows cannot be read as a table. */
export class DataError extends Error {
  override name = 'DataError';
  constructor(
    readonly reason: DataErrorReason,
    message: string,
    readonly column?: string,
    readonly row?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A data column named by the formula (or options) is absent from every row. */
export class MissingColumnError extends DataError {
  override name = 'MissingColumnError';
  constructor(column: string, available: readonly string[]) {
    super('MISSING_COLUMN', missingColumnMessage(column, available), column);
  }
}

function missingColumnMessage(column: string, available: readonly string[]): string {
  const shown = available
    .slice(0, 20)
    .map((name) => JSON.stringify(name))
    .join(', ');
  const more = available.length > 20 ? `, … (${available.length} in all)` : '';
  return `column ${JSON.stringify(column)} is not in the data; the data has ${shown || 'no columns'}${more}`;
}

/**
 * The data has more distinct columns than `limit` allows (MAX_COLUMNS). `count` columns in all
 * (a columns object, a CSV header), or, for data refused as soon as one column too many appears,
 * that column (`name`, the `limit + 1`-th) and the row it first appears in, when there are rows.
 */
export class ColumnLimitError extends DataError {
  override name = 'ColumnLimitError';
  constructor(
    limit: number,
    found: { readonly count: number } | { readonly name: string; readonly row?: number },
    what = 'the data',
  ) {
    const bound = `beyond the limit of ${limit.toLocaleString('en-US')} (MAX_COLUMNS)`;
    const message =
      'count' in found
        ? `${what} has ${found.count.toLocaleString('en-US')} columns, ${bound}`
        : `${what} has more than ${limit.toLocaleString('en-US')} columns, ${bound}: column ` +
          `${(limit + 1).toLocaleString('en-US')}, ${quotedName(found.name)}` +
          (found.row === undefined ? '' : `, first appears in ${rowLabel(found.row)}`);
    super('LIMIT_EXCEEDED', message, undefined, 'count' in found ? undefined : found.row);
  }
}

/** A column name for a message, cut short when long (a key may be megabytes). */
function quotedName(name: string): string {
  return JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}…` : name);
}

/** Rows are numbered from 1 in messages, as a person counts them. */
export function rowLabel(index: number): string {
  return `row ${index + 1}`;
}
