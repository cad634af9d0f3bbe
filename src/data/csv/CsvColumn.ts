import { LevelDictionary } from '../batch/LevelDictionary.js';
import type { Column } from '../Column.js';
import { DataError, rowLabel } from '../errors.js';

const FIRST_CAPACITY = 16;
/** Numbers of a column before its first row (shared: columns can be many). */
const NO_NUMBERS = new Float64Array(0);

/**
 * The cells of one CSV column as they are read: numbers while every non-empty cell is a finite
 * number, level codes from the first cell that is not (`switchedAt`). Rows read as numbers before
 * that are given their codes by a second look at their text once the whole input is read
 * (`needsText`), because only then is it known that the column is categorical.
 */
export class CsvColumn {
  numbers: Float64Array;
  codes: Int32Array | null = null;
  private levels: LevelDictionary | null = null;
  /** The first row whose cell is neither empty nor a number, or -1. */
  switchedAt = -1;
  /** Non-empty cells read as numbers (before `switchedAt`). */
  numberCount = 0;
  /** Non-empty cells read as levels. */
  levelCount = 0;
  /** The first row read as an infinite number (beyond double range, or `inf`), and its text. */
  private infiniteAt = -1;
  private infiniteText = '';

  /**
   * `rows`: a guess at the row count, to size the column once (pages are committed when written).
   * `asText`: every cell is a level as written, numbers too (a window of a column known to be text).
   */
  constructor(
    readonly name: string,
    rows: number,
    readonly asText = false,
  ) {
    this.numbers = rows > 0 ? new Float64Array(rows) : NO_NUMBERS;
  }

  /**
   * Levels in first-appearance order (made on first use: columns can be many); replaced when
   * rows read as numbers join (see `mergeLevels`).
   */
  get dictionary(): LevelDictionary {
    return (this.levels ??= new LevelDictionary());
  }

  /** Whether rows before `switchedAt` hold numbers whose text must become levels. */
  get needsText(): boolean {
    return this.switchedAt > 0 && this.numberCount > 0;
  }

  /**
   * Gives the rows before `switchedAt` their codes from `early` (a dictionary of their levels,
   * already written into `codes` by the caller) and renumbers the later levels after them, so that
   * levels stay in first-appearance order.
   */
  mergeLevels(early: LevelDictionary, rowCount: number): void {
    const codes = this.codes!;
    const renumber = this.dictionary.levels.map((level) => early.codeOf(level));
    for (let row = this.switchedAt; row < rowCount; row++) {
      const code = codes[row]!;
      if (code >= 0) codes[row] = renumber[code]!;
    }
    this.levels = early;
  }

  /** Row `row` holds a number (the column is still numeric). */
  setNumber(row: number, value: number): void {
    if (row >= this.numbers.length) this.numbers = grow(this.numbers, row);
    this.numbers[row] = value;
    this.numberCount++;
  }

  /**
   * Row `row` holds an infinite number, spelled `text`: a number for typing (so the column stays
   * numeric), refused if the column is read as numeric, a level as written if it turns out text.
   */
  setInfinite(row: number, value: number, text: () => string): void {
    if (this.infiniteAt < 0) {
      this.infiniteAt = row;
      this.infiniteText = text();
    }
    this.setNumber(row, value);
  }

  /** Row `row` is empty. */
  setMissing(row: number): void {
    if (this.codes === null) {
      if (row >= this.numbers.length) this.numbers = grow(this.numbers, row);
      this.numbers[row] = Number.NaN;
    } else {
      if (row >= this.codes.length) this.codes = grow(this.codes, row);
      this.codes[row] = -1;
    }
  }

  /** Row `row` holds level `code`; the first time, the column turns categorical. */
  setCode(row: number, code: number): void {
    let codes = this.codes;
    if (codes === null) {
      this.switchedAt = row;
      codes = new Int32Array(Math.max(this.numbers.length, row + 1)).fill(-1, 0, row);
      this.codes = codes;
      // Rows read as numbers get codes from their text later: the numbers are no longer needed.
      this.numbers = NO_NUMBERS;
    }
    if (row >= codes.length) this.codes = codes = grow(codes, row);
    codes[row] = code;
    this.levelCount++;
  }

  /** The refusal of a numeric column with an infinite cell: what records and columns say of 1e400. */
  private infiniteError(): DataError {
    const row = this.infiniteAt;
    const text = this.infiniteText;
    const why = /\d/.test(text) ? 'beyond the range of a double' : 'an infinity';
    return new DataError(
      'INVALID_VALUE',
      `${rowLabel(row)}, column ${JSON.stringify(this.name)}: ${text} is not a finite number (${why})`,
      this.name,
      row,
    );
  }

  /** The first row read as an infinite number and its text, or null (see `setInfinite`). */
  firstInfinite(): { readonly row: number; readonly text: string } | null {
    return this.infiniteAt < 0 ? null : { row: this.infiniteAt, text: this.infiniteText };
  }

  /**
   * The typed column over `rowCount` rows. A numeric column with an infinite cell is refused,
   * unless `keepInfinite` (a window of a larger input, whose column may yet turn out text).
   */
  build(rowCount: number, keepInfinite = false): Column {
    const name = this.name;
    if (this.codes !== null) {
      return {
        kind: 'categorical',
        name,
        codes: this.codes.subarray(0, rowCount),
        levels: this.dictionary.levels,
        missingCount: rowCount - this.levelCount - this.numberCount,
      };
    }
    if (this.numberCount === 0) return { kind: 'empty', name, length: rowCount };
    if (this.infiniteAt >= 0 && !keepInfinite) throw this.infiniteError();
    if (this.numbers.length < rowCount) this.numbers = grow(this.numbers, rowCount - 1);
    return {
      kind: 'numeric',
      name,
      values: this.numbers.subarray(0, rowCount),
      missingCount: rowCount - this.numberCount,
    };
  }
}

function grow<T extends Float64Array | Int32Array>(array: T, index: number): T {
  const grown = new (array.constructor as new (length: number) => T)(
    Math.max(array.length * 2, index + 1, FIRST_CAPACITY),
  );
  grown.set(array as never);
  return grown;
}
