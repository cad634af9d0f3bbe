import type { RequestBody } from './requestBody.js';

/** An HTTP request as both transports see it: lower-case header names, the body parsed once. */
export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  /** The raw query string, without the leading `?`. */
  readonly query: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: RequestBody;
  /** Size of the body as received, in bytes. */
  readonly bodyBytes: number;
  readonly requestId: string;
  /** Claims a JWT authorizer verified before the request reached us (API Gateway), if any. */
  readonly claims?: Readonly<Record<string, unknown>> | undefined;
}

/** An HTTP response before it is written to a socket or returned to API Gateway. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A JSON response. */
export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}
