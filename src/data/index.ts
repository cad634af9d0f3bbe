/** Input data as typed columns, read from JSON records, JSON columns or CSV. */
export type { Column, NumericColumn, CategoricalColumn, EmptyColumn, Level } from './column.js';
export { isMissing } from './column.js';
export type { DataTable } from './table.js';
export { RecordsTable, type DataRecord } from './recordsTable.js';
export { ColumnsTable } from './columnsTable.js';
export { RecordBatch, RecordsValue, materializeRow } from './recordBatch.js';
export { CapturedColumn } from './capturedColumn.js';
export { CapturedText } from './capturedText.js';
export {
  JsonStreamParser,
  parseJson,
  parseJsonStream,
  JsonSyntaxError,
  DEFAULT_MAX_DEPTH,
  type JsonParseOptions,
  type JsonPath,
  type SourcePosition,
} from './json/index.js';
export { parseCsv, CsvTable, type CsvOptions } from './csv/index.js';
export { CSV_MISSING_MARKERS } from './missingMarkers.js';
export { ColumnLimitError, DataError, MissingColumnError, type DataErrorReason } from './errors.js';
