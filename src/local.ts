import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { composeApplication, type CompositionOverrides } from './compose.js';
import { loadConfig, type Config } from './config.js';
import { handleHttpRequest, logRequest, payloadTooLarge, type HttpApplication } from './http/router.js';
import { BodyReader } from './http/requestBody.js';
import type { HttpRequest } from './http/types.js';

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
  const server = createServer((incoming, outgoing) => {
    serve(app, incoming, outgoing).catch((error: unknown) => {
      // Never let one request's failure become an unhandled rejection that ends the process.
      app.logger.error('unhandled error while answering a request', { error });
      outgoing.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://${urlHost(config.host)}:${port}`, app, close: () => closeServer(server, app) };
}

async function serve(app: HttpApplication, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  const startedAt = performance.now();
  const header = incoming.headers['x-request-id'];
  const requestId = requestIdFrom(Array.isArray(header) ? header[0] : header);
  let read;
  try {
    read = await readRequest(incoming, app, requestId);
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
    outgoing.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId });
    outgoing.end(JSON.stringify({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'internal server error', requestId } }));
    return;
  }
  const { request, discardedBytes } = read;
  let response;
  try {
    response = discardedBytes > 0 ? payloadTooLarge(request, app.maxBodyBytes, discardedBytes) : await handleHttpRequest(request, app);
  } catch (error) {
    app.logger.error('unhandled error', { requestId: request.requestId, error });
    response = {
      status: 500,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'internal server error', requestId: request.requestId } }),
    };
  }
  if (!outgoing.destroyed) {
    outgoing.writeHead(response.status, { ...response.headers, 'x-request-id': request.requestId });
    outgoing.end(request.method === 'HEAD' ? undefined : response.body);
  }
  logRequest(app, request, response, startedAt);
}

/**
 * Reads a request, parsing a JSON body chunk by chunk as it arrives (so a large body is never
 * held whole). A body over `maxBodyBytes` is read to its end but not parsed or kept, so memory
 * stays bounded and the client still gets its 413 answer.
 */
async function readRequest(
  incoming: IncomingMessage,
  { maxBodyBytes, maxColumns }: Pick<HttpApplication, 'maxBodyBytes' | 'maxColumns'>,
  requestId: string,
): Promise<{ request: HttpRequest; discardedBytes: number }> {
  const url = new URL(incoming.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const method = incoming.method ?? 'GET';
  const declared = Number(headers['content-length']);
  // The declared length sizes buffers; the client chooses it, so it never counts beyond the limit.
  const expected = Number.isFinite(declared) && declared > 0 ? Math.min(declared, maxBodyBytes) : undefined;
  const reader = new BodyReader(method, url.pathname, headers['content-type'], expected, maxColumns);
  let received = 0;
  for await (const chunk of incoming) {
    received += (chunk as Buffer).length;
    if (received <= maxBodyBytes) reader.write(chunk as Buffer);
  }
  const tooLarge = received > maxBodyBytes;
  const request: HttpRequest = {
    method,
    path: url.pathname,
    query: url.search.slice(1),
    headers,
    body: tooLarge ? { kind: 'none' } : reader.end(),
    bodyBytes: received,
    requestId,
  };
  return { request, discardedBytes: tooLarge ? received : 0 };
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
  // The worker's bundle sits beside this one (scripts/build.mjs).
  const server = await startLocalServer(config, { fitWorkerScript: new URL('./fitWorker.mjs', import.meta.url) });
  const where = config.store.kind === 'file' ? `models in ${config.store.directory}` : `models in s3://${config.store.bucket}`;
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
