/**
 * A source changed after it was opened (a file's size or modification time, an S3 object's ETag):
 * the rows read so far and those still to read would not be of one dataset, so the read fails.
 */
export class SourceChangedError extends Error {
  override name = 'SourceChangedError';
}

/** A source could not be read after bounded retries (or not at all: a missing object, access denied). */
export class SourceReadError extends Error {
  override name = 'SourceReadError';
}
