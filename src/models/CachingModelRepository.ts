import { LRUCache } from 'lru-cache';
import type { ModelDocument } from './document.js';
import { modelKey } from './keys.js';
import type { ModelPage, ModelRepository, PageRequest, Tenant } from './ModelRepository.js';

type OperationKind = 'read' | 'save' | 'delete';

/** A read, save or delete of one key in flight, and what other writes of that key did meanwhile. */
interface Operation {
  /** Another write (save or delete) of the key overlapped this operation: its result is not cached. */
  overtaken: boolean;
  /** A save of the key overlapped this operation: a delete's answer then says nothing of the order. */
  overlappedSave: boolean;
  /** A delete of the key answered true while this read was in flight, and no save answered after it. */
  deleted: boolean;
}

/** What is in flight on one key; kept only while something is, so memory stays bounded. */
interface KeyActivity {
  /** Saves and deletes in flight, and of those, saves. */
  writes: number;
  saves: number;
  readonly operations: Set<Operation>;
}

/** A listing in flight, and the keys whose delete answered true while it was. */
interface Listing {
  readonly deletedKeys: Set<string>;
}

/**
 * Keeps recently used model documents in memory, bounded in bytes, in front of a slower
 * store: a warm Lambda container reads a model from S3 once and predicts from memory after.
 *
 * A delete through this repository is final for this process, whatever the interleaving: once
 * it answered true, no read or listing of this repository answers the model again (until it is
 * saved again). The rule: every write (save or delete) evicts its key when it starts, and a result
 * is cached only if no write of its key other than itself overlapped the operation that produced
 * it. The interleavings, for one key (test/unit/models/cachingModelRepository.test.ts runs each):
 *
 * - get, no write overlapping: the store's answer, cached when found. A hit is served from memory;
 *   the cache only holds documents that no write has touched since.
 * - get in flight when a delete starts: the read is overtaken and not cached. If the delete answers
 *   true before the read returns, the read answers undefined (the model is gone by the time it
 *   answers); if the delete answers false or fails, the read answers what the store gave it.
 * - delete in flight when a get starts: nothing is cached (evicted at the delete's start), so the
 *   store answers; the answer is not cached, and is undefined if the delete answers true first.
 * - get after a delete answered true: nothing is cached and nothing in flight; the store answers,
 *   and it no longer holds the model (S3 and the file system read their own deletes).
 * - delete that fails: the key was evicted, and its activity ends with it; the next get asks the
 *   store and caches again, so a failed delete never hides a model.
 * - two deletes overlapping: reads stay uncached until both have settled; each delete answers
 *   what the store told it.
 * - save and delete overlapping: which one the store applied last is unknown here, so neither
 *   result is cached, reads in flight answer what the store gave them, and later reads ask the
 *   store (the service never does this: a model's id is new, and given out once it is saved).
 * - save, no write overlapping: its document is cached, and reads and listings still in flight
 *   from before an earlier delete answered may answer what they read (the model exists again).
 * - list in flight when a delete answers true: the model is left out of the page.
 *
 * Memory: an entry per key with operations in flight, dropped when the last one settles, and
 * per listing in flight, the keys deleted while it runs. Other processes (other Lambda
 * containers) keep what they cached: a delete is final for the process that made it.
 */
export class CachingModelRepository implements ModelRepository {
  private readonly cache: LRUCache<string, ModelDocument>;
  private readonly activity = new Map<string, KeyActivity>();
  private readonly listings = new Set<Listing>();

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
    const key = modelKey(document.tenant, document.id);
    const operation = this.begin(key, 'save');
    try {
      await this.inner.save(document);
    } finally {
      this.end(key, operation, 'save');
    }
    // Overtaken, it overlapped a delete whose order against it in the store is unknown here.
    if (operation.overtaken) return;
    this.cache.set(key, document);
    // Saved after any delete answered: the model exists again, and reads in flight may say so.
    for (const other of this.activity.get(key)?.operations ?? []) other.deleted = false;
    for (const listing of this.listings) listing.deletedKeys.delete(key);
  }

  async get(tenant: Tenant, id: string): Promise<ModelDocument | undefined> {
    const key = modelKey(tenant, id);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const operation = this.begin(key, 'read');
    let document: ModelDocument | undefined;
    try {
      document = await this.inner.get(tenant, id);
    } finally {
      this.end(key, operation, 'read');
    }
    if (operation.deleted) return undefined;
    if (document && !operation.overtaken) this.cache.set(key, document);
    return document;
  }

  async list(tenant: Tenant, page: PageRequest): Promise<ModelPage> {
    const listing: Listing = { deletedKeys: new Set() };
    this.listings.add(listing);
    let result: ModelPage;
    try {
      result = await this.inner.list(tenant, page);
    } finally {
      this.listings.delete(listing);
    }
    if (listing.deletedKeys.size === 0) return result;
    const models = result.models.filter((model) => !listing.deletedKeys.has(modelKey(tenant, model.id)));
    return { ...result, models };
  }

  count(tenant: Tenant, name?: string): Promise<number> {
    return this.inner.count(tenant, name);
  }

  async delete(tenant: Tenant, id: string): Promise<boolean> {
    const key = modelKey(tenant, id);
    const operation = this.begin(key, 'delete');
    let existed: boolean;
    try {
      existed = await this.inner.delete(tenant, id);
    } finally {
      this.end(key, operation, 'delete');
    }
    // With no save overlapping it, the model was gone from the store when the delete answered.
    if (existed && !operation.overlappedSave) {
      for (const other of this.activity.get(key)?.operations ?? []) other.deleted = true;
      for (const listing of this.listings) listing.deletedKeys.add(key);
    }
    return existed;
  }

  /** Registers an operation on `key`; a write evicts the key and overtakes everything in flight on it. */
  private begin(key: string, kind: OperationKind): Operation {
    let activity = this.activity.get(key);
    if (!activity) {
      activity = { writes: 0, saves: 0, operations: new Set() };
      this.activity.set(key, activity);
    }
    const operation: Operation = { overtaken: activity.writes > 0, overlappedSave: activity.saves > 0, deleted: false };
    if (kind !== 'read') {
      this.cache.delete(key);
      for (const other of activity.operations) {
        other.overtaken = true;
        if (kind === 'save') other.overlappedSave = true;
      }
      activity.writes++;
      if (kind === 'save') activity.saves++;
    }
    activity.operations.add(operation);
    return operation;
  }

  private end(key: string, operation: Operation, kind: OperationKind): void {
    const activity = this.activity.get(key)!;
    activity.operations.delete(operation);
    if (kind !== 'read') activity.writes--;
    if (kind === 'save') activity.saves--;
    if (activity.operations.size === 0) this.activity.delete(key);
  }

  /** Keys with operations in flight: for tests, which check that nothing outlives its operations. */
  get keysInFlight(): number {
    return this.activity.size;
  }
}
