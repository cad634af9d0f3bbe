import { parseModelDocument, serializeModelDocument, type ModelDocument } from './document.js';
import { idFromKey, modelKey, modelPrefix } from './keys.js';
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

  async list(tenant: Tenant, page: PageRequest): Promise<ModelPage> {
    const prefix = modelPrefix(tenant);
    const ids = [...this.objects.keys()]
      .map((key) => idFromKey(prefix, key))
      .filter((id): id is string => id !== undefined && (page.after === undefined || id > page.after))
      .sort();
    const chosen = ids.slice(0, page.first);
    const models = chosen.map((id) => parseModelDocument(id, this.objects.get(`${prefix}${id}.json`)!));
    return { models, hasNextPage: ids.length > page.first };
  }

  async delete(tenant: Tenant, id: string): Promise<boolean> {
    return this.objects.delete(modelKey(tenant, id));
  }
}
