/**
 * The local server under misbehaving connections, over raw sockets: uploads cut off midway,
 * bodies shorter or longer than they claim, bytes that are not HTTP. None may stop the server,
 * and each that can still be answered gets a precise answer.
 */
import { mkdtemp } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startLocalServer, type LocalServer } from '../../src/local.js';
import { HttpClient } from '../support/httpClient.js';
import { SEED_FIT_BODY } from '../support/seed.js';

let server: LocalServer;
let client: HttpClient;
let port: number;

beforeAll(async () => {
  const directory = await mkdtemp(join(tmpdir(), 'connections-'));
  server = await startLocalServer(
    loadConfig({ PORT: '0', MODEL_DIR: directory, LOG_LEVEL: 'SILENT', MAX_BODY_BYTES: '100000' }),
  );
  client = new HttpClient(server.url);
  port = Number(new URL(server.url).port);
});

afterAll(async () => {
  await server?.close();
});

/** Opens a socket, writes `bytes`, then either waits for the server's answer or cuts the connection. */
async function raw(bytes: string | Buffer, then: 'read' | 'reset' | 'end', waitMs = 100): Promise<string> {
  const socket: Socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(bytes);
  if (then === 'reset') {
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    socket.resetAndDestroy();
  } else if (then === 'end') {
    socket.end();
  }
  const timer = setTimeout(() => socket.destroy(), 5_000);
  await closed;
  clearTimeout(timer);
  return Buffer.concat(chunks).toString('utf8');
}

const HEAD = (path: string, length: number | 'chunked') =>
  `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
  (length === 'chunked' ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${length}\r\n`) +
  'Connection: close\r\n\r\n';

describe('local server: misbehaving connections', () => {
  it('keeps serving after a client resets the connection in the middle of its upload', async () => {
    await raw(`${HEAD('/fit', 100_000)}{"formula": "y ~ x", "data": [{"x": 1, "y": 2},`, 'reset');
    await raw(`${HEAD('/graphql', 5_000)}{"query": "mutation { fitModel(input: {formula: `, 'reset');
    expect(await client.healthy()).toBe(true);
    expect((await client.post('/fit', SEED_FIT_BODY)).status).toBe(200);
  });

  it('keeps serving after twenty uploads are abandoned at once', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        raw(`${HEAD(i % 2 ? '/fit' : '/graphql', 50_000)}{"formula": "y ~`, 'reset', 20),
      ),
    );
    expect(await client.healthy()).toBe(true);
  });

  it('keeps serving after a client half-closes before sending the body it declared', async () => {
    const answer = await raw(`${HEAD('/fit', 1_000)}{"formula": "y ~ x"`, 'end');
    // The server cannot answer a body that never came; it must just not fall over.
    expect(answer === '' || answer.startsWith('HTTP/1.1 400')).toBe(true);
    expect(await client.healthy()).toBe(true);
  });

  it('answers bytes that are not HTTP with 400 and keeps serving', async () => {
    const answer = await raw('\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http at all\r\n\r\n', 'read');
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(await client.healthy()).toBe(true);
  });

  it('answers a chunked body over MAX_BODY_BYTES with 413 and keeps serving', async () => {
    const chunk = 'x'.repeat(10_000);
    const chunks = Array.from({ length: 15 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
    const answer = await raw(`${HEAD('/fit', 'chunked')}${chunks}0\r\n\r\n`, 'read');
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer).toContain('MAX_BODY_BYTES');
    expect(await client.healthy()).toBe(true);
  });

  it('answers a body longer than its Content-Length with 400 (the excess is not HTTP) and keeps serving', async () => {
    const body = JSON.stringify(SEED_FIT_BODY);
    const answer = await raw(`${HEAD('/fit', 20)}${body}`, 'read');
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(await client.healthy()).toBe(true);
  });
});

/**
 * Bodies over the limit and slow clients, against a server with a 1 MB limit and timeouts
 * small enough for a test: 1 s to receive the headers, 2 s for the whole request.
 */
