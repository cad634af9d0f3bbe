import { LRUCache } from 'lru-cache';
import type { ModelDocument } from './document.js';
import { modelKey } from './keys.js';
import type { ModelPage, ModelRepository, PageRequest, Tenant } from './ModelRepository.js';

/**
 * Keeps recently used model documents in memory, bounded in bytes, in front of a slower
 * store: a warm Lambda container reads a model from S3 once and predicts from memory after.
 * Deleting through this repository evicts first, so the container that deleted a model
 * never serves it again.
 */
export class CachingModelRepository implements ModelRepository {
  private readonly cache: LRUCache<string, ModelDocument>;

  constructor(
    private readonly inner: ModelRepository,
    maxBytes: number,
  ) {
    this.cache = new LRUCache<string, ModelDocument>({
      maxSize: maxBytes,
      // UTF-16 code units of the serialised document: a fair measure of its heap cost.
      sizeCalculation: (document) => Math.max(1, JSON.stringify(document).length * 2),
    });
  }

  async save(document: ModelDocument): Promise<void> {
    await this.inner.save(document);
    this.cache.set(modelKey(document.tenant, document.id), document);
  }

  async get(tenant: Tenant, id: string): Promise<ModelDocument | undefined> {
    const key = modelKey(tenant, id);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const document = await this.inner.get(tenant, id);
    if (document) this.cache.set(key, document);
    return document;
  }

  list(tenant: Tenant, page: PageRequest): Promise<ModelPage> {
    return this.inner.list(tenant, page);
  }

  async delete(tenant: Tenant, id: string): Promise<boolean> {
    const key = modelKey(tenant, id);
    this.cache.delete(key);
    try {
      return await this.inner.delete(tenant, id);
    } finally {
      // A read that raced the delete may have cached the model again.
      this.cache.delete(key);
    }
  }
}
