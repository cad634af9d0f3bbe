import { LevelDictionary } from '../batch/LevelDictionary.js';
import { hashBytes, utf8Bytes, utf8Text } from '../bytes/text.js';
import { ColumnLimitError, DataError, MissingColumnError } from '../errors.js';
import { isMissingMarker } from '../missingMarkers.js';
import { CsvColumn } from './CsvColumn.js';
import { csvNumber } from './csvNumber.js';
import { CsvScanner, FIELD, LAST_FIELD, NO_RECORD } from './CsvScanner.js';
import { CsvTable } from './CsvTable.js';

/** Never size columns for more rows than this on a guess. */
const MAX_EXPECTED_ROWS = 1 << 27;

/** Options of `parseCsv`. */
export interface CsvOptions {
  /** The field separator. Default ','. */
  readonly delimiter?: ',' | ';' | '\t';
  /** Most columns accepted (a `ColumnLimitError`, `LIMIT_EXCEEDED`, beyond). */
  readonly maxColumns?: number;
}

/**
 * Reads CSV text with a header row (RFC 4180: quoted fields, doubled quotes, CRLF or LF, an
 * optional final line end, an optional UTF-8 byte order mark) into a table.
 *
 * Typing, per column: an empty cell (`,,` or `""`) is missing, and so is a missing marker, quoted
 * or not, blanks around it aside (`NA`, `NaN`, `null`, `N/A`…: pandas' list, `CSV_MISSING_MARKERS`).
 * A column whose other cells all read as numbers (JSON's syntax, also `+1`, `.5`, `5.`, `1E5`, with
 * spaces around) is numeric; any other is categorical, its levels the cells' text in first-appearance
 * order, so `true`/`false` are two text levels and a number in a text column is a level spelled as
 * written. A numeric column with an infinite cell (a numeral beyond double range, or `inf`) is
 * refused when it is read, with the `INVALID_VALUE` records and columns give 1e400. Blank lines are
 * skipped. Errors are `DataError`s naming the data row (counted from 1 after the header) and, for
 * syntax errors, the line of the input.
 */
export function parseCsv(input: string | Uint8Array, options: CsvOptions = {}): CsvTable {
  const bytes = typeof input === 'string' ? utf8Bytes(input) : input;
  const scanner = new CsvScanner(bytes, delimiterOf(options));
  const names = readHeader(scanner, bytes, options.maxColumns ?? Number.POSITIVE_INFINITY);
  const expectedRows = estimateRows(bytes, scanner.position, delimiterOf(options));
  const columns = names.map((name) => new CsvColumn(name, expectedRows));
  const rows = readRecords(scanner, bytes, names, columns);
  if (columns.some((column) => column.needsText)) {
    readNumbersAsLevels(new CsvScanner(bytes, delimiterOf(options)), bytes, columns, rows, true);
  }
  return new CsvTable(names, columns, rows);
}

/** A CSV header read from the start of an input: its names and the line just after it. */
export interface CsvHeader {
  readonly names: readonly string[];
  readonly endLine: number;
}

/**
 * Reads the header row of CSV bytes that start an input (after `firstLine - 1` blank lines, when
 * bytes before held only those), with `parseCsv`'s checks; null when the bytes hold only blank lines.
 */
export function parseCsvHeader(
  bytes: Uint8Array,
  options: CsvOptions & { readonly firstLine?: number } = {},
): CsvHeader | null {
  const scanner = new CsvScanner(bytes, delimiterOf(options), { firstLine: options.firstLine ?? 1, recordsBefore: 0 });
  let start = scanner.position;
  while (start < bytes.length && (bytes[start] === 0x0a || bytes[start] === 0x0d)) start++;
  if (start === bytes.length) return null;
  const names = readHeader(scanner, bytes, options.maxColumns ?? Number.POSITIVE_INFINITY);
  return { names, endLine: scanner.currentLine };
}

