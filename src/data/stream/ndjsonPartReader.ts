import type { Column } from '../Column.js';
import { ColumnBuilder } from '../ColumnBuilder.js';
import { DataError, MissingColumnError } from '../errors.js';
import { JsonSyntaxError } from '../json/JsonSyntaxError.js';
import { parseJson } from '../json/parseJson.js';
import type { DataRecord } from '../RecordsTable.js';
import type { ByteSource, ChunkReadOptions, PartReader, TableChunk } from './chunks.js';
import { DEFAULT_CHUNK_ROWS } from './csvPartReader.js';
import { inPart } from './partErrors.js';
import { RecordWindows, type WindowBounds } from './RecordWindows.js';

/** Lines whose keys make the part's column names. */
const NAME_LINES = 100;
const LF = 0x0a;

/** Options of `ndjsonPartReader`. */
export interface NdjsonPartOptions {
  /** Bounds of the byte windows parsed at once (tests make them small). */
  readonly windows?: WindowBounds;
}

/**
 * Reads an NDJSON part, one JSON object per line (blank lines skipped), as chunks typed as inline
 * records are (`ColumnBuilder`: numbers numeric, strings and booleans levels, null missing). Errors
 * name the part and the line (and the column), rows counted among the part's records.
 */
export function ndjsonPartReader(source: ByteSource, options: NdjsonPartOptions = {}): PartReader {
  return {
    async columnNames() {
      const names = new Set<string>();
      for await (const chunk of ndjsonChunks(source, options, { columns: [], chunkRows: NAME_LINES }, names)) {
        void chunk;
        break;
      }
      return [...names];
    },
    chunks: (read) => ndjsonChunks(source, options, read),
  };
}

async function* ndjsonChunks(
  source: ByteSource,
  options: NdjsonPartOptions,
  read: ChunkReadOptions,
  names?: Set<string>,
): AsyncGenerator<TableChunk> {
  const windows = new RecordWindows(source.stream(0, read.signal), options.windows, 'NDJSON');
  const chunkRows = Math.max(1, read.chunkRows ?? DEFAULT_CHUNK_ROWS);
  let line = 1;
  let offset = 0;
  let rows = 0;
  try {
    for (let window = await windows.next(chunkRows); window !== null; window = await windows.next(chunkRows)) {
      if (!window.complete) {
        throw new DataError('MALFORMED_JSON', `NDJSON line ${line} is longer than ${window.bytes.length} bytes`);
      }
      const records: DataRecord[] = [];
      const lines: number[] = [];
      const bytes = window.bytes;
      for (let start = 0; start < bytes.length; line++) {
        const found = bytes.indexOf(LF, start);
        const end = found < 0 ? bytes.length : found;
        if (!isBlank(bytes, start, end)) {
          const record = parseLine(bytes.subarray(start, end), line, offset + start);
          if (names) for (const key of Object.keys(record)) names.add(key);
          records.push(record);
          lines.push(line);
        }
        start = end + 1;
      }
      offset += bytes.length;
      if (records.length > 0) yield new NdjsonChunk(source.name, rows, records, lines, read.columns);
      rows += records.length;
    }
  } catch (error) {
    throw inPart(source.name, error);
  } finally {
    await windows.close();
  }
}

/** One line's object; syntax errors placed in the part (line, byte), other values refused. */
function parseLine(bytes: Uint8Array, line: number, offset: number): DataRecord {
  let value: unknown;
  try {
    value = parseJson(bytes);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const { column, offset: at } = error.position;
    throw new JsonSyntaxError({ line, column, offset: offset + at }, error.description);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DataError('NOT_A_RECORD', `NDJSON line ${line} is not an object of column values`);
  }
  return value as DataRecord;
}

/** Whether bytes[start, end) hold only JSON whitespace. */
function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

/** The records of one window of an NDJSON part, columns typed on first use. */
class NdjsonChunk implements TableChunk {
  readonly rowCount: number;
  private readonly cache = new Map<string, Column>();

  constructor(
    readonly part: string,
    readonly firstRow: number,
    private readonly records: readonly DataRecord[],
    private readonly lines: readonly number[],
    private readonly names: readonly string[],
  ) {
    this.rowCount = records.length;
  }

  /** Whether some record of the chunk has the column. */
  hasColumn(name: string): boolean {
    return this.records.some((record) => Object.hasOwn(record, name));
  }

  /** The column, typed as records are; all missing where no record of the chunk has it. */
  column(name: string): Column {
    const cached = this.cache.get(name);
    if (cached) return cached;
    if (!this.names.includes(name)) throw new MissingColumnError(name, this.names);
    const builder = new ColumnBuilder(name, this.rowCount, (row) => this.locate(row));
    try {
      this.records.forEach((record, row) => {
        if (Object.hasOwn(record, name)) builder.add(row, record[name]);
        else builder.addMissing(row);
      });
    } catch (error) {
      if (!(error instanceof DataError) || error.row === undefined) throw error;
      throw inPart(this.part, new DataError(error.reason, error.message, error.column, this.firstRow + error.row));
    }
    const column = builder.build();
    this.cache.set(name, column);
    return column;
  }

  columnNames(): readonly string[] {
    return this.names;
  }

  locate(row: number): string {
    return `line ${this.lines[row]}`;
  }
}
