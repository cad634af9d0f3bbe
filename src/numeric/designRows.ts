/**
 * The design matrix as the fit reads it: a source of row blocks, never the whole n × p array.
 * Every pass of the fit (the scan, the QR, refinement, the residual pass, predictions) asks for
 * blocks of a few hundred rows into a small buffer, so a fit's memory is O(block × p + p²) on top
 * of its n-vectors (response, weights), whatever n: a design of 10⁶ rows × 500 columns would be
 * 4 GB as an array. The formula module generates blocks from the data's columns; tests and
 * callers that already hold a matrix wrap it with `denseDesignRows`.
 */

/** A design of `columnCount` columns whose rows can be read in blocks, in any order, any number of times. */
export interface DesignRows {
  readonly columnCount: number;
  /**
   * Whether any cell may have a low part (the exact design is x + xLo to ~106 bits, for columns
   * computed by arithmetic such as `I(x**3)` or `x:z`); false promises every low part is zero.
   */
  readonly mayHaveLowParts: boolean;
  /**
   * Writes rows [start, start + count) column-major into `out` (column j from j·stride) and,
   * when `outLo` is given, their low parts the same way (0 where a cell is exact).
   */
  fill(start: number, count: number, out: Float64Array, stride: number, outLo: Float64Array | null): void;
  /** Writes rows [start, start + count) of column `column` into `out` from index 0. */
  fillColumn(column: number, start: number, count: number, out: Float64Array): void;
}

/** A design held as a column-major n × p array (and its low parts, or null when exact). */
export function denseDesignRows(
  x: Float64Array,
  xLo: Float64Array | null,
  rowCount: number,
  columnCount: number,
): DesignRows {
  if (!(x instanceof Float64Array) || (xLo !== null && !(xLo instanceof Float64Array))) {
    throw new TypeError('x and xLo must be Float64Arrays');
  }
  if (x.length !== rowCount * columnCount) {
    throw new RangeError(`x has ${x.length} values; expected ${rowCount} × ${columnCount}`);
  }
  if (xLo !== null && xLo.length !== x.length) {
    throw new RangeError('xLo must be shaped like x');
  }
  return {
    columnCount,
    mayHaveLowParts: xLo !== null,
    fill(start, count, out, stride, outLo) {
      for (let j = 0; j < columnCount; j++) {
        const from = j * rowCount + start;
        out.set(x.subarray(from, from + count), j * stride);
        if (outLo !== null) {
          if (xLo === null) outLo.fill(0, j * stride, j * stride + count);
          else outLo.set(xLo.subarray(from, from + count), j * stride);
        }
      }
    },
    fillColumn(column, start, count, out) {
      const from = column * rowCount + start;
      out.set(x.subarray(from, from + count));
    },
  };
}

/**
 * The design as a column-major n × p array and its low parts (null when every cell is exact):
 * for tests and tools that compare whole matrices. The fit never calls this.
 */
export function materializeDesign(design: DesignRows, rowCount: number): { x: Float64Array; xLo: Float64Array | null } {
  const p = design.columnCount;
  const x = new Float64Array(rowCount * p);
  const lo = design.mayHaveLowParts ? new Float64Array(rowCount * p) : null;
  design.fill(0, rowCount, x, rowCount, lo); // one block of every row: stride n is column-major n × p
  return { x, xLo: lo !== null && lo.some((v) => v !== 0) ? lo : null };
}

/**
 * Visits column `column` in order, in chunks growing from 64 rows to `buffer.length`, until
 * `visit` returns false: for scans that usually stop early (a constant column's check stops at
 * the first differing row, mostly the second) but must sometimes read every row.
 */
export function scanColumn(
  design: DesignRows,
  column: number,
  rowCount: number,
  buffer: Float64Array,
  visit: (values: Float64Array, start: number, count: number) => boolean,
): void {
  let chunk = Math.min(64, buffer.length);
  for (let start = 0; start < rowCount; start += chunk, chunk = Math.min(2 * chunk, buffer.length)) {
    const count = Math.min(chunk, rowCount - start);
    design.fillColumn(column, start, count, buffer);
    if (!visit(buffer, start, count)) return;
  }
}

/** One block of design rows, as `forEachBlock` hands it out (valid only during the callback). */
export interface DesignBlock {
  readonly start: number;
  readonly count: number;
  /** Column j of the block at j·stride. */
  readonly x: Float64Array;
  /** Low parts in the same layout, or null when the pass did not ask for them. */
  readonly xLo: Float64Array | null;
  readonly stride: number;
}

/**
 * Calls `visit` for consecutive blocks of `blockRows` rows covering [0, rowCount), in order,
 * reusing one buffer (and one for low parts when `withLowParts`).
 */
