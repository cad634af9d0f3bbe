/** A small client for the local server over real sockets, used by the hardening tests. */

/** What a test reads from any answer: the status, headers and the body, parsed when it is JSON. */
export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: any;
}

/** The one error of an answer, the same shape whether REST (`{error}`) or GraphQL (`{errors}`) answered. */
export interface ErrorView {
  readonly code: string | undefined;
  readonly reason: string | undefined;
  readonly message: string;
  readonly requestId: string | undefined;
}

/** Sends requests to one server, with headers (an API key, say) added to every request. */
export class HttpClient {
  constructor(
    readonly baseUrl: string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** A request that takes longer fails the test: the server hung. */
    readonly timeoutMs = 20_000,
  ) {}

  /** The same server, as another caller. */
  as(headers: Readonly<Record<string, string>>): HttpClient {
    return new HttpClient(this.baseUrl, headers, this.timeoutMs);
  }

  /** Sends `body` as it is when a string or bytes, else as JSON; JSON content type unless overridden. */
  async send(
    method: string,
    path: string,
    body?: unknown,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<Reply> {
    const init: RequestInit = {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...this.headers, ...headers },
      signal: AbortSignal.timeout(this.timeoutMs),
    };
    if (body !== undefined)
      init.body = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    const response = await fetch(`${this.baseUrl}${path}`, init);
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  post(path: string, body: unknown, headers?: Readonly<Record<string, string>>): Promise<Reply> {
    return this.send('POST', path, body, headers);
  }

  graphql(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Readonly<Record<string, string>>,
  ): Promise<Reply> {
    return this.post('/graphql', variables === undefined ? { query } : { query, variables }, headers);
  }

  /** Whether GET /healthz answers 200 {"status":"ok"}. */
  async healthy(): Promise<boolean> {
    const reply = await this.send('GET', '/healthz');
    return reply.status === 200 && reply.json?.status === 'ok';
  }

  /** Ids of every model this caller can list (at most 1,000). */
  async modelIds(): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const reply = await this.graphql(
        'query Ids($after: String) { models(first: 100, after: $after) ' +
          '{ edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      const connection = reply.json?.data?.models;
      if (!connection) throw new Error(`listing models failed: ${reply.status} ${reply.text.slice(0, 300)}`);
      ids.push(...connection.edges.map((edge: { node: { id: string } }) => edge.node.id));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    return ids;
  }
}

/** The first error of a REST or GraphQL answer, or undefined when it has none. */
export function errorOf(reply: Reply): ErrorView | undefined {
  const rest = reply.json?.error;
  if (rest && typeof rest === 'object') {
    return { code: rest.code, reason: rest.reason, message: String(rest.message), requestId: rest.requestId };
  }
  const graphql = reply.json?.errors?.[0];
  if (graphql && typeof graphql === 'object') {
    const extensions = graphql.extensions ?? {};
    return {
      code: extensions.code,
      reason: extensions.reason,
      message: String(graphql.message),
      requestId: extensions.requestId,
    };
  }
  return undefined;
}
