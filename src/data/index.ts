/** Input data as typed columns, read from JSON records, JSON columns or CSV. */
export type { Column, NumericColumn, CategoricalColumn, EmptyColumn, Level } from './Column.js';
export { isMissing } from './Column.js';
export type { DataTable } from './DataTable.js';
export { RecordsTable, type DataRecord } from './RecordsTable.js';
export { ColumnsTable } from './ColumnsTable.js';
export { RecordBatch, RecordsValue, materializeRow } from './batch/RecordBatch.js';
export { CapturedColumn } from './CapturedColumn.js';
export { CapturedText } from './CapturedText.js';
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
export { sliceTable, type ChunkedTable, type TableSlice } from './ChunkedTable.js';
