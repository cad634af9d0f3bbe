/**
 * A dataset's columns read once from its parts and written to a local file, so that a fit can
 * read them again in as many passes as it needs, a chunk at a time, in bounded memory: the
 * source (a file, an S3 object) is parsed once, and each later pass reads 8 bytes per cell from
 * local disk, which is faster than parsing text again and needs no network.
 *
 * The chunks that readers give are typed each on its own (codes index the chunk's levels); here
 * the columns are made to agree over the whole dataset, as the inline readers type a table:
 * a column with both numbers and text is text throughout for CSV (the chunks read as numbers
 * are read again as text) and an error for NDJSON and Parquet (as for JSON records); levels get
 * codes over the whole column; a numeric column beyond double range is an error. Errors name
 * the part and line (or row group and row) where the data is.
 */
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Column, Level } from '../Column.js';
import type { ChunkedTable, TableSlice } from '../ChunkedTable.js';
import type { DataTable } from '../DataTable.js';
import { DataError, MissingColumnError } from '../errors.js';
import type { TableChunk } from './chunks.js';

export interface SpillOptions {
  /** Where the file goes (deleted by `close()`). */
  readonly directory: string;
  /** The columns to keep (those the formula and weights read). */
  readonly columns: readonly string[];
  /**
   * How a column with numbers in some chunks and text in others is typed: `text` (CSV: the
   * whole column is text, as the inline CSV reader types it), or `error` (NDJSON, Parquet).
   */
  readonly mixed: 'text' | 'error';
  /** Most distinct levels a categorical column may have (a factor may have 10,000). */
  readonly maxLevels?: number;
  /** Most bytes the file may take. */
  readonly maxBytes?: number;
  readonly signal?: AbortSignal;
}

/** The chunks of a dataset, read from its first part's first row; `textColumns` as ChunkReadOptions says. */
export type ChunkSource = (textColumns: ReadonlySet<string>) => AsyncIterable<TableChunk>;

/** A dataset's columns on local disk. */
export interface SpilledTable extends ChunkedTable {
  /** Bytes of the file. */
  readonly bytes: number;
  /** Times the source was read (more than once when a CSV column turned out to be text). */
  readonly sourcePasses: number;
  /** Where row `row` of the whole dataset is, for messages: `part "a.csv", row 17`. */
  locate(row: number): string;
  /** Deletes the file. */
  close(): void;
}

const DEFAULT_MAX_LEVELS = 10_000;

type Kind = 'numeric' | 'categorical' | 'empty';

/** One column of one chunk as written: where its cells are in the file. */
interface StoredColumn {
  readonly kind: Kind;
  readonly offset: number;
  readonly missing: number;
  /** Numbers only: whether every value is a whole number. */
  readonly whole: boolean;
}

interface StoredChunk {
  readonly firstRow: number;
  readonly rowCount: number;
  readonly part: string;
  readonly partFirstRow: number;
  readonly columns: ReadonlyMap<string, StoredColumn>;
}

/** A column's type over the whole dataset, as the chunks so far say. */
interface ColumnState {
  kind: Kind;
  /** Where its kind was first seen, for messages. */
  firstSeen: string;
  /** The first number beyond double range (or an infinity), while the column is numeric. */
  infinite: { readonly where: string; readonly text: string } | null;
  readonly levels: Level[];
  readonly codes: Map<string, number>;
  integer: boolean;
}

/** Reads the chunks into a local file (again from the start when a CSV column must be text). */
export async function spillChunks(source: ChunkSource, options: SpillOptions): Promise<SpilledTable> {
  const textColumns = new Set<string>();
  for (let passes = 1; ; passes++) {
    const path = join(options.directory, `spill-${randomUUID()}.bin`);
    const fd = openSync(path, 'wx+', 0o600);
    try {
      const written = await writeChunks(source(textColumns), fd, options);
      if (written.needsText.length > 0) {
        for (const name of written.needsText) textColumns.add(name);
        closeSync(fd);
        unlinkSync(path);
        continue;
      }
      return spilledTable(path, fd, written, passes);
    } catch (error) {
      closeQuietly(fd, path);
      throw error;
    }
  }
}

interface Written {
  readonly chunks: StoredChunk[];
  readonly states: ReadonlyMap<string, ColumnState>;
  readonly bytes: number;
  /** Columns found to be text after chunks read them as numbers (mixed: 'text'). */
  readonly needsText: string[];
}

