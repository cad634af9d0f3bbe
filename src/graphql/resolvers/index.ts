import type { Resolvers } from '../__generated__/resolvers-types.js';
import { scalarResolvers } from '../scalars.js';
import { Coefficient, Model, PredictionResult } from './model.js';
import { Mutation } from './mutation.js';
import { ModelConnection, Query } from './query.js';

/** Every resolver of the schema, typed by the generated resolver types. */
export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query,
  Mutation,
  Model,
  Coefficient,
  PredictionResult,
  ModelConnection,
};
