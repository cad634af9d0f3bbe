/**
 * GraphQL over the service's neutral HTTP requests: a request as Apollo Server's
 * HTTPGraphQLRequest (its body parsed once, by the transport), Apollo's response as ours.
 */
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import { errorResponse } from '../http/errorResponses.js';
import { refusedBody } from '../http/requestErrors.js';
import type { HttpRequest, HttpResponse } from '../http/types.js';
import type { PublicError } from '../service/index.js';
import type { GraphQLContext } from './context.js';

/**
 * A body refused while it was read, answered 400 before Apollo sees it: not JSON although it says
 * it is (`BAD_REQUEST`, `MALFORMED_JSON`), or data over a limit the reader enforces as it parses
 * (`BAD_USER_INPUT` with the limit's reason, as the service would have answered it).
 */
export class RefusedBodyError extends Error {
  override name = 'RefusedBodyError';
  constructor(
    readonly publicError: PublicError,
    readonly requestId: string,
  ) {
    super(publicError.message);
  }
}

/** Apollo's view of a request: headers in a HeaderMap, the body the transport already parsed. */
export function toApolloRequest(request: HttpRequest): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers.set(name, value);
  return { method: request.method.toUpperCase(), headers, search: request.query, body: apolloBody(request) };
}

function apolloBody(request: HttpRequest): unknown {
  const body = request.body;
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'json':
      return body.value;
    case 'text':
      return body.text;
    case 'malformed':
      throw new RefusedBodyError(refusedBody(body.error), request.requestId);
    default: {
      const unreachable: never = body;
      return unreachable;
    }
  }
}

/** A GraphQL-shaped 400 for a body refused while it was read. */
export function refusedBodyResponse(error: RefusedBodyError): HttpResponse {
  return errorResponse(error.publicError, error.requestId, 'graphql');
}

/** Apollo's response as ours; incremental delivery is not enabled, so bodies are complete. */
export async function fromApolloResponse(response: HTTPGraphQLResponse): Promise<HttpResponse> {
  let body: string;
  if (response.body.kind === 'complete') {
    body = response.body.string;
  } else {
    body = '';
    for await (const chunk of response.body.asyncIterator) body += chunk;
  }
  return { status: response.status ?? 200, headers: Object.fromEntries(response.headers), body };
}

/** Runs one GraphQL request through Apollo Server. */
export async function executeGraphQL(
  apollo: ApolloServer<GraphQLContext>,
  request: HttpRequest,
  context: () => GraphQLContext,
): Promise<HttpResponse> {
  let httpGraphQLRequest: HTTPGraphQLRequest;
  try {
    httpGraphQLRequest = toApolloRequest(request);
  } catch (error) {
    if (error instanceof RefusedBodyError) return refusedBodyResponse(error);
    throw error;
  }
  const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => context() });
  return withRequestIdInErrors(await fromApolloResponse(response), request.requestId);
}

/**
 * Tags with the request id the errors Apollo answers before any plugin sees the request (a body
 * that is not a GraphQL request, batching, CSRF prevention), so that every error a client gets
 * names its request, as those of the request pipeline do.
 */
export function withRequestIdInErrors(response: HttpResponse, requestId: string): HttpResponse {
  if (response.status < 400 || !response.body.includes('"errors"')) return response;
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    return response;
  }
  const errors = (parsed as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return response;
  let changed = false;
  for (const error of errors as { extensions?: Record<string, unknown> }[]) {
    if (typeof error !== 'object' || error === null) continue;
    error.extensions ??= {};
    if (error.extensions.requestId === undefined) {
      error.extensions.requestId = requestId;
      changed = true;
    }
  }
  return changed ? { ...response, body: JSON.stringify(parsed) } : response;
}
