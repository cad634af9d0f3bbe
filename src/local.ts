import { randomUUID } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { composeApplication, type CompositionOverrides } from './compose.js';
import { loadConfig, type Config } from './config.js';
import type { PublicError } from './service/index.js';
import { handleHttpRequest, logRequest, type HttpApplication } from './application/application.js';
import { withCors } from './http/cors.js';
import { errorResponse, internalErrorResponse, wireFormatOf } from './http/errorResponses.js';
import { BodyReader, type RequestBody } from './http/requestBody.js';
import { headersTimedOut, payloadTooLarge, requestTimedOut, type BodySize } from './http/requestErrors.js';
import type { HttpRequest, HttpResponse } from './http/types.js';

/** A running local server. */
export interface LocalServer {
  readonly url: string;
  readonly app: HttpApplication;
  close(): Promise<void>;
}

/**
 * Starts the local HTTP server: GraphQL at /graphql (Apollo Sandbox on GET), the seed's
 * POST /fit and POST /predict, and GET /healthz, on `config.port` (0 picks a free port).
 */
export async function startLocalServer(config: Config, overrides: CompositionOverrides = {}): Promise<LocalServer> {
  const app = composeApplication(config, overrides);
  await app.apollo.start();
  // The request being read, and the response being answered, on each connection.
  const reads = new WeakMap<Duplex, BodyRead>();
  const responses = new WeakMap<Duplex, ServerResponse>();
  const handler = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    responses.set(incoming.socket, outgoing);
    serve(app, config, reads, incoming, outgoing).catch((error: unknown) => {
      // Never let one request's failure become an unhandled rejection that ends the process.
      app.logger.error('unhandled error while answering a request', { error });
      outgoing.destroy();
    });
  };
  const server = createServer(
    {
      // node:http answers a request that is not whole in time with 'clientError' (see below).
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: config.headersTimeoutMs,
      // How often those timeouts are checked (Node's default, 30 s, would stretch them).
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(config.headersTimeoutMs / 4))),
    },
    handler,
  );
  // A body over the limit is refused before the client sends it, not after.
  server.on('checkContinue', (incoming: IncomingMessage, outgoing: ServerResponse) => {
    if (!declaredTooLarge(incoming, app.maxBodyBytes)) outgoing.writeContinue();
    handler(incoming, outgoing);
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const read = reads.get(socket);
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' && read) read.timedOut();
    // As node:http does: no answer of its own in the middle of one already begun.
    else if (answering(responses.get(socket))) socket.destroy();
    else answerClientError(app, config, error, socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://${urlHost(config.host)}:${port}`, app, close: () => closeServer(server, app) };
}

async function serve(
  app: HttpApplication,
  config: Config,
  reads: WeakMap<Duplex, BodyRead>,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
): Promise<void> {
  const startedAt = performance.now();
  const header = incoming.headers['x-request-id'];
  const requestId = requestIdFrom(Array.isArray(header) ? header[0] : header);
  const read = new BodyRead(incoming, app, requestId);
  reads.set(incoming.socket, read);
  let outcome: ReadOutcome;
  try {
    outcome = await read.result;
  } catch (error) {
    // The client went away before its body arrived (a reset, an aborted upload): no one is
    // left to answer, and nothing was done for it.
    if (incoming.destroyed || incoming.errored) {
      app.logger.warn('request abandoned by the client before its body arrived', {
        requestId,
        method: incoming.method,
        path: incoming.url,
        error: error instanceof Error ? error.message : String(error),
      });
      outgoing.destroy();
      return;
    }
    app.logger.error('unhandled error while reading a request', { requestId, error });
    const response = internalErrorResponse(
      requestId,
      wireFormatOf(new URL(incoming.url ?? '/', 'http://localhost').pathname),
    );
    outgoing.writeHead(response.status, { ...response.headers, 'x-request-id': requestId });
    outgoing.end(response.body);
    return;
  } finally {
    // A pipelined request on the same connection may already be reading.
    if (reads.get(incoming.socket) === read) reads.delete(incoming.socket);
  }
  const { request } = outcome;
  let response: HttpResponse;
  try {
    response = await respond(app, config, outcome);
  } catch (error) {
    app.logger.error('unhandled error', { requestId: request.requestId, error });
    response = internalErrorResponse(request.requestId, wireFormatOf(request.path));
  }
  if (!outgoing.destroyed) {
    // A request not read to its end leaves the connection mid-body: answer, then close it.
    const close = outcome.kind === 'complete' ? {} : { connection: 'close' };
    outgoing.writeHead(response.status, { ...response.headers, ...close, 'x-request-id': request.requestId });
    outgoing.end(request.method === 'HEAD' ? undefined : response.body);
  }
  logRequest(app, request, response, startedAt);
}

async function respond(app: HttpApplication, config: Config, outcome: ReadOutcome): Promise<HttpResponse> {
  const { request } = outcome;
  const refused = (error: PublicError) =>
    withCors(app.cors, request, errorResponse(error, request.requestId, wireFormatOf(request.path)));
  switch (outcome.kind) {
    case 'complete':
      return handleHttpRequest(request, app);
    case 'tooLarge':
      return refused(payloadTooLarge(app.maxBodyBytes, outcome.size));
    case 'timedOut':
      return refused(requestTimedOut(config.requestTimeoutMs, outcome.received, outcome.declared));
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}

/** How reading a request ended: whole, over the limit (not read further), or out of time. */
type ReadOutcome =
  | { readonly kind: 'complete'; readonly request: HttpRequest }
  | { readonly kind: 'tooLarge'; readonly request: HttpRequest; readonly size: BodySize }
  | { readonly kind: 'timedOut'; readonly request: HttpRequest; readonly received: number; readonly declared?: number };

/**
 * Reads one request, parsing a JSON body chunk by chunk as it arrives (so a large body is never
 * held whole). It stops reading as soon as the body is known to be over `maxBodyBytes` (by its
 * Content-Length, before any of it is read, or when the bytes received pass the limit), or when
 * node:http reports that REQUEST_TIMEOUT_MS has passed, and the connection is then closed.
 */
class BodyRead {
  readonly result: Promise<ReadOutcome>;
  private settle: ((outcome: ReadOutcome) => void) | undefined;

  constructor(
    incoming: IncomingMessage,
    { maxBodyBytes, maxColumns }: Pick<HttpApplication, 'maxBodyBytes' | 'maxColumns'>,
    requestId: string,
  ) {
    const url = new URL(incoming.url ?? '/', 'http://localhost');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const method = incoming.method ?? 'GET';
    const declared = declaredLength(incoming);
    let received = 0;
    const requestOf = (body: RequestBody): HttpRequest => ({
      method,
      path: url.pathname,
      query: url.search.slice(1),
      headers,
      body,
      bodyBytes: received,
      requestId,
    });
    this.result = new Promise<ReadOutcome>((resolve, reject) => {
      if (declared !== undefined && declared > maxBodyBytes) {
        resolve({ kind: 'tooLarge', request: requestOf({ kind: 'none' }), size: { bytes: declared, declared: true } });
        return;
      }
      // The declared length sizes buffers; it is within the limit here.
      const reader = new BodyReader(method, url.pathname, headers['content-type'], declared || undefined, maxColumns);
      const stop = (outcome: ReadOutcome) => {
        this.settle = undefined;
        incoming.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
        // Not read further: node:http then closes the connection once the answer is written.
        incoming.pause();
        incoming.on('error', () => undefined);
        resolve(outcome);
      };
      const onData = (chunk: Buffer) => {
        received += chunk.length;
        if (received <= maxBodyBytes) reader.write(chunk);
        else stop({ kind: 'tooLarge', request: requestOf({ kind: 'none' }), size: {} });
      };
      const onEnd = () => stop({ kind: 'complete', request: requestOf(reader.end()) });
      const onError = (error: Error) => {
        this.settle = undefined;
        reject(error);
      };
      const onClose = () => {
        if (!incoming.complete) onError(new Error('the connection closed before the request was complete'));
      };
      this.settle = (outcome) => stop(outcome);
      incoming.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
    });
    this.timedOut = () => {
      const size = declared === undefined ? {} : { declared };
      this.settle?.({ kind: 'timedOut', request: requestOf({ kind: 'none' }), received, ...size });
    };
  }

  /** Called when node:http finds the request still incomplete after REQUEST_TIMEOUT_MS. */
  readonly timedOut: () => void;
}

function answering(response: ServerResponse | undefined): boolean {
  return response !== undefined && response.headersSent && !response.writableFinished;
}

/** The Content-Length of a request, or undefined when it has none (chunked, or no body). */
function declaredLength(incoming: IncomingMessage): number | undefined {
  const header = incoming.headers['content-length'];
  const declared = header === undefined ? Number.NaN : Number(header);
  return Number.isSafeInteger(declared) && declared >= 0 ? declared : undefined;
}

function declaredTooLarge(incoming: IncomingMessage, maxBodyBytes: number): boolean {
  const declared = declaredLength(incoming);
  return declared !== undefined && declared > maxBodyBytes;
}

/**
 * What node:http would answer to a connection it cannot serve (bytes that are not HTTP, headers
 * too large), and, for headers that did not arrive within HEADERS_TIMEOUT_MS, a 408 in the REST
 * error shape. The connection is then closed.
 */
function answerClientError(app: HttpApplication, config: Config, error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const requestId = randomUUID();
  let status = 400;
  let body = '';
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    // No request is known yet, so no route: the REST error shape.
    const response = errorResponse(headersTimedOut(config.headersTimeoutMs), requestId, 'rest');
    status = response.status;
    body = response.body;
    app.logger.info('request', { requestId, status, reason: 'REQUEST_TIMEOUT' });
  } else if (error.code === 'HPE_HEADER_OVERFLOW') status = 431;
  else if (error.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') status = 413;
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, 'Connection: close'];
  if (body) {
    head.push('Content-Type: application/json; charset=utf-8', `Content-Length: ${Buffer.byteLength(body)}`);
    head.push(`X-Request-Id: ${requestId}`);
  }
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
  // Closed once the answer is out, or after a second if the client does not read it.
  const timer = setTimeout(() => socket.destroy(), 1_000).unref();
  socket.once('finish', () => {
    clearTimeout(timer);
    socket.destroy();
  });
}

/** A client's own request id is kept when it is short and plain; otherwise a new one is made. */
function requestIdFrom(header: string | undefined): string {
  return header && /^[\w.:-]{1,128}$/.test(header) ? header : randomUUID();
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

async function closeServer(server: Server, app: HttpApplication): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
  await app.apollo.stop();
  await app.service.close();
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // The worker's bundle and GraphiQL's files sit beside this one (scripts/build.mjs).
  const server = await startLocalServer(config, {
    fitWorkerScript: new URL('./fitWorker.mjs', import.meta.url),
    explorerDirectory: new URL('./web/graphiql/', import.meta.url),
  });
  const where =
    config.store.kind === 'file' ? `models in ${config.store.directory}` : `models in s3://${config.store.bucket}`;
  server.app.logger.info(`listening on ${server.url} (GraphQL at ${server.url}/graphql, ${where})`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void server.close().then(() => process.exit(0));
    });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
