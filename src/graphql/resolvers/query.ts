import type { ModelConnectionResolvers, QueryResolvers } from '../__generated__/resolvers-types.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { toPredictRequest } from '../inputs.js';

/** Looking models up, and predicting without a side effect (so that GET can carry it). */
export const Query: QueryResolvers = {
  model: async (_parent, { id }, { service, caller }) => (await service.get(id, caller)) ?? null,

  models: async (_parent, { first, after, orderBy, name }, { service, caller }) => {
    const page = await service.list(
      {
        first: first ?? 20,
        after: after == null ? undefined : decodeCursor(after),
        order: orderBy === 'NEWEST_FIRST' ? 'newest' : 'oldest',
        name: name ?? undefined,
      },
      caller,
    );
    const edges = page.models.map((node) => ({ cursor: encodeCursor(node.id), node }));
    // Where to go on from: the last edge, or where a name filter stopped looking (a short page);
    // nothing when an empty page ends the listing.
    const more = page.endCursor !== undefined && (edges.length > 0 || page.hasNextPage);
    const endCursor = more ? encodeCursor(page.endCursor!) : null;
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor },
      count: () => service.count(caller, name ?? undefined),
    };
  },

  prediction: (_parent, { input }, { service, caller }) => service.predict(toPredictRequest(input), caller),
};

export const ModelConnection: ModelConnectionResolvers = {
  totalCount: (connection) => connection.count(),
};
