import type { ModelDocument } from './document.js';

/** Who owns a model: a tenant id, or undefined in single-tenant mode. */
export type Tenant = string | undefined;

/** A page request: at most `first` models with ids after `after` (exclusive), in id order. */
export interface PageRequest {
  readonly first: number;
  readonly after?: string | undefined;
}

/** One page of models, oldest first; `hasNextPage` says whether more follow the last one. */
export interface ModelPage {
  readonly models: readonly ModelDocument[];
  readonly hasNextPage: boolean;
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
  /** A page of this tenant's models in id (creation) order. */
  list(tenant: Tenant, page: PageRequest): Promise<ModelPage>;
  /** Deletes the model; resolves true if it existed. */
  delete(tenant: Tenant, id: string): Promise<boolean>;
}
