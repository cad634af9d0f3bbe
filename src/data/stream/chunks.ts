/**
 * The contract between dataset readers (CSV, NDJSON, Parquet, streaming from a file or S3) and
 * the fit that consumes them: a dataset part is read as a sequence of chunks of rows, each a small
 * table of typed columns, so that memory is bounded by a chunk whatever the size of the data.
 * Typing is chunk-local (a chunk's categorical codes index the chunk's own levels); making the
 * columns agree across chunks (and across parts) is the consumer's job, which alone sees them all.
 */
import type { DataTable } from '../DataTable.js';

/** Bytes to read: a local file, an S3 object (pinned to the version seen when it was opened). */
export interface ByteSource {
  /** A name for messages: the part's file name or `s3://bucket/key`. */
  readonly name: string;
  readonly size: number;
  /** Bytes [offset, offset + length) (fewer only at the end of the source). */
  read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array>;
  /** The bytes from `offset` (default 0) to the end, in pieces of a bounded size. */
  stream(offset?: number, signal?: AbortSignal): AsyncIterable<Uint8Array>;
}

/** The formats a dataset can be in. */
export type DatasetFormat = 'CSV' | 'NDJSON' | 'PARQUET';

/** One chunk of a part's rows: a table of the columns asked for. */
export interface TableChunk extends DataTable {
  /** The part the rows come from (`ByteSource.name`). */
  readonly part: string;
  /** Index of the chunk's first row among the part's data rows (0-based). */
  readonly firstRow: number;
  /** Where row `row` of the chunk is in its part, for messages: `line 17`, `row group 2, row 5`. */
  locate(row: number): string;
  /**
   * CSV only: the first cell of a column read as a number beyond double range (`1e400`, `inf`),
   * kept as ±Infinity in the column's values: an error if the column is numeric in the whole
   * dataset, a level like any other text if it is categorical. Null when there is none.
   */
  firstInfinite?(name: string): { readonly row: number; readonly text: string } | null;
}

/** What to read. */
export interface ChunkReadOptions {
  /** The columns to type (others are skipped as cheaply as the format allows). */
  readonly columns: readonly string[];
  /**
   * CSV only: columns to read as text levels from their first cell (a column found to be
   * categorical after numbers were read in earlier chunks is read again this way).
   */
  readonly textColumns?: ReadonlySet<string>;
  /** About how many rows a chunk holds (readers may cut at a record, page or row-group boundary). */
  readonly chunkRows?: number;
  readonly signal?: AbortSignal;
}

/** A reader of one part of a dataset. */
export interface PartReader {
  /** The part's column names, in order (CSV header, NDJSON keys of the first rows, Parquet schema). */
  columnNames(): Promise<readonly string[]>;
  /** The part's rows in order, in chunks; errors are DataErrors naming the part, line or row, and column. */
  chunks(options: ChunkReadOptions): AsyncIterable<TableChunk>;
}
