import { randomBytes } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../src/models/s3Client.js';
import { csvPartReader } from '../../src/data/stream/csvPartReader.js';
import { s3ByteSource } from '../../src/data/stream/s3ByteSource.js';
import { SourceChangedError, SourceReadError } from '../../src/data/stream/sourceErrors.js';
import type { FaultProxy } from '../support/faultProxy.js';
import { startFaultyS3 } from '../support/faultyS3.js';
import type { LocalS3 } from '../support/s3rver.js';

let s3: LocalS3;
let proxy: FaultProxy;
let bucket: string;
/** A client through the fault proxy, one attempt per request: the source's own retries are what is tested. */
let client: S3Client;

beforeAll(async () => {
  let endpoint: string;
  ({ s3, proxy, endpoint, bucket } = await startFaultyS3());
  client = createS3Client({ endpoint, maxAttempts: 1, requestTimeoutMs: 2_000, connectionTimeoutMs: 1_000 });
});

afterEach(() => proxy.clear());

afterAll(async () => {
  client.destroy();
  await proxy.stop();
  await s3.stop();
});

async function put(key: string, body: Uint8Array | string): Promise<void> {
  await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

async function streamed(source: { stream(): AsyncIterable<Uint8Array> }): Promise<Buffer> {
  const pieces: Uint8Array[] = [];
  for await (const piece of source.stream()) pieces.push(piece);
  return Buffer.concat(pieces);
}

describe('s3ByteSource against s3rver', () => {
  it('reads ranges and streams the whole object, from an offset too', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    await put('data/a.bin', bytes);
    const source = await s3ByteSource(client, bucket, 'data/a.bin');
    expect(source.name).toBe(`s3://${bucket}/data/a.bin`);
    expect(source.size).toBe(bytes.length);
    expect(Buffer.from(await source.read(1000, 5000))).toEqual(bytes.subarray(1000, 6000));
    expect(Buffer.from(await source.read(bytes.length - 3, 100))).toEqual(bytes.subarray(bytes.length - 3));
    expect(await streamed(source)).toEqual(bytes);
    const tail: Uint8Array[] = [];
    for await (const piece of source.stream(bytes.length - 10)) tail.push(piece);
    expect(Buffer.concat(tail)).toEqual(bytes.subarray(bytes.length - 10));
  });

  it('resumes a stream cut mid-body from the last byte received, and retries throttled reads', async () => {
    const bytes = randomBytes(2 * 1024 * 1024);
    await put('data/b.bin', bytes);
    const source = await s3ByteSource(client, bucket, 'data/b.bin', { backoffMs: 1 });
    const mark = proxy.log.length;
    proxy.inject({ kind: 'truncate' }, 2, 'GET');
    expect(await streamed(source)).toEqual(bytes);
    const gets = proxy.log.slice(mark).filter((entry) => entry.request.startsWith('GET'));
    expect(gets.map((entry) => entry.fault)).toEqual(['truncate', 'truncate', 'none']);
    proxy.inject({ kind: 'status', status: 503, code: 'SlowDown' }, 2, 'GET');
    expect(Buffer.from(await source.read(10, 20))).toEqual(bytes.subarray(10, 30));
    proxy.inject({ kind: 'truncate' }, 1, 'GET');
    expect(Buffer.from(await source.read(0, bytes.length))).toEqual(bytes);
  });

  it('gives up after the bounded retries with an error naming the object', async () => {
    await put('data/c.bin', 'abc');
    const source = await s3ByteSource(client, bucket, 'data/c.bin', { retries: 2, backoffMs: 1 });
    const mark = proxy.log.length;
    proxy.inject({ kind: 'status', status: 503, code: 'SlowDown' }, 10, 'GET');
    const error = await source.read(0, 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceReadError);
    expect((error as Error).message).toMatch(new RegExp(`^s3://${bucket}/data/c.bin could not be read`));
    expect(proxy.log.slice(mark).filter((entry) => entry.request.startsWith('GET'))).toHaveLength(3);
    await expect(s3ByteSource(client, bucket, 'data/none.bin')).rejects.toThrow(
      new SourceReadError(`s3://${bucket}/data/none.bin does not exist`),
    );
  });

  it('fails clearly when the object is replaced mid-read', async () => {
    const first = randomBytes(2 * 1024 * 1024);
    await put('data/d.bin', first);
    const source = await s3ByteSource(client, bucket, 'data/d.bin', { backoffMs: 1 });
    // The first GET is cut halfway; the object is replaced before the stream resumes.
    proxy.inject({ kind: 'truncate' }, 1, 'GET');
    let received = 0;
    const error = await (async () => {
      for await (const piece of source.stream()) {
        if (received === 0) await put('data/d.bin', randomBytes(first.length));
        received += piece.length;
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceChangedError);
    expect((error as Error).message).toMatch(
      new RegExp(`^s3://${bucket}/data/d.bin changed after it was opened \\(it was pinned to ETag "`),
    );
    expect(received).toBeLessThan(first.length);
    await expect(source.read(0, 10)).rejects.toBeInstanceOf(SourceChangedError);
  });

  it('feeds a CSV part reader', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},"g ${i % 7}\nnext"`);
    await put('data/e.csv', `x,g\n${rows.join('\n')}\n`);
    const reader = csvPartReader(await s3ByteSource(client, bucket, 'data/e.csv'));
    let count = 0;
    let sum = 0;
    for await (const chunk of reader.chunks({ columns: ['x', 'g'], chunkRows: 1000 })) {
      const x = chunk.column('x');
      if (x.kind !== 'numeric') throw new Error('x is numeric');
      for (const value of x.values) sum += value;
      count += chunk.rowCount;
      expect(chunk.locate(0)).toBe(`line ${2 + 2 * chunk.firstRow}`);
    }
    expect(count).toBe(5000);
    expect(sum).toBe((4999 * 5000) / 2);
  });
});
