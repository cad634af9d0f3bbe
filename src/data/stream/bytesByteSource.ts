import type { ByteSource } from './chunks.js';

/** Default size of the pieces `stream` hands out. */
const PIECE_BYTES = 1 << 20;

/**
 * Bytes held in memory as a `ByteSource` (inline data read by the same readers as a dataset),
 * streamed in pieces of `pieceBytes` (or cut at `cuts`, offsets in order, when given).
 */
export function bytesByteSource(
  name: string,
  bytes: Uint8Array,
  pieces: { readonly pieceBytes?: number; readonly cuts?: readonly number[] } = {},
): ByteSource {
  const pieceBytes = Math.max(1, pieces.pieceBytes ?? PIECE_BYTES);
  return {
    name,
    size: bytes.length,
    read(offset, length) {
      return Promise.resolve(bytes.subarray(offset, Math.min(bytes.length, offset + length)));
    },
    async *stream(offset = 0, signal) {
      const ends = pieces.cuts ? [...pieces.cuts.filter((cut) => cut > offset), bytes.length] : undefined;
      let at = offset;
      while (at < bytes.length) {
        signal?.throwIfAborted();
        const end = ends ? Math.min(ends.shift()!, bytes.length) : Math.min(at + pieceBytes, bytes.length);
        if (end > at) yield bytes.subarray(at, end);
        at = Math.max(at, end);
      }
    },
  };
}
