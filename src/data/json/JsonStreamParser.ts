import { BatchColumn } from '../batch/BatchColumn.js';
import { RecordBatchBuilder } from '../batch/RecordBatchBuilder.js';
import { hashBytes } from '../bytes/text.js';
import { CapturedColumn } from '../CapturedColumn.js';
import { ColumnBudget } from '../ColumnBudget.js';
import { CapturedText } from '../CapturedText.js';
import { RecordBatch, RecordsValue } from '../batch/RecordBatch.js';
import {
  AFTER,
  ARRAY,
  ARRAY_FIRST,
  END,
  FALSE,
  FIRST_CAPTURE_KIND,
  FIRST_CAPTURE_STATE,
  JsonGrammar,
  NULL,
  OBJECT,
  OBJECT_FIRST,
  TRUE,
  VALUE,
  expectedAfter,
} from './JsonGrammar.js';
import { type TokenCarry, carryToken } from './tokenCarry.js';

/** A path from the root: object keys and array indices. */
export type JsonPath = readonly (string | number)[];

/** Options of `JsonStreamParser` and `parseJson`. */
export interface JsonParseOptions {
  /**
   * Whether the array at `path` (`[]` is the root) becomes a `RecordBatch` when its first element
   * is an object. Not asked inside a captured array. The path is reused: copy it to keep it.
   */
  readonly captureRecords?: (path: JsonPath) => boolean;
  /**
   * Whether the array at `path` becomes a `CapturedColumn` when its first element is a number,
   * string, boolean or null: the arrays of a columns body, `{"x": [1, 2, …]}`. Asked after
   * `captureRecords`; not asked inside a captured array. The path is reused: copy it to keep it.
   */
  readonly captureColumns?: (path: JsonPath) => boolean;
  /**
   * Whether the string value of the property at `path` becomes a `CapturedText` (its UTF-8
   * bytes) instead of a JS string: the CSV text of a body, which `parseCsv` reads as bytes. Asked
   * for strings that are values of ordinary objects. The path is reused: copy it to keep it.
   */
  readonly captureText?: (path: JsonPath) => boolean;
  /**
   * Whether the object at `path` is one record of data (as `/predict` takes `"data": {…}`): its
   * keys are data columns, counted against `maxColumns` as they are read. Not asked inside a
   * captured array, nor inside a counted object. The path is reused: copy it to keep it.
   */
  readonly countKeys?: (path: JsonPath) => boolean;
  /**
   * Captured records whose every element is an object become one `RecordsValue` rather than an
   * iterable `RecordBatch`: for GraphQL variables (see `RecordsValue`).
   */
  readonly recordsAsValue?: boolean;
  /**
   * The most distinct columns the captured data may have, over all its arrays (records' keys and
   * captured columns' names, each counted once): one more is a `ColumnLimitError` (`LIMIT_EXCEEDED`)
   * as soon as it is met, and the parser stops there. Default: no limit.
   */
  readonly maxColumns?: number;
  /** How deeply arrays and objects may nest; deeper input is a `MALFORMED_JSON` error. Default 64. */
  readonly maxDepth?: number;
  /**
   * The input's size in bytes if known (e.g. Content-Length): batches then size their columns from
   * the first record instead of growing them by copies. A wrong guess only costs speed.
   */
  readonly expectedBytes?: number;
}

/** Default `maxDepth`. */
export const DEFAULT_MAX_DEPTH = 64;

// The grammar's states and kinds, and these for captured arrays.
const RECORD_FIRST = FIRST_CAPTURE_STATE; // after a record's '{'
const RECORD_KEY = FIRST_CAPTURE_STATE + 1;
const RECORD_COLON = FIRST_CAPTURE_STATE + 2;
const RECORD_VALUE = FIRST_CAPTURE_STATE + 3;
const CAPTURABLE = FIRST_CAPTURE_KIND; // an array to capture, depending on its first element
const RECORDS = FIRST_CAPTURE_KIND + 1; // an array of records, read into a batch
const RECORD = FIRST_CAPTURE_KIND + 2; // one of its records, read straight into its columns
const COLUMN = FIRST_CAPTURE_KIND + 3; // an array of cells, read into one column