/** Where a window of a CSV input is, and what to read of it (see `parseCsvWindow`). */
export interface CsvWindow {
  /** The header's names, read from the start of the input. */
  readonly names: readonly string[];
  /** The header columns to type; the others are checked for syntax only. */
  readonly columns: readonly string[];
  /** Columns whose every cell is a level as written, numbers too. */
  readonly textColumns?: ReadonlySet<string>;
  /** The line the window starts on (1-based), and the records before it, the header included. */
  readonly firstLine: number;
  readonly recordsBefore: number;
  readonly delimiter?: CsvOptions['delimiter'];
}

/** A window read: its rows (of the columns asked for), and the line just after it. */
export interface CsvWindowTable {
  readonly table: CsvTable;
  readonly endLine: number;
}

/**
 * Reads a window of a CSV input, bytes that start at a record after the header and end at the
 * end of one, with `parseCsv`'s typing and errors, lines and rows counted in the whole input. A
 * numeric column keeps its infinite cells (`CsvTable.firstInfinite` says where the first is): only
 * the reader of every window knows whether the column is numeric.
 */
export function parseCsvWindow(bytes: Uint8Array, window: CsvWindow): CsvWindowTable {
  const delimiter = delimiterOf(window);
  const position = { firstLine: window.firstLine, recordsBefore: window.recordsBefore };
  const scanner = new CsvScanner(bytes, delimiter, position);
  const names = window.names;
  const wanted = new Set(window.columns);
  for (const name of wanted) if (!names.includes(name)) throw new MissingColumnError(name, names);
  const expectedRows = estimateRows(bytes, 0, delimiter);
  const text = window.textColumns;
  const columns = names.map((name) =>
    wanted.has(name) ? new CsvColumn(name, expectedRows, text?.has(name) ?? false) : null,
  );
  const rows = readRecords(scanner, bytes, names, columns);
  const endLine = scanner.currentLine;
  if (columns.some((column) => column?.needsText)) {
    readNumbersAsLevels(new CsvScanner(bytes, delimiter, position), bytes, columns, rows, false);
  }
  const typed = window.columns.map((name) => columns[names.indexOf(name)]!);
  return { table: new CsvTable(window.columns, typed, rows, true), endLine };
}

/** Reads the records after the header into `columns` (null: a field checked, not typed); answers their count. */
function readRecords(
  scanner: CsvScanner,
  bytes: Uint8Array,
  names: readonly string[],
  columns: readonly (CsvColumn | null)[],
): number {
  scanner.names = names;
  const width = names.length;
  let rows = 0;
  for (let status = scanner.next(); status !== NO_RECORD; status = scanner.next(), rows++) {
    for (let field = 0; ; field++) {
      if (field >= width) tooManyFields(scanner, width, status);
      const column = columns[field]!;
      if (column !== null) readCell(column, rows, scanner, bytes);
      if (status === LAST_FIELD) {
        if (field + 1 < width)
          scanner.fail(`has ${field + 1} field${field === 0 ? '' : 's'} but the header has ${width}`, true);
        break;
      }
      status = scanner.next();
    }
  }
  return rows;
}

function readHeader(scanner: CsvScanner, bytes: Uint8Array, maxColumns: number): string[] {
  const names: string[] = [];
  let status = scanner.next();
  if (status === NO_RECORD)
    throw new DataError('CSV_SYNTAX', 'the CSV is empty: it needs a header row naming the columns');
  const seen = new Map<string, number>();
  for (;;) {
    const name = fieldText(scanner, bytes);
    if (name === '') scanner.fail('a column name is empty');
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      scanner.fail(`column name ${JSON.stringify(name)} is used twice (fields ${earlier + 1} and ${names.length + 1})`);
    }
    seen.set(name, names.length);
    names.push(name);
    if (names.length > maxColumns) {
      throw new ColumnLimitError(maxColumns, { count: countFields(scanner, status, names.length) }, 'the CSV header');
    }
    if (status === LAST_FIELD) return names;
    status = scanner.next();
  }
}

/** The fields of the record being read, `read` of them so far: the rest are counted, not decoded. */
function countFields(scanner: CsvScanner, status: number, read: number): number {
  let fields = read;
  while (status === FIELD) {
    status = scanner.next();
    fields++;
  }
  return fields;
}

