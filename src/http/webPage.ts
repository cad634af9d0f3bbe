/**
 * The web page at `/` (web/app, bundled by scripts/build-web.mjs into a generated module, so it
 * ships in the Lambda bundle and the local server alike): index.html, written per request with
 * the few settings the page needs, and its script and style sheet under /assets/, named by a hash
 * of their content and so cacheable for good.
 */
import { PAGE_ASSETS } from './__generated__/pageAssets.js';
import type { HttpResponse } from './types.js';

/** What the page is told about the server it is served by. */
export interface PageSettings {
  /** MAX_BODY_BYTES: the page refuses files it could not send inline. */
  readonly maxBodyBytes: number;
  /** Whether requests need an x-api-key (the page then asks for one). */
  readonly apiKeyRequired: boolean;
}

export const PAGE_PATH = '/';
const ASSET_PREFIX = '/assets/';

const ASSETS: ReadonlyMap<string, (typeof PAGE_ASSETS)[number]> = new Map(
  PAGE_ASSETS.map((asset) => [`${ASSET_PREFIX}${asset.name}`, asset]),
);

/**
 * Scripts and styles from this origin only; inline styles are allowed because uPlot and Preact
 * set element styles. The page's settings are a JSON script, which is data, not code.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

/** Whether `path` is the page or one of its assets. */
export function isPagePath(path: string): boolean {
  return path === PAGE_PATH || ASSETS.has(path);
}

/** The answer to a GET of `path` (one of isPagePath's). */
export function pageResponse(path: string, settings: PageSettings): HttpResponse {
  const asset = ASSETS.get(path);
  if (asset) {
    return {
      status: 200,
      headers: {
        'content-type': asset.type,
        'cache-control': 'public, max-age=31536000, immutable',
        'x-content-type-options': 'nosniff',
      },
      body: asset.body,
    };
  }
  return {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    },
    body: indexHtml(settings),
  };
}

function indexHtml(settings: PageSettings): string {
  const script = PAGE_ASSETS.find((asset) => asset.name.endsWith('.js'));
  const style = PAGE_ASSETS.find((asset) => asset.name.endsWith('.css'));
  // `<` escaped so that no value can close the script element.
  const json = JSON.stringify(settings).replaceAll('<', '\\u003c');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Linear regression · serverless-regression</title>',
    style ? `<link rel="stylesheet" href="assets/${style.name}">` : '',
    script ? `<script type="module" src="assets/${script.name}"></script>` : '',
    '</head>',
    '<body>',
    '<div id="app"></div>',
    `<script type="application/json" id="page-config">${json}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
