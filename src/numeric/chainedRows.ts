import type { DesignRows, ProblemRows } from './designRows.js';

/**
 * A problem's rows made of consecutive parts (the chunks of a dataset), each evaluated only when
 * a pass reaches it: a fit reads its rows in order, so one part of each kind is held at a time,
 * and memory is that of a part whatever the number of rows. Part 0's design stays held too, for
 * the scans that read a column from the first row (constant columns) before moving on.
 */
export interface RowParts {
  /** Rows of each part (a part may have none). */
  readonly counts: readonly number[];
  readonly columnCount: number;
  readonly mayHaveLowParts: boolean;
  readonly weighted: boolean;
  readonly mayHaveResponseLowParts: boolean;
  /** Part `index`'s design rows. */
  design(index: number): DesignRows;
  /** Part `index`'s response, its low parts (null: exact) and its weights (null: unweighted). */
  response(index: number): PartResponse;
}

export interface PartResponse {
  readonly y: Float64Array;
  readonly yLo: Float64Array | null;
  readonly weights: Float64Array | null;
}

/** The rows of `parts`, read through to the part that holds each. */
export function chainedProblemRows(parts: RowParts): ProblemRows {
  const { counts, columnCount } = parts;
  const starts = new Float64Array(counts.length + 1);
  counts.forEach((count, i) => (starts[i + 1] = starts[i]! + count));
  const rowCount = starts[counts.length]!;
  const first = new Cache((index) => parts.design(index));
  const designs = new Cache((index) => parts.design(index));
  const responses = new Cache((index) => parts.response(index));
  const design = (index: number): DesignRows => (index === 0 ? first.get(0) : designs.get(index));

  /** Calls `visit` with each part's share of rows [start, start + count), in order. */
  const spans = (
    start: number,
    count: number,
    visit: (index: number, local: number, length: number, offset: number) => void,
  ): void => {
    if (start < 0 || count < 0 || start + count > rowCount) throw new RangeError('rows out of range');
    let index = partOf(starts, start);
    for (let row = start, end = start + count; row < end; index++) {
      const partEnd = Math.min(end, starts[index + 1]!);
      if (partEnd > row) visit(index, row - starts[index]!, partEnd - row, row - start);
      row = Math.max(row, partEnd);
    }
  };

  return {
    columnCount,
    rowCount,
    mayHaveLowParts: parts.mayHaveLowParts,
    weighted: parts.weighted,
    mayHaveResponseLowParts: parts.mayHaveResponseLowParts,
    fill(start, count, out, stride, outLo) {
      spans(start, count, (index, local, length, offset) =>
        design(index).fill(local, length, out.subarray(offset), stride, outLo && outLo.subarray(offset)),
      );
    },
    fillColumn(column, start, count, out) {
      spans(start, count, (index, local, length, offset) =>
        design(index).fillColumn(column, local, length, out.subarray(offset)),
      );
    },
    fillResponse(start, count, y, yLo, weights) {
      spans(start, count, (index, local, length, offset) => {
        const part = responses.get(index);
        y.set(part.y.subarray(local, local + length), offset);
        if (yLo !== null) {
          if (part.yLo === null) yLo.fill(0, offset, offset + length);
          else yLo.set(part.yLo.subarray(local, local + length), offset);
        }
        if (weights !== null && part.weights !== null)
          weights.set(part.weights.subarray(local, local + length), offset);
      });
    },
  };
}

/** The part holding row `row`: the last whose start is ≤ row (parts without rows are skipped). */
function partOf(starts: Float64Array, row: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= row) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The last part asked for, kept until another is. */
class Cache<T> {
  private index = -1;
  private value: T | undefined;

  constructor(private readonly load: (index: number) => T) {}

  get(index: number): T {
    if (index !== this.index) {
      this.value = undefined; // let the previous part go before the next is built
      this.value = this.load(index);
      this.index = index;
    }
    return this.value!;
  }
}
