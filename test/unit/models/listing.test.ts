/**
 * Listing with a name filter reads at most SCAN_LIMIT documents per page: a page of a rare name
 * among many models may come back short, with hasNextPage and an endCursor to go on from, and
 * paging on finds every match exactly once, in order.
 */
import { describe, expect, it } from 'vitest';
import { InMemoryModelRepository } from '../../../src/models/index.js';
import { SCAN_LIMIT } from '../../../src/models/listing.js';
import { sampleDocument } from '../../support/documents.js';

describe('listing by name over more models than one page reads', () => {
  it('pages on from where it stopped and finds every match once', async () => {
    const repository = new InMemoryModelRepository();
    const matches: string[] = [];
    for (let i = 0; i < 2.5 * SCAN_LIMIT; i++) {
      const document = sampleDocument({ name: i % 700 === 699 ? 'rare' : 'common' });
      if (document.name === 'rare') matches.push(document.id);
      await repository.save(document);
    }
    const found: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await repository.list(undefined, { first: 10, name: 'rare', after });
      pages++;
      found.push(...page.models.map((model) => model.id));
      if (!page.hasNextPage) break;
      after = page.endCursor;
      expect(pages).toBeLessThan(10);
    }
    expect(found).toEqual(matches);
    expect(pages).toBe(3);
    expect(await repository.count(undefined, 'rare')).toBe(matches.length);
  });
});