/** A captured column's key bytes: it has none of its own. */
const NO_KEY = new Uint8Array(0);
/** Never reserve for more rows than this on a guess. */
const MAX_EXPECTED_ROWS = 1 << 27;

/**
 * A push parser for JSON (RFC 8259) over UTF-8 bytes: `write` chunks as they arrive, split
 * anywhere, then `end()` for the value. It builds the values `JSON.parse` would, except that the
 * arrays chosen by `captureRecords` and `captureColumns` become `RecordBatch`es and
 * `CapturedColumn`s, read straight into typed columns. Every syntax error is a `JsonSyntaxError`
 * (a `DataError`, reason `MALFORMED_JSON`) giving the byte offset, line and column; a leading UTF-8
 * byte order mark is skipped.
 */
export class JsonStreamParser extends JsonGrammar {
  private readonly options: JsonParseOptions;
  private readonly path: (string | number)[] = [];
  /** A captured array is open (records or a column): nothing inside it is captured. */
  private capturing = false;
  /** What the array opened last may become, decided at '[' and applied at its first element. */
  private wantRecords = false;
  private wantColumn = false;
  private columnName = '';
  /** Length of the last captured column: the next is probably as long. */
  private lastColumnLength = 0;

  /** The batch being read, if any. */
  private batch: RecordBatchBuilder | null = null;
  /** The column of the cell being read (in a record or a captured column), and its cell. */
  private column: BatchColumn | null = null;
  private cell = 0;
  /** The guess at the next key of the record. */
  private expected: BatchColumn | null = null;
  /** Offset of the first record of the open batch, to guess its row count from its size. */
  private firstRecordStart = -1;

  /** The distinct columns captured so far, when `maxColumns` bounds them. */
  private readonly budget: ColumnBudget | undefined;

  /** Bytes written before the current chunk. */
  private consumed = 0;
  private carry: TokenCarry | null = null;
  /** `bytes` is a carried token's buffer (the parser's own), not the caller's chunk. */
  private carried = false;
  private ended = false;
  private failure: unknown;

  constructor(options: JsonParseOptions = {}) {
    super(options.maxDepth ?? DEFAULT_MAX_DEPTH);
    this.options = options;
    const { maxColumns } = options;
    if (maxColumns !== undefined && maxColumns < Number.POSITIVE_INFINITY) this.budget = new ColumnBudget(maxColumns);
  }

  /** Parses the next chunk of input. */
  write(chunk: Uint8Array): void {
    this.guard();
    try {
      let start = 0;
      if (this.carry !== null) {
        start = this.carry.complete(chunk);
        if (start < 0) {
          this.consumed += chunk.length;
          return;
        }
        this.runCarried(this.carry.token(chunk, start));
      }
      this.bytes = chunk;
      this.base = this.consumed;
      const stop = this.run(start, chunk.length, false);
      if (stop < chunk.length) {
        const offset = this.consumed + stop;
        // A token can be no longer than the rest of the input: a long one (CSV text in a string)
        // then grows its buffer once instead of by doublings.
        const rest = this.options.expectedBytes === undefined ? 0 : this.options.expectedBytes - offset;
        this.carry = carryToken(chunk, stop, offset, rest);
      }
      this.consumed += chunk.length;
    } catch (error) {
      this.failure = error;
      throw error;
    }
  }

  /** Ends the input: answers the value, or throws if the input is incomplete. */
  end(): unknown {
    this.guard();
    this.ended = true;
    try {
      if (this.carry !== null) this.runCarried(this.carry.token(undefined, 0));
      if (this.state !== END) {
        this.bytes = new Uint8Array(0);
        this.base = this.consumed;
        this.fail(0, this.expectation());
      }
      return this.root;
    } catch (error) {
      this.failure = error;
      throw error;
    }
  }

