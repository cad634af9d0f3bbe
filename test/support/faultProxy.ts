import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy does to one request. */
export type Fault =
  /** Answer with this status and an S3-style XML error, never reaching the server. */
  | { readonly kind: 'status'; readonly status: number; readonly code: string }
  /** Cut the connection before the request reaches the server. */
  | { readonly kind: 'resetBefore' }
  /** Forward the request, then cut the connection instead of answering: the server acted, the client never hears. */
  | { readonly kind: 'resetAfter' }
  /** Accept the request and never answer (the client's timeout ends it). */
  | { readonly kind: 'hang' }
  /** Forward, then send the headers and only half the body before cutting the connection. */
  | { readonly kind: 'truncate' };

/** A rule: which requests it hits, the fault, and how many times (Infinity: until cleared). */
export interface FaultRule {
  readonly method?: string;
  readonly fault: Fault;
  times: number;
}

/**
 * An HTTP proxy on a loopback port in front of a real S3-protocol server, injecting faults
 * into chosen requests: the service under test talks to the proxy as if it were S3.
 */
export class FaultProxy {
  private readonly rules: FaultRule[] = [];
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  /** Requests seen, as `METHOD path`, with the fault applied if any. */
  readonly log: { request: string; fault: Fault['kind'] | 'none' }[] = [];

  constructor(private readonly upstream: URL) {}

  /** Starts listening; resolves with the proxy's endpoint. */
  async start(): Promise<string> {
    this.server = createServer((incoming, outgoing) => this.handle(incoming, outgoing));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Applies `fault` to the next `times` requests with this method (any method if omitted). */
  inject(fault: Fault, times: number, method?: string): void {
    this.rules.push({ fault, times, ...(method ? { method } : {}) });
  }

  /** Removes every rule: requests pass through again. */
  clear(): void {
    this.rules.length = 0;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private take(method: string): Fault | undefined {
    const rule = this.rules.find(
      (candidate) => candidate.times > 0 && (!candidate.method || candidate.method === method),
    );
    if (!rule) return undefined;
    rule.times -= 1;
    return rule.fault;
  }

  private handle(incoming: IncomingMessage, outgoing: ServerResponse): void {
    const fault = this.take(incoming.method ?? 'GET');
    this.log.push({ request: `${incoming.method} ${incoming.url}`, fault: fault?.kind ?? 'none' });
    switch (fault?.kind) {
      case 'status': {
        incoming.resume();
        const body =
          '<?xml version="1.0" encoding="UTF-8"?>' +
          `<Error><Code>${fault.code}</Code><Message>injected</Message></Error>`;
        outgoing.writeHead(fault.status, {
          'content-type': 'application/xml',
          'content-length': Buffer.byteLength(body),
        });
        outgoing.end(body);
        return;
      }
      case 'resetBefore':
        incoming.socket.destroy();
        return;
      case 'hang':
        incoming.resume();
        return;
      default:
        this.pass(incoming, outgoing, fault);
    }
  }

  private pass(incoming: IncomingMessage, outgoing: ServerResponse, fault: Fault | undefined): void {
    const upstreamRequest = forward(
      {
        host: this.upstream.hostname,
        port: this.upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (upstreamResponse) => {
        if (fault?.kind === 'resetAfter') {
          upstreamResponse.resume();
          upstreamResponse.on('end', () => incoming.socket.destroy());
          return;
        }
        if (fault?.kind === 'truncate') {
          const chunks: Buffer[] = [];
          upstreamResponse.on('data', (chunk: Buffer) => chunks.push(chunk));
          upstreamResponse.on('end', () => {
            const body = Buffer.concat(chunks);
            outgoing.writeHead(upstreamResponse.statusCode ?? 200, upstreamResponse.headers);
            outgoing.write(body.subarray(0, Math.floor(body.length / 2)));
            setTimeout(() => incoming.socket.destroy(), 10);
          });
          return;
        }
        outgoing.writeHead(upstreamResponse.statusCode ?? 200, upstreamResponse.headers);
        upstreamResponse.pipe(outgoing);
      },
    );
    upstreamRequest.on('error', () => incoming.socket.destroy());
    incoming.pipe(upstreamRequest);
  }
}
