import {
  type AsyncBuffer,
  type FileMetaData,
  parquetMetadataAsync,
  parquetRead,
  parquetSchema,
  type SchemaElement,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { Column } from '../Column.js';
import { ColumnBuilder } from '../ColumnBuilder.js';
import { DataError, MissingColumnError } from '../errors.js';
import type { ByteSource, ChunkReadOptions, PartReader, TableChunk } from './chunks.js';
import { DEFAULT_CHUNK_ROWS } from './csvPartReader.js';
import { inPart } from './partErrors.js';

/** The column arrays hyparquet decodes: typed arrays for required numbers, arrays (with nulls) else. */
type Decoded = ArrayLike<unknown>;

/**
 * Reads a Parquet part (hyparquet with hyparquet-compressors: snappy, gzip, zstd, brotli, lz4) one
 * row group at a time, decoding only the columns asked for, handed out in chunks of at most
 * `chunkRows` rows of a row group. Cells are typed as inline records are: numbers (INT32, INT64,
 * FLOAT, DOUBLE) numeric, strings and booleans levels, nulls missing; a NaN is missing too (pandas
 * writes missing floats so), an infinity an error. Memory holds the asked columns of one row group.
 */
export function parquetPartReader(source: ByteSource): PartReader {
  const file = parquetFile(source);
  let metadata: Promise<FileMetaData> | undefined;
  const footer = () => (metadata ??= readFooter(file));
  return {
    async columnNames() {
      try {
        return topLevelNames(await footer());
      } catch (error) {
        throw inPart(source.name, error);
      }
    },
    chunks: (read) => parquetChunks(source, file, footer, read),
  };
}

/** The source as hyparquet reads a file: slices by ranged reads. */
function parquetFile(source: ByteSource): AsyncBuffer {
  return {
    byteLength: source.size,
    async slice(start, end = source.size) {
      const bytes = await source.read(start, end - start);
      return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? (bytes.buffer as ArrayBuffer)
        : (bytes.slice().buffer as ArrayBuffer);
    },
  };
}

async function readFooter(file: AsyncBuffer): Promise<FileMetaData> {
  try {
    return await parquetMetadataAsync(file);
  } catch (error) {
    throw unreadable(error, 'its footer');
  }
}

/** A decoding failure as a DataError (the part's name is added by `inPart`). */
function unreadable(error: unknown, what: string): unknown {
  if (error instanceof DataError || (error as Error)?.name === 'AbortError') return error;
  if ((error as Error)?.name === 'SourceChangedError') return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new DataError(
    'INVALID_VALUE',
    `not a readable Parquet file (truncated or corrupt?): ${what} cannot be read: ${detail}`,
    undefined,
    undefined,
    { cause: error },
  );
}

/** What the footer says of each top-level column: its name and the kind its cells are read as. */
export async function parquetColumnKinds(
  source: ByteSource,
): Promise<{ readonly name: string; readonly kind: 'numeric' | 'categorical' | 'unknown' }[]> {
  try {
    const metadata = await readFooter(parquetFile(source));
    return parquetSchema(metadata).children.map(({ element, children }) => ({
      name: element.name,
      kind: children.length > 0 ? 'unknown' : kindOf(element),
    }));
  } catch (error) {
    throw inPart(source.name, error);
  }
}

/** Plain numbers are numeric, booleans and UTF-8 text categorical; dates, decimals, bytes and the like unknown. */
function kindOf(element: SchemaElement): 'numeric' | 'categorical' | 'unknown' {
  const logical = element.logical_type?.type;
  const converted = element.converted_type;
  switch (element.type) {
    case 'INT32':
    case 'INT64':
      return (logical === undefined || logical === 'INTEGER') && (converted === undefined || /^U?INT_/.test(converted))
        ? 'numeric'
        : 'unknown';
    case 'FLOAT':
    case 'DOUBLE':
      return 'numeric';
    case 'BOOLEAN':
      return 'categorical';
    case 'BYTE_ARRAY':
      return logical === undefined || logical === 'STRING' || converted === 'UTF8' ? 'categorical' : 'unknown';
    default:
      return 'unknown';
  }
}

function topLevelNames(metadata: FileMetaData): string[] {
  return parquetSchema(metadata).children.map((child) => child.element.name);
}

async function* parquetChunks(
  source: ByteSource,
  file: AsyncBuffer,
  footer: () => Promise<FileMetaData>,
  read: ChunkReadOptions,
): AsyncGenerator<TableChunk> {
  try {
    const metadata = await footer();
    const names = topLevelNames(metadata);
    for (const name of read.columns) if (!names.includes(name)) throw new MissingColumnError(name, names);
    const chunkRows = Math.max(1, read.chunkRows ?? DEFAULT_CHUNK_ROWS);
    let groupStart = 0;
    for (let group = 0; group < metadata.row_groups.length; group++) {
      read.signal?.throwIfAborted();
      const groupRows = Number(metadata.row_groups[group]!.num_rows);
      const columns = await readRowGroup(file, metadata, read.columns, groupStart, groupRows, group);
      for (let from = 0; from < groupRows; from += chunkRows) {
        const to = Math.min(groupRows, from + chunkRows);
        yield new ParquetChunk(source.name, groupStart + from, group, from, to - from, read.columns, columns);
      }
      groupStart += groupRows;
    }
  } catch (error) {
    throw inPart(source.name, error);
  }
}

/** The asked columns of one row group, decoded: each array holds the group's rows. */
async function readRowGroup(
  file: AsyncBuffer,
  metadata: FileMetaData,
  columns: readonly string[],
  rowStart: number,
  rows: number,
  group: number,
): Promise<Map<string, Decoded>> {
  const pieces = new Map<string, { start: number; data: Decoded }[]>(columns.map((name) => [name, []]));
  if (columns.length > 0 && rows > 0) {
    try {
      await parquetRead({
        file,
        metadata,
        columns: [...columns],
        rowStart,
        rowEnd: rowStart + rows,
        compressors,
        onChunk: ({ columnName, columnData, rowStart: start }) => {
          pieces.get(columnName)?.push({ start, data: columnData });
        },
      });
    } catch (error) {
      throw unreadable(error, `row group ${group + 1}`);
    }
  }
  const decoded = new Map<string, Decoded>();
  for (const [name, parts] of pieces) decoded.set(name, joined(parts, rowStart, rows));
  return decoded;
}

/**
 * Rows [rowStart, rowStart + rows) of a column from the runs hyparquet gave (a run per page; they
 * may overhang the range): one typed array when the runs are typed arrays of one kind (required
 * numbers), so that numbers are never boxed, else one array.
 */
function joined(parts: readonly { start: number; data: Decoded }[], rowStart: number, rows: number): Decoded {
  if (parts.length === 1 && parts[0]!.start === rowStart && parts[0]!.data.length === rows) return parts[0]!.data;
  const kind = parts[0]?.data.constructor;
  const typed =
    kind !== undefined &&
    kind !== Array &&
    ArrayBuffer.isView(parts[0]!.data) &&
    parts.every((part) => part.data.constructor === kind);
  const out: { [index: number]: unknown; length: number } = typed
    ? new (kind as new (length: number) => Float64Array)(rows)
    : new Array<unknown>(rows).fill(null);
  for (const { start, data } of parts) {
    const from = Math.max(0, rowStart - start);
    const to = Math.min(data.length, rowStart + rows - start);
    if (to <= from) continue;
    if (typed) (out as Float64Array).set((data as Float64Array).subarray(from, to), start + from - rowStart);
    else for (let i = from; i < to; i++) out[start + i - rowStart] = data[i];
  }
  return out as Decoded;
}

/** Rows [from, from + rowCount) of one row group. */
class ParquetChunk implements TableChunk {
  private readonly cache = new Map<string, Column>();

  constructor(
    readonly part: string,
    readonly firstRow: number,
    private readonly group: number,
    private readonly from: number,
    readonly rowCount: number,
    private readonly names: readonly string[],
    private readonly columns: ReadonlyMap<string, Decoded>,
  ) {}

  hasColumn(name: string): boolean {
    return this.columns.has(name);
  }

  column(name: string): Column {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const data = this.columns.get(name);
    if (data === undefined) throw new MissingColumnError(name, this.names);
    let column: Column;
    try {
      column = numericColumn(name, data, this.from, this.rowCount) ?? this.typedColumn(name, data);
    } catch (error) {
      if (!(error instanceof DataError) || error.row === undefined) throw error;
      throw inPart(this.part, new DataError(error.reason, error.message, error.column, this.firstRow + error.row));
    }
    this.cache.set(name, column);
    return column;
  }

  columnNames(): readonly string[] {
    return this.names;
  }

  /** Row groups and rows counted from 1, as a person counts them. */
  locate(row: number): string {
    return `row group ${this.group + 1}, row ${this.from + row + 1}`;
  }

  private typedColumn(name: string, data: Decoded): Column {
    const builder = new ColumnBuilder(name, this.rowCount, (row) => this.locate(row));
    for (let row = 0; row < this.rowCount; row++) {
      const cell = data[this.from + row];
      if (typeof cell === 'bigint') builder.add(row, Number(cell));
      else if (typeof cell === 'number' && Number.isNaN(cell)) builder.addMissing(row);
      else builder.add(row, cell);
    }
    return builder.build();
  }
}

/** A column of numbers (and nulls, NaN) read without a builder call per cell; undefined for any other. */
function numericColumn(name: string, data: Decoded, from: number, rows: number): Column | undefined {
  if (data instanceof Float64Array || data instanceof Float32Array || data instanceof Int32Array) {
    const values = Float64Array.from(data.subarray(from, from + rows));
    let missing = 0;
    for (let row = 0; row < rows; row++) {
      const value = values[row]!;
      if (value - value !== 0) {
        if (value === value) return undefined;
        missing++;
      }
    }
    return missing === rows ? undefined : { kind: 'numeric', name, values, missingCount: missing };
  }
  const values = new Float64Array(rows);
  let missing = 0;
  let numbers = 0;
  for (let row = 0; row < rows; row++) {
    let cell = data[from + row];
    if (typeof cell === 'bigint') cell = Number(cell);
    if (typeof cell === 'number') {
      // An infinity is left to the builder, which refuses it naming the row.
      if (cell === Number.POSITIVE_INFINITY || cell === Number.NEGATIVE_INFINITY) return undefined;
      if (cell !== cell) missing++;
      else numbers++;
      values[row] = cell;
    } else if (cell === null || cell === undefined) {
      values[row] = Number.NaN;
      missing++;
    } else return undefined;
  }
  return numbers === 0 ? undefined : { kind: 'numeric', name, values, missingCount: missing };
}
