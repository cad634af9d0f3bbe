/** CSV with a header row, read straight from bytes into typed columns. */
export { parseCsv, type CsvOptions } from './parseCsv.js';
export { CsvTable } from './CsvTable.js';
