import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { CreateBucketCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../../src/models/s3Client.js';

/** A real S3-protocol server (s3rver) in a child process on a free loopback port. */
export interface LocalS3 {
  readonly endpoint: string;
  readonly client: S3Client;
  /** Creates a new, empty bucket and returns its name. */
  createBucket(): Promise<string>;
  /** The keys stored in a bucket (its first 1000), read directly, in S3's (sorted) order. */
  keys(bucket: string): Promise<string[]>;
  stop(): Promise<void>;
}

/** Starts s3rver via scripts/s3rver.mjs; it exits with this process at the latest. */
export async function startLocalS3(): Promise<LocalS3> {
  // s3rver checks no credentials, but the SDK needs some to sign with.
  process.env.AWS_ACCESS_KEY_ID ??= 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'S3RVER';
  const child = spawn(process.execPath, ['--openssl-legacy-provider', 'scripts/s3rver.mjs'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const endpoint = await readEndpoint(child);
  const client = createS3Client({ endpoint, region: 'us-east-1' });
  return {
    endpoint,
    client,
    async createBucket() {
      const bucket = `models-${randomBytes(6).toString('hex')}`;
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      return bucket;
    },
    async keys(bucket) {
      const listing = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (listing.Contents ?? []).map((object) => object.Key!);
    },
    async stop() {
      client.destroy();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function readEndpoint(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  try {
    for await (const line of lines) {
      const { endpoint } = JSON.parse(line) as { endpoint: string };
      return endpoint;
    }
    throw new Error('s3rver exited before it was ready');
  } finally {
    clearTimeout(timer);
    lines.close();
  }
}
