import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { type AwsCredentials, canonicalQuery, sha256Hex, signS3Request, uriEncode } from './s3Signature.js';

/** How to reach S3 (or an S3-compatible server). */
export interface S3ClientSettings {
  /** An S3-compatible endpoint such as `http://127.0.0.1:4569` (path-style addressing); unset for AWS. */
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
  /** Attempts per request, the first included (transient failures are retried with backoff). */
  readonly maxAttempts?: number | undefined;
  readonly connectionTimeoutMs?: number | undefined;
  /** A request whose answer has not arrived in full by then fails (and is retried). */
  readonly requestTimeoutMs?: number | undefined;
  /** Credentials to sign with; by default the environment's, else the AWS SDK's default chain. */
  readonly credentials?: AwsCredentials | (() => Promise<AwsCredentials>) | undefined;
}

/** An answer from S3 that is an error: its HTTP status and S3 error code. */
export class S3Error extends Error {
  override name = 'S3Error';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${code} (HTTP ${status}): ${message}`);
  }
}

/** A connection or timeout failure: S3 gave no complete answer. */
export class S3NetworkError extends Error {
  override name = 'S3NetworkError';
}

/** An object body cut off after its headers arrived. */
export class S3TruncatedBodyError extends S3NetworkError {
  override name = 'S3TruncatedBodyError';
}

/** One page of ListObjectsV2. */
export interface ObjectListing {
  readonly keys: readonly string[];
  readonly isTruncated: boolean;
  readonly nextContinuationToken: string | undefined;
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

const RETRYABLE_CODES = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'RequestTimeout', 'RequestTimeTooSkewed', 'InternalError', 'ServiceUnavailable']);
const EMPTY_SHA256 = sha256Hex('');

/**
 * A small S3 client for the five calls the model store makes (put, get, head, delete, list),
 * signed with SigV4 on node:http(s) with keep-alive, per-request timeouts and retries of
 * transient failures (5xx, throttling, connection faults, timeouts) with full-jitter backoff.
 * It replaces the AWS SDK's S3 client, whose ~600 KB took ~150 ms of every Lambda cold start
 * (docs/performance.md). Paths are path-style with an endpoint, virtual-hosted on AWS.
 */
export class S3Client {
  private readonly endpoint: URL | undefined;
  private readonly region: string;
  private readonly maxAttempts: number;
  private readonly connectionTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly credentials: () => Promise<AwsCredentials>;
  private readonly agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  constructor(settings: S3ClientSettings) {
    this.endpoint = settings.endpoint ? new URL(settings.endpoint) : undefined;
    this.region = settings.region ?? 'us-east-1';
    this.maxAttempts = settings.maxAttempts ?? 3;
    this.connectionTimeoutMs = settings.connectionTimeoutMs ?? 3_000;
    this.requestTimeoutMs = settings.requestTimeoutMs ?? 10_000;
    const given = settings.credentials;
    this.credentials = typeof given === 'function' ? given : given ? async () => given : defaultCredentials;
  }

  async putObject(bucket: string, key: string, body: string, contentType: string): Promise<void> {
    const bytes = Buffer.from(body, 'utf8');
    await this.send('PUT', bucket, key, {}, bytes, { 'content-type': contentType, 'content-length': String(bytes.length) });
  }

  /** The object's text; an `S3Error` with status 404 when there is none. */
  async getObject(bucket: string, key: string): Promise<string> {
    const answer = await this.send('GET', bucket, key, {});
    return answer.body.toString('utf8');
  }

  /** Whether the object exists. */
  async headObject(bucket: string, key: string): Promise<boolean> {
    try {
      await this.send('HEAD', bucket, key, {});
      return true;
    } catch (error) {
      if (error instanceof S3Error && error.status === 404) return false;
      throw error;
    }
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    await this.send('DELETE', bucket, key, {});
  }

  async listObjectsV2(
    bucket: string,
    options: { prefix?: string | undefined; startAfter?: string | undefined; maxKeys?: number | undefined; continuationToken?: string | undefined } = {},
  ): Promise<ObjectListing> {
    const query: Record<string, string> = { 'list-type': '2' };
    if (options.prefix !== undefined) query.prefix = options.prefix;
    if (options.startAfter !== undefined) query['start-after'] = options.startAfter;
    if (options.maxKeys !== undefined) query['max-keys'] = String(options.maxKeys);
    if (options.continuationToken !== undefined) query['continuation-token'] = options.continuationToken;
    const xml = (await this.send('GET', bucket, '', query)).body.toString('utf8');
    return {
      keys: [...xml.matchAll(/<Contents>[\s\S]*?<Key>([\s\S]*?)<\/Key>[\s\S]*?<\/Contents>/g)].map((match) => xmlText(match[1]!)),
      isTruncated: /<IsTruncated>\s*true\s*<\/IsTruncated>/.test(xml),
      nextContinuationToken: xmlElement(xml, 'NextContinuationToken'),
    };
  }

  /** Creates a bucket (for tests and local experiments against S3-compatible servers). */
  async createBucket(bucket: string): Promise<void> {
    await this.send('PUT', bucket, '', {});
  }

  /** Closes idle connections. */
  destroy(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** One call, retried while it fails transiently; the last failure is thrown. */
  private async send(
    method: string,
    bucket: string,
    key: string,
    query: Record<string, string>,
    body?: Buffer,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await this.attempt(method, bucket, key, query, body, headers);
        if (answer.status >= 300) throw errorOf(answer);
        return answer;
      } catch (error) {
        if (attempt >= this.maxAttempts || !retryable(error)) throw error;
        // Full jitter: a random wait up to 100 ms · 2^attempt (capped at 20 s).
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(20_000, 100 * 2 ** attempt)));
      }
    }
  }

  private async attempt(method: string, bucket: string, key: string, query: Record<string, string>, body: Buffer | undefined, extra: Record<string, string>): Promise<Answer> {
    // Path-style with an endpoint (/bucket/key), virtual-hosted on AWS (bucket.s3.region…/key).
    const encodedKey = uriEncode(key, true);
    const url = this.endpoint ?? new URL(`https://${bucket}.s3.${this.region}.amazonaws.com`);
    const path = this.endpoint
      ? `${this.endpoint.pathname.replace(/\/$/, '')}/${uriEncode(bucket)}${key ? `/${encodedKey}` : ''}`
      : `/${encodedKey}`;
    const signed = signS3Request(
      { method, host: url.host, path, query, headers: extra, payloadHash: body ? sha256Hex(body) : EMPTY_SHA256 },
      await this.credentials(),
      this.region,
      new Date(),
    );
    const search = canonicalQuery(query);
    const secure = url.protocol === 'https:';
    const requestPath = path + (search ? `?${search}` : '');
    return new Promise<Answer>((resolve, reject) => {
      const request = (secure ? httpsRequest : httpRequest)(
        {
          method,
          host: url.hostname,
          port: url.port || (secure ? 443 : 80),
          path: requestPath,
          headers: signed,
          agent: secure ? this.agents.https : this.agents.http,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => fail(new S3TruncatedBodyError(`the answer was cut off: ${error.message}`, { cause: error })));
          response.on('end', () => {
            clearTimeout(timer);
            const received = Buffer.concat(chunks);
            const declared = Number(response.headers['content-length']);
            // A connection cut mid-body can end the stream early without an error.
            if (method !== 'HEAD' && Number.isFinite(declared) && received.length !== declared) {
              fail(new S3TruncatedBodyError(`the answer arrived truncated (${received.length} of ${declared} bytes)`));
              return;
            }
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: received });
          });
        },
      );
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.destroy();
        reject(error);
      };
      const timer = setTimeout(() => fail(new S3NetworkError(`no complete answer within ${this.requestTimeoutMs} ms`)), this.requestTimeoutMs);
      request.on('socket', (socket) => {
        if (!socket.connecting) return; // a kept-alive connection
        const connecting = setTimeout(() => fail(new S3NetworkError(`no connection within ${this.connectionTimeoutMs} ms`)), this.connectionTimeoutMs);
        socket.once('connect', () => clearTimeout(connecting));
        socket.once('close', () => clearTimeout(connecting));
      });
      request.on('error', (error) => fail(new S3NetworkError(error.message, { cause: error })));
      request.end(body);
    });
  }
}

