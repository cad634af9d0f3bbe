import type { BatchColumn } from './BatchColumn.js';

/** The parsed contents of a record batch, as its builder leaves them. */
export interface BatchContents {
  /** Elements of the array: records and others. */
  readonly length: number;
  /** Columns in first-appearance order (as the keys came in the bytes). */
  readonly columns: readonly BatchColumn[];
  readonly byName: ReadonlyMap<string, BatchColumn>;
  /** Elements that are not objects, by index, as parsed. */
  readonly raws: ReadonlyMap<number, unknown>;
  /** Key order (column sequences) of each record whose keys did not come in column order. */
  readonly orders: ReadonlyMap<number, readonly number[]>;
}

/**
 * Column names in the order `RecordsTable` lists them for the same records: by the first record
 * having the key, and within a record as `Object.keys` orders keys (array indices ascending
 * first, then the other keys in insertion order).
 */
export function columnNamesOf(contents: BatchContents): readonly string[] {
  const columns = [...contents.columns];
  if (!columns.some((column) => isArrayIndex(column.name))) return columns.map((column) => column.name);
  columns.sort((a, b) => {
    if (a.firstRow !== b.firstRow) return a.firstRow - b.firstRow;
    const aIndex = isArrayIndex(a.name);
    const bIndex = isArrayIndex(b.name);
    if (aIndex !== bIndex) return aIndex ? -1 : 1;
    return aIndex ? Number(a.name) - Number(b.name) : a.sequence - b.sequence;
  });
  return columns.map((column) => column.name);
}

/** Whether `key` is an array index, which objects list before their other keys. */
function isArrayIndex(key: string): boolean {
  if (key.length === 0 || key.length > 10) return false;
  const value = Number(key);
  return Number.isInteger(value) && value >= 0 && value <= 4294967294 && String(value) === key;
}
