/** CSV with a header row, read straight from bytes into typed columns. */
export {
  parseCsv,
  parseCsvHeader,
  parseCsvWindow,
  type CsvHeader,
  type CsvOptions,
  type CsvWindow,
  type CsvWindowTable,
} from './parseCsv.js';
export { CsvTable } from './CsvTable.js';
