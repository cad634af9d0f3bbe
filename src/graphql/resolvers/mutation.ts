import { chooseDataInput } from '../../service/index.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { toCovarianceType, toIntervalKind, toMissingPolicy } from '../enums.js';

/** Fitting, predicting and deleting. */
export const Mutation: MutationResolvers = {
  fitModel: (_parent, { input }, { service, caller }) =>
    service.fit(
      {
        formula: input.formula,
        data: chooseDataInput(input),
        name: input.name,
        weights: input.weights,
        covType: input.covType == null ? undefined : toCovarianceType(input.covType),
        useT: input.useT,
        missing: input.missing == null ? undefined : toMissingPolicy(input.missing),
      },
      caller,
    ),

  predict: (_parent, { input }, { service, caller }) =>
    service.predict(
      {
        modelId: input.modelId,
        data: chooseDataInput(input),
        interval: input.interval == null ? undefined : toIntervalKind(input.interval),
        level: input.level ?? undefined,
      },
      caller,
    ),

  deleteModel: (_parent, { id }, { service, caller }) => service.delete(id, caller),
};
