import type { Column } from '../Column.js';
import { CsvScanner, LAST_FIELD } from '../csv/CsvScanner.js';
import type { CsvTable } from '../csv/CsvTable.js';
import { type CsvOptions, parseCsvHeader, parseCsvWindow } from '../csv/parseCsv.js';
import { DataError } from '../errors.js';
import type { ByteSource, ChunkReadOptions, PartReader, TableChunk } from './chunks.js';
import { inPart } from './partErrors.js';
import { RecordWindows, type WindowBounds } from './RecordWindows.js';

/** Rows of a chunk when the caller does not say. */
export const DEFAULT_CHUNK_ROWS = 65_536;

/** Options of `csvPartReader`. */
export interface CsvPartOptions {
  readonly delimiter?: CsvOptions['delimiter'];
  /** Bounds of the byte windows parsed at once (tests make them small). */
  readonly windows?: WindowBounds;
}

/**
 * Reads a CSV part (a header row, then records) as chunks, with the parser and typing of the
 * inline CSV path (`parseCsvWindow`): the byte stream is cut into windows of whole records, each
 * parsed alone with the header's columns, lines and rows counted in the whole part.
 */
export function csvPartReader(source: ByteSource, options: CsvPartOptions = {}): PartReader {
  return {
    async columnNames() {
      const windows = new RecordWindows(source.stream(0), options.windows);
      try {
        return (await readHeader(windows, source.name, options)).names;
      } catch (error) {
        throw inPart(source.name, error);
      } finally {
        await windows.close();
      }
    },
    chunks: (read) => csvChunks(source, options, read),
  };
}

async function* csvChunks(
  source: ByteSource,
  options: CsvPartOptions,
  read: ChunkReadOptions,
): AsyncGenerator<TableChunk> {
  const windows = new RecordWindows(source.stream(0, read.signal), options.windows);
  const chunkRows = Math.max(1, read.chunkRows ?? DEFAULT_CHUNK_ROWS);
  try {
    const header = await readHeader(windows, source.name, options);
    let line = header.endLine;
    let rows = 0;
    for (let window = await windows.next(chunkRows); window !== null; window = await windows.next(chunkRows)) {
      const at = { firstLine: line, recordsBefore: 1 + rows };
      const { table, endLine } = parseCsvWindow(window.bytes, {
        ...at,
        names: header.names,
        columns: read.columns,
        textColumns: read.textColumns,
        delimiter: options.delimiter,
      });
      if (!window.complete) {
        throw new DataError('CSV_SYNTAX', `CSV line ${line}: a record is longer than ${windowLimit(options)} bytes`);
      }
      if (table.rowCount > 0) {
        yield new CsvChunk(source.name, rows, table, window.bytes, at, delimiterOf(options));
      }
      line = endLine;
      rows += table.rowCount;
    }
  } catch (error) {
    throw inPart(source.name, error);
  } finally {
    await windows.close();
  }
}

/** The header, from the first window that holds a record. */
async function readHeader(windows: RecordWindows, part: string, options: CsvPartOptions) {
  let firstLine = 1;
  for (let window = await windows.next(1); window !== null; window = await windows.next(1)) {
    const header = parseCsvHeader(window.bytes, { delimiter: options.delimiter, firstLine });
    if (header !== null) return header;
    firstLine += lineEnds(window.bytes);
  }
  throw new DataError('CSV_SYNTAX', `the CSV part ${part} is empty: it needs a header row naming the columns`);
}

/** Line ends in bytes of blank lines (CRLF counts once). */
function lineEnds(bytes: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) count++;
  return count;
}

function windowLimit(options: CsvPartOptions): string {
  return (options.windows?.hardBytes ?? 64 << 20).toLocaleString('en-US');
}

function delimiterOf(options: CsvPartOptions): number {
  return (options.delimiter ?? ',').charCodeAt(0);
}

/** Rows of one window of a CSV part. */
class CsvChunk implements TableChunk {
  readonly rowCount: number;

  constructor(
    readonly part: string,
    readonly firstRow: number,
    private readonly table: CsvTable,
    private readonly bytes: Uint8Array,
    private readonly at: { readonly firstLine: number; readonly recordsBefore: number },
    private readonly delimiter: number,
  ) {
    this.rowCount = table.rowCount;
  }

  hasColumn(name: string): boolean {
    return this.table.hasColumn(name);
  }

  column(name: string): Column {
    return this.table.column(name);
  }

  columnNames(): readonly string[] {
    return this.table.columnNames();
  }

  firstInfinite(name: string): { readonly row: number; readonly text: string } | null {
    return this.table.firstInfinite(name);
  }

  /** The line the row's record starts on, found again by scanning the window (messages only). */
  locate(row: number): string {
    const scanner = new CsvScanner(this.bytes, this.delimiter, this.at);
    for (let index = 0; index < row; index++) while (scanner.next() !== LAST_FIELD);
    scanner.next();
    return `line ${scanner.recordLine}`;
  }
}
