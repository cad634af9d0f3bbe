import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { ErrorCode, toPublicError } from '../service/index.js';

/** How errors are presented. */
export interface ErrorFormatOptions {
  /** Drop graphql-js's "Did you mean …?" suggestions, which name parts of the schema. */
  readonly hideSuggestions?: boolean;
}

/**
 * graphql-js's suggestions as its `didYouMean` words them, always after the problem itself:
 * ` Did you mean "a"?`, `… "a" or "b"?`, `… "a", "b", or "c"?`, with a few words before the names
 * for enum values (`the enum value "HC0"`) and fragments (`to use an inline fragment on "T"`).
 * Names cannot hold quotes, so the names matched are exactly the suggested ones.
 */
const SUGGESTION = / ?Did you mean (?:[a-z][a-z ]* )?"[^"]*"(?:(?:,? or |, )"[^"]*")*\?/g;

/**
 * The one place where errors become what a GraphQL client sees. Errors of GraphQL itself
 * (parse, validation, variable coercion) keep Apollo's codes, without their suggestions when
 * `hideSuggestions`; domain errors get their public code and reason; anything else is masked
 * as INTERNAL_SERVER_ERROR.
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: ErrorFormatOptions = {},
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError) {
    const plain = withoutStacktrace(formatted);
    return options.hideSuggestions ? { ...plain, message: plain.message.replace(SUGGESTION, '') } : plain;
  }
  const mapped = toPublicError(original);
  return {
    message: mapped.message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: {
      code: mapped.code,
      reason: mapped.reason,
      ...(mapped.formulaSpan ? { formulaSpan: { ...mapped.formulaSpan } } : {}),
    },
  };
}

/**
 * Whether an error is the server's fault rather than the client's (an internal error, or a model
 * store that failed), and so worth logging with its details: the client only sees them masked.
 */
export function isUnexpected(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError) return false;
  const code = toPublicError(original).code;
  return code === ErrorCode.INTERNAL_SERVER_ERROR || code === ErrorCode.SERVICE_UNAVAILABLE;
}

function withoutStacktrace(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!formatted.extensions || !('stacktrace' in formatted.extensions)) return formatted;
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}
