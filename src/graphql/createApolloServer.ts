import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { Logger } from '@aws-lambda-powertools/logger';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import typeDefs from '../../schema/schema.graphql';
import type { GraphQLContext } from './context.js';
import { formatGraphQLError, isUnexpected } from './errors.js';
import { resolvers } from './resolvers/index.js';

/** How the GraphQL server presents itself. */
export interface ApolloServerOptions {
  readonly logger: Logger;
  /** Serve Apollo Sandbox on GET /graphql. */
  readonly landingPage: boolean;
  readonly introspection: boolean;
  /** Bounds on GraphQL documents, enforced during validation by graphql-armor. */
  readonly limits: {
    readonly maxDepth: number;
    readonly maxAliases: number;
    readonly maxCost: number;
    readonly maxTokens: number;
  };
}

/** Directives one document may carry (graphql-armor): a fixed bound, docs/reliability.md quotes it. */
export const MAX_DIRECTIVES = 10;

/** Builds the Apollo Server over the schema and resolvers; a pure factory (no I/O, no env). */
export function createApolloServer(options: ApolloServerOptions): ApolloServer<GraphQLContext> {
  const armor = new ApolloArmor({
    maxDepth: { n: options.limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: options.limits.maxAliases },
    costLimit: { maxCost: options.limits.maxCost, ignoreIntrospection: true },
    // graphql-armor's Apollo token plugin re-parses in parsingDidStart and rethrows from
    // unexpectedErrorProcessingRequest, which turns every syntax error into an HTTP 500
    // (graphql-armor issues #571, #751). graphql-js bounds tokens itself (parseOptions below).
    maxTokens: { enabled: false },
    maxDirectives: { n: MAX_DIRECTIVES },
    // Suggestions ("Did you mean …?") reveal the schema when introspection is off. graphql-armor's
    // plugin misses those of enum values ("Did you mean the enum value …"); formatGraphQLError
    // drops every kind, from validation and from variable coercion alike.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return new ApolloServer<GraphQLContext>({
    typeDefs,
    resolvers,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // A document over the limit fails to parse: GRAPHQL_PARSE_FAILED, HTTP 400.
    parseOptions: { maxTokens: options.limits.maxTokens },
    validationRules: armor.validationRules,
    formatError: (formatted, error) =>
      formatGraphQLError(formatted, error, { hideSuggestions: !options.introspection }),
    plugins: [
      ...armor.plugins,
      options.landingPage
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false })
        : ApolloServerPluginLandingPageDisabled(),
      requestIdPlugin(options.logger),
      // Apollo imports these reporting plugins lazily unless they are disabled explicitly; with
      // them disabled they are never loaded, so the Lambda bundle leaves them out (External in
      // scripts/build.mjs and template.yaml; docs/performance.md).
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
    ],
  });
}

/** Tags every error with the request id, and logs unexpected ones with their details. */
function requestIdPlugin(logger: Logger): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          for (const error of errors) {
            if (isUnexpected(error)) {
              // The original error, not its GraphQLError wrapper (whose JSON has no name, stack or cause).
              logger.error('unexpected error in a GraphQL request', {
                requestId: contextValue.requestId,
                path: error.path?.join('.'),
                error: unwrapResolverError(error),
              });
            }
          }
        },
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((error) => ({
            ...error,
            extensions: { ...error.extensions, requestId: contextValue.requestId },
          }));
        },
      };
    },
  };
}
