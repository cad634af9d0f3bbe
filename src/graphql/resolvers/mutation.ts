import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { toFitRequest, toPredictRequest } from '../inputs.js';

/** Fitting, predicting and deleting. */
export const Mutation: MutationResolvers = {
  fitModel: (_parent, { input }, { service, caller }) => service.fit(toFitRequest(input), caller),

  predict: (_parent, { input }, { service, caller }) => service.predict(toPredictRequest(input), caller),

  deleteModel: async (_parent, { id }, { service, caller }) => ({ id, deleted: await service.delete(id, caller) }),
};