function readCell(column: CsvColumn, row: number, scanner: CsvScanner, bytes: Uint8Array): void {
  const { start, end } = scanner;
  if (start === end) {
    column.setMissing(row);
    return;
  }
  // Doubled quotes make neither a number nor a missing marker.
  if (!scanner.escapedQuotes) {
    if (column.codes === null && !column.asText) {
      const value = csvNumber(bytes, start, end);
      if (value - value === 0) {
        column.setNumber(row, value);
        return;
      }
      if (value === value) {
        column.setInfinite(row, value, () => cellText(bytes, start, end));
        return;
      }
    }
    if (isMissingMarker(bytes, start, end)) {
      column.setMissing(row);
      return;
    }
  }
  column.setCode(row, levelCode(column.dictionary, scanner, bytes));
}

/** A cell's text for a message: blanks around it aside, cut short when long. */
function cellText(bytes: Uint8Array, start: number, end: number): string {
  const text = utf8Text(bytes, start, end).trim();
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Whether the field just read is missing: empty, or a marker (unless it has doubled quotes). */
function isMissingCell(scanner: CsvScanner, bytes: Uint8Array): boolean {
  const { start, end } = scanner;
  return start === end || (!scanner.escapedQuotes && isMissingMarker(bytes, start, end));
}

/** The code of the field's text in `dictionary`, cached by its bytes. */
function levelCode(dictionary: LevelDictionary, scanner: CsvScanner, bytes: Uint8Array): number {
  const { start, end } = scanner;
  const hash = hashBytes(bytes, start, end);
  const code = dictionary.codeOfBytes(bytes, start, end, hash);
  return code >= 0 ? code : dictionary.learn(fieldText(scanner, bytes), bytes, start, end, hash);
}

/** The field's text: UTF-8, doubled quotes undone. */
function fieldText(scanner: CsvScanner, bytes: Uint8Array): string {
  const text = utf8Text(bytes, scanner.start, scanner.end);
  return scanner.escapedQuotes ? text.replaceAll('""', '"') : text;
}

function tooManyFields(scanner: CsvScanner, width: number, status: number): never {
  const fields = countFields(scanner, status, scanner.field + 1);
  return scanner.fail(`has ${fields} fields but the header has ${width}`, true);
}

/**
 * A generous guess at the data rows, from the length of the first one (read ahead by a scanner of
 * its own, from `dataStart`), so that columns are sized once: pages past the real row count are
 * never touched, so an overestimate costs address space only. Errors are left to the real reading.
 */
function estimateRows(bytes: Uint8Array, dataStart: number, delimiter: number): number {
  const scanner = new CsvScanner(bytes.subarray(dataStart), delimiter);
  try {
    while (scanner.next() === FIELD);
  } catch {
    return 0;
  }
  const rowBytes = Math.max(1, scanner.position);
  return Math.min(Math.ceil(((bytes.length - dataStart) / rowBytes) * 1.25) + 16, MAX_EXPECTED_ROWS);
}

function delimiterOf(options: CsvOptions): number {
  return (options.delimiter ?? ',').charCodeAt(0);
}

/**
 * Second look at the rows of columns that turned categorical after reading numbers: their text
 * becomes levels, ahead of the later levels. One pass, up to the last row that needs it.
 */
function readNumbersAsLevels(
  scanner: CsvScanner,
  bytes: Uint8Array,
  columns: readonly (CsvColumn | null)[],
  rowCount: number,
  header: boolean,
): void {
  const early = columns.map((column) => (column?.needsText ? new LevelDictionary() : null));
  let until = 0;
  for (const column of columns) if (column?.needsText && column.switchedAt > until) until = column.switchedAt;
  if (header) while (scanner.next() === FIELD);
  for (let row = 0; row < until; row++) {
    for (let field = 0; ; field++) {
      const status = scanner.next();
      const dictionary = early[field];
      const column = columns[field];
      if (dictionary && row < column!.switchedAt && !isMissingCell(scanner, bytes)) {
        column!.codes![row] = levelCode(dictionary, scanner, bytes);
      }
      if (status !== FIELD) break;
    }
  }
  columns.forEach((column, field) => {
    const dictionary = early[field];
    if (dictionary) column!.mergeLevels(dictionary, rowCount);
  });
}
