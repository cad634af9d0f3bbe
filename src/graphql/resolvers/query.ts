import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { decodeCursor, encodeCursor } from '../cursor.js';

/** Looking models up. */
export const Query: QueryResolvers = {
  model: async (_parent, { id }, { service, caller }) => (await service.get(id, caller)) ?? null,

  models: async (_parent, { first, after }, { service, caller }) => {
    const page = await service.list(first ?? 20, after == null ? undefined : decodeCursor(after), caller);
    const edges = page.models.map((node) => ({ cursor: encodeCursor(node.id), node }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  },
};
