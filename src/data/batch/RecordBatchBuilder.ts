import { ByteInterner } from '../bytes/ByteInterner.js';
import type { ColumnBudget } from '../ColumnBudget.js';
import { BatchColumn } from './BatchColumn.js';
import type { BatchContents } from './BatchContents.js';

const KEY_POOL_BYTES = 1 << 16;
/** Columns that may have storage reserved for the expected rows. */
const RESERVED_COLUMNS = 256;

/**
 * Collects the records of one captured array as the parser reads them: rows in order, each key
 * into its column. The parser finds columns by the raw bytes of keys (`columnByBytes`), guessing
 * the next key from the order of the previous record (`expected`) so that the usual record costs
 * a byte compare per key.
 */
export class RecordBatchBuilder {
  /** Elements so far (records and others). */
  length = 0;
  /** The row being read. */
  row = -1;
  /** Columns in first-appearance order. */
  readonly columns: BatchColumn[] = [];
  private readonly byName = new Map<string, BatchColumn>();
  private readonly keySpellings = new ByteInterner();
  private readonly spellingColumns: BatchColumn[] = [];
  private readonly raws = new Map<number, unknown>();
  /** Columns of the current record, in the order its keys came. */
  private readonly keysInRow: BatchColumn[] = [];
  private outOfOrder = false;
  /** Key orders of the records whose keys did not come in first-appearance order. */
  private readonly orders = new Map<number, readonly number[]>();
  private keyPool = new Uint8Array(0);
  private keyPoolUsed = 0;
  private first: BatchColumn | null = null;
  private previous: BatchColumn | null = null;

  /** `budget`: the request's distinct columns, each new key counted as it is met. */
  constructor(private readonly budget?: ColumnBudget) {}

  /** Starts the next record; answers the column its first key probably names. */
  beginRecord(): BatchColumn | null {
    this.row = this.length++;
    this.keysInRow.length = 0;
    this.outOfOrder = false;
    this.previous = null;
    return this.first;
  }

  /** Ends the record being read. */
  endRecord(): void {
    // Usually keys come in the batch's column order; otherwise remember this record's own order.
    if (this.outOfOrder)
      this.orders.set(
        this.row,
        this.keysInRow.map((column) => column.sequence),
      );
  }

  /**
   * Sizes the columns of the first record for about `rows` records (a guess from the input size),
   * so that they fill in place instead of growing by copies. Keys first seen later may be sparse:
   * their columns grow as needed.
   */
  expectRows(rows: number): void {
    let reservable = rows * RESERVED_COLUMNS;
    for (const column of this.columns) {
      if (reservable < rows) break;
      if (column.reserve(rows)) reservable -= rows;
    }
  }

  /** Adds an element that is not an object, kept as it is. */
  addRaw(value: unknown): void {
    this.raws.set(this.length++, value);
  }

  /** Opens the cell of `column` in the current record; answers its cell index. */
  enter(column: BatchColumn): number {
    if (column.lastRow !== this.row) {
      const keys = this.keysInRow;
      if (keys.length > 0 && keys[keys.length - 1]!.sequence > column.sequence) this.outOfOrder = true;
      keys.push(column);
    }
    if (this.previous === null) this.first = column;
    else this.previous.next = column;
    this.previous = column;
    return column.cell(this.row);
  }

  /** The column whose key was spelled `bytes[start, end)` before, or null. */
  columnByBytes(bytes: Uint8Array, start: number, end: number, hash: number): BatchColumn | null {
    const id = this.keySpellings.find(bytes, start, end, hash);
    return id < 0 ? null : this.spellingColumns[id]!;
  }

  /** The column named `name` (decoded from `bytes[start, end)`), created on first sight. */
  columnNamed(name: string, bytes: Uint8Array, start: number, end: number, hash: number): BatchColumn {
    let column = this.byName.get(name);
    if (column === undefined) {
      this.budget?.admit(name, this.row);
      column = new BatchColumn(this.columns.length, name, this.keepKey(bytes, start, end), this.row);
      this.columns.push(column);
      this.byName.set(name, column);
    }
    const id = this.keySpellings.add(bytes, start, end, hash);
    if (id >= 0) this.spellingColumns[id] = column;
    return column;
  }

  /** A stable copy of a key's bytes, in a shared pool: one small buffer per key would burden the GC. */
  private keepKey(bytes: Uint8Array, start: number, end: number): Uint8Array {
    const length = end - start;
    if (this.keyPoolUsed + length > this.keyPool.length) {
      this.keyPool = new Uint8Array(Math.max(KEY_POOL_BYTES, length));
      this.keyPoolUsed = 0;
    }
    const at = this.keyPoolUsed;
    this.keyPool.set(bytes.subarray(start, end), at);
    this.keyPoolUsed = at + length;
    return this.keyPool.subarray(at, at + length);
  }

  /** What the batch holds, for `RecordBatch`. */
  finish(): BatchContents {
    return {
      length: this.length,
      columns: this.columns,
      byName: this.byName,
      raws: this.raws,
      orders: this.orders,
    };
  }
}
