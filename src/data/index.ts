/** Input data as typed columns, read from JSON records (and other shapes). */
export type { Column, NumericColumn, CategoricalColumn, EmptyColumn, Level } from './column.js';
export { isMissing } from './column.js';
export type { DataTable } from './table.js';
export { RecordsTable, type DataRecord } from './recordsTable.js';
export { DataError, MissingColumnError, type DataErrorReason } from './errors.js';
