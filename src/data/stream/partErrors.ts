import { DataError } from '../errors.js';

/**
 * `error` as a `DataError` whose message starts with the part it is about (`data.csv: CSV data row
 * 3 (line 4), column "x": …`), so that a fit over many parts says which one is wrong. Errors that
 * are not the data's fault (a failed read, an aborted signal) pass through as they are.
 */
export function inPart(part: string, error: unknown): unknown {
  if (!(error instanceof DataError) || error.message.startsWith(`${part}: `)) return error;
  return new DataError(error.reason, `${part}: ${error.message}`, error.column, error.row, { cause: error });
}
