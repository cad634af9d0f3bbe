import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalQuery, sha256Hex, signS3Request, uriEncode } from '../../../src/models/s3Signature.js';

/** SHA-256 (or, with a secret, HMAC-SHA-256) in the shape the SDK's signer takes. */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytesOf(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function bytesOf(data: string | ArrayBuffer | ArrayBufferView): string | Buffer {
  if (typeof data === 'string') return data;
  return ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
}

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** The AWS SDK's signer (@smithy/signature-v4), configured for S3 as the SDK's S3 client does. */
async function sdkSignature(request: { method: string; host: string; path: string; query: Record<string, string>; payload: string }, sessionToken?: string, now = new Date()) {
  const signer = new SignatureV4({
    credentials: { ...credentials, ...(sessionToken ? { sessionToken } : {}) },
    region: 'eu-west-1',
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: true,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'https:',
      hostname: request.host,
      path: request.path,
      query: request.query,
      headers: { host: request.host, 'x-amz-content-sha256': sha256Hex(request.payload) },
      body: request.payload,
    },
    { signingDate: now },
  );
  return signed.headers.authorization;
}

describe('signS3Request (AWS Signature Version 4)', () => {
  it('signs the example of the S3 documentation (GET Object with a Range header)', () => {
    const headers = signS3Request(
      { method: 'GET', host: 'examplebucket.s3.amazonaws.com', path: '/test.txt', query: {}, headers: { range: 'bytes=0-9' }, payloadHash: sha256Hex('') },
      credentials,
      'us-east-1',
      new Date('2013-05-24T00:00:00Z'),
    );
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('agrees with the AWS SDK’s signer on object keys and list queries of any text (property)', async () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 24 });
    await fc.assert(
      fc.asyncProperty(text, text, fc.constantFrom('GET', 'PUT', 'DELETE', 'HEAD'), fc.boolean(), async (key, prefix, method, token) => {
        const now = new Date('2026-11-25T12:34:56Z');
        const path = `/models-bucket/tenants/${uriEncode(key, true)}/models/x.json`;
        const query: Record<string, string> = method === 'GET' ? { 'list-type': '2', prefix: `tenants/${prefix}/`, 'max-keys': '21', 'start-after': `${key}=+&` } : {};
        const payload = method === 'PUT' ? JSON.stringify({ key }) : '';
        const ours = signS3Request(
          { method, host: '127.0.0.1:4569', path, query, headers: {}, payloadHash: sha256Hex(payload) },
          { ...credentials, ...(token ? { sessionToken: 'session/token+=' } : {}) },
          'eu-west-1',
          now,
        );
        expect(ours.authorization).toBe(await sdkSignature({ method, host: '127.0.0.1:4569', path, query, payload }, token ? 'session/token+=' : undefined, now));
      }),
      { numRuns: 200 },
    );
  });

  it('encodes as RFC 3986 asks: unreserved characters kept, the rest as UTF-8 percent escapes', () => {
    expect(uriEncode("a-b_c.d~e f/g+h=é'")).toBe('a-b_c.d~e%20f%2Fg%2Bh%3D%C3%A9%27');
    expect(uriEncode('tenants/a b/models', true)).toBe('tenants/a%20b/models');
    expect(canonicalQuery({ prefix: 'a/b', 'list-type': '2', 'continuation-token': 'x+y=' })).toBe('continuation-token=x%2By%3D&list-type=2&prefix=a%2Fb');
  });
});
