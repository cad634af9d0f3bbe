import type { BatchColumn } from '../batch/BatchColumn.js';
import { RecordBatchBuilder } from '../batch/RecordBatchBuilder.js';
import { hashBytes } from '../bytes/text.js';
import { RecordBatch } from '../recordBatch.js';
import { JsonLexer } from './JsonLexer.js';
import { type TokenCarry, carryToken } from './tokenCarry.js';

/** Options of `JsonStreamParser` and `parseJson`. */
export interface JsonParseOptions {
  /**
   * Whether the array at `path` (keys and indices from the root; `[]` is the root itself) becomes
   * a `RecordBatch` when its first element is an object. Not consulted inside a batch. The array
   * is reused between calls: copy it to keep it.
   */
  readonly captureRecords?: (path: readonly (string | number)[]) => boolean;
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

// What the parser expects next.
const VALUE = 0;
const ARRAY_FIRST = 1; // after '[': a value or ']'
const OBJECT_FIRST = 2; // after '{': a key or '}'
const KEY = 3;
const COLON = 4;
const AFTER = 5; // after a value inside a container: ',' or its closer
const END = 6; // after the root value
const RECORD_FIRST = 7;
const RECORD_KEY = 8;
const RECORD_COLON = 9;
const RECORD_VALUE = 10;

// What each open container is.
const ROOT = 0;
const ARRAY = 1;
const OBJECT = 2;
const CAPTURABLE = 3; // an array that becomes a batch if its first element is an object
const RECORDS = 4; // a batch
const RECORD = 5; // an object in a batch, read straight into its columns

/** Never reserve for more rows than this on a guess. */
const MAX_EXPECTED_ROWS = 1 << 27;

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

/**
 * A push parser for JSON (RFC 8259) over UTF-8 bytes: `write` chunks as they arrive, split
 * anywhere, then `end()` for the value. It builds the values `JSON.parse` would, except that arrays
 * chosen by `captureRecords` become `RecordBatch`es, read straight into typed columns. No recursion
 * (nesting is an explicit stack, bounded by `maxDepth`); every syntax error is a `JsonSyntaxError`
 * (a `DataError`, reason `MALFORMED_JSON`) giving the byte offset, line and column. A leading UTF-8
 * byte order mark is skipped.
 */
export class JsonStreamParser extends JsonLexer {
  private state = VALUE;
  private depth = 0;
  private readonly kinds: number[] = [ROOT];
  private readonly containers: unknown[] = [undefined];
  private readonly keys: string[] = [''];
  private root: unknown;
  private readonly maxDepth: number;
  private readonly capture: ((path: readonly (string | number)[]) => boolean) | undefined;
  private readonly path: (string | number)[] = [];

  /** The batch being read, if any (there is never more than one open). */
  private batch: RecordBatchBuilder | null = null;
  /** The column of the key just read in a record, its cell, and the guess at the next key. */
  private column: BatchColumn | null = null;
  private cell = 0;
  private expected: BatchColumn | null = null;
  /** Offset of the first record of the open batch, to guess its row count from its size. */
  private firstRecordStart = -1;
  private readonly expectedBytes: number;

  /** Bytes written before the current chunk. */
  private consumed = 0;
  private carry: TokenCarry | null = null;
  private ended = false;
  private failure: unknown;

  constructor(options: JsonParseOptions = {}) {
    super();
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.capture = options.captureRecords;
    this.expectedBytes = options.expectedBytes ?? 0;
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
      if (stop < chunk.length) this.carry = carryToken(chunk, stop, this.consumed + stop);
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
    this.run(0, token.length, true);
    this.carry = null;
  }

