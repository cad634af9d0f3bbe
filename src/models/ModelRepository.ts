import type { ModelDocument } from './document.js';

/** Who owns a model: a tenant id, or undefined in single-tenant mode. */
export type Tenant = string | undefined;

/** Creation order (model ids are time-ordered UUIDv7, so id order): oldest or newest first. */
export type ModelOrder = 'oldest' | 'newest';

/**
 * A page request: at most `first` models after the model `after` (exclusive) in `order` (oldest
 * first by default), only those named exactly `name` when it is given.
 */
export interface PageRequest {
  readonly first: number;
  readonly after?: string | undefined;
  readonly order?: ModelOrder | undefined;
  readonly name?: string | undefined;
}

/**
 * One page of models in the order asked for; `hasNextPage` says whether more may follow the
 * last one, from `endCursor` (the last model looked at, which with a name filter may be one
 * that did not match: a page then has fewer than `first` models, never a wrong one).
 */
export interface ModelPage {
  readonly models: readonly ModelDocument[];
  readonly hasNextPage: boolean;
  /** The id to pass as `after` for the next page; undefined when nothing was looked at. */
  readonly endCursor?: string | undefined;
}

/**
 * Where model documents live. Every implementation passes the same contract suite
 * (test/contract): ids are validated before any storage access, a save is durable when its
 * promise resolves, and one tenant never reads, lists or deletes another's models.
 */
export interface ModelRepository {
  /** Stores a new document under its id and `tenant`; resolves only once it is durable. */
  save(document: ModelDocument): Promise<void>;
  /** The document, or undefined when this tenant has no model with that id. */
  get(tenant: Tenant, id: string): Promise<ModelDocument | undefined>;
  /** A page of this tenant's models (models/listing.ts gives every store the same rules). */
  list(tenant: Tenant, page: PageRequest): Promise<ModelPage>;
  /** How many models this tenant has (named exactly `name`, when given). */
  count(tenant: Tenant, name?: string): Promise<number>;
  /** Deletes the model; resolves true if it existed. */
  delete(tenant: Tenant, id: string): Promise<boolean>;
}
