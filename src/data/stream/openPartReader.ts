import { DataError } from '../errors.js';
import type { ByteSource, DatasetFormat, PartReader } from './chunks.js';
import { csvPartReader } from './csvPartReader.js';
import { ndjsonPartReader } from './ndjsonPartReader.js';
import { parquetColumnKinds, parquetPartReader } from './parquetPartReader.js';

/** The reader of a part in `format`. */
export function openPartReader(format: DatasetFormat, source: ByteSource): PartReader {
  switch (format) {
    case 'CSV':
      return csvPartReader(source);
    case 'NDJSON':
      return ndjsonPartReader(source);
    case 'PARQUET':
      return parquetPartReader(source);
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}

/** A column of a part as a cheap look sees it. */
export interface PeekedColumn {
  readonly name: string;
  /** What the first rows (or the Parquet schema) make of it; `unknown` when they disagree or cannot say. */
  readonly kind: 'numeric' | 'categorical' | 'empty' | 'unknown';
}

/** Rows a peek reads of a CSV or NDJSON part. */
const PEEK_ROWS = 1000;

/**
 * The part's columns and their kinds from a cheap look: the Parquet footer, or the header and the
 * first rows of CSV (the first lines of NDJSON). A later row may still turn a numeric column text.
 */
export async function peekColumns(
  format: DatasetFormat,
  source: ByteSource,
  rows = PEEK_ROWS,
): Promise<PeekedColumn[]> {
  if (format === 'PARQUET') return parquetColumnKinds(source);
  const reader = openPartReader(format, source);
  const names = await reader.columnNames();
  for await (const chunk of reader.chunks({ columns: names, chunkRows: rows })) {
    return names.map((name) => ({ name, kind: kindIn(() => chunk.column(name).kind) }));
  }
  return names.map((name) => ({ name, kind: 'empty' }));
}

function kindIn(kind: () => PeekedColumn['kind']): PeekedColumn['kind'] {
  try {
    return kind();
  } catch (error) {
    if (error instanceof DataError) return 'unknown';
    throw error;
  }
}
