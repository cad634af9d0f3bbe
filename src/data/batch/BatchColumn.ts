import type { Column, Level } from '../Column.js';
import { LevelDictionary } from './LevelDictionary.js';

/** What a cell held in the JSON, one byte per cell (plain numbers: the hot loop stores them). */
export const TAG_ABSENT = 0;
export const TAG_NULL = 1;
export const TAG_NUMBER = 2;
export const TAG_STRING = 3;
export const TAG_BOOLEAN = 4;
/** An object or array: kept aside, an error if the column is ever used. */
export const TAG_NESTED = 5;

/** No cell written yet, so no uniform tag either. */
const NO_TAG = -1;
/** How much absent padding a dense column may hold beyond its present cells before going sparse. */
const PADDING_SLACK = 64;
const FIRST_CAPACITY = 16;
/** The rows of a sparse column before its first cell (shared: columns can be many). */
const NO_ROWS = new Int32Array(0);

/**
 * The cells one key took across the records of a batch, written by the parser as it reads them.
 *
 * A dense column stores the cell of row r at index r, so that once parsed its numbers (or codes)
 * already are the typed column: no copy, no second array. Rows without the key are padded as
 * absent cells, within a bound; once padding would cost more than the cells (a sparse key, or one
 * first seen late), the column goes sparse and records each cell's row. Tags are only stored once
 * cells differ (a column of numbers only has none). So a column costs 8 bytes per number or 4 per
 * categorical code, plus 1 per tag when it has nulls or gaps, and never more than about twice that.
 *
 * Storage grows by doubling, or is reserved up front from the expected row count: pages of a
 * typed array are only committed when written, so reserving generously costs address space only.
 */
export class BatchColumn {
  /** The key as the parser first met it, undecoded: the fast path compares input bytes to it. */
  readonly keyBytes: Uint8Array;
  /** The column that followed this one in the last record that had it (a guess at the next key). */
  next: BatchColumn | null = null;
  /** The row of the last cell, to notice a key repeated within one record. */
  lastRow = -1;
  /** Cells written: rows 0 … count - 1 when dense, else cells in row order with their `rows`. */
  count = 0;
  /** Row of each cell, once the column went sparse. */
  rows: Int32Array | null = null;
  /** Tag of each cell, once they differ; until then every cell has the tag `uniform`. */
  tags: Uint8Array | null = null;
  uniform = NO_TAG;
  /** Numbers by cell, NaN in cells that hold none (as a numeric column wants). */
  numbers: Float64Array | null = null;
  /** Level codes by cell, -1 in cells that hold none. */
  codes: Int32Array | null = null;
  private levels: LevelDictionary | null = null;
  /** Objects and arrays found as cells, by cell index. */
  nested: Map<number, unknown> | null = null;

  numberCount = 0;
  stringCount = 0;
  booleanCount = 0;
  nestedCount = 0;
  /** Some number was beyond double range (parsed as ±Infinity). */
  nonFinite = false;
  /** A record repeated this key: its last value won, and the counts above overcount. */
  duplicate = false;
  /** The typed column, once built (it shares storage with this one). */
  built: Column | null = null;

  private capacity = 0;
  private padding = 0;
  private trueCode = -1;
  private falseCode = -1;

  constructor(
    /** Position in first-appearance order. */
    readonly sequence: number,
    readonly name: string,
    /** The key's bytes (kept, not copied: the caller gives a stable copy). */
    keyBytes: Uint8Array,
    /** The first row with this key. */
    readonly firstRow: number,
  ) {
    this.keyBytes = keyBytes;
    if (firstRow > PADDING_SLACK) this.rows = NO_ROWS;
  }

  /** Makes room for `cells` cells (a guess from the input size); false if it could not. */
  reserve(cells: number): boolean {
    if (cells <= this.capacity) return true;
    try {
      this.resize(cells);
      return true;
    } catch {
      // Address space for a generous guess may be refused; growing by doubling still works.
      return false;
    }
  }

  /** The cell index for `row` (rows arrive in order; a repeated key reuses its cell). */
  cell(row: number): number {
    if (row === this.lastRow) {
      this.duplicate = true;
      return this.count - 1;
    }
    this.lastRow = row;
    const count = this.count;
    let index = count;
    if (this.rows === null && row !== count) {
      // Rows without the key since the last cell: pad them while that stays cheap.
      if (this.padding + row - count <= count - this.padding + PADDING_SLACK) index = row;
      else this.goSparse();
    }
    if (index >= this.capacity) this.resize(Math.max(FIRST_CAPACITY, this.capacity * 2, index + 1));
    if (index !== count) this.pad(count, index);
    else if (this.rows !== null) this.rows[index] = row;
    this.count = index + 1;
    return index;
  }

  /** Writes a number into cell `index`. */
  setNumber(index: number, value: number): void {
    if (this.tags !== null) this.tags[index] = TAG_NUMBER;
    else if (this.uniform !== TAG_NUMBER) this.diversify(index, TAG_NUMBER);
    this.numberCount++;
    if (value - value !== 0) this.nonFinite = true;
    (this.numbers ?? this.startNumbers(index))[index] = value;
  }

  /** The column's levels (made on first use: a numeric column needs none). */
  get dictionary(): LevelDictionary {
    return (this.levels ??= new LevelDictionary());
  }