/** The environment's credentials (Lambda sets them for the function's role), else the SDK's chain. */
let chain: (() => Promise<AwsCredentials>) | undefined;
async function defaultCredentials(): Promise<AwsCredentials> {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = process.env;
  if (accessKeyId && secretAccessKey) return { accessKeyId, secretAccessKey, sessionToken };
  if (chain === undefined) {
    // Profiles, SSO, container and instance roles: the SDK's provider chain, loaded only when the
    // environment has no keys (never on Lambda, whose runtime also provides the package).
    const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
    chain = defaultProvider();
  }
  return chain();
}

function errorOf(answer: Answer): S3Error {
  const xml = answer.body.toString('utf8');
  const code = xmlElement(xml, 'Code') ?? (answer.status === 404 ? 'NotFound' : `HTTP${answer.status}`);
  return new S3Error(answer.status, code, xmlElement(xml, 'Message') ?? 'no message');
}

function retryable(error: unknown): boolean {
  // A body cut off mid-way is the caller's to read again (the model store does, a few times).
  if (error instanceof S3TruncatedBodyError) return false;
  if (error instanceof S3NetworkError) return true;
  if (error instanceof S3Error) return error.status >= 500 || error.status === 429 || RETRYABLE_CODES.has(error.code);
  return false;
}

function xmlElement(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return match ? xmlText(match[1]!) : undefined;
}

function xmlText(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#x[0-9a-fA-F]+|#[0-9]+);/g, (_, entity: string) => {
    switch (entity) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(entity[1] === 'x' ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
    }
  });
}

/** The client the model store uses. */
export function createS3Client(settings: S3ClientSettings): S3Client {
  return new S3Client(settings);
}
