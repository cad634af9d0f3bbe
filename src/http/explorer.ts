/**
 * What a browser sees at GET /graphql. With the landing page on, GraphiQL (web/graphiql, bundled
 * by scripts/build-web.mjs into a directory the local server reads) works with no network beyond
 * this server; without its files (the Lambda bundle leaves them out) or with EXPLORER=sandbox,
 * Apollo Sandbox answers instead, from Apollo's CDN. With the landing page off (production), a
 * short page says what the endpoint is instead of Apollo's CSRF refusal.
 */
import { readFile } from 'node:fs/promises';
import { ROUTES } from './routes.js';
import type { HttpRequest, HttpResponse } from './types.js';

/** GraphiQL's bundled files, read from a directory once each and kept. */
export class ExplorerFiles {
  static readonly NAMES: readonly string[] = [
    'graphiql.js',
    'graphiql.css',
    'editor.worker.js',
    'json.worker.js',
    'graphql.worker.js',
  ];
  private readonly cache = new Map<string, Promise<string>>();

  constructor(private readonly directory: URL) {}

  /** The file's text, or undefined when it is not one of GraphiQL's. */
  read(name: string): Promise<string> | undefined {
    if (!ExplorerFiles.NAMES.includes(name)) return undefined;
    let text = this.cache.get(name);
    if (!text) {
      text = readFile(new URL(name, this.directory), 'utf8');
      // A failed read (files not built) is tried again by the next request.
      text.catch(() => this.cache.delete(name));
      this.cache.set(name, text);
    }
    return text;
  }
}

export const EXPLORER_PREFIX = '/explorer/';

/** Whether a request is a browser's visit to /graphql (a GET asking for HTML, with no operation in it). */
export function isBrowserVisit(request: HttpRequest): boolean {
  if (request.path !== ROUTES.graphql || request.method.toUpperCase() !== 'GET') return false;
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html') && !new URLSearchParams(request.query).has('query');
}

/** The GraphiQL page: its script and styles from /explorer/. */
export function graphiqlPage(): HttpResponse {
  const body = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<title>GraphiQL · serverless-regression</title>',
    `<link rel="stylesheet" href="${EXPLORER_PREFIX}graphiql.css">`,
    '<style>body { margin: 0; } #graphiql { height: 100vh; }</style>',
    '</head>',
    '<body>',
    '<div id="graphiql">Loading GraphiQL…</div>',
    `<script src="${EXPLORER_PREFIX}graphiql.js"></script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return htmlResponse(200, body);
}

/** The page a browser gets at /graphql when the landing page is off. */
export function endpointPage(): HttpResponse {
  const body = [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><title>GraphQL endpoint · serverless-regression</title></head>',
    '<body>',
    '<h1>GraphQL endpoint</h1>',
    '<p>This is the GraphQL API of serverless-regression. Send operations as JSON:',
    '<code>POST /graphql</code> with <code>content-type: application/json</code> and',
    '<code>{"query": "…", "variables": {…}}</code>.</p>',
    '<p>The explorer is off on this deployment. The <a href="/">web page</a> fits and reads models;',
    'the API is described in the repository&rsquo;s <code>README.md</code> and <code>docs/</code>',
    '(and by introspection, where it is on).</p>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return htmlResponse(200, body);
}

/** A GraphiQL file, or undefined when `path` names none. */
export async function explorerFileResponse(files: ExplorerFiles, path: string): Promise<HttpResponse | undefined> {
  if (!path.startsWith(EXPLORER_PREFIX)) return undefined;
  const text = files.read(path.slice(EXPLORER_PREFIX.length));
  if (!text) return undefined;
  const type = path.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
  return {
    status: 200,
    headers: { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' },
    body: await text,
  };
}

function htmlResponse(status: number, body: string): HttpResponse {
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    },
    body,
  };
}
