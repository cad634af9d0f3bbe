/** GraphQL inputs as the service's requests. */
import { chooseDataInput, type FitRequest, type PredictRequest } from '../service/index.js';
import type { FitModelInput, PredictInput } from './__generated__/resolvers-types.js';
import { toCovarianceType, toIntervalKind, toMissingPolicy } from './enums.js';

export function toFitRequest(input: FitModelInput): FitRequest {
  return {
    formula: input.formula,
    data: chooseDataInput(input),
    name: input.name,
    weights: input.weights,
    covType: input.covType == null ? undefined : toCovarianceType(input.covType),
    useT: input.useT,
    missing: input.missing == null ? undefined : toMissingPolicy(input.missing),
  };
}

export function toPredictRequest(input: PredictInput): PredictRequest {
  return {
    modelId: input.modelId,
    data: chooseDataInput(input),
    interval: input.interval == null ? undefined : toIntervalKind(input.interval),
    level: input.level ?? undefined,
  };
}