describe('local server: bodies over the limit and slow clients', () => {
  const LIMIT = 1_000_000;
  const ORIGIN = 'http://localhost:5173';
  let bounded: LocalServer;
  let boundedPort: number;

  beforeAll(async () => {
    const directory = await mkdtemp(join(tmpdir(), 'slow-clients-'));
    bounded = await startLocalServer(
      loadConfig({
        PORT: '0',
        MODEL_DIR: directory,
        LOG_LEVEL: 'SILENT',
        MAX_BODY_BYTES: String(LIMIT),
        HEADERS_TIMEOUT_MS: '1000',
        REQUEST_TIMEOUT_MS: '2000',
      }),
    );
    boundedPort = Number(new URL(bounded.url).port);
  });

  afterAll(async () => {
    await bounded?.close();
  });

  /** What a client saw of one connection: the bytes it got, how many it managed to send, and how it ended. */
  interface Exchange {
    readonly answer: string;
    readonly sent: number;
    readonly closedByServer: boolean;
    readonly elapsedMs: number;
  }

  /**
   * Sends `head`, then up to `total` body bytes in `chunk`-sized writes (chunked encoding when
   * `chunked`), every `pauseMs`; a `polite` client stops writing once an answer has begun, as curl
   * does. Counts the bytes the socket accepted; ends after `giveUpMs` at the latest.
   */
  async function upload(options: {
    head: string;
    total: number;
    chunk: number;
    chunked?: boolean;
    polite?: boolean;
    pauseMs?: number;
    giveUpMs?: number;
  }): Promise<Exchange> {
    const started = performance.now();
    // A client that is not polite keeps its side open after the server's FIN, and writes on.
    const socket: Socket = connect({ port: boundedPort, host: '127.0.0.1', allowHalfOpen: !options.polite });
    let answer = '';
    let closedByServer = false;
    let failed = false;
    socket.on('data', (data: Buffer) => (answer += data.toString('latin1')));
    socket.on('end', () => (closedByServer = true));
    socket.on('error', () => (failed = true));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(options.head);
    const giveUpAt = started + (options.giveUpMs ?? 15_000);
    let sent = 0;
    const payload = Buffer.alloc(options.chunk, 0x20);
    const size = Buffer.from(`${options.chunk.toString(16)}\r\n`);
    const framed = options.chunked ? Buffer.concat([size, payload, Buffer.from('\r\n')]) : payload;
    while (sent < options.total && !failed && !socket.destroyed && performance.now() < giveUpAt) {
      if (options.polite && (answer !== '' || closedByServer)) break;
      const accepted = await new Promise<boolean>((resolve) => socket.write(framed, (error) => resolve(!error)));
      if (!accepted) break;
      sent += options.chunk;
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 0));
    }
    if (options.chunked && sent >= options.total && !failed && !socket.destroyed) socket.write('0\r\n\r\n');
    // The answer, and the server closing the connection, within a few seconds.
    const timer = setTimeout(() => socket.destroy(), 5_000);
    if (!closedByServer && !failed) await Promise.race([closed, new Promise((resolve) => socket.once('end', resolve))]);
    clearTimeout(timer);
    socket.destroy();
    await closed;
    return { answer, sent, closedByServer: closedByServer || failed, elapsedMs: performance.now() - started };
  }

  const head = (path: string, headers: Record<string, string | number>) =>
    `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nOrigin: ${ORIGIN}\r\n` +
    Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('') +
    '\r\n';

  /** The status, headers and JSON body of a raw HTTP/1.1 answer. */
  function parse(answer: string): { status: number; headers: Record<string, string>; json: any } {
    const split = answer.indexOf('\r\n\r\n');
    const [statusLine = '', ...lines] = answer.slice(0, split).split('\r\n');
    const headers = Object.fromEntries(
      lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    let body = answer.slice(split + 4);
    if (headers['transfer-encoding'] === 'chunked') {
      let decoded = '';
      for (let size = parseInt(body, 16); size > 0; size = parseInt(body, 16)) {
        const start = body.indexOf('\r\n') + 2;
        decoded += body.slice(start, start + size);
        body = body.slice(start + size + 2);
      }
      body = decoded;
    }
    return { status: Number(statusLine.split(' ')[1]), headers, json: body ? JSON.parse(body) : undefined };
  }

  it('answers a 60 MB chunked upload 413 once about the limit has arrived, with CORS headers, and closes', async () => {
    const chunked = { head: head('/fit', { 'Transfer-Encoding': 'chunked' }), total: 60_000_000, chunk: 64 * 1024 };
    const exchange = await upload({ ...chunked, chunked: true, polite: true });
    const { status, headers, json } = parse(exchange.answer);
    expect(status).toBe(413);
    expect(json.error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'LIMIT_EXCEEDED' });
    expect(json.error.message).toBe('the request body is larger than the limit of 1,000,000 bytes (MAX_BODY_BYTES)');
    expect(headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(headers.connection).toBe('close');
    expect(exchange.closedByServer).toBe(true);
    // The client got its answer after sending about the limit, not the 60 MB.
    expect(exchange.sent).toBeGreaterThan(LIMIT);
    expect(exchange.sent).toBeLessThan(LIMIT + 2_000_000);
  });

  it('stops a client that keeps sending after its 413, closing the connection long before 60 MB', async () => {
    const chunked = { head: head('/graphql', { 'Transfer-Encoding': 'chunked' }), total: 60_000_000, chunk: 64 * 1024 };
    const exchange = await upload({ ...chunked, chunked: true });
    const { status, headers, json } = parse(exchange.answer);
    expect(status).toBe(413);
    expect(json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'LIMIT_EXCEEDED' });
    expect(headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(exchange.closedByServer).toBe(true);
    // Its side stays open after the server's FIN: only the server closing the connection stops it.
    expect(exchange.sent).toBeGreaterThan(LIMIT);
    expect(exchange.sent).toBeLessThan(LIMIT + 4_000_000);
  });

  it('answers a Content-Length over the limit 413 before a body byte is sent, with or without Expect', async () => {
    for (const expect100 of [false, true]) {
      const exchange = await upload({
        head: head('/fit', { 'Content-Length': 60_000_000, ...(expect100 ? { Expect: '100-continue' } : {}) }),
        total: 0,
        chunk: 1,
      });
      expect(exchange.sent).toBe(0);
      expect(exchange.answer).not.toContain('100 Continue');
      const { status, headers, json } = parse(exchange.answer);
      expect(status).toBe(413);
      expect(json.error.message).toBe(
        'the request body (60,000,000 bytes, its Content-Length) is larger than the limit of 1,000,000 bytes ' +
          '(MAX_BODY_BYTES)',
      );
      expect(headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(exchange.closedByServer).toBe(true);
    }
  });

  it('still takes a body within the limit that asks for 100-continue', async () => {
    const body = JSON.stringify(SEED_FIT_BODY);
    const socket: Socket = connect(boundedPort, '127.0.0.1');
    let answer = '';
    socket.on('data', (data: Buffer) => (answer += data.toString('latin1')));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const length = Buffer.byteLength(body);
    socket.write(head('/fit', { 'Content-Length': length, Expect: '100-continue', Connection: 'close' }));
    for (let i = 0; i < 100 && !answer.includes('100 Continue'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n/);
    socket.write(body);
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect(answer).toMatch(/\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
    expect(answer).toContain('"modelId"');
  });

  it('cuts off a body trickled at 14 B/s with a 408 once REQUEST_TIMEOUT_MS has passed', async () => {
    const trickle = { head: head('/fit', { 'Content-Length': 10_000 }), total: 10_000, chunk: 1, pauseMs: 70 };
    const exchange = await upload({ ...trickle, giveUpMs: 15_000 });
    const { status, headers, json } = parse(exchange.answer);
    expect(status).toBe(408);
    expect(json.error).toMatchObject({ code: 'BAD_REQUEST', reason: 'REQUEST_TIMEOUT' });
    expect(json.error.message).toMatch(
      /^the request did not all arrive within 2,000 ms \(REQUEST_TIMEOUT_MS\): \d+ of its 10,000 body bytes came$/,
    );
    expect(headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(headers.connection).toBe('close');
    expect(exchange.closedByServer).toBe(true);
    // Generous: the 2 s bound, plus the server's 1 s check interval, plus scheduling.
    expect(exchange.elapsedMs).toBeGreaterThan(1_900);
    expect(exchange.elapsedMs).toBeLessThan(6_000);
    expect(exchange.sent).toBeLessThan(200);
    expect(await new HttpClient(bounded.url).healthy()).toBe(true);
  });

  it('cuts off headers trickled slower than HEADERS_TIMEOUT_MS with a 408', async () => {
    const started = performance.now();
    const socket: Socket = connect(boundedPort, '127.0.0.1');
    let answer = '';
    socket.on('data', (data: Buffer) => (answer += data.toString('latin1')));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const text = `POST /fit HTTP/1.1\r\nHost: localhost\r\n${'X-Padding: 0123456789\r\n'.repeat(40)}\r\n`;
    const giveUpAt = started + 10_000;
    for (let i = 0; i < text.length && !socket.destroyed && answer === '' && performance.now() < giveUpAt; i++) {
      socket.write(text[i]!);
      await new Promise((resolve) => setTimeout(resolve, 70));
    }
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    socket.destroy();
    const elapsed = performance.now() - started;
    const { status, json } = parse(answer);
    expect(status).toBe(408);
    expect(json.error).toMatchObject({ code: 'BAD_REQUEST', reason: 'REQUEST_TIMEOUT' });
    expect(json.error.message).toBe('the request headers did not arrive within 1,000 ms (HEADERS_TIMEOUT_MS)');
    expect(elapsed).toBeGreaterThan(900);
    expect(elapsed).toBeLessThan(5_000);
  });

  it('does not count the time between requests on a kept-alive connection against REQUEST_TIMEOUT_MS', async () => {
    const body = JSON.stringify(SEED_FIT_BODY);
    const socket: Socket = connect(boundedPort, '127.0.0.1');
    let answer = '';
    socket.on('data', (data: Buffer) => (answer += data.toString('latin1')));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // Three requests 1.2 s apart: 2.4 s on one connection, each request well within its 2 s.
    for (let i = 0; i < 3; i++) {
      socket.write(`${head('/fit', { 'Content-Length': Buffer.byteLength(body) })}${body}`);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
    }
    socket.destroy();
    expect(answer.match(/HTTP\/1\.1 200 OK/g)?.length).toBe(3);
  });
});