  /**
   * Parses `bytes[pos, end)`. Answers `end`, or the start of a token that may continue past it
   * (only when not `atEnd`).
   */
  private run(pos: number, end: number, atEnd: boolean): number {
    const bytes = this.bytes;
    for (;;) {
      let c = 0;
      while (pos < end) {
        c = bytes[pos]!;
        if (c > 0x20) break;
        if (c === 0x20 || c === 0x09 || c === 0x0d) pos++;
        else if (c === 0x0a) {
          pos++;
          this.line++;
          this.lineStart = this.base + pos;
        } else break;
      }
      if (pos >= end) return end;
      let next: number;
      switch (this.state) {
        case RECORD_VALUE:
          next = this.recordValue(pos, end, atEnd, c);
          break;
        case AFTER:
          next = this.after(pos, c);
          break;
        case RECORD_KEY:
        case RECORD_FIRST:
          next = this.records(pos, end, atEnd, c);
          break;
        case RECORD_COLON:
          if (c !== 0x3a) this.fail(pos, "':' after the property name");
          this.state = RECORD_VALUE;
          next = pos + 1;
          break;
        case ARRAY_FIRST:
          next = this.arrayFirst(pos, end, atEnd, c);
          break;
        case VALUE:
          next = this.kinds[this.depth] === ARRAY ? this.elements(pos, end, atEnd, c) : this.value(pos, end, atEnd, c);
          break;
        case OBJECT_FIRST:
        case KEY:
          next = this.key(pos, end, atEnd, c);
          break;
        case COLON:
          if (c !== 0x3a) this.fail(pos, "':' after the property name");
          this.state = VALUE;
          next = pos + 1;
          break;
        default:
          this.fail(pos, 'the end of the input after the JSON value');
      }
      if (next < 0) return pos;
      pos = next;
    }
  }

  /** A value starts at `pos` (first byte `c`). */
  private value(pos: number, end: number, atEnd: boolean, c: number): number {
    let next: number;
    switch (c) {
      case 0x22:
        next = this.readString(pos, end, atEnd);
        if (next >= 0) this.deliver(this.text(pos + 1, next - 1));
        return next;
      case 0x7b:
        if (this.kinds[this.depth] === RECORDS) this.beginRecord(pos);
        else {
          this.push(OBJECT, {}, pos);
          this.state = OBJECT_FIRST;
        }
        return pos + 1;
      case 0x5b:
        this.push(this.capturing() ? CAPTURABLE : ARRAY, [], pos);
        this.state = ARRAY_FIRST;
        return pos + 1;
      case 0x74:
        next = this.readLiteral(pos, end, atEnd, TRUE, 'true');
        if (next >= 0) this.deliver(true);
        return next;
      case 0x66:
        next = this.readLiteral(pos, end, atEnd, FALSE, 'false');
        if (next >= 0) this.deliver(false);
        return next;
      case 0x6e:
        next = this.readLiteral(pos, end, atEnd, NULL, 'null');
        if (next >= 0) this.deliver(null);
        return next;
      case 0xef:
        return this.byteOrderMark(pos, end, atEnd);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
          next = this.readNumber(pos, end, atEnd);
          if (next >= 0) this.deliver(this.number);
          return next;
        }
        return this.fail(pos, 'a value');
    }
  }

  /** The first element of an array, or its end; an array to capture turns into a batch here. */
  private arrayFirst(pos: number, end: number, atEnd: boolean, c: number): number {
    if (c === 0x5d) {
      this.close();
      return pos + 1;
    }
    if (this.kinds[this.depth] === CAPTURABLE) {
      if (c === 0x7b) {
        this.batch = new RecordBatchBuilder();
        this.kinds[this.depth] = RECORDS;
        this.containers[this.depth] = this.batch;
      } else this.kinds[this.depth] = ARRAY;
    }
    this.state = VALUE;
    return this.kinds[this.depth] === ARRAY ? this.elements(pos, end, atEnd, c) : this.value(pos, end, atEnd, c);
  }

