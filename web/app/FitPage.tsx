// The fit form: the data (a CSV file chosen or dropped, or pasted text) with its preview, the
// formula with the service's error underlined at its offset, and the fit's options.
import { useMemo, useState } from 'preact/hooks';
import { ApiError, fitModel, type CovarianceType, type FormulaSpan, type MissingPolicy, type Model } from './api.js';
import type { PageConfig } from './config.js';
import { previewCsv } from './csv.js';

interface Props {
  readonly config: PageConfig;
  readonly level: number;
  readonly onFitted: (model: Model) => void;
}

/** Bytes of the GraphQL request that would carry `csv` inline, besides the CSV itself. */
const REQUEST_OVERHEAD = 4_096;

export function FitPage({ config, level, onFitted }: Props) {
  const [csv, setCsv] = useState('');
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [formula, setFormula] = useState('');
  const [name, setName] = useState('');
  const [weights, setWeights] = useState('');
  const [covType, setCovType] = useState<CovarianceType>('NONROBUST');
  const [missing, setMissing] = useState<MissingPolicy>('DROP');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const preview = useMemo(() => (csv ? previewCsv(csv) : null), [csv]);
  const tooLarge = csv.length + REQUEST_OVERHEAD > config.maxBodyBytes;

  const readFile = async (file: File) => {
    if (file.size + REQUEST_OVERHEAD > config.maxBodyBytes) {
      // Larger files go through createDatasetUpload and a fit job, which this server does not have yet.
      setCsv('');
      setFileNote(
        `${file.name} is ${megabytes(file.size)}, over this server's request limit of ` +
          `${megabytes(config.maxBodyBytes)}: uploading large datasets is not available here yet.`,
      );
      return;
    }
    setFileNote(`${file.name}, ${megabytes(file.size)}`);
    setCsv(await file.text());
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const input = {
        formula,
        csv,
        covType,
        missing,
        ...(name ? { name } : {}),
        ...(weights ? { weights } : {}),
      };
      onFitted(await fitModel(input, level));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(String(caught), undefined, undefined, undefined));
    } finally {
      setBusy(false);
    }
  };

  const numeric = preview?.columns.filter((column) => column.kind === 'numeric') ?? [];
  return (
    <form class="fit" onSubmit={submit}>
      <section
        class="data"
        aria-labelledby="data-heading"
        onDragOver={(event) => event.preventDefault()}
        onDrop={(event) => {
          event.preventDefault();
          const file = event.dataTransfer?.files[0];
          if (file) void readFile(file);
        }}
      >
        <h2 id="data-heading">Data</h2>
        <p>
          <label>
            CSV file{' '}
            <input
              type="file"
              accept=".csv,text/csv,text/plain"
              onChange={(event) => {
                const file = (event.currentTarget as HTMLInputElement).files?.[0];
                if (file) void readFile(file);
              }}
            />
          </label>{' '}
          or drop one here, or paste CSV text below.
        </p>
        {fileNote && <p class="note">{fileNote}</p>}
        <label class="block">
          CSV text
          <textarea
            rows={6}
            value={csv}
            spellcheck={false}
            onInput={(event) => setCsv((event.currentTarget as HTMLTextAreaElement).value)}
          />
        </label>
        {preview && <Preview preview={preview} />}
      </section>
      <section class="model" aria-labelledby="model-heading">
        <h2 id="model-heading">Model</h2>
        <label class="block" for="formula">
          Formula
        </label>
        <input
          id="formula"
          class="formula"
          value={formula}
          placeholder="y ~ x + C(group)"
          spellcheck={false}
          autocomplete="off"
          aria-invalid={error?.formulaSpan ? 'true' : 'false'}
          aria-describedby={error ? 'fit-error' : undefined}
          onInput={(event) => setFormula((event.currentTarget as HTMLInputElement).value)}
        />
        {error && <FitError error={error} formula={formula} />}
        <div class="options">
          <label>
            Name <input value={name} onInput={(event) => setName((event.currentTarget as HTMLInputElement).value)} />
          </label>
          <label>
            Weights{' '}
            <select value={weights} onChange={(event) => setWeights((event.currentTarget as HTMLSelectElement).value)}>
              <option value="">none (OLS)</option>
              {numeric.map((column) => (
                <option key={column.name} value={column.name}>
                  {column.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Covariance{' '}
            <select
              value={covType}
              onChange={(event) => setCovType((event.currentTarget as HTMLSelectElement).value as CovarianceType)}
            >
              {['NONROBUST', 'HC0', 'HC1', 'HC2', 'HC3'].map((type) => (
                <option key={type} value={type}>
                  {type === 'NONROBUST' ? 'classical' : type}
                </option>
              ))}
            </select>
          </label>
          <label>
            Missing values{' '}
            <select
              value={missing}
              onChange={(event) => setMissing((event.currentTarget as HTMLSelectElement).value as MissingPolicy)}
            >
              <option value="DROP">drop the rows</option>
              <option value="RAISE">refuse the fit</option>
            </select>
          </label>
        </div>
        <button type="submit" disabled={busy || !csv || !formula || tooLarge}>
          Fit
        </button>
        {busy && <span class="note"> fitting…</span>}
      </section>
    </form>
  );
}

/** The error under the formula: the formula again with a caret under the span, and the message. */
function FitError({ error, formula }: { error: ApiError; formula: string }) {
  // The message's first line describes the problem; the service's own excerpt follows it.
  const description = error.message.split('\n')[0];
  const span: FormulaSpan | undefined = error.formulaSpan;
  return (
    <div id="fit-error" class="error" role="alert">
      {span && (
        <pre class="caret" aria-hidden="true">
          {formula}
          {'\n'}
          {' '.repeat(span.start)}
          <span class="marks">{'^'.repeat(Math.max(1, span.end - span.start))}</span>
        </pre>
      )}
      <p class="message">
        {span ? `At column ${span.start + 1}: ` : ''}
        {description}
      </p>
    </div>
  );
}

function Preview({ preview }: { preview: ReturnType<typeof previewCsv> }) {
  return (
    <table class="preview">
      <caption>
        Data preview: the first {preview.rows.length} of {preview.rowCount} rows
      </caption>
      <thead>
        <tr>
          {preview.columns.map((column) => (
            <th key={column.name} scope="col">
              {column.name} <span class="kind">{column.kind}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {preview.rows.map((row, i) => (
          <tr key={i}>
            {preview.columns.map((column, j) => (
              <td key={column.name}>{row[j] ?? ''}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
