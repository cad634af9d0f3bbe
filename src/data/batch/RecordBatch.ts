import type { BatchContents } from './BatchContents.js';
import { BatchTable } from './BatchTable.js';
import type { DataTable } from '../DataTable.js';

const BATCH = Symbol('RecordBatch');
const INDEX = Symbol('RecordBatch.index');

/**
 * One record of a batch as a placeholder object: no string keys, only a back reference, so
 * handing 10^6 of them through GraphQL's input coercion costs two fields each rather than a
 * materialized record. `JSON.stringify` shows the record it stands for.
 */
class RowView {
  readonly [BATCH]: RecordBatch;
  readonly [INDEX]: number;

  constructor(batch: RecordBatch, index: number) {
    this[BATCH] = batch;
    this[INDEX] = index;
    Object.freeze(this);
  }

  toJSON(): unknown {
    return this[BATCH].materialize(this[INDEX]);
  }
}

/**
 * An array of JSON records captured column by column as it was parsed (see `JsonStreamParser`'s
 * `captureRecords`), never as one object per row. Elements that are not objects are kept as
 * parsed, so every error `RecordsTable` would raise on the plain array is raised the same way.
 *
 * It iterates like the array it replaces, yielding a frozen row view per record (or the raw
 * element), so GraphQL can coerce it as a `[JSONObject!]!` variable; the resolver gets the views
 * back and `RecordBatch.fromRows` recovers the batch.
 */
export class RecordBatch implements Iterable<unknown> {
  /** Elements of the captured array. */
  readonly length: number;

  /** Made by the parser from what it collected. */
  constructor(private readonly contents: BatchContents) {
    this.length = contents.length;
  }

  /** Rows of the table (the same as `length`). */
  get rowCount(): number {
    return this.length;
  }

  /**
   * The batch as a table: what `new RecordsTable(rows, maxColumns)` gives the plain array, with
   * the same errors. Typed columns share storage with the batch: treat them as read-only.
   */
  table(maxColumns = Number.POSITIVE_INFINITY): DataTable {
    return new BatchTable(this.contents, maxColumns);
  }

  /** Element `index`: a row view for a record, the element itself otherwise. */
  at(index: number): unknown {
    if (!(index >= 0 && index < this.length)) return undefined;
    return this.contents.raws.has(index) ? this.contents.raws.get(index) : new RowView(this, index);
  }

  *[Symbol.iterator](): Iterator<unknown> {
    for (let index = 0; index < this.length; index++) yield this.at(index);
  }

  /** Element `index` as `JSON.parse` would have given it: a new plain object for a record. */
  materialize(index: number): unknown {
    const { raws, columns, orders } = this.contents;
    if (raws.has(index)) return raws.get(index);
    const record: Record<string, unknown> = {};
    const order = orders.get(index);
    for (const column of order ? order.map((sequence) => columns[sequence]!) : columns) {
      const cell = column.cellOf(index);
      if (cell < 0) continue;
      const value = column.value(cell);
      if (value === undefined) continue;
      // JSON.parse makes "__proto__" an own property; assignment would set the prototype instead.
      if (column.name === '__proto__') {
        Object.defineProperty(record, column.name, { value, writable: true, enumerable: true, configurable: true });
      } else record[column.name] = value;
    }
    return record;
  }

  /** The plain array, for `JSON.stringify` (costly: one object per record). */
  toJSON(): unknown[] {
    return Array.from({ length: this.length }, (_, index) => this.materialize(index));
  }

  /**
   * The batch whose elements `rows` are, in order (row views and raw elements, as iterating the
   * batch gives them), or undefined when `rows` is anything else.
   */
  static fromRows(rows: readonly unknown[]): RecordBatch | undefined {
    let batch: RecordBatch | undefined;
    for (const row of rows) {
      if (row instanceof RowView) {
        batch = row[BATCH];
        break;
      }
    }
    if (batch === undefined || batch.length !== rows.length) return undefined;
    const { raws } = batch.contents;
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index];
      if (row instanceof RowView) {
        if (row[BATCH] !== batch || row[INDEX] !== index) return undefined;
      } else if (!raws.has(index) || !Object.is(raws.get(index), row)) return undefined;
    }
    return batch;
  }

  /**
   * Whether every element is a record (an object), as `[JSONObject!]` requires of each: such a
   * batch can go through GraphQL as one `RecordsValue`.
   */
  get allRecords(): boolean {
    return this.contents.raws.size === 0;
  }

  /** Whether `value` is a row view of some batch. */
  static isRowView(value: unknown): boolean {
    return value instanceof RowView;
  }

  /** A row view's record as a plain object; any other value as it is. */
  static materializeRow(value: unknown): unknown {
    return value instanceof RowView ? value[BATCH].materialize(value[INDEX]) : value;
  }
}

/** A row view's record as a plain object; any other value as it is. */
export function materializeRow(value: unknown): unknown {
  return RecordBatch.materializeRow(value);
}

/**
 * A batch of records as one opaque, non-iterable value, for GraphQL's input coercion: a list
 * argument (`[JSONObject!]`) given a value that is not iterable coerces it as a list of that one
 * value, so 10^6 records cost one `JSONObject` check instead of a row view and a check each. Only
 * for batches whose every element is a record (`RecordBatch.allRecords`): the per-element checks
 * would accept each of them, so nothing GraphQL would report is skipped. The resolver's argument
 * is then `[value]`, which `RecordsValue.unwrap` turns back into the batch.
 */
export class RecordsValue {
  constructor(readonly batch: RecordBatch) {
    Object.freeze(this);
  }

  /** The records, for `JSON.stringify`. */
  toJSON(): unknown[] {
    return this.batch.toJSON();
  }

  /** The batch behind a coerced `[value]` argument; any other rows as they are. */
  static unwrap(rows: readonly unknown[] | RecordBatch): readonly unknown[] | RecordBatch {
    if (rows instanceof RecordBatch || rows.length !== 1) return rows;
    const only = rows[0];
    return only instanceof RecordsValue ? only.batch : rows;
  }
}