async function writeChunks(chunks: AsyncIterable<TableChunk>, fd: number, options: SpillOptions): Promise<Written> {
  const maxLevels = options.maxLevels ?? DEFAULT_MAX_LEVELS;
  const states = new Map<string, ColumnState>();
  for (const name of options.columns)
    states.set(name, { kind: 'empty', firstSeen: '', infinite: null, levels: [], codes: new Map(), integer: true });
  const stored: StoredChunk[] = [];
  const needsText = new Set<string>();
  let bytes = 0;
  let rows = 0;
  const write = (data: ArrayBufferView): number => {
    const offset = bytes;
    if (options.maxBytes !== undefined && bytes + data.byteLength > options.maxBytes)
      throw new DataError(
        'LIMIT_EXCEEDED',
        `the dataset's columns take more than ${options.maxBytes.toLocaleString('en-US')} bytes of local disk ` +
          '(8 bytes per cell of each column the formula reads): fit fewer rows or columns',
      );
    writeSync(fd, new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 0, data.byteLength, offset);
    bytes += data.byteLength;
    return offset;
  };

  for await (const chunk of chunks) {
    options.signal?.throwIfAborted();
    const columns = new Map<string, StoredColumn>();
    for (const [name, state] of states) {
      if (!chunk.hasColumn(name)) {
        const missing = new MissingColumnError(name, chunk.columnNames());
        throw new DataError('MISSING_COLUMN', `part ${JSON.stringify(chunk.part)}: ${missing.message}`, name);
      }
      const column = chunk.column(name);
      const where = (row: number) => `part ${JSON.stringify(chunk.part)}, ${chunk.locate(row)}`;
      const kind = mergeKind(name, state, column, where, options.mixed);
      if (kind === 'needs-text') needsText.add(name);
      // Once a column must be read again as text, this pass only looks for more such columns.
      if (needsText.size > 0) continue;
      if (column.kind === 'numeric') {
        const infinite = chunk.firstInfinite?.(name) ?? null;
        if (infinite !== null && state.infinite === null)
          state.infinite = { where: where(infinite.row), text: infinite.text };
        const whole = column.missingCount === 0 && column.values.every((v) => Number.isInteger(v));
        state.integer &&= whole;
        columns.set(name, { kind: 'numeric', offset: write(column.values), missing: column.missingCount, whole });
      } else if (column.kind === 'categorical') {
        const codes = globalCodes(name, state, column, where, maxLevels);
        columns.set(name, { kind: 'categorical', offset: write(codes), missing: column.missingCount, whole: false });
      } else {
        state.integer = false;
        columns.set(name, { kind: 'empty', offset: 0, missing: column.length, whole: false });
      }
    }
    stored.push({
      firstRow: rows,
      rowCount: chunk.rowCount,
      part: chunk.part,
      partFirstRow: chunk.firstRow,
      columns,
    });
    rows += chunk.rowCount;
  }
  if (needsText.size === 0) {
    for (const [name, state] of states) {
      if (state.kind === 'numeric' && state.infinite !== null) {
        const { where, text } = state.infinite;
        const why = /\d/.test(text) ? 'beyond the range of a double' : 'an infinity';
        throw new DataError(
          'INVALID_VALUE',
          `${where}, column ${JSON.stringify(name)}: ${text} is not a finite number (${why})`,
          name,
        );
      }
    }
  }
  return { chunks: stored, states, bytes, needsText: [...needsText] };
}

/** The column's kind with this chunk's, or that it must be read as text from the start. */
function mergeKind(
  name: string,
  state: ColumnState,
  column: Column,
  where: (row: number) => string,
  mixed: 'text' | 'error',
): Kind | 'needs-text' {
  if (column.kind === 'empty' || column.kind === state.kind) return state.kind;
  const row = firstPresent(column);
  if (state.kind === 'empty') {
    state.kind = column.kind;
    state.firstSeen = where(row);
    return state.kind;
  }
  if (mixed === 'text') return 'needs-text';
  const [was, is] = state.kind === 'numeric' ? ['a number', 'text'] : ['text', 'a number'];
  throw new DataError(
    'MIXED_TYPES',
    `column ${JSON.stringify(name)} mixes types: ${state.firstSeen} has ${was} but ${where(row)} has ${is}`,
    name,
  );
}

