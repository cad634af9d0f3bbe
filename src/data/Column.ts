/** A categorical level as it came in: strings and booleans are categorical in JSON data. */
export type Level = string | boolean;

/** A column of numbers; `NaN` marks a missing cell (JSON has no NaN, so it is unambiguous). */
export interface NumericColumn {
  readonly kind: 'numeric';
  readonly name: string;
  readonly values: Float64Array;
  readonly missingCount: number;
  /**
   * Whether pandas would hold the column as integers (whole numbers, no missing cell), when that
   * is decided by more rows than these (a chunk of a dataset); absent, it is read from `values`.
   */
  readonly integer?: boolean;
}

/** A column of strings or booleans, stored as codes into `levels` (first-appearance order); -1 is missing. */
export interface CategoricalColumn {
  readonly kind: 'categorical';
  readonly name: string;
  readonly codes: Int32Array;
  readonly levels: readonly Level[];
  readonly missingCount: number;
}

/** A column present in the data whose every cell is missing: its type cannot be known. */
export interface EmptyColumn {
  readonly kind: 'empty';
  readonly name: string;
  readonly length: number;
}

/** One typed column of a data table. */
export type Column = NumericColumn | CategoricalColumn | EmptyColumn;

/** Whether the cell at `row` is missing. */
export function isMissing(column: Column, row: number): boolean {
  switch (column.kind) {
    case 'numeric':
      return Number.isNaN(column.values[row]!);
    case 'categorical':
      return column.codes[row]! < 0;
    case 'empty':
      return true;
    default: {
      const unreachable: never = column;
      return unreachable;
    }
  }
}
