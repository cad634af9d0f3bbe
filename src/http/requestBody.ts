import { DataError, JsonStreamParser, type JsonParseOptions } from '../data/index.js';
import { isRestRoute, ROUTES } from './routes.js';

/** A request body as the routes need it: parsed once, by the transport, as it arrives. */
export type RequestBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'json'; readonly value: unknown }
  /** Not JSON (`MALFORMED_JSON`), or data over a limit checked while parsing (`LIMIT_EXCEEDED`). */
  | { readonly kind: 'malformed'; readonly error: DataError }
  | { readonly kind: 'text'; readonly text: string };

/**
 * The seed's routes read data at `data` (records) and, as extensions, `columns` and `csv` (its
 * text kept as UTF-8 bytes, which the CSV parser reads without a JS string in between).
 */
const REST_CAPTURE: JsonParseOptions = {
  captureRecords: (path) => path.length === 1 && path[0] === 'data',
  captureColumns: (path) => path.length === 2 && path[0] === 'columns',
  captureText: (path) => path.length === 1 && path[0] === 'csv',
  // `/predict` takes one record as `"data": {…}`: its keys are columns too.
  countKeys: (path) => path.length === 1 && path[0] === 'data',
};

/**
 * GraphQL's data arguments arrive in variables. Every array of objects under `variables` can
 * only bind to a `[JSONObject!]!` argument in this schema (it has no other list of objects), so
 * capturing them all is safe; likewise the arrays of a `columns` object.
 */
const GRAPHQL_CAPTURE: JsonParseOptions = {
  captureRecords: (path) => path[0] === 'variables',
  // One value for GraphQL to coerce instead of one per record (RecordsValue).
  recordsAsValue: true,
  captureColumns: (path) => path[0] === 'variables' && path.length >= 3 && path[path.length - 2] === 'columns',
  // `predict` takes one record as `data: {…}` (a list of one).
  countKeys: (path) => path[0] === 'variables' && path[path.length - 1] === 'data',
};

/**
 * How a route's body is read: JSON with the route's captures, plain text, or not at all. The
 * seed's routes read JSON whatever the content type says (the router refuses the types a web
 * page could send cross-site, see csrf.ts); GraphQL reads JSON when it says so, and hands
 * anything else to Apollo as text.
 */
export function jsonOptionsFor(
  method: string,
  path: string,
  contentType: string | undefined,
): JsonParseOptions | 'text' | 'none' {
  const upper = method.toUpperCase();
  if (upper === 'GET' || upper === 'HEAD' || upper === 'OPTIONS') return 'none';
  if (isRestRoute(path)) return REST_CAPTURE;
  if (path === ROUTES.graphql && (contentType ?? '').toLowerCase().startsWith('application/json'))
    return GRAPHQL_CAPTURE;
  return 'text';
}

/** Parses a whole body (API Gateway delivers it in one piece); see `BodyReader` for `maxColumns`. */
export function parseRequestBody(
  method: string,
  path: string,
  contentType: string | undefined,
  bytes: Uint8Array,
  maxColumns?: number,
): RequestBody {
  const reader = new BodyReader(method, path, contentType, bytes.length, maxColumns);
  reader.write(bytes);
  return reader.end();
}

/**
 * Reads a body chunk by chunk as it streams in, so a large JSON body is parsed into typed
 * columns without ever being held whole in memory. `maxColumns` (MAX_COLUMNS) bounds the distinct
 * columns of the data it captures: one more and the body is refused (`malformed`, with the
 * limit's `LIMIT_EXCEEDED` error) and the rest of it is not parsed.
 */
export class BodyReader {
  private readonly parser: JsonStreamParser | undefined;
  private readonly mode: 'json' | 'text' | 'none';
  private readonly chunks: Uint8Array[] = [];
  private error: DataError | undefined;
  private bytes = 0;

  constructor(
    method: string,
    path: string,
    contentType: string | undefined,
    expectedBytes?: number,
    maxColumns?: number,
  ) {
    const options = jsonOptionsFor(method, path, contentType);
    this.mode = typeof options === 'string' ? options : 'json';
    if (typeof options !== 'string') {
      this.parser = new JsonStreamParser({
        ...options,
        ...(expectedBytes ? { expectedBytes } : {}),
        ...(maxColumns === undefined ? {} : { maxColumns }),
      });
    }
  }

  /** Bytes received so far. */
  get size(): number {
    return this.bytes;
  }

  write(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    if (this.mode === 'text') this.chunks.push(chunk);
    else if (this.parser && !this.error) {
      try {
        this.parser.write(chunk);
      } catch (error) {
        this.error = asDataError(error);
      }
    }
  }

  end(): RequestBody {
    if (this.mode === 'text') return { kind: 'text', text: Buffer.concat(this.chunks).toString('utf8') };
    if (this.bytes === 0) return { kind: 'none' };
    if (this.mode === 'none' || !this.parser) return { kind: 'none' };
    if (this.error) return { kind: 'malformed', error: this.error };
    try {
      return { kind: 'json', value: this.parser.end() };
    } catch (error) {
      return { kind: 'malformed', error: asDataError(error) };
    }
  }
}

function asDataError(error: unknown): DataError {
  if (error instanceof DataError) return error;
  throw error;
}