  /** Writes a string's level code (from `dictionary`) into cell `index`. */
  setString(index: number, code: number): void {
    if (this.tags !== null) this.tags[index] = TAG_STRING;
    else if (this.uniform !== TAG_STRING) this.diversify(index, TAG_STRING);
    this.stringCount++;
    (this.codes ?? this.startCodes(index))[index] = code;
  }

  /** Writes a boolean into cell `index`. */
  setBoolean(index: number, value: boolean): void {
    if (this.tags !== null) this.tags[index] = TAG_BOOLEAN;
    else if (this.uniform !== TAG_BOOLEAN) this.diversify(index, TAG_BOOLEAN);
    this.booleanCount++;
    let code = value ? this.trueCode : this.falseCode;
    if (code < 0) {
      code = this.dictionary.codeOf(value);
      if (value) this.trueCode = code;
      else this.falseCode = code;
    }
    (this.codes ?? this.startCodes(index))[index] = code;
  }

  /** Writes null into cell `index`. */
  setNull(index: number): void {
    this.setOther(index, TAG_NULL);
  }

  /** Keeps an object or array found as cell `index`. */
  setNested(index: number, value: unknown): void {
    this.setOther(index, TAG_NESTED);
    this.nestedCount++;
    (this.nested ??= new Map()).set(index, value);
  }

  /** The tag of cell `index`. */
  tag(index: number): number {
    if (this.tags !== null) return this.tags[index]!;
    return index < this.count ? this.uniform : TAG_ABSENT;
  }

  /** The row of cell `index`. */
  rowOf(index: number): number {
    return this.rows === null ? index : this.rows[index]!;
  }

  /** The cell index holding `row`, or -1 when the row has no cell. */
  cellOf(row: number): number {
    const rows = this.rows;
    if (rows === null) return row < this.count ? row : -1;
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const at = rows[middle]!;
      if (at === row) return middle;
      if (at < row) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /** The JSON value of cell `index` (undefined when absent), as `JSON.parse` would have given it. */
  value(index: number): unknown {
    switch (this.tag(index)) {
      case TAG_NULL:
        return null;
      case TAG_NUMBER:
        return this.numbers![index];
      case TAG_STRING:
      case TAG_BOOLEAN:
        return this.dictionary.levels[this.codes![index]!] as Level;
      case TAG_NESTED:
        return this.nested!.get(index);
      default:
        return undefined;
    }
  }

  /**
   * Makes a dense column `rowCount` cells long, the rows past its last cell absent, so that its
   * arrays can be handed out as they are.
   */
  extendTo(rowCount: number): void {
    if (this.rows !== null || this.count >= rowCount) return;
    if (rowCount > this.capacity) this.resize(rowCount);
    this.pad(this.count, rowCount);
    this.count = rowCount;
  }

  private setOther(index: number, tag: number): void {
    if (this.tags !== null) this.tags[index] = tag;
    else if (this.uniform !== tag) this.diversify(index, tag);
    if (this.numbers !== null) this.numbers[index] = Number.NaN;
    if (this.codes !== null) this.codes[index] = -1;
  }

  /** Cells [from, to) are absent: rows without the key. */
  private pad(from: number, to: number): void {
    if (this.tags === null && this.uniform !== NO_TAG) this.diversify(from, TAG_ABSENT);
    // Fresh tags are zero, which is absent; values need their "none" markers.
    this.numbers?.fill(Number.NaN, from, to);
    this.codes?.fill(-1, from, to);
    this.padding += to - from;
  }

  /** Cell `index` breaks the uniform run: store tags from now on. */
  private diversify(index: number, tag: number): void {
    if (this.uniform === NO_TAG && index === 0) {
      this.uniform = tag;
      return;
    }
    const tags = new Uint8Array(this.capacity);
    if (this.uniform !== NO_TAG) tags.fill(this.uniform, 0, Math.min(index, this.count));
    tags[index] = tag;
    this.tags = tags;
  }

  private startNumbers(index: number): Float64Array {
    const numbers = new Float64Array(this.capacity);
    numbers.fill(Number.NaN, 0, index);
    this.numbers = numbers;
    return numbers;
  }

  private startCodes(index: number): Int32Array {
    const codes = new Int32Array(this.capacity);
    codes.fill(-1, 0, index);
    this.codes = codes;
    return codes;
  }

  /** From now on each cell records its row: padding would cost more than the cells. */
  private goSparse(): void {
    const rows = new Int32Array(this.capacity);
    for (let index = 0; index < this.count; index++) rows[index] = index;
    this.rows = rows;
  }

  private resize(capacity: number): void {
    const count = this.count;
    if (this.rows !== null) this.rows = grown(new Int32Array(capacity), this.rows, count);
    if (this.tags !== null) this.tags = grown(new Uint8Array(capacity), this.tags, count);
    if (this.numbers !== null) this.numbers = grown(new Float64Array(capacity), this.numbers, count);
    if (this.codes !== null) this.codes = grown(new Int32Array(capacity), this.codes, count);
    this.capacity = capacity;
  }
}

function grown<T extends Float64Array | Int32Array | Uint8Array>(target: T, source: T, count: number): T {
  target.set(source.subarray(0, count) as never);
  return target;
}
