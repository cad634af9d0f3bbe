/** Dataset parts read in chunks of rows, from a file, S3 or memory, in bounded memory. */
export type { ByteSource, ChunkReadOptions, DatasetFormat, PartReader, TableChunk } from './chunks.js';
export { bytesByteSource } from './bytesByteSource.js';
export { fileByteSource } from './fileByteSource.js';
export { s3ByteSource, type S3SourceOptions } from './s3ByteSource.js';
export { SourceChangedError, SourceReadError } from './sourceErrors.js';
export { csvPartReader, DEFAULT_CHUNK_ROWS, type CsvPartOptions } from './csvPartReader.js';
export { ndjsonPartReader, type NdjsonPartOptions } from './ndjsonPartReader.js';
export { parquetPartReader } from './parquetPartReader.js';
export { openPartReader, peekColumns, type PeekedColumn } from './openPartReader.js';
