import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Error } from '../../src/models/index.js';
import { startLocalS3, type LocalS3 } from '../support/s3rver.js';

// The model store's own S3 client against a real S3-protocol server (s3rver): the calls the
// repository does not exercise in every shape, such as pages of a listing and odd keys.
let s3: LocalS3;
let bucket: string;

beforeAll(async () => {
  s3 = await startLocalS3();
  bucket = await s3.createBucket();
});

afterAll(async () => {
  await s3?.stop();
});

describe('S3Client against s3rver', () => {
  it('puts, heads, gets and deletes objects, keys with spaces, quotes and non-ASCII included', async () => {
    for (const key of ['plain.json', 'with space/and+plus=equals.json', 'quote"amp&lt<é€😀.json']) {
      await s3.client.putObject(bucket, key, `{"key":${JSON.stringify(key)}}`, 'application/json');
      expect(await s3.client.headObject(bucket, key)).toBe(true);
      expect(JSON.parse(await s3.client.getObject(bucket, key))).toEqual({ key });
      await s3.client.deleteObject(bucket, key);
      expect(await s3.client.headObject(bucket, key)).toBe(false);
    }
  });

  it('answers a missing object with an S3Error of status 404', async () => {
    const error = await s3.client.getObject(bucket, 'missing.json').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(S3Error);
    expect((error as S3Error).status).toBe(404);
    expect((error as S3Error).code).toBe('NoSuchKey');
  });

  it('lists by prefix in pages, with continuation tokens and start-after', async () => {
    const keys = Array.from({ length: 7 }, (_, i) => `pages/k${i}&<${i}>.json`);
    await Promise.all(keys.map((key) => s3.client.putObject(bucket, key, '{}', 'application/json')));
    await s3.client.putObject(bucket, 'other/x.json', '{}', 'application/json');
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.client.listObjectsV2(bucket, { prefix: 'pages/', maxKeys: 3, continuationToken: token });
      seen.push(...page.keys);
      token = page.isTruncated ? page.nextContinuationToken : undefined;
      pages++;
    } while (token !== undefined);
    expect(seen).toEqual([...keys].sort());
    expect(pages).toBe(3);
    const after = await s3.client.listObjectsV2(bucket, { prefix: 'pages/', startAfter: keys[4] });
    expect(after.keys).toEqual(keys.slice(5));
  });
});