  /**
   * Elements of an ordinary array from a value on: numbers and strings are pushed without a trip
   * through the main loop per token as long as the input is compact ("1,2,3"); anything else goes
   * back to it (see `records`).
   */
  private elements(pos: number, end: number, atEnd: boolean, c: number): number {
    const bytes = this.bytes;
    const array = this.containers[this.depth] as unknown[];
    const start = pos;
    for (;;) {
      let next: number;
      if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        next = this.readNumber(pos, end, atEnd);
        if (next < 0) return pos === start ? -1 : pos;
        array.push(this.number);
      } else if (c === 0x22) {
        next = this.readString(pos, end, atEnd);
        if (next < 0) return pos === start ? -1 : pos;
        array.push(this.text(pos + 1, next - 1));
      } else return pos === start ? this.value(pos, end, atEnd, c) : pos;
      this.state = AFTER;
      if (next + 1 >= end || bytes[next] !== 0x2c) return next;
      pos = next + 1;
      c = bytes[pos]!;
      this.state = VALUE;
    }
  }

  /** A key (or the end of an object) in an ordinary object. */
  private key(pos: number, end: number, atEnd: boolean, c: number): number {
    if (c === 0x7d && this.state === OBJECT_FIRST) {
      this.close();
      return pos + 1;
    }
    if (c !== 0x22) {
      this.fail(pos, this.state === OBJECT_FIRST ? "a property name in double quotes or '}'" : 'a property name in double quotes');
    }
    const next = this.readString(pos, end, atEnd);
    if (next >= 0) {
      this.keys[this.depth] = this.text(pos + 1, next - 1);
      this.state = COLON;
    }
    return next;
  }

  /**
   * Records of a batch from a key (or the '}' of an empty record) on, without a trip through the
   * main loop per token as long as the input is compact: key, ':', value, ',' or '}', and on to the
   * next record. Anything else (whitespace, a nested value, an error, the end of the buffer) goes
   * back to the main loop, which knows where the parser is from `state`. Answers as `run`'s steps.
   */
  private records(pos: number, end: number, atEnd: boolean, c: number): number {
    const bytes = this.bytes;
    const start = pos;
    for (;;) {
      let next = this.recordKey(pos, end, atEnd, c);
      // A token cut by the end of the buffer: -1 only if it is the first, else stop before it
      // (the main loop then meets it again, in the state it is in now).
      if (next < 0) return pos === start ? -1 : pos;
      if (this.state !== RECORD_COLON || next >= end || bytes[next] !== 0x3a) return next;
      pos = next + 1;
      this.state = RECORD_VALUE;
      if (pos >= end || (c = bytes[pos]!) <= 0x20) return pos;
      next = this.recordValue(pos, end, atEnd, c);
      if (next < 0) return pos; // as above: the main loop meets the value again
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

  /** A key (or the end of the record) in a record of a batch: the column it names. */
  private recordKey(pos: number, end: number, atEnd: boolean, c: number): number {
    if (c === 0x7d && this.state === RECORD_FIRST) {
      this.endRecord(pos);
      return pos + 1;
    }
    if (c !== 0x22) {
      this.fail(pos, this.state === RECORD_FIRST ? "a property name in double quotes or '}'" : 'a property name in double quotes');
    }
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

  /** A cell value in a record: scalars go straight into the column, containers are parsed aside. */
  private recordValue(pos: number, end: number, atEnd: boolean, c: number): number {
    const column = this.column!;
    let next: number;
    if (c === 0x22) {
      next = this.readString(pos, end, atEnd);
      if (next < 0) return -1;
      const bytes = this.bytes;
      const start = pos + 1;
      const stop = next - 1;
      const hash = hashBytes(bytes, start, stop);
      const dictionary = column.dictionary;
      let code = dictionary.codeOfBytes(bytes, start, stop, hash);
      if (code < 0) code = dictionary.learn(this.decode(start, stop), bytes, start, stop, hash);
      column.setString(this.cell, code);
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      next = this.readNumber(pos, end, atEnd);
      if (next < 0) return -1;
      column.setNumber(this.cell, this.number);
    } else if (c === 0x74 || c === 0x66) {
      const isTrue = c === 0x74;
      next = this.readLiteral(pos, end, atEnd, isTrue ? TRUE : FALSE, isTrue ? 'true' : 'false');
      if (next < 0) return -1;
      column.setBoolean(this.cell, isTrue);
    } else if (c === 0x6e) {
      next = this.readLiteral(pos, end, atEnd, NULL, 'null');
      if (next < 0) return -1;
      column.setNull(this.cell);
    } else if (c === 0x7b) {
      this.push(OBJECT, {}, pos);
      this.state = OBJECT_FIRST;
      return pos + 1;
    } else if (c === 0x5b) {
      this.push(ARRAY, [], pos);
      this.state = ARRAY_FIRST;
      return pos + 1;
    } else return this.fail(pos, 'a value');
    this.state = AFTER;
    return next;
  }

  /** After a value in a container: ',' or the container's closer. */
  private after(pos: number, c: number): number {
    const kind = this.kinds[this.depth]!;
    if (c === 0x2c) {
      this.state = kind === OBJECT ? KEY : kind === RECORD ? RECORD_KEY : VALUE;
    } else if (c === 0x5d && (kind === ARRAY || kind === RECORDS)) {
      this.close();
    } else if (c === 0x7d && kind === RECORD) {
      this.endRecord(pos);
    } else if (c === 0x7d && kind === OBJECT) {
      this.close();
    } else {
      this.fail(pos, kind === OBJECT || kind === RECORD ? "',' or '}' after a property value" : "',' or ']' after an array element");
    }
    return pos + 1;
  }

  /** Hands a finished value to its container. */
  private deliver(value: unknown): void {
    const depth = this.depth;
    switch (this.kinds[depth]) {
      case ROOT:
        this.root = value;
        this.state = END;
        return;
      case ARRAY:
        (this.containers[depth] as unknown[]).push(value);
        break;
      case OBJECT:
        setProperty(this.containers[depth] as Record<string, unknown>, this.keys[depth]!, value);
        break;
      case RECORDS:
        this.batch!.addRaw(value);
        break;
      default: // RECORD: an object or array as a cell
        this.column!.setNested(this.cell, value);
    }
    this.state = AFTER;
  }

  private push(kind: number, container: unknown, pos: number): void {
    if (this.depth >= this.maxDepth) {
      this.failWith(pos, `arrays and objects nest deeper than ${this.maxDepth} levels, the limit`);
    }
    const depth = ++this.depth;
    this.kinds[depth] = kind;
    this.containers[depth] = container;
  }

  /** Closes the array or object on top of the stack and delivers it. */
  private close(): void {
    const depth = this.depth;
    let value = this.containers[depth];
    if (this.kinds[depth] === RECORDS) {
      value = new RecordBatch(this.batch!.finish());
      this.batch = null;
    }
    this.containers[depth] = undefined;
    this.depth = depth - 1;
    this.deliver(value);
  }

  /** The record closed by the '}' at `pos`. */
  private endRecord(pos: number): void {
    const batch = this.batch!;
    batch.endRecord();
    if (batch.row === 0 && this.expectedBytes > 0) {
      const end = this.base + pos + 1;
      // Records after the first are probably about as long (plus a comma); a generous guess is cheap.
      const rows = Math.ceil(((this.expectedBytes - end) / (end - this.firstRecordStart + 1)) * 1.25) + 64;
      batch.expectRows(Math.min(rows, MAX_EXPECTED_ROWS));
    }
    this.depth--;
    this.state = AFTER;
  }

  /** Whether an array starting here should be captured (its path is asked of `captureRecords`). */
  private capturing(): boolean {
    if (this.capture === undefined || this.batch !== null) return false;
    const path = this.path;
    path.length = 0;
    for (let depth = 1; depth <= this.depth; depth++) {
      path.push(this.kinds[depth] === OBJECT ? this.keys[depth]! : (this.containers[depth] as unknown[]).length);
    }
    return this.capture(path);
  }

  /** A UTF-8 byte order mark may precede the root value. */
  private byteOrderMark(pos: number, end: number, atEnd: boolean): number {
    if (this.base + pos !== 0) return this.fail(pos, 'a value');
    if (pos + 3 > end) {
      if (atEnd) this.fail(pos, 'a value');
      return -1;
    }
    if (this.bytes[pos + 1] !== 0xbb || this.bytes[pos + 2] !== 0xbf) this.fail(pos, 'a value');
    return pos + 3;
  }

  /** What the parser was waiting for, for an error at the end of the input. */
  private expectation(): string {
    switch (this.state) {
      case VALUE:
      case RECORD_VALUE:
        return 'a value';
      case ARRAY_FIRST:
        return "a value or ']'";
      case OBJECT_FIRST:
      case RECORD_FIRST:
        return "a property name in double quotes or '}'";
      case KEY:
      case RECORD_KEY:
        return 'a property name in double quotes';
      case COLON:
      case RECORD_COLON:
        return "':' after the property name";
      default: {
        const kind = this.kinds[this.depth];
        return kind === OBJECT || kind === RECORD ? "',' or '}' after a property value" : "',' or ']' after an array element";
      }
    }
  }
}

/** Sets an own property as JSON.parse does: "__proto__" too is just a key. */
function setProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else target[key] = value;
}