  private guard(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.ended) throw new Error('JsonStreamParser: the input has already ended');
  }

  /** Parses a token that spanned chunks, now whole (plus the byte after it, if any). */
  private runCarried(token: { bytes: Uint8Array; length: number; offset: number }): void {
    this.bytes = token.bytes;
    this.base = token.offset;
    this.carried = true;
    try {
      this.run(0, token.length, true);
    } finally {
      this.carried = false;
    }
    this.carry = null;
  }

  protected override stringValue(start: number, end: number): unknown {
    const { captureText } = this.options;
    if (captureText === undefined || this.capturing || !captureText(this.pathTo(this.path)))
      return this.text(start, end);
    // The carried token's buffer is the parser's own, so its bytes can be kept (and unescaped)
    // where they are; a chunk belongs to the caller and is copied.
    return new CapturedText(this.textBytes(start, end, this.carried));
  }

  protected countsKeys(): boolean {
    const { countKeys } = this.options;
    if (countKeys === undefined || this.budget === undefined || this.capturing) return false;
    // The path to the object just opened: its own entry is the key or index it stands at.
    this.depth--;
    const counted = countKeys(this.pathTo(this.path));
    this.depth++;
    return counted;
  }

  protected countKey(key: string): void {
    this.budget!.admit(key, 0);
  }

  protected arrayKind(): number {
    const { captureRecords, captureColumns } = this.options;
    if (this.capturing || (captureRecords === undefined && captureColumns === undefined)) return ARRAY;
    const path = this.pathTo(this.path);
    this.wantRecords = captureRecords?.(path) ?? false;
    this.wantColumn = captureColumns?.(path) ?? false;
    if (!this.wantRecords && !this.wantColumn) return ARRAY;
    this.columnName = String(path.at(-1) ?? '');
    // An array where a column belongs is one, whatever it holds (even empty, or not captured).
    if (this.wantColumn) this.budget?.admit(this.columnName);
    return CAPTURABLE;
  }

  protected firstElement(c: number): number {
    const depth = this.depth;
    if (this.kinds[depth] !== CAPTURABLE) return this.kinds[depth]!;
    let kind = ARRAY;
    if (c === 0x7b) {
      if (this.wantRecords) {
        kind = RECORDS;
        this.batch = new RecordBatchBuilder(this.budget);
        this.containers[depth] = this.batch;
      }
    } else if (c !== 0x5b && this.wantColumn) {
      kind = COLUMN;
      const column = new BatchColumn(0, this.columnName, NO_KEY, 0);
      if (this.lastColumnLength > 0) column.reserve(this.lastColumnLength);
      this.containers[depth] = column;
    }
    this.capturing = kind !== ARRAY;
    this.kinds[depth] = kind;
    return kind;
  }

  protected capturedValue(kind: number, pos: number, end: number, atEnd: boolean, c: number): number {
    if (kind === COLUMN) return this.cells(pos, end, atEnd, c);
    if (c !== 0x7b) return this.value(pos, end, atEnd, c); // in a batch, an element to keep as it is
    this.beginRecord(pos);
    return pos + 1;
  }

  protected capturedStep(pos: number, end: number, atEnd: boolean, c: number): number {
    switch (this.state) {
      case RECORD_VALUE:
        return this.readCell(this.column!, this.cell, pos, end, atEnd, c);
      case RECORD_COLON:
        if (c !== 0x3a) this.fail(pos, "':' after the property name");
        this.state = RECORD_VALUE;
        return pos + 1;
      default:
        return this.records(pos, end, atEnd, c);
    }
  }

  protected capturedAfter(pos: number, c: number): number {
    if (this.kinds[this.depth] === RECORD) {
      if (c === 0x2c) this.state = RECORD_KEY;
      else if (c === 0x7d) this.endRecord(pos);
      else this.fail(pos, expectedAfter(true));
    } else if (c === 0x2c) this.state = VALUE;
    else if (c === 0x5d) this.close();
    else this.fail(pos, expectedAfter(false));
    return pos + 1;
  }

  protected deliverCaptured(kind: number, value: unknown): void {
    // An object or array as a cell of a record or column (an error if the column is used).
    if (kind === RECORDS) this.batch!.addRaw(value);
    else this.column!.setNested(this.cell, value);
  }

  protected closeCaptured(kind: number): unknown {
    const container = this.containers[this.depth];
    this.capturing = false;
    if (kind === RECORDS) {
      this.batch = null;
      const batch = new RecordBatch((container as RecordBatchBuilder).finish());
      return this.options.recordsAsValue && batch.allRecords ? new RecordsValue(batch) : batch;
    }
    if (kind === COLUMN) {
      const column = container as BatchColumn;
      this.lastColumnLength = column.count;
      return new CapturedColumn(column);
    }
    return container; // an empty array
  }

  protected override expectation(): string {
    switch (this.state) {
      case RECORD_VALUE:
        return 'a value';
      case RECORD_FIRST:
        return "a property name in double quotes or '}'";
      case RECORD_KEY:
        return 'a property name in double quotes';
      case RECORD_COLON:
        return "':' after the property name";
      case AFTER:
        return expectedAfter(this.kinds[this.depth] === OBJECT || this.kinds[this.depth] === RECORD);
      default:
        return super.expectation();
    }
  }

  /**
   * Records of a batch from a key (or the '}' of an empty record) on, without a trip through the
   * main loop per token as long as the input is compact: key, ':', value, ',' or '}', and on to the
   * next record. Anything else (whitespace, a nested value, an error, the end of the buffer) goes
   * back to the main loop, which knows where the parser is from `state`. A token cut by the end of
   * the buffer answers -1 only if it is the first; otherwise the step stops before it.
   */
  private records(pos: number, end: number, atEnd: boolean, c: number): number {
    const bytes = this.bytes;
    const start = pos;
    for (;;) {
      let next = this.recordKey(pos, end, atEnd, c);
      if (next < 0) return pos === start ? -1 : pos;
      if (this.state !== RECORD_COLON || next >= end || bytes[next] !== 0x3a) return next;
      pos = next + 1;
      this.state = RECORD_VALUE;
      if (pos >= end || (c = bytes[pos]!) <= 0x20) return pos;
      next = this.readCell(this.column!, this.cell, pos, end, atEnd, c);
      if (next < 0) return pos;
      if (this.state !== AFTER || next + 1 >= end) return next;
      c = bytes[next]!;
      if (c === 0x2c) {
        pos = next + 1;
        c = bytes[pos]!;
        if (c !== 0x22) return pos - 1;
        this.state = RECORD_KEY;
      } else if (c === 0x7d) {
        this.endRecord(next);
        // On to the next record: '},{'.
        if (next + 3 >= end || bytes[next + 1] !== 0x2c || bytes[next + 2] !== 0x7b) return next + 1;
        pos = next + 3;
        this.beginRecord(next + 2);
        c = bytes[pos]!;
        if (c !== 0x22 && c !== 0x7d) return pos;
      } else return next;
    }
  }

  /** Opens a record of the batch at the '{' at `pos`. */
  private beginRecord(pos: number): void {
    const batch = this.batch!;
    this.push(RECORD, batch, pos);
    if (batch.length === 0) this.firstRecordStart = this.base + pos;
    this.expected = batch.beginRecord();
    this.state = RECORD_FIRST;
  }

  /** The record closed by the '}' at `pos`. */
  private endRecord(pos: number): void {
    const batch = this.batch!;
    batch.endRecord();
    const expectedBytes = this.options.expectedBytes ?? 0;
    if (batch.row === 0 && expectedBytes > 0) {
      const end = this.base + pos + 1;
      // Records after the first are probably about as long (plus a comma); a generous guess is cheap.
      const rows = Math.ceil(((expectedBytes - end) / (end - this.firstRecordStart + 1)) * 1.25) + 64;
      batch.expectRows(Math.min(rows, MAX_EXPECTED_ROWS));
    }
    this.depth--;
    this.state = AFTER;
  }

  /** A key (or the end of the record) in a record of a batch: the column it names. */
  private recordKey(pos: number, end: number, atEnd: boolean, c: number): number {
    if (c === 0x7d && this.state === RECORD_FIRST) {
      this.endRecord(pos);
      return pos + 1;
    }
    if (c !== 0x22)
      this.fail(
        pos,
        this.state === RECORD_FIRST ? "a property name in double quotes or '}'" : 'a property name in double quotes',
      );
    const bytes = this.bytes;
    const batch = this.batch!;
    let column = this.expected;
    let next = -1;
    if (column !== null) {
      // Records usually repeat the key order: compare the bytes with the guess, no decoding.
      const key = column.keyBytes;
      const length = key.length;
      const close = pos + 1 + length;
      if (close < end && bytes[close] === 0x22) {
        let k = 0;
        while (k < length && bytes[pos + 1 + k] === key[k]) k++;
        if (k === length) next = close + 1;
      }
    }
    if (next < 0) {
      next = this.readString(pos, end, atEnd);
      if (next < 0) return -1;
      const start = pos + 1;
      const stop = next - 1;
      const hash = hashBytes(bytes, start, stop);
      column = batch.columnByBytes(bytes, start, stop, hash);
      if (column === null) column = batch.columnNamed(this.decode(start, stop), bytes, start, stop, hash);
    }
    this.cell = batch.enter(column!);
    this.column = column;
    this.expected = column!.next;
    this.state = RECORD_COLON;
    return next;
  }

  /**
   * The elements of a captured column from a value on, each straight into the next cell, while
   * the input is compact (as `records`).
   */
  private cells(pos: number, end: number, atEnd: boolean, c: number): number {
    const bytes = this.bytes;
    const column = this.containers[this.depth] as BatchColumn;
    const start = pos;
    for (;;) {
      // A container opens the cell now; its value arrives through deliverCaptured.
      const next = this.readCell(column, c === 0x7b || c === 0x5b ? column.cell(column.count) : -1, pos, end, atEnd, c);
      if (next < 0) return pos === start ? -1 : pos;
      if (this.state !== AFTER || next + 1 >= end || bytes[next] !== 0x2c) return next;
      pos = next + 1;
      c = bytes[pos]!;
      if (c <= 0x20) return pos - 1;
      this.state = VALUE;
    }
  }

  /**
   * The value at `pos` into cell `index` of `column` (a scalar straight in; -1: the next cell,
   * opened once the value is whole). An object or array is parsed aside and kept as the cell.
   */
  private readCell(column: BatchColumn, index: number, pos: number, end: number, atEnd: boolean, c: number): number {
    let next: number;
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      next = this.readNumber(pos, end, atEnd);
      if (next < 0) return -1;
      column.setNumber(index < 0 ? column.cell(column.count) : index, this.number);
    } else if (c === 0x22) {
      next = this.readString(pos, end, atEnd);
      if (next < 0) return -1;
      const bytes = this.bytes;
      const start = pos + 1;
      const stop = next - 1;
      const hash = hashBytes(bytes, start, stop);
      const dictionary = column.dictionary;
      let code = dictionary.codeOfBytes(bytes, start, stop, hash);
      if (code < 0) code = dictionary.learn(this.decode(start, stop), bytes, start, stop, hash);
      column.setString(index < 0 ? column.cell(column.count) : index, code);
    } else if (c === 0x74 || c === 0x66) {
      const isTrue = c === 0x74;
      next = this.readLiteral(pos, end, atEnd, isTrue ? TRUE : FALSE, isTrue ? 'true' : 'false');
      if (next < 0) return -1;
      column.setBoolean(index < 0 ? column.cell(column.count) : index, isTrue);
    } else if (c === 0x6e) {
      next = this.readLiteral(pos, end, atEnd, NULL, 'null');
      if (next < 0) return -1;
      column.setNull(index < 0 ? column.cell(column.count) : index);
    } else if (c === 0x7b || c === 0x5b) {
      this.column = column;
      this.cell = index;
      this.push(c === 0x7b ? OBJECT : ARRAY, c === 0x7b ? {} : [], pos);
      this.state = c === 0x7b ? OBJECT_FIRST : ARRAY_FIRST;
      return pos + 1;
    } else return this.fail(pos, 'a value');
    this.state = AFTER;
    return next;
  }
}
