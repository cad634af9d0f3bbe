import { describe, expect, it } from 'vitest';
import { InvalidModelIdError, newModelId, type ModelRepository } from '../../src/models/index.js';
import { sampleDocument } from '../support/documents.js';

/**
 * The contract every model store keeps: the same tests run against memory, files and S3.
 * `create` returns a fresh, empty repository.
 */
export function describeModelRepositoryContract(name: string, create: () => Promise<ModelRepository>): void {
  describe(`${name} (ModelRepository contract)`, () => {
    it('returns a saved document unchanged', async () => {
      const repository = await create();
      const document = sampleDocument();
      await repository.save(document);
      expect(await repository.get(undefined, document.id)).toEqual(document);
    });

    it('answers undefined for an id it does not hold', async () => {
      const repository = await create();
      expect(await repository.get(undefined, newModelId())).toBeUndefined();
    });

    it('refuses ids that are not model ids before touching storage', async () => {
      const repository = await create();
      for (const id of [
        '../../etc/passwd',
        'models/x',
        '',
        'a'.repeat(36),
        '%2e%2e%2f',
        '0192F1C4-5B6E-7C3A-9D2E-1F0A2B3C4D5E',
      ]) {
        await expect(repository.get(undefined, id)).rejects.toBeInstanceOf(InvalidModelIdError);
        await expect(repository.delete(undefined, id)).rejects.toBeInstanceOf(InvalidModelIdError);
      }
      await expect(repository.save(sampleDocument({ id: '../escape' }))).rejects.toBeInstanceOf(InvalidModelIdError);
    });

    it('deletes a model once and reports whether it existed', async () => {
      const repository = await create();
      const document = sampleDocument();
      await repository.save(document);
      expect(await repository.delete(undefined, document.id)).toBe(true);
      expect(await repository.get(undefined, document.id)).toBeUndefined();
      expect(await repository.delete(undefined, document.id)).toBe(false);
    });

    it('makes a delete final: reads racing it never bring the model back', async () => {
      const repository = await create();
      for (let round = 0; round < 20; round++) {
        const document = sampleDocument();
        await repository.save(document);
        const reads = Array.from({ length: 8 }, () => repository.get(undefined, document.id));
        const deletion = repository.delete(undefined, document.id);
        reads.push(...Array.from({ length: 8 }, () => repository.get(undefined, document.id)));
        expect(await deletion).toBe(true);
        // Started after the delete answered: the model is gone, whatever the reads before it do.
        const later = [repository.get(undefined, document.id), repository.list(undefined, { first: 100 })] as const;
        for (const read of await Promise.all(reads)) if (read !== undefined) expect(read).toEqual(document);
        expect(await later[0]).toBeUndefined();
        expect((await later[1]).models.map((model) => model.id)).not.toContain(document.id);
        expect(await repository.get(undefined, document.id)).toBeUndefined();
      }
    });

    it('lists models in creation order, a page at a time', async () => {
      const repository = await create();
      const documents = [];
      for (let i = 0; i < 5; i++) {
        const document = sampleDocument({ name: `model ${i}` });
        documents.push(document);
        await repository.save(document);
      }
      const first = await repository.list(undefined, { first: 2 });
      expect(first.models.map((model) => model.name)).toEqual(['model 0', 'model 1']);
      expect(first.hasNextPage).toBe(true);
      const second = await repository.list(undefined, { first: 2, after: first.models[1]!.id });
      expect(second.models.map((model) => model.name)).toEqual(['model 2', 'model 3']);
      const last = await repository.list(undefined, { first: 2, after: second.models[1]!.id });
      expect(last.models.map((model) => model.name)).toEqual(['model 4']);
      expect(last.hasNextPage).toBe(false);
      expect(await repository.list(undefined, { first: 10, after: documents[4]!.id })).toEqual({
        models: [],
        hasNextPage: false,
      });
    });

    it('lists newest first, filters by exact name, and counts', async () => {
      const repository = await create();
      const names = ['a', 'b', 'a', 'c', 'a'];
      const documents = [];
      for (const name of names) {
        const document = sampleDocument({ name });
        documents.push(document);
        await repository.save(document);
      }
      const ids = documents.map((document) => document.id);
      const newest = await repository.list(undefined, { first: 3, order: 'newest' });
      expect(newest.models.map((model) => model.id)).toEqual([ids[4], ids[3], ids[2]]);
      expect(newest).toMatchObject({ hasNextPage: true, endCursor: ids[2] });
      const older = await repository.list(undefined, { first: 3, order: 'newest', after: newest.endCursor });
      expect(older.models.map((model) => model.id)).toEqual([ids[1], ids[0]]);
      expect(older.hasNextPage).toBe(false);
      const named = await repository.list(undefined, { first: 2, name: 'a' });
      expect(named.models.map((model) => model.id)).toEqual([ids[0], ids[2]]);
      const rest = await repository.list(undefined, { first: 2, name: 'a', after: named.endCursor });
      expect(rest.models.map((model) => model.id)).toEqual([ids[4]]);
      expect(rest.hasNextPage).toBe(false);
      expect(
        (await repository.list(undefined, { first: 5, name: 'a', order: 'newest' })).models.map((m) => m.id),
      ).toEqual([ids[4], ids[2], ids[0]]);
      expect(await repository.count(undefined)).toBe(5);
      expect(await repository.count(undefined, 'a')).toBe(3);
      expect(await repository.count(undefined, 'zzz')).toBe(0);
      expect(await repository.count('someone else')).toBe(0);
    });

    it('keeps tenants apart: no tenant reads, lists or deletes another tenant’s model', async () => {
      const repository = await create();
      const mine = sampleDocument({ tenant: 'alice' });
      const theirs = sampleDocument({ tenant: 'bob/../alice' });
      const untenanted = sampleDocument();
      await Promise.all([repository.save(mine), repository.save(theirs), repository.save(untenanted)]);
      expect(await repository.get('alice', mine.id)).toEqual(mine);
      expect(await repository.get('alice', theirs.id)).toBeUndefined();
      expect(await repository.get(undefined, mine.id)).toBeUndefined();
      expect(await repository.get('bob/../alice', mine.id)).toBeUndefined();
      expect((await repository.list('alice', { first: 10 })).models.map((model) => model.id)).toEqual([mine.id]);
      expect((await repository.list(undefined, { first: 10 })).models.map((model) => model.id)).toEqual([
        untenanted.id,
      ]);
      expect(await repository.delete('bob/../alice', mine.id)).toBe(false);
      expect(await repository.get('alice', mine.id)).toEqual(mine);
    });
  });
}
