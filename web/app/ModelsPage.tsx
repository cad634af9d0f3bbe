// The caller's models, newest first, a page at a time; each opens by link (#/models/{id}).
import { useEffect, useState } from 'preact/hooks';
import { listModels, type ModelPage } from './api.js';

export function ModelsPage() {
  // The cursors of the pages before this one, to go back.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<ModelPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const after = cursors[cursors.length - 1] ?? null;
  useEffect(() => {
    listModels(after).then(setPage, (caught: unknown) => setError(String(caught)));
  }, [after]);
  if (error) return <p class="error">{error}</p>;
  if (!page) return <p class="note">Loading…</p>;
  return (
    <section aria-labelledby="models-heading">
      <h2 id="models-heading">Models</h2>
      <table class="models">
        <caption>Models ({page.totalCount} in all), newest first</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Formula</th>
            <th scope="col">Rows</th>
            <th scope="col">Fitted</th>
          </tr>
        </thead>
        <tbody>
          {page.models.map((model) => (
            <tr key={model.id}>
              <td>
                <a href={`#/models/${encodeURIComponent(model.id)}`}>{model.name ?? model.id}</a>
              </td>
              <td>
                <code>{model.formula}</code>
              </td>
              <td>{model.nobs}</td>
              <td>{new Date(model.createdAt).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="button" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous
        </button>{' '}
        <button type="button" disabled={!page.hasNextPage} onClick={() => setCursors([...cursors, page.endCursor])}>
          Next
        </button>
      </p>
    </section>
  );
}