/** The chunk's codes as codes over the whole column's levels (first appearance across chunks). */
function globalCodes(
  name: string,
  state: ColumnState,
  column: Column & { kind: 'categorical' },
  where: (row: number) => string,
  maxLevels: number,
): Int32Array {
  const map = new Int32Array(column.levels.length);
  column.levels.forEach((level, i) => {
    const key = typeof level === 'string' ? `s${level}` : `b${level}`;
    let code = state.codes.get(key);
    if (code === undefined) {
      if (state.levels.length > 0 && typeof state.levels[0] !== typeof level) {
        const row = column.codes.indexOf(i);
        throw new DataError(
          'MIXED_TYPES',
          `column ${JSON.stringify(name)} mixes types: ${state.firstSeen} has a ${typeof state.levels[0]} ` +
            `but ${where(row)} has a ${typeof level}`,
          name,
        );
      }
      if (state.levels.length >= maxLevels) {
        const row = column.codes.indexOf(i);
        throw new DataError(
          'LIMIT_EXCEEDED',
          `column ${JSON.stringify(name)} has more than ${maxLevels.toLocaleString('en-US')} distinct values ` +
            `(the ${(maxLevels + 1).toLocaleString('en-US')}th is at ${where(row)}): a factor may have at most ` +
            `${maxLevels.toLocaleString('en-US')} levels`,
          name,
        );
      }
      code = state.levels.length;
      state.levels.push(level);
      state.codes.set(key, code);
    }
    map[i] = code;
  });
  const codes = new Int32Array(column.codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = column.codes[i]!;
    codes[i] = c < 0 ? -1 : map[c]!;
  }
  return codes;
}

function firstPresent(column: Column): number {
  if (column.kind === 'numeric')
    return Math.max(
      0,
      column.values.findIndex((v) => v === v),
    );
  if (column.kind === 'categorical')
    return Math.max(
      0,
      column.codes.findIndex((c) => c >= 0),
    );
  return 0;
}

function spilledTable(path: string, fd: number, written: Written, sourcePasses: number): SpilledTable {
  const { chunks, states, bytes } = written;
  const names = [...states.keys()];
  const rowCount = chunks.reduce((sum, chunk) => sum + chunk.rowCount, 0);
  let open = true;
  const read = <T extends Float64Array | Int32Array>(into: T, offset: number): T => {
    if (!open) throw new Error('the spilled dataset is closed');
    const view = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
    for (let done = 0; done < view.length;) {
      const n = readSync(fd, view, done, view.length - done, offset + done);
      if (n === 0) throw new Error(`the spill file ended early at byte ${offset + done}`);
      done += n;
    }
    return into;
  };
  const columnOf = (chunk: StoredChunk, name: string): Column => {
    const state = states.get(name);
    const stored = chunk.columns.get(name);
    if (!state || !stored) throw new MissingColumnError(name, names);
    const n = chunk.rowCount;
    switch (state.kind) {
      case 'numeric': {
        const values =
          stored.kind === 'numeric' ? read(new Float64Array(n), stored.offset) : new Float64Array(n).fill(Number.NaN);
        return { kind: 'numeric', name, values, missingCount: stored.missing, integer: state.integer };
      }
      case 'categorical': {
        const codes =
          stored.kind === 'categorical' ? read(new Int32Array(n), stored.offset) : new Int32Array(n).fill(-1);
        return { kind: 'categorical', name, codes, levels: state.levels, missingCount: stored.missing };
      }
      case 'empty':
        return { kind: 'empty', name, length: n };
      default: {
        const unreachable: never = state.kind;
        return unreachable;
      }
    }
  };
  const slice = (chunk: StoredChunk): TableSlice => ({
    firstRow: chunk.firstRow,
    rowCount: chunk.rowCount,
    missingCount: (name) => {
      const stored = chunk.columns.get(name);
      if (!stored) throw new MissingColumnError(name, names);
      return stored.missing;
    },
    table(): DataTable {
      const columns = new Map<string, Column>();
      return {
        rowCount: chunk.rowCount,
        hasColumn: (name) => states.has(name),
        columnNames: () => names,
        column(name) {
          let column = columns.get(name);
          if (!column) columns.set(name, (column = columnOf(chunk, name)));
          return column;
        },
      };
    },
  });
  return {
    rowCount,
    chunkCount: chunks.length,
    bytes,
    sourcePasses,
    hasColumn: (name) => states.has(name),
    columnNames: () => names,
    chunk(index) {
      const chunk = chunks[index];
      if (!chunk) throw new RangeError(`no chunk ${index}`);
      return slice(chunk);
    },
    locate(row) {
      let lo = 0;
      let hi = chunks.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (chunks[mid]!.firstRow <= row) lo = mid;
        else hi = mid - 1;
      }
      const chunk = chunks[lo];
      if (!chunk) return `row ${row + 1}`;
      return `part ${JSON.stringify(chunk.part)}, row ${chunk.partFirstRow + (row - chunk.firstRow) + 1}`;
    },
    close() {
      if (!open) return;
      open = false;
      closeQuietly(fd, path);
    },
  };
}

function closeQuietly(fd: number, path: string): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
