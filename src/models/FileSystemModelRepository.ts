import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseModelDocument, serializeModelDocument, type ModelDocument } from './document.js';
import { ModelStoreError, ModelStoreUnavailableError } from './errors.js';
import { idFromKey, modelKey, modelPrefix } from './keys.js';
import type { ModelPage, ModelRepository, PageRequest, Tenant } from './ModelRepository.js';

/**
 * Models as JSON files under a directory: the local default, no cloud account needed.
 * Writes are atomic (temporary file, fsync, rename, fsync of the directory), so a crash
 * never leaves a half-written model where a reader can find it.
 */
export class FileSystemModelRepository implements ModelRepository {
  constructor(private readonly directory: string) {}

  async save(document: ModelDocument): Promise<void> {
    const path = this.pathOf(modelKey(document.tenant, document.id));
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      const file = await open(temporary, 'wx');
      try {
        await file.writeFile(serializeModelDocument(document), 'utf8');
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, path);
      await syncDirectory(dirname(path));
    } catch (error) {
      // Cleaning up may fail the same way the write did (ENOTDIR, EACCES, EIO): report the write.
      await rm(temporary, { force: true }).catch(() => undefined);
      throw new ModelStoreError('WRITE_FAILED', `could not store model ${document.id}: ${describe(error)}`, {
        cause: error,
      });
    }
  }

  async get(tenant: Tenant, id: string): Promise<ModelDocument | undefined> {
    const path = this.pathOf(modelKey(tenant, id));
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw new ModelStoreUnavailableError(`could not read model ${id}: ${describe(error)}`, { cause: error });
    }
    return parseModelDocument(id, text);
  }

  async list(tenant: Tenant, page: PageRequest): Promise<ModelPage> {
    const prefix = modelPrefix(tenant);
    let names: string[];
    try {
      names = await readdir(this.pathOf(prefix));
    } catch (error) {
      if (isNotFound(error)) return { models: [], hasNextPage: false };
      throw new ModelStoreUnavailableError(`could not list models: ${describe(error)}`, { cause: error });
    }
    const ids = names
      .map((name) => idFromKey(prefix, `${prefix}${name}`))
      .filter((id): id is string => id !== undefined && (page.after === undefined || id > page.after))
      .sort();
    const models: ModelDocument[] = [];
    for (const id of ids.slice(0, page.first)) {
      // A model deleted between the listing and the read is simply not in the page.
      const document = await this.get(tenant, id);
      if (document) models.push(document);
    }
    return { models, hasNextPage: ids.length > page.first };
  }

  async delete(tenant: Tenant, id: string): Promise<boolean> {
    const path = this.pathOf(modelKey(tenant, id));
    try {
      await unlink(path);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw new ModelStoreUnavailableError(`could not delete model ${id}: ${describe(error)}`, { cause: error });
    }
  }

  private pathOf(key: string): string {
    return join(this.directory, ...key.split('/'));
  }
}

async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
