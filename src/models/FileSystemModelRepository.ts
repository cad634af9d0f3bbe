import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseModelDocument, serializeModelDocument, type ModelDocument } from './document.js';
import { ModelStoreError, ModelStoreUnavailableError } from './errors.js';
import { idFromKey, modelKey, modelPrefix } from './keys.js';
import { countModels, listModels, type ListableStore } from './listing.js';
import type { ModelPage, ModelRepository, PageRequest, Tenant } from './ModelRepository.js';

/** A document being written: `{id}.json.{12 hex digits}.tmp` (see `save`), never a model's own name. */
const TEMPORARY_NAME = /^[0-9a-f-]{36}\.json\.[0-9a-f]{12}\.tmp$/;

/** How old a temporary file must be to count as a crash's debris: no write takes this long. */
export const STALE_TEMPORARY_AGE_MS = 10 * 60 * 1000;

/** What `removeStaleTemporaries` did: paths relative to the directory, `/`-separated. */
export interface TemporaryCleanup {
  readonly removed: readonly string[];
  readonly failed: readonly { readonly path: string; readonly error: string }[];
}

/**
 * Models as JSON files under a directory: the local default, no cloud account needed.
 * Writes are atomic (temporary file, fsync, rename, fsync of the directory), so a crash
 * never leaves a half-written model where a reader can find it; the temporary file it may
 * leave is removed by `removeStaleTemporaries` at the next start.
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

  list(tenant: Tenant, page: PageRequest): Promise<ModelPage> {
    return listModels(this.listable(tenant), page);
  }

  count(tenant: Tenant, name?: string): Promise<number> {
    return countModels(this.listable(tenant), name);
  }

  /** The tenant's models as listing sees them: the directory's model files, in id order. */
  private listable(tenant: Tenant): ListableStore {
    const prefix = modelPrefix(tenant);
    return {
      ids: async (after, limit) => {
        let names: string[];
        try {
          names = await readdir(this.pathOf(prefix));
        } catch (error) {
          if (isNotFound(error)) return [];
          throw new ModelStoreUnavailableError(`could not list models: ${describe(error)}`, { cause: error });
        }
        const ids = names
          .map((name) => idFromKey(prefix, `${prefix}${name}`))
          .filter((id): id is string => id !== undefined && (after === undefined || id > after))
          .sort();
        return limit === undefined ? ids : ids.slice(0, limit);
      },
      read: (id) => this.get(tenant, id),
    };
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

  /**
   * Removes the temporary files of writes a crash cut short: in the single-tenant directory and
   * every tenant's, files named as `save` names its temporaries (never a model) whose mtime is
   * older than `olderThanMs`. Younger ones may be writes in flight in another process sharing the
   * directory; and should an older one still be in flight, its rename fails and its caller is told
   * nothing was stored. Never rejects: what could not be read or removed is in `failed`.
   */
  async removeStaleTemporaries(olderThanMs = STALE_TEMPORARY_AGE_MS): Promise<TemporaryCleanup> {
    const cutoff = Date.now() - olderThanMs;
    const removed: string[] = [];
    const failed: { path: string; error: string }[] = [];
    const entriesOf = async (relative: string): Promise<Dirent[]> => {
      try {
        return await readdir(this.pathOf(relative), { withFileTypes: true });
      } catch (error) {
        if (!isNotFound(error)) failed.push({ path: relative, error: describe(error) });
        return [];
      }
    };
    // keys.ts's layout: `models/{id}.json`, and `tenants/{tenant}/models/{id}.json` per tenant.
    const directories = ['models'];
    for (const tenant of await entriesOf('tenants')) {
      if (tenant.isDirectory()) directories.push(`tenants/${tenant.name}/models`);
    }
    for (const directory of directories) {
      for (const entry of await entriesOf(directory)) {
        // Symbolic links and directories are never a temporary file, whatever their name.
        if (!entry.isFile() || !TEMPORARY_NAME.test(entry.name)) continue;
        const relative = `${directory}/${entry.name}`;
        try {
          if ((await lstat(this.pathOf(relative))).mtimeMs >= cutoff) continue;
          await unlink(this.pathOf(relative));
          removed.push(relative);
        } catch (error) {
          // Gone already: renamed into place by its writer, or removed by another process.
          if (!isNotFound(error)) failed.push({ path: relative, error: describe(error) });
        }
      }
    }
    return { removed: removed.sort(), failed };
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