export function forEachBlock(
  design: DesignRows,
  rowCount: number,
  blockRows: number,
  withLowParts: boolean,
  visit: (block: DesignBlock) => void,
): void {
  const p = design.columnCount;
  const x = new Float64Array(blockRows * p);
  const xLo = withLowParts ? new Float64Array(blockRows * p) : null;
  for (let start = 0; start < rowCount; start += blockRows) {
    const count = Math.min(blockRows, rowCount - start);
    design.fill(start, count, x, blockRows, xLo);
    visit({ start, count, x, xLo, stride: blockRows });
  }
}

/**
 * A least-squares problem's rows: the design and, beside it, the response and the weights of a
 * weighted fit, all read in blocks. A fit's passes read them in order from the first row, any
 * number of times, so that rows held in memory (an inline fit) and rows streamed from a dataset
 * (a fit job) are fitted by the same code.
 */
export interface ProblemRows extends DesignRows {
  readonly rowCount: number;
  readonly weighted: boolean;
  /** Whether the response may have low parts (a response computed by arithmetic: `I(y / 3)`). */
  readonly mayHaveResponseLowParts: boolean;
  /**
   * Writes rows [start, start + count) of the response into `y` (from index 0), of its low parts
   * into `yLo` when given (0 where exact), and of the weights into `weights` when given.
   */
  fillResponse(
    start: number,
    count: number,
    y: Float64Array,
    yLo: Float64Array | null,
    weights: Float64Array | null,
  ): void;
  /**
   * Per design column, its value when every row holds the same value, else null. Optional: the fit
   * otherwise reads each column until its first differing row, which a source that can only be
   * read in passes (a dataset) answers better in one pass of its own.
   */
  constantValues?(): readonly (number | null)[];
}

/** A problem whose response and weights are arrays in memory (an inline fit, a test). */
export function problemRows(
  design: DesignRows,
  rowCount: number,
  y: Float64Array,
  yLo: Float64Array | null,
  weights: Float64Array | null,
): ProblemRows {
  return {
    columnCount: design.columnCount,
    mayHaveLowParts: design.mayHaveLowParts,
    fill: (start, count, out, stride, outLo) => design.fill(start, count, out, stride, outLo),
    fillColumn: (column, start, count, out) => design.fillColumn(column, start, count, out),
    rowCount,
    weighted: weights !== null,
    mayHaveResponseLowParts: yLo !== null,
    fillResponse(start, count, outY, outYLo, outWeights) {
      outY.set(y.subarray(start, start + count));
      if (outYLo !== null) {
        if (yLo === null) outYLo.fill(0, 0, count);
        else outYLo.set(yLo.subarray(start, start + count));
      }
      if (outWeights !== null && weights !== null) outWeights.set(weights.subarray(start, start + count));
    },
  };
}

/** One block of a problem's rows: the design's block and its rows of the response and weights. */
export interface ProblemBlock extends DesignBlock {
  readonly y: Float64Array;
  /** The response's low parts, or null when the pass did not ask for them. */
  readonly yLo: Float64Array | null;
  /** The weights, or null for an unweighted problem. */
  readonly weights: Float64Array | null;
}

/** What a pass over a problem's blocks reads besides the response. */
export interface BlockReads {
  /** The design's columns (a pass that only needs the response skips them). */
  readonly design: boolean;
  /** The design's low parts. */
  readonly lowParts: boolean;
  /** The response's low parts. */
  readonly responseLowParts: boolean;
}

/**
 * Calls `visit` for consecutive blocks of `blockRows` rows covering the problem, in order, reusing
 * one set of buffers; the response rows of a block start at index 0 of `y` (and `yLo`, `weights`).
 */
export function forEachProblemBlock(
  rows: ProblemRows,
  blockRows: number,
  reads: BlockReads,
  visit: (block: ProblemBlock) => void,
): void {
  const p = rows.columnCount;
  const x = new Float64Array(reads.design ? blockRows * p : 0);
  const xLo = reads.design && reads.lowParts ? new Float64Array(blockRows * p) : null;
  const y = new Float64Array(blockRows);
  const yLo = reads.responseLowParts ? new Float64Array(blockRows) : null;
  const weights = rows.weighted ? new Float64Array(blockRows) : null;
  for (let start = 0; start < rows.rowCount; start += blockRows) {
    const count = Math.min(blockRows, rows.rowCount - start);
    if (reads.design) rows.fill(start, count, x, blockRows, xLo);
    rows.fillResponse(start, count, y, yLo, weights);
    visit({ start, count, x, xLo, stride: blockRows, y, yLo, weights });
  }
}
