import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../src/models/s3Client.js';
import { ModelStoreError, ModelStoreUnavailableError, S3ModelRepository } from '../../src/models/index.js';
import { sampleDocument } from '../support/documents.js';
import type { FaultProxy } from '../support/faultProxy.js';
import { startFaultyS3 } from '../support/faultyS3.js';
import type { LocalS3 } from '../support/s3rver.js';

let s3: LocalS3;
let proxy: FaultProxy;
let bucket: string;
let repository: S3ModelRepository;
let direct: S3ModelRepository;

beforeAll(async () => {
  let endpoint: string;
  ({ s3, proxy, endpoint, bucket } = await startFaultyS3());
  // Short timeouts keep the hanging cases quick; three attempts as in production.
  const client = createS3Client({ endpoint, maxAttempts: 3, requestTimeoutMs: 400, connectionTimeoutMs: 400 });
  repository = new S3ModelRepository(client, bucket);
  direct = new S3ModelRepository(s3.client, bucket);
});

afterEach(() => proxy.clear());

afterAll(async () => {
  await proxy.stop();
  await s3.stop();
});

function storedKeys(): Promise<string[]> {
  return s3.keys(bucket);
}

describe('S3 model store behind a faulty network', () => {
  it.each([
    ['503 SlowDown', { kind: 'status', status: 503, code: 'SlowDown' }],
    ['500 InternalError', { kind: 'status', status: 500, code: 'InternalError' }],
    ['a reset before the request arrives', { kind: 'resetBefore' }],
    ['a reset after S3 stored the object', { kind: 'resetAfter' }],
    ['a request that never gets an answer', { kind: 'hang' }],
  ] as const)('retries a save through %s and stores the document intact', async (_name, fault) => {
    const document = sampleDocument();
    proxy.inject(fault, 2, 'PUT');
    await repository.save(document);
    expect(await direct.get(undefined, document.id)).toEqual(document);
  });

  it.each([
    ['503 SlowDown', { kind: 'status', status: 503, code: 'SlowDown' }],
    ['a reset', { kind: 'resetBefore' }],
    ['a truncated body', { kind: 'truncate' }],
  ] as const)('retries a read through %s', async (_name, fault) => {
    const document = sampleDocument();
    await direct.save(document);
    proxy.inject(fault, 2, 'GET');
    expect(await repository.get(undefined, document.id)).toEqual(document);
  });

  it('reports a save that keeps failing as unavailable, and leaves nothing stored', async () => {
    const before = await storedKeys();
    const document = sampleDocument();
    proxy.inject({ kind: 'status', status: 503, code: 'SlowDown' }, Number.POSITIVE_INFINITY, 'PUT');
    await expect(repository.save(document)).rejects.toBeInstanceOf(ModelStoreUnavailableError);
    expect(await storedKeys()).toEqual(before);
  });

  it('removes an object whose every store attempt lost its answer, so no unreported model remains', async () => {
    const before = await storedKeys();
    const document = sampleDocument();
    proxy.inject({ kind: 'resetAfter' }, Number.POSITIVE_INFINITY, 'PUT');
    await expect(repository.save(document)).rejects.toBeInstanceOf(ModelStoreError);
    expect(await storedKeys()).toEqual(before);
  });

  it('reports a read that keeps failing as unavailable, and the model is intact afterwards', async () => {
    const document = sampleDocument();
    await direct.save(document);
    proxy.inject({ kind: 'truncate' }, Number.POSITIVE_INFINITY, 'GET');
    await expect(repository.get(undefined, document.id)).rejects.toBeInstanceOf(ModelStoreUnavailableError);
    proxy.clear();
    expect(await repository.get(undefined, document.id)).toEqual(document);
  });
});
