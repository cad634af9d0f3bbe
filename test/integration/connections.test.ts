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
  server = await startLocalServer(loadConfig({ PORT: '0', MODEL_DIR: directory, LOG_LEVEL: 'SILENT', MAX_BODY_BYTES: '100000' }));
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
    await Promise.all(Array.from({ length: 20 }, (_, i) => raw(`${HEAD(i % 2 ? '/fit' : '/graphql', 50_000)}{"formula": "y ~`, 'reset', 20)));
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

  it('answers a chunked body over MAX_BODY_BYTES with 413 after reading it to its end', async () => {
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
