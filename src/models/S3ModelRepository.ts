import { S3Error, S3TruncatedBodyError, type S3Client } from './s3Client.js';
import { parseModelDocument, serializeModelDocument, type ModelDocument } from './document.js';
import { ModelStoreError, ModelStoreUnavailableError } from './errors.js';
import { idFromKey, modelKey, modelPrefix } from './keys.js';
import type { ModelPage, ModelRepository, PageRequest, Tenant } from './ModelRepository.js';

/**
 * Models as JSON objects in an S3 bucket under `models/{id}.json` (per tenant:
 * `tenants/{tenant}/models/{id}.json`). A PutObject is durable when S3 answers 200, so a
 * fit reports its id only after that. Transient failures are retried by the client; what still
 * fails surfaces as `ModelStoreUnavailableError`.
 */
export class S3ModelRepository implements ModelRepository {
  /**
   * `bodyReadAttempts` bounds whole re-reads of an object whose body failed mid-stream: the
   * client retries requests that fail, but not a body cut off after its headers arrived.
   */
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly bodyReadAttempts = 3,
  ) {}

  async save(document: ModelDocument): Promise<void> {
    const key = modelKey(document.tenant, document.id);
    const body = serializeModelDocument(document);
    try {
      await this.call(`store model ${document.id}`, () => this.client.putObject(this.bucket, key, body, 'application/json'));
    } catch (error) {
      // The write may have landed although its answer was lost; the caller is told it failed,
      // so remove it rather than leave a model nobody was given the id of.
      await this.client.deleteObject(this.bucket, key).catch(() => undefined);
      throw error;
    }
  }

  async get(tenant: Tenant, id: string): Promise<ModelDocument | undefined> {
    const key = modelKey(tenant, id);
    const text = await this.call(`read model ${id}`, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.read(key, id);
        } catch (error) {
          if (isNotFound(error)) return undefined;
          if (!(error instanceof TruncatedBodyError) || attempt >= this.bodyReadAttempts) throw error;
        }
      }
    });
    return text === undefined ? undefined : parseModelDocument(id, text);
  }

  private async read(key: string, id: string): Promise<string> {
    try {
      return await this.client.getObject(this.bucket, key);
    } catch (error) {
      // The client checks the body against its Content-Length; a short one is worth reading again.
      if (error instanceof S3TruncatedBodyError) throw new TruncatedBodyError(`model ${id} could not be read to its end`, { cause: error });
      throw error;
    }
  }

  async list(tenant: Tenant, page: PageRequest): Promise<ModelPage> {
    const prefix = modelPrefix(tenant);
    const ids: string[] = [];
    let continuationToken: string | undefined;
    // One more id than asked says whether a next page exists; keys that are not models are skipped.
    do {
      const listing = await this.call('list models', () =>
        this.client.listObjectsV2(this.bucket, {
          prefix,
          startAfter: page.after === undefined ? undefined : modelKey(tenant, page.after),
          maxKeys: page.first + 1 - ids.length,
          continuationToken,
        }),
      );
      for (const objectKey of listing.keys) {
        const id = idFromKey(prefix, objectKey);
        if (id !== undefined) ids.push(id);
      }
      continuationToken = listing.isTruncated ? listing.nextContinuationToken : undefined;
    } while (continuationToken !== undefined && ids.length <= page.first);
    const chosen = ids.slice(0, page.first);
    // A model deleted between the listing and the read is simply not in the page.
    const documents = await Promise.all(chosen.map((id) => this.get(tenant, id)));
    return {
      models: documents.filter((document): document is ModelDocument => document !== undefined),
      hasNextPage: ids.length > page.first,
    };
  }

  async delete(tenant: Tenant, id: string): Promise<boolean> {
    const key = modelKey(tenant, id);
    return this.call(`delete model ${id}`, async () => {
      if (!(await this.client.headObject(this.bucket, key))) return false;
      await this.client.deleteObject(this.bucket, key);
      return true;
    });
  }

  /** Runs an S3 call; what the client could not retry into success becomes a store error. */
  private async call<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof ModelStoreError) throw error;
      if (isClientFault(error)) {
        const reason = what.startsWith('store ') ? 'WRITE_FAILED' : 'REFUSED';
        throw new ModelStoreError(reason, `could not ${what}: S3 refused the request (${describe(error)})`, { cause: error });
      }
      throw new ModelStoreUnavailableError(`could not ${what}: ${describe(error)}`, { cause: error });
    }
  }
}

/** An object body that ended early: worth reading again. */
class TruncatedBodyError extends ModelStoreUnavailableError {
  override name = 'TruncatedBodyError';
}

function isNotFound(error: unknown): boolean {
  return error instanceof S3Error && (error.code === 'NoSuchKey' || error.code === 'NotFound' || error.status === 404);
}

/** 4xx answers other than throttling are configuration faults (no bucket, no permission), not outages. */
function isClientFault(error: unknown): boolean {
  const status = error instanceof S3Error ? error.status : undefined;
  return status !== undefined && status >= 400 && status < 500 && status !== 429 && status !== 408;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
