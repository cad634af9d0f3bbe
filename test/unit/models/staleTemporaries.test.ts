/**
 * The file store's start-up cleanup on a real directory: it removes the temporary files of
 * writes a crash cut short once they are older than the age given (10 minutes by default, by
 * mtime), in the single-tenant directory and every tenant's, and touches nothing else: not a
 * model, not a younger temporary, not a link or directory that only looks like one, not a file
 * outside the model directories. What it cannot read it reports instead of failing.
 */
import { lutimes, mkdir, mkdtemp, readdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSystemModelRepository, STALE_TEMPORARY_AGE_MS } from '../../../src/models/FileSystemModelRepository.js';
import { newModelId } from '../../../src/models/index.js';
import { sampleDocument } from '../../support/documents.js';

const MINUTE = 60_000;

async function fileAged(directory: string, path: string, ageMs: number, content = 'partial'): Promise<void> {
  await mkdir(join(directory, path, '..'), { recursive: true });
  await writeFile(join(directory, path), content);
  const then = new Date(Date.now() - ageMs);
  await utimes(join(directory, path), then, then);
}

async function everyFile(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name).slice(directory.length + 1))
    .sort();
}

const temporaryName = () => `${newModelId()}.json.${'5e'.repeat(6)}.tmp`;

describe('FileSystemModelRepository.removeStaleTemporaries', () => {
  it('removes stale temporaries in every model directory, and only those', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'stale-'));
    const repository = new FileSystemModelRepository(directory);
    const single = sampleDocument();
    const alices = sampleDocument({ tenant: 'alice' });
    await repository.save(single);
    await repository.save(alices);
    const alice = (await readdir(join(directory, 'tenants')))[0]!;

    const directories = ['models', `tenants/${alice}/models`, 'tenants/other/models'];
    const stale = directories.map((models) => `${models}/${temporaryName()}`);
    for (const path of stale) await fileAged(directory, path, STALE_TEMPORARY_AGE_MS + MINUTE);
    const kept = [
      `models/${temporaryName()}`, // 9 minutes old: may be a write in flight elsewhere
      `models/${newModelId()}.json.tmp`, // not the store's name for a temporary
      `models/notes.tmp`,
      `tenants/${alice}/elsewhere/${temporaryName()}`, // not a model directory
      `${temporaryName()}`, // at the top, not in a model directory
    ];
    await fileAged(directory, kept[0]!, STALE_TEMPORARY_AGE_MS - MINUTE);
    for (const path of kept.slice(1)) await fileAged(directory, path, 24 * 60 * MINUTE);
    // A directory and a symbolic link that look like temporaries.
    const lookalikeDirectory = `models/${temporaryName()}`;
    await mkdir(join(directory, lookalikeDirectory));
    await fileAged(directory, `${lookalikeDirectory}/inside`, 24 * 60 * MINUTE);
    const link = `models/${temporaryName()}`;
    await symlink(join(directory, 'models', `${single.id}.json`), join(directory, link));
    const then = new Date(Date.now() - 24 * 60 * MINUTE);
    await lutimes(join(directory, link), then, then);
    // Old models stay, however old.
    await utimes(join(directory, 'models', `${single.id}.json`), then, then);
    const before = await everyFile(directory);

    const cleanup = await repository.removeStaleTemporaries();

    expect(cleanup).toEqual({ removed: [...stale].sort(), failed: [] });
    expect(await everyFile(directory)).toEqual(before.filter((path) => !stale.includes(path)));
    expect(await repository.get(undefined, single.id)).toEqual(single);
    expect(await repository.get('alice', alices.id)).toEqual(alices);
    // Another age: the 9-minute-old one is stale for a 5-minute limit.
    expect(await repository.removeStaleTemporaries(5 * MINUTE)).toEqual({ removed: [kept[0]], failed: [] });
  });

  it('finds nothing to do in a directory that does not exist yet', async () => {
    const directory = join(await mkdtemp(join(tmpdir(), 'stale-')), 'not-yet');
    const cleanup = await new FileSystemModelRepository(directory).removeStaleTemporaries();
    expect(cleanup).toEqual({ removed: [], failed: [] });
  });

  it('reports what it cannot read, and still cleans the rest', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'stale-'));
    // `models` is a file, not a directory: it cannot be listed.
    await writeFile(join(directory, 'models'), 'not a directory');
    const stale = `tenants/dGVuYW50/models/${temporaryName()}`;
    await fileAged(directory, stale, STALE_TEMPORARY_AGE_MS + MINUTE);
    const cleanup = await new FileSystemModelRepository(directory).removeStaleTemporaries();
    expect(cleanup.removed).toEqual([stale]);
    expect(cleanup.failed).toEqual([{ path: 'models', error: expect.stringContaining('ENOTDIR') }]);
  });
});
