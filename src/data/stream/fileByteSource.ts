import { open, stat } from 'node:fs/promises';
import type { ByteSource } from './chunks.js';

/** Size of the pieces `stream` reads. */
const PIECE_BYTES = 1 << 20;

/** A local file changed (size or modification time) after it was opened as a source. */
export class SourceChangedError extends Error {
  override name = 'SourceChangedError';
}

/**
 * A local file as a `ByteSource`, pinned to its size and modification time at opening: a read
 * after the file changed fails with `SourceChangedError`. Each read opens the file and closes it
 * again (a source has no close of its own); a stream holds one handle until it ends or is left.
 */
export async function fileByteSource(path: string, name = path): Promise<ByteSource> {
  const seen = await stat(path);
  const pinned = { size: seen.size, mtimeMs: seen.mtimeMs };

  async function openPinned() {
    const handle = await open(path, 'r');
    try {
      const now = await handle.stat();
      if (now.size !== pinned.size || now.mtimeMs !== pinned.mtimeMs) {
        throw new SourceChangedError(`${name} changed after it was opened (its size or modification time differs)`);
      }
      return handle;
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  return {
    name,
    size: pinned.size,
    async read(offset, length, signal) {
      signal?.throwIfAborted();
      const handle = await openPinned();
      try {
        const wanted = Math.max(0, Math.min(length, pinned.size - offset));
        const buffer = Buffer.allocUnsafe(wanted);
        let filled = 0;
        while (filled < wanted) {
          const { bytesRead } = await handle.read(buffer, filled, wanted - filled, offset + filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        return buffer.subarray(0, filled);
      } finally {
        await handle.close();
      }
    },
    async *stream(offset = 0, signal) {
      const handle = await openPinned();
      try {
        let at = offset;
        while (at < pinned.size) {
          signal?.throwIfAborted();
          // A fresh buffer per piece: readers may keep a piece (a window's bytes) after the next read.
          const buffer = Buffer.allocUnsafe(Math.min(PIECE_BYTES, pinned.size - at));
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
          if (bytesRead === 0) {
            throw new SourceChangedError(
              `${name} ended at byte ${at} of ${pinned.size}: it was cut short after opening`,
            );
          }
          at += bytesRead;
          yield buffer.subarray(0, bytesRead);
        }
      } finally {
        await handle.close();
      }
    },
  };
}
