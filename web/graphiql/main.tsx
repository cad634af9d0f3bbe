// The offline explorer: GraphiQL (the npm package) bundled by scripts/build-web.mjs, served at
// GET /graphql for browsers when the landing page is on. Monaco's editor, JSON and GraphQL
// workers are bundled beside it (MonacoEnvironment below names them); nothing loads from a CDN.
import { GraphiQL } from 'graphiql';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';

declare global {
  // Monaco asks this for its workers.
  var MonacoEnvironment: { getWorker(workerId: string, label: string): Worker } | undefined;
}

const base = new URL(
  '.',
  document.currentScript instanceof HTMLScriptElement ? document.currentScript.src : location.href,
);
globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    const name = label === 'json' ? 'json.worker' : label === 'graphql' ? 'graphql.worker' : 'editor.worker';
    return new Worker(new URL(`${name}.js`, base));
  },
};

/** Sends an operation to this server's /graphql as JSON (CSRF prevention passes JSON POSTs). */
async function fetcher(params: unknown, options?: { headers?: Record<string, string> }): Promise<unknown> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options?.headers },
    body: JSON.stringify(params),
  });
  return response.json();
}

/** A first query that runs as it is: the caller's models. */
const DEFAULT_QUERY = `# This server's GraphQL API: run this with the ▶ button (or Ctrl-Enter).
{
  models(first: 5, orderBy: NEWEST_FIRST) {
    totalCount
    edges { node { id name formula nobs rSquared } }
  }
}
`;

const root = document.getElementById('graphiql');
if (root) {
  createRoot(root).render(
    <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} defaultEditorToolsVisibility={false} />,
  );
}
