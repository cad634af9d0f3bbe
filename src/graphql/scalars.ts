import { DateTimeISOResolver, JSONObjectResolver, JSONResolver } from 'graphql-scalars';

/** Scalar implementations from graphql-scalars (validated parsing, ISO-8601 output). */
export const scalarResolvers = {
  JSONObject: JSONObjectResolver,
  JSON: JSONResolver,
  DateTime: DateTimeISOResolver,
};
