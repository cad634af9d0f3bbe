import type { S3Client } from '@aws-sdk/client-s3';
import { parseModelDocument, serializeModelDocument, type ModelDocument } from './document.js';
import { ModelStoreError, ModelStoreUnavailableError } from './errors.js';
import { idFromKey, modelKey, modelPrefix } from './keys.js';
import { countModels, listModels, type ListableStore } from './listing.js';
import type { ModelPage, ModelRepository, PageRequest, Tenant } from './ModelRepository.js';
import type { S3ClientSettings } from './s3Client.js';

type Sdk = typeof import('@aws-sdk/client-s3');

/** The SDK and the client the repository talks through. */
interface Connection {
  readonly sdk: Sdk;
  readonly client: S3Client;
}

/**
 * The AWS SDK, loaded on first use: evaluating it is a large part of a cold start, which a
 * process that never reaches S3 (a file store, a health check) should not pay.
 */
function loadSdk(): Promise<Sdk> {
  return import('@aws-sdk/client-s3');
}

/**
 * Models as JSON objects in an S3 bucket under `models/{id}.json` (per tenant:
 * `tenants/{tenant}/models/{id}.json`). A PutObject is durable when S3 answers 200, so a
 * fit reports its id only after that. Transient failures are retried by the SDK; what still
 * fails surfaces as `ModelStoreUnavailableError`.
 */
export class S3ModelRepository implements ModelRepository {
  private connection: Promise<Connection> | undefined;

  /**
   * `target` is a client, or the settings to create one with when first needed.
   * `bodyReadAttempts` bounds whole re-reads of an object whose body failed mid-stream: the
   * SDK retries requests that fail, but not a body cut off after its headers arrived.
   */
  constructor(
    private readonly target: S3Client | S3ClientSettings,
    private readonly bucket: string,
    private readonly bodyReadAttempts = 3,
  ) {}

  async save(document: ModelDocument): Promise<void> {
    const key = modelKey(document.tenant, document.id);
    const body = serializeModelDocument(document);
    const { sdk, client } = await this.connect();
    try {
      await this.call(`store model ${document.id}`, () =>
        client.send(
          new sdk.PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: body,
            ContentType: 'application/json',
            ContentLength: Buffer.byteLength(body),
          }),
        ),
      );
    } catch (error) {
      // The write may have landed although its answer was lost; the caller is told it failed,
      // so remove it rather than leave a model nobody was given the id of.
      await client.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: key })).catch(() => undefined);
      throw error;
    }
  }

  async get(tenant: Tenant, id: string): Promise<ModelDocument | undefined> {
    const key = modelKey(tenant, id);
    const connection = await this.connect();
    const text = await this.call(`read model ${id}`, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.read(connection, key, id);
        } catch (error) {
          if (isNotFound(error)) return undefined;
          if (!(error instanceof TruncatedBodyError) || attempt >= this.bodyReadAttempts) throw error;
        }
      }
    });
    return text === undefined ? undefined : parseModelDocument(id, text);
  }

  private async read({ sdk, client }: Connection, key: string, id: string): Promise<string> {
    const object = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }));
    let body: string;
    try {
      body = await object.Body!.transformToString('utf8');
    } catch (error) {
      throw new TruncatedBodyError(`model ${id} could not be read to its end`, { cause: error });
    }
    // A connection cut mid-body can end the stream early without an error: refuse a short read.
    const length = Buffer.byteLength(body);
    if (object.ContentLength !== undefined && length !== object.ContentLength) {
      throw new TruncatedBodyError(`model ${id} arrived truncated (${length} of ${object.ContentLength} bytes)`);
    }
    return body;
  }

  list(tenant: Tenant, page: PageRequest): Promise<ModelPage> {
    return listModels(this.listable(tenant), page);
  }

  count(tenant: Tenant, name?: string): Promise<number> {
    return countModels(this.listable(tenant), name);
  }

  /**
   * The tenant's models as listing sees them: ListObjectsV2 under its prefix, which S3 answers
   * in key (so id) order, from after a cursor and for as many keys as a page needs when it can.
   */
  private listable(tenant: Tenant): ListableStore {
    const prefix = modelPrefix(tenant);
    return {
      ids: async (after, limit) => {
        const { sdk, client } = await this.connect();
        const ids: string[] = [];
        let continuationToken: string | undefined;
        do {
          const listing = await this.call('list models', () =>
            client.send(
              new sdk.ListObjectsV2Command({
                Bucket: this.bucket,
                Prefix: prefix,
                StartAfter: after === undefined ? undefined : modelKey(tenant, after),
                ...(limit === undefined ? {} : { MaxKeys: limit - ids.length }),
                ContinuationToken: continuationToken,
              }),
            ),
          );
          // Keys that are not models are skipped.
          for (const object of listing.Contents ?? []) {
            const id = object.Key === undefined ? undefined : idFromKey(prefix, object.Key);
            if (id !== undefined) ids.push(id);
          }
          continuationToken = listing.IsTruncated ? listing.NextContinuationToken : undefined;
        } while (continuationToken !== undefined && (limit === undefined || ids.length < limit));
        return limit === undefined ? ids : ids.slice(0, limit);
      },
      read: (id) => this.get(tenant, id),
    };
  }

  async delete(tenant: Tenant, id: string): Promise<boolean> {
    const key = modelKey(tenant, id);
    const { sdk, client } = await this.connect();
    return this.call(`delete model ${id}`, async () => {
      try {
        await client.send(new sdk.HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
      await client.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    });
  }

  /** The SDK and a client, made once, on first use. */
  private connect(): Promise<Connection> {
    this.connection ??= (async () => {
      const sdk = await loadSdk();
      if ('send' in this.target) return { sdk, client: this.target };
      const { createS3Client } = await import('./s3Client.js');
      return { sdk, client: createS3Client(this.target) };
    })();
    // A failed load is not cached: the next request tries again.
    this.connection.catch(() => {
      this.connection = undefined;
    });
    return this.connection;
  }

  /** Runs an S3 call; what the SDK could not retry into success becomes a store error. */
  private async call<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof ModelStoreError) throw error;
      if (isClientFault(error)) {
        const reason = what.startsWith('store ') ? 'WRITE_FAILED' : 'REFUSED';
        throw new ModelStoreError(reason, `could not ${what}: S3 refused the request (${describe(error)})`, {
          cause: error,
        });
      }
      throw new ModelStoreUnavailableError(`could not ${what}: ${describe(error)}`, { cause: error });
    }
  }
}

/** An object body that ended early: worth reading again. */
class TruncatedBodyError extends ModelStoreUnavailableError {
  override name = 'TruncatedBodyError';
}

/** The HTTP status of an error S3 answered with (the SDK's service exceptions carry `$metadata`). */
function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: unknown } | undefined)?.name;
  return name === 'NoSuchKey' || name === 'NotFound' || statusOf(error) === 404;
}

/** 4xx answers other than throttling are configuration faults (no bucket, no permission), not outages. */
function isClientFault(error: unknown): boolean {
  const status = statusOf(error);
  return status !== undefined && status >= 400 && status < 500 && status !== 429 && status !== 408;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
