import { DataError } from '../errors.js';

/** `next()` read a field and the record goes on. */
export const FIELD = 0;
/** `next()` read the last field of a record. */
export const LAST_FIELD = 1;
/** `next()` found no more records. */
export const NO_RECORD = 2;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits RFC 4180 CSV bytes into fields, one `next()` at a time, without copying: a field is the
 * byte range `[start, end)` (inside the quotes when `quoted`; `escapedQuotes` when it holds `""`).
 * Records end at CRLF, LF or a lone CR; a final line end is optional; blank lines are skipped.
 * Syntax errors are `DataError`s (`CSV_SYNTAX`) naming the data row and the line.
 */
export class CsvScanner {
  /** Content of the last field read. */
  start = 0;
  end = 0;
  quoted = false;
  escapedQuotes = false;
  /** Line (1-based) where the current record starts; records after the header are data rows. */
  recordLine = 1;
  /** Records started so far, the header included. */
  records = 0;
  /** Index of the last field read within its record. */
  field = -1;
  /** Header names, once read, so that errors can name the column. */
  names: readonly string[] = [];

  private pos = 0;
  private line: number;
  private atRecordStart = true;

  /** 1 for the bytes that end or break an unquoted field. */
  private readonly special = new Uint8Array(256);

  /**
   * `window`: where `bytes` are in a larger input, when they are a window of it that starts at a
   * record (see `parseCsvWindow`): the line they start on and the records before them, the header
   * included, so that messages count lines and rows in the whole input.
   */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly delimiter: number,
    window?: { readonly firstLine: number; readonly recordsBefore: number },
  ) {
    for (const c of [delimiter, LF, CR, QUOTE]) this.special[c] = 1;
    this.line = window?.firstLine ?? 1;
    this.records = window?.recordsBefore ?? 0;
    // A UTF-8 byte order mark is not part of the first header name.
    if (this.records === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) this.pos = 3;
  }

  /** Line (1-based) of the next byte to read: after the whole input, one past its last line end. */
  get currentLine(): number {
    return this.line;
  }

  /** Offset of the next byte to read. */
  get position(): number {
    return this.pos;
  }

  /** Reads the next field (see FIELD, LAST_FIELD, NO_RECORD). */
  next(): number {
    const bytes = this.bytes;
    const length = bytes.length;
    let pos = this.pos;
    if (this.atRecordStart) {
      // Skip blank lines between records.
      for (;;) {
        if (pos >= length) {
          this.pos = pos;
          return NO_RECORD;
        }
        const c = bytes[pos]!;
        if (c === LF) {
          pos++;
          this.line++;
        } else if (c === CR) {
          pos += bytes[pos + 1] === LF ? 2 : 1;
          this.line++;
        } else break;
      }
      this.atRecordStart = false;
      this.recordLine = this.line;
      this.records++;
      this.field = -1;
    }
    this.field++;
    let c = 0;
    if (bytes[pos] === QUOTE) {
      this.quoted = true;
      let escaped = false;
      const start = ++pos;
      const startLine = this.line;
      for (;;) {
        if (pos >= length) this.fail(`a quoted field is not closed (its opening quote is on line ${startLine})`);
        c = bytes[pos]!;
        if (c === QUOTE) {
          if (bytes[pos + 1] !== QUOTE) break;
          escaped = true;
          pos += 2;
        } else {
          if (c === LF || (c === CR && bytes[pos + 1] !== LF)) this.line++;
          pos++;
        }
      }
      this.start = start;
      this.end = pos;
      this.escapedQuotes = escaped;
      pos++;
      c = pos < length ? bytes[pos]! : LF;
      if (c !== this.delimiter && c !== LF && c !== CR) {
        this.fail(`expected the delimiter or a line end after a closing quote, found ${describe(c)}`);
      }
    } else {
      this.quoted = false;
      this.escapedQuotes = false;
      const start = pos;
      const special = this.special;
      // One table lookup per byte: most bytes are none of delimiter, line end or quote.
      while (pos < length && special[(c = bytes[pos]!)] === 0) pos++;
      if (c === QUOTE && pos < length) {
        this.fail("a '\"' inside an unquoted field; quote the whole field and double the quotes in it");
      }
      this.start = start;
      this.end = pos;
      if (pos >= length) c = LF;
    }
    if (c === this.delimiter) {
      this.pos = pos + 1;
      return FIELD;
    }
    // A line end (or the end of the input) ends the record.
    if (c === CR && bytes[pos + 1] === LF) pos++;
    this.pos = pos + 1;
    this.line++;
    this.atRecordStart = true;
    return LAST_FIELD;
  }

  /**
   * Throws a syntax error about the current record (and field, unless `wholeRecord`). Data rows
   * are counted from 1 after the header, as a person counts them; lines from 1 with the header.
   */
  fail(description: string, wholeRecord = false): never {
    const row = this.records - 1;
    const where = row === 0 ? `header (line ${this.recordLine})` : `data row ${row} (line ${this.recordLine})`;
    const name = this.names[this.field];
    const field = wholeRecord
      ? ''
      : name !== undefined
        ? `, column ${JSON.stringify(name)}`
        : `, field ${this.field + 1}`;
    throw new DataError(
      'CSV_SYNTAX',
      `CSV ${where}${field}: ${description}`,
      wholeRecord ? undefined : name,
      row === 0 ? undefined : row - 1,
    );
  }
}

function describe(c: number): string {
  return c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `the byte 0x${c.toString(16).toUpperCase()}`;
}
