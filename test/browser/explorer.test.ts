/**
 * The offline explorer: GraphiQL, bundled by scripts/build-web.mjs and served by the local server,
 * answers a browser's GET /graphql when the landing page is on, loads with every request outside
 * the server refused, and runs a query against the server. With EXPLORER=sandbox Apollo's Sandbox
 * answers instead; with the landing page off, a short page.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startLocalServer, type LocalServer } from '../../src/local.js';
import { isolatedPage, launchBrowser } from '../support/browser.js';
import { HttpClient } from '../support/httpClient.js';

const IMAGES = join(import.meta.dirname, '../../docs/images');

let explorerDirectory: URL;
let browser: Browser;
const servers: LocalServer[] = [];

async function serve(env: Record<string, string>): Promise<LocalServer> {
  const models = await mkdtemp(join(tmpdir(), 'explorer-models-'));
  const server = await startLocalServer(loadConfig({ PORT: '0', MODEL_DIR: models, LOG_LEVEL: 'SILENT', ...env }), {
    explorerDirectory,
  });
  servers.push(server);
  return server;
}

beforeAll(async () => {
  const directory = await mkdtemp(join(tmpdir(), 'explorer-build-'));
  // The build script is plain JavaScript, imported by URL with the one function used here typed.
  const script = new URL('../../scripts/build-web.mjs', import.meta.url).href;
  const { buildExplorer } = (await import(script)) as { buildExplorer(directory: string): Promise<void> };
  await buildExplorer(directory);
  explorerDirectory = pathToFileURL(`${directory}/`);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((server) => server.close()));
});

describe('GET /graphql in a browser', () => {
  it('is GraphiQL, working with no network beyond the server', async () => {
    const server = await serve({});
    const { page, refused } = await isolatedPage(browser, server.url);
    await page.goto(`${server.url}/graphql`, { waitUntil: 'networkidle0' });
    const run = await page.waitForSelector('.graphiql-execute-button', { timeout: 20_000 });
    await run!.click();
    await page.waitForFunction("document.querySelector('.graphiql-response')?.textContent.includes('totalCount')", {
      timeout: 20_000,
    });
    const response = await page.$eval('.graphiql-response', (element) => element.textContent ?? '');
    expect(response.replace(/\s+/g, '')).toContain('"totalCount":0');
    await page.screenshot({ path: join(IMAGES, 'graphiql.png') });
    expect(refused).toEqual([]);
    await page.close();
  });

  it('is Apollo Sandbox with EXPLORER=sandbox, and a short page with the landing page off', async () => {
    const sandbox = new HttpClient((await serve({ EXPLORER: 'sandbox' })).url);
    const page = await sandbox.send('GET', '/graphql', undefined, { accept: 'text/html' });
    expect(page.text).toContain('embeddable-sandbox');
    expect((await sandbox.send('GET', '/explorer/graphiql.js')).status).toBe(404);
    const off = new HttpClient((await serve({ LANDING_PAGE: 'false' })).url);
    const short = await off.send('GET', '/graphql', undefined, { accept: 'text/html' });
    expect(short.status).toBe(200);
    expect(short.text).toContain('GraphQL endpoint');
    expect(short.text.toLowerCase()).not.toContain('graphiql');
    expect((await off.send('GET', '/explorer/graphiql.js')).status).toBe(404);
  });

  it('leaves operations sent by GET to GraphQL', async () => {
    const client = new HttpClient((await serve({})).url);
    const reply = await client.send('GET', '/graphql?query=%7B__typename%7D', undefined, {
      accept: 'application/json',
      'apollo-require-preflight': 'true',
    });
    expect(reply.json).toEqual({ data: { __typename: 'Query' } });
  });
});
