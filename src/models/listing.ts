/**
 * Pages and counts of a tenant's models, the same for every store: a store lists the ids it
 * holds (cheaply: a directory listing, S3's ListObjectsV2) and reads documents, and this module
 * orders, filters and pages them. Model ids are time-ordered (UUIDv7), so id order is creation
 * order. A name filter must read the documents it looks at (a name lives in its document): a page
 * reads at most SCAN_LIMIT of them, and may then hold fewer than `first` models with
 * `hasNextPage` true and `endCursor` where it stopped, so that a client keeps paging.
 */
import type { ModelDocument } from './document.js';
import type { ModelPage, PageRequest } from './ModelRepository.js';

/** Documents one page reads at most while looking for models of a given name. */
export const SCAN_LIMIT = 1_000;

/** What listing needs from a store: its ids, oldest first, and its documents. */
export interface ListableStore {
  /**
   * The ids of the tenant's models in id order; a store may stop after `limit` of them when it
   * is given (a page in creation order needs only its `first` + 1 ids after `after`).
   */
  ids(after: string | undefined, limit: number | undefined): Promise<readonly string[]>;
  read(id: string): Promise<ModelDocument | undefined>;
}

/** A page of models, as PageRequest describes it. */
export async function listModels(store: ListableStore, page: PageRequest): Promise<ModelPage> {
  const newest = page.order === 'newest';
  // Oldest first without a filter: the store can start after the cursor and stop soon.
  const quick = !newest && page.name === undefined;
  let ids = await store.ids(quick ? page.after : undefined, quick ? page.first + 1 : undefined);
  if (newest) ids = [...ids].reverse();
  if (!quick && page.after !== undefined) {
    const after = page.after;
    ids = ids.filter((id) => (newest ? id < after : id > after));
  }
  const models: ModelDocument[] = [];
  let looked = 0;
  if (page.name === undefined) {
    const chosen = ids.slice(0, page.first);
    looked = chosen.length;
    // A model deleted between the listing and the read is simply not in the page.
    for (const document of await Promise.all(chosen.map((id) => store.read(id)))) if (document) models.push(document);
  } else {
    while (looked < ids.length && models.length < page.first && looked < SCAN_LIMIT) {
      const document = await store.read(ids[looked]!);
      looked++;
      if (document && document.name === page.name) models.push(document);
    }
  }
  return { models, hasNextPage: ids.length > looked, endCursor: looked > 0 ? ids[looked - 1] : undefined };
}

/** How many models the store holds (named exactly `name`, when given: that reads every document). */
export async function countModels(store: ListableStore, name: string | undefined): Promise<number> {
  const ids = await store.ids(undefined, undefined);
  if (name === undefined) return ids.length;
  let count = 0;
  for (const id of ids) if ((await store.read(id))?.name === name) count++;
  return count;
}
