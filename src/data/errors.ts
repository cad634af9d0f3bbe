/** Why a data table was refused; stable strings that clients may branch on. */
export type DataErrorReason =
  | 'EMPTY_DATA'
  | 'NOT_A_RECORD'
  | 'MISSING_COLUMN'
  | 'MIXED_TYPES'
  | 'INVALID_VALUE'
  | 'RAGGED_COLUMNS'
  | 'TOO_MANY_COLUMNS'
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
  const shown = available.slice(0, 20).map((name) => JSON.stringify(name)).join(', ');
  const more = available.length > 20 ? `, … (${available.length} in all)` : '';
  return `column ${JSON.stringify(column)} is not in the data; the data has ${shown || 'no columns'}${more}`;
}

/** Rows are numbered from 1 in messages, as a person counts them. */
export function rowLabel(index: number): string {
  return `row ${index + 1}`;
}
