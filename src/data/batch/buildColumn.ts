import type { Column } from '../Column.js';
import { ColumnBuilder } from '../ColumnBuilder.js';
import { type BatchColumn, TAG_ABSENT, TAG_NUMBER, TAG_STRING, TAG_BOOLEAN } from './BatchColumn.js';

/**
 * The typed column of a batch column over `rowCount` rows, exactly as `ColumnBuilder` types the
 * same cells. When the counts show the cells are uniform the stored arrays become the column
 * directly; anything else (mixed types, nested values, non-finite numbers, repeated keys) is
 * replayed cell by cell through `ColumnBuilder`, which raises its own errors or builds the column.
 * A dense column's arrays are handed out as they are: the batch and its tables share them.
 * `name` is the column's name in messages (a captured array does not know its key for sure).
 */
export function buildColumn(column: BatchColumn, rowCount: number, name = column.name): Column {
  if (column.built?.name === name) return column.built;
  const built = uniformColumn(column, rowCount, name) ?? replay(column, rowCount, name);
  column.built = built;
  return built;
}

function uniformColumn(column: BatchColumn, rowCount: number, name: string): Column | undefined {
  if (column.duplicate || column.nestedCount > 0) return undefined;
  const { numberCount, stringCount, booleanCount } = column;
  if (numberCount > 0) {
    if (stringCount > 0 || booleanCount > 0 || column.nonFinite) return undefined;
    const values =
      column.rows === null
        ? denseCells(column, rowCount).numbers!
        : scatter(column, new Float64Array(rowCount).fill(Number.NaN), column.numbers!, TAG_NUMBER, TAG_NUMBER);
    return { kind: 'numeric', name, values, missingCount: rowCount - numberCount };
  }
  if (stringCount > 0 && booleanCount > 0) return undefined;
  if (stringCount === 0 && booleanCount === 0) return { kind: 'empty', name, length: rowCount };
  const codes =
    column.rows === null
      ? denseCells(column, rowCount).codes!
      : scatter(column, new Int32Array(rowCount).fill(-1), column.codes!, TAG_STRING, TAG_BOOLEAN);
  return {
    kind: 'categorical',
    name,
    codes,
    levels: column.dictionary.levels,
    missingCount: rowCount - stringCount - booleanCount,
  };
}

/**
 * A dense column's own arrays, cut to `rowCount`: cell r is row r, and cells without a value
 * already hold NaN or -1 (no repeated keys here), so they are the typed column as they stand.
 */
function denseCells(column: BatchColumn, rowCount: number): { numbers: Float64Array | null; codes: Int32Array | null } {
  column.extendTo(rowCount);
  return { numbers: column.numbers?.subarray(0, rowCount) ?? null, codes: column.codes?.subarray(0, rowCount) ?? null };
}

/** Writes a sparse column's cells tagged `tag` or `otherTag` from `cells` into `target` at their rows. */
function scatter<T extends Float64Array | Int32Array>(
  column: BatchColumn,
  target: T,
  cells: T,
  tag: number,
  otherTag: number,
): T {
  const rows = column.rows!;
  for (let index = 0; index < column.count; index++) {
    const at = column.tag(index);
    if (at === tag || at === otherTag) target[rows[index]!] = cells[index]!;
  }
  return target;
}

function replay(column: BatchColumn, rowCount: number, name: string): Column {
  const builder = new ColumnBuilder(name, rowCount);
  let row = 0;
  for (let index = 0; index < column.count; index++) {
    const at = column.rowOf(index);
    while (row < at) builder.addMissing(row++);
    if (column.tag(index) === TAG_ABSENT) builder.addMissing(row);
    else builder.add(row, column.value(index));
    row++;
  }
  while (row < rowCount) builder.addMissing(row++);
  return builder.build();
}
