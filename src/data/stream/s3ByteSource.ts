import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ByteSource } from './chunks.js';
import { SourceChangedError, SourceReadError } from './sourceErrors.js';

/** Options of `s3ByteSource`. */
export interface S3SourceOptions {
  /** Failed attempts in a row (without a byte received in between) before a read gives up. Default 4. */
  readonly retries?: number;
  /** First wait before a retry, doubled at each (ms). Default 100. */
  readonly backoffMs?: number;
}

/**
 * An S3 object as a `ByteSource`, pinned to the ETag seen by HeadObject at opening: every GET is
 * ranged and sent with `If-Match` on it, and its answer's ETag is checked too (servers such as
 * s3rver ignore `If-Match`), so that an object replaced mid-read fails with `SourceChangedError`
 * instead of mixing two versions. Transient failures (throttling, 5xx, a connection cut mid-body)
 * are retried a bounded number of times, a stream resuming from the last byte it received.
 */
export async function s3ByteSource(
  client: S3Client,
  bucket: string,
  key: string,
  options: S3SourceOptions = {},
): Promise<ByteSource> {
  const name = `s3://${bucket}/${key}`;
  const retries = options.retries ?? 4;
  const backoffMs = options.backoffMs ?? 100;
  const head = await withRetries(name, retries, backoffMs, undefined, () =>
    client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
  );
  const etag = head.ETag;
  const size = head.ContentLength ?? 0;
  if (etag === undefined) throw new SourceReadError(`${name}: S3 gave no ETag to pin the object to`);

  /** A ranged GET of [start, end) checked against the pinned version; its body as a Node stream. */
  async function get(start: number, end: number, signal?: AbortSignal) {
    let answer;
    try {
      answer = await client.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${end - 1}`, IfMatch: etag }),
        { abortSignal: signal },
      );
    } catch (error) {
      if (statusOf(error) === 412) throw changed(name, etag!);
      throw error;
    }
    if (answer.ETag !== etag || totalOf(answer.ContentRange) !== size) {
      (answer.Body as { destroy?: () => void } | undefined)?.destroy?.();
      throw changed(name, etag!);
    }
    return answer.Body as unknown as AsyncIterable<Uint8Array>;
  }

  return {
    name,
    size,
    async read(offset, length, signal) {
      const end = Math.min(size, offset + length);
      if (end <= offset) return new Uint8Array(0);
      const out = new Uint8Array(end - offset);
      let at = offset;
      await withRetries(
        name,
        retries,
        backoffMs,
        signal,
        async () => {
          for await (const piece of await get(at, end, signal)) {
            const take = Math.min(piece.length, end - at);
            out.set(piece.subarray(0, take), at - offset);
            at += take;
          }
          if (at < end) throw new TruncatedBody(`${name}: the answer ended at byte ${at} of ${end}`);
        },
        () => at,
      );
      return out;
    },
    async *stream(offset = 0, signal) {
      let at = offset;
      let failures = 0;
      while (at < size) {
        try {
          for await (const piece of await get(at, size, signal)) {
            const take = piece.subarray(0, Math.min(piece.length, size - at));
            at += take.length;
            failures = 0;
            yield take;
          }
          if (at < size) throw new TruncatedBody(`${name}: the answer ended at byte ${at} of ${size}`);
        } catch (error) {
          if (!isTransient(error, signal) || ++failures > retries) throw readFailure(name, error);
          await sleep(backoffMs * 2 ** (failures - 1), signal);
        }
      }
    },
  };
}

/** A body that ended before the range it was asked for: the connection was cut. */
class TruncatedBody extends Error {
  override name = 'TruncatedBody';
}

/**
 * Runs `attempt` until it succeeds, retrying transient failures `retries` times in a row at most
 * (a failure after progress, as `progress()` measures it, starts the count again).
 */
async function withRetries<T>(
  name: string,
  retries: number,
  backoffMs: number,
  signal: AbortSignal | undefined,
  attempt: () => Promise<T>,
  progress: () => number = () => 0,
): Promise<T> {
  let failures = 0;
  let last = progress();
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (progress() !== last) failures = 0;
      last = progress();
      if (!isTransient(error, signal) || ++failures > retries) throw readFailure(name, error);
      await sleep(backoffMs * 2 ** (failures - 1), signal);
    }
  }
}

function isTransient(error: unknown, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted || error instanceof SourceChangedError) return false;
  if (error instanceof TruncatedBody) return true;
  const e = error as { $retryable?: unknown; name?: string };
  const status = statusOf(error);
  if (e.$retryable || (status !== undefined && (status >= 500 || status === 429))) return true;
  // No answer at all: the connection failed, timed out or was cut (an abort of the caller's aside).
  return status === undefined && e.name !== 'AbortError';
}

function readFailure(name: string, error: unknown): unknown {
  if (error instanceof SourceChangedError || (error as Error)?.name === 'AbortError') return error;
  const status = statusOf(error);
  if (status === 404) return new SourceReadError(`${name} does not exist`, { cause: error });
  if (status === 403) return new SourceReadError(`${name} cannot be read: access denied`, { cause: error });
  const detail = error instanceof Error ? error.message : String(error);
  return new SourceReadError(`${name} could not be read: ${detail}`, { cause: error });
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

/** The object size a `Content-Range: bytes a-b/size` answer gives. */
function totalOf(range: string | undefined): number | undefined {
  const total = range?.split('/')[1];
  return total === undefined || total === '*' ? undefined : Number(total);
}

function changed(name: string, etag: string): SourceChangedError {
  return new SourceChangedError(`${name} changed after it was opened (it was pinned to ETag ${etag})`);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}
