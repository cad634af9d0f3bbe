import { parseModelDocument, serializeModelDocument, type ModelDocument } from './document.js';
import { idFromKey, modelKey, modelPrefix } from './keys.js';
import { countModels, listModels, type ListableStore } from './listing.js';
import type { ModelPage, ModelRepository, PageRequest, Tenant } from './ModelRepository.js';

/** Models in a Map, stored serialised so that callers never share mutable objects: for tests. */
export class InMemoryModelRepository implements ModelRepository {
  private readonly objects = new Map<string, string>();

  async save(document: ModelDocument): Promise<void> {
    this.objects.set(modelKey(document.tenant, document.id), serializeModelDocument(document));
  }

  async get(tenant: Tenant, id: string): Promise<ModelDocument | undefined> {
    const text = this.objects.get(modelKey(tenant, id));
    return text === undefined ? undefined : parseModelDocument(id, text);
  }

  list(tenant: Tenant, page: PageRequest): Promise<ModelPage> {
    return listModels(this.listable(tenant), page);
  }

  count(tenant: Tenant, name?: string): Promise<number> {
    return countModels(this.listable(tenant), name);
  }

  async delete(tenant: Tenant, id: string): Promise<boolean> {
    return this.objects.delete(modelKey(tenant, id));
  }

  private listable(tenant: Tenant): ListableStore {
    const prefix = modelPrefix(tenant);
    return {
      ids: async (after, limit) => {
        const ids = [...this.objects.keys()]
          .map((key) => idFromKey(prefix, key))
          .filter((id): id is string => id !== undefined && (after === undefined || id > after))
          .sort();
        return limit === undefined ? ids : ids.slice(0, limit);
      },
      read: (id) => this.get(tenant, id),
    };
  }
}
