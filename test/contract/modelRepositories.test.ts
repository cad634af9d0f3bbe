import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import {
  CachingModelRepository,
  FileSystemModelRepository,
  InMemoryModelRepository,
  S3ModelRepository,
} from '../../src/models/index.js';
import { startLocalS3, type LocalS3 } from '../support/s3rver.js';
import { describeModelRepositoryContract } from './modelRepositoryContract.js';

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(async () => {
  await s3.stop();
});

describeModelRepositoryContract('InMemoryModelRepository', async () => new InMemoryModelRepository());

describeModelRepositoryContract(
  'FileSystemModelRepository',
  async () => new FileSystemModelRepository(await mkdtemp(join(tmpdir(), 'models-'))),
);

describeModelRepositoryContract(
  'S3ModelRepository (s3rver)',
  async () => new S3ModelRepository(s3.client, await s3.createBucket()),
);

describeModelRepositoryContract(
  'CachingModelRepository over files',
  async () =>
    new CachingModelRepository(new FileSystemModelRepository(await mkdtemp(join(tmpdir(), 'models-'))), 1 << 20),
);

describeModelRepositoryContract(
  'CachingModelRepository over S3',
  async () => new CachingModelRepository(new S3ModelRepository(s3.client, await s3.createBucket()), 1 << 20),
);
