/**
 * A fit over a dataset of any size in bounded memory: the parts are read once, chunk by chunk,
 * and the columns the formula reads are spilled to local disk (data/stream/spill.ts); the fit
 * then reads them back a chunk at a time in each of its passes (computeChunkedFit), with the
 * same numbers as `fitModel` over the same rows held whole.
 *
 * Passes: one over the source (parse and spill; a second when a CSV column turns out to be text
 * after rows read as numbers), then over the spill: counting, learning (only for stateful
 * transforms and C() of numbers), the scan, the QR (twice when columns must be rescaled), the
 * residual pass, and the refinement's when the design is ill-conditioned. Memory is a chunk's
 * rows (65,536 by default) times the columns read, plus the fit's p × p matrices.
 */
import type { DatasetFormat, PartReader, TableChunk } from '../data/stream/chunks.js';
import { spillChunks, type SpilledTable } from '../data/stream/spill.js';
import { datasetColumns } from '../formula/index.js';
import { computeChunkedFit, type FitComputation, type FitComputationRequest } from './fitComputation.js';

export interface StreamingFitOptions {
  readonly format: DatasetFormat;
  /** Where the spill file goes. */
  readonly directory: string;
  /** Rows per chunk (default: the reader's). */
  readonly chunkRows?: number;
  /** Most bytes the spill file may take (local disk). */
  readonly maxSpillBytes?: number;
}

/** What a streaming fit reports as it reads its source. */
export interface StreamingProgress {
  readonly phase: 'READING' | 'FITTING';
  readonly rowsRead: number;
  /** Passes over the source so far (the current one included). */
  readonly sourcePasses: number;
}

export interface StreamingHooks {
  progress(progress: StreamingProgress): void;
  readonly signal: AbortSignal;
}

/** Fits `request` over the parts, in order; `locate` is handed the spilled table for messages. */
export async function fitParts(
  request: FitComputationRequest,
  parts: readonly PartReader[],
  options: StreamingFitOptions,
  hooks: StreamingHooks,
): Promise<{ computation: FitComputation; spilled: { rows: number; bytes: number; sourcePasses: number } }> {
  const spilled = await spillParts(request, parts, options, hooks);
  try {
    hooks.signal.throwIfAborted();
    hooks.progress({ phase: 'FITTING', rowsRead: spilled.rowCount, sourcePasses: spilled.sourcePasses });
    const computation = computeChunkedFit(request, spilled);
    return {
      computation,
      spilled: { rows: spilled.rowCount, bytes: spilled.bytes, sourcePasses: spilled.sourcePasses },
    };
  } catch (error) {
    throw locatedIn(error, spilled);
  } finally {
    spilled.close();
  }
}

/** The columns the formula and the weights read, spilled from every part. */
export async function spillParts(
  request: FitComputationRequest,
  parts: readonly PartReader[],
  options: StreamingFitOptions,
  hooks: StreamingHooks,
): Promise<SpilledTable> {
  const first = parts[0];
  const names = first ? await first.columnNames() : [];
  const columns = datasetColumns(request.formula, names, request.weights, request.formulaLimits);
  let sourcePasses = 0;
  const source = async function* (textColumns: ReadonlySet<string>): AsyncGenerator<TableChunk> {
    sourcePasses++;
    let rowsRead = 0;
    for (const part of parts) {
      const chunks = part.chunks({ columns, textColumns, signal: hooks.signal, chunkRows: options.chunkRows });
      for await (const chunk of chunks) {
        rowsRead += chunk.rowCount;
        hooks.progress({ phase: 'READING', rowsRead, sourcePasses });
        yield chunk;
      }
    }
  };
  return spillChunks(source, {
    directory: options.directory,
    columns,
    mixed: options.format === 'CSV' ? 'text' : 'error',
    maxBytes: options.maxSpillBytes,
    signal: hooks.signal,
  });
}

/**
 * An error that names a row of the whole dataset (`row 1,234,567`) says where that row is too
 * (`part "b.csv", row 17`); others pass unchanged.
 */
function locatedIn(error: unknown, table: SpilledTable): unknown {
  const row = (error as { row?: unknown } | null)?.row;
  if (!(error instanceof Error) || typeof row !== 'number' || !Number.isInteger(row)) return error;
  const newline = error.message.indexOf('\n');
  const head = newline < 0 ? error.message : error.message.slice(0, newline);
  error.message = `${head} (${table.locate(row)})${newline < 0 ? '' : error.message.slice(newline)}`;
  return error;
}
