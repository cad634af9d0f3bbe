// The page: fit a model from CSV, read it, check it with R's diagnostic plots, predict from it,
// and list and delete models. Hash routes (#/, #/models, #/models/{id}) so that a reload, or a
// link, opens the same view without any server route but `/`.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { apiKey, deleteModel, fetchModel, setApiKey, type Model } from './api.js';
import { pageConfig } from './config.js';
import { FitPage } from './FitPage.js';
import { ModelsPage } from './ModelsPage.js';
import { ModelView } from './ModelView.js';

type Route = { view: 'fit' } | { view: 'models' } | { view: 'model'; id: string };

function routeOf(hash: string): Route {
  const model = /^#\/models\/(.+)$/.exec(hash);
  if (model) return { view: 'model', id: decodeURIComponent(model[1] as string) };
  if (hash === '#/models') return { view: 'models' };
  return { view: 'fit' };
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.hash));
  useEffect(() => {
    const changed = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}

const config = pageConfig();

function App() {
  const route = useRoute();
  const [level, setLevel] = useState(0.95);
  // The model just fitted, shown without fetching it again.
  const [fitted, setFitted] = useState<Model | null>(null);
  return (
    <>
      <header class="top">
        <h1>Linear regression</h1>
        <nav>
          <a href="#/">New fit</a> <a href="#/models">Models</a> <a href="graphql">GraphQL explorer</a>
        </nav>
        {config.apiKeyRequired && (
          <label>
            API key{' '}
            <input type="password" value={apiKey()} onChange={(event) => setApiKey(event.currentTarget.value)} />
          </label>
        )}
      </header>
      <main>
        {route.view === 'fit' && (
          <FitPage
            config={config}
            level={level}
            onFitted={(model) => {
              setFitted(model);
              location.hash = `#/models/${encodeURIComponent(model.id)}`;
            }}
          />
        )}
        {route.view === 'models' && <ModelsPage />}
        {route.view === 'model' && (
          <ModelRoute
            id={route.id}
            level={level}
            onLevel={setLevel}
            initial={fitted?.id === route.id ? fitted : null}
          />
        )}
      </main>
    </>
  );
}

function ModelRoute(props: { id: string; level: number; onLevel: (level: number) => void; initial: Model | null }) {
  const { id, level, onLevel, initial } = props;
  const [model, setModel] = useState<Model | null | undefined>(initial ?? undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (initial && model === initial && level === 0.95) return;
    fetchModel(id, level).then(setModel, (caught: unknown) => setError(String(caught)));
  }, [id, level]);
  if (error) return <p class="error">{error}</p>;
  if (model === undefined) return <p class="note">Loading…</p>;
  if (model === null) return <p class="error">There is no model {id}.</p>;
  return (
    <ModelView
      model={model}
      level={level}
      onLevel={onLevel}
      onDelete={() => {
        deleteModel(model.id).then(
          () => (location.hash = '#/models'),
          (caught: unknown) => setError(String(caught)),
        );
      }}
    />
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
