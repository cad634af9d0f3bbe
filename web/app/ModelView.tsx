// A fitted model: its coefficients (table and forest plot), statistics, summary text, R's four
// diagnostic plots, and a form to predict from it.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, predict, type IntervalKind, type Model, type PredictionRow } from './api.js';
import { diagnosticPanels } from './diagnostics.js';
import { formatNumber, formatPValue } from './format.js';
import { PanelPlot } from './Plot.js';

interface Props {
  readonly model: Model;
  readonly level: number;
  readonly onLevel: (level: number) => void;
  readonly onDelete: () => void;
}

export function ModelView({ model, level, onLevel, onDelete }: Props) {
  const panels = useMemo(
    () => (model.diagnosticPoints ? diagnosticPanels(model.diagnosticPoints, model.rank) : null),
    [model],
  );
  // After the plots' effects have drawn them: what docs/performance.md's render time measures.
  useEffect(() => {
    performance.mark('model-drawn', { detail: { id: model.id, points: model.diagnosticPoints?.length ?? 0 } });
  }, [model]);
  return (
    <article class="model-view">
      <header>
        <h2>
          {model.name ?? 'Model'} <code>{model.formula}</code>
        </h2>
        <p class="note">
          {model.method}, {model.nobs} rows{model.rowsDropped ? ` (${model.rowsDropped} dropped)` : ''}, fitted{' '}
          {new Date(model.createdAt).toLocaleString()}. Id <code>{model.id}</code>.{' '}
          <button
            type="button"
            onClick={() => {
              if (confirm(`Delete model ${model.id}?`)) onDelete();
            }}
          >
            Delete
          </button>
        </p>
        {model.warnings.map((warning) => (
          <p class="warning" key={warning}>
            {warning}
          </p>
        ))}
      </header>
      <section aria-labelledby="results-heading">
        <h2 id="results-heading">Results</h2>
        <label>
          Interval level{' '}
          <select value={String(level)} onChange={(event) => onLevel(Number(event.currentTarget.value))}>
            {[0.9, 0.95, 0.99].map((value) => (
              <option key={value} value={String(value)}>
                {Math.round(value * 100)}%
              </option>
            ))}
          </select>
        </label>
        <CoefficientTable model={model} level={level} />
        <ForestPlot model={model} />
        <StatisticsTable model={model} />
        <details>
          <summary>Summary</summary>
          <pre class="summary">{model.summary}</pre>
        </details>
      </section>
      <section aria-labelledby="diagnostics-heading">
        <h2 id="diagnostics-heading">Diagnostics</h2>
        {panels ? (
          <div class="plots">
            {panels.map((panel) => (
              <PanelPlot key={panel.title} panel={panel} />
            ))}
          </div>
        ) : (
          <p class="note">This model was fitted before diagnostic points were kept: refit it to see the plots.</p>
        )}
      </section>
      <PredictForm model={model} />
    </article>
  );
}

function CoefficientTable({ model, level }: { model: Model; level: number }) {
  const percent = Math.round(level * 1000) / 10;
  const test = model.useT ? 't' : 'z';
  return (
    <table class="numbers">
      <caption>Coefficients</caption>
      <thead>
        <tr>
          <th scope="col">Term</th>
          <th scope="col">Estimate</th>
          <th scope="col">Std. error</th>
          <th scope="col">{test} value</th>
          <th scope="col">p value</th>
          <th scope="col">{percent}% lower</th>
          <th scope="col">{percent}% upper</th>
        </tr>
      </thead>
      <tbody>
        {model.coefficients.map((c) => (
          <tr key={c.name}>
            <th scope="row">{c.name}</th>
            <td>{c.aliased ? 'aliased' : formatNumber(c.estimate)}</td>
            <td>{formatNumber(c.stdError)}</td>
            <td>{formatNumber(c.tValue, 4)}</td>
            <td>{formatPValue(c.pValue)}</td>
            <td>{formatNumber(c.confInt?.lower)}</td>
            <td>{formatNumber(c.confInt?.upper)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function StatisticsTable({ model }: { model: Model }) {
  const rows: [string, string][] = [
    ['Observations', String(model.nobs)],
    ['R²', formatNumber(model.rSquared)],
    ['Adjusted R²', formatNumber(model.adjRSquared)],
    ['Residual standard error', `${formatNumber(model.residualStdError)} on ${model.dfResid} df`],
    ['F statistic', `${formatNumber(model.fStatistic)} on ${model.dfModel} and ${model.dfResid} df`],
    ['p value (F)', formatPValue(model.fPValue)],
    ['Log-likelihood', formatNumber(model.logLikelihood)],
    ['AIC', formatNumber(model.aic)],
    ['BIC', formatNumber(model.bic)],
    ['Covariance', model.covType === 'NONROBUST' ? 'classical' : model.covType],
    ['Condition number', formatNumber(model.conditionNumber, 4)],
  ];
  return (
    <table class="numbers statistics">
      <caption>Model statistics</caption>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Each estimated coefficient with its interval, on one axis with a dashed line at zero (SVG). */
function ForestPlot({ model }: { model: Model }) {
  const rows = model.coefficients.filter((c) => c.estimate !== null);
  const values = rows.flatMap((c) => [c.estimate as number, c.confInt?.lower ?? NaN, c.confInt?.upper ?? NaN, 0]);
  const finite = values.filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const span = hi - lo || 1;
  const [left, width, rowHeight] = [170, 300, 24];
  const x = (v: number) => left + ((v - lo + 0.05 * span) / (1.1 * span)) * width;
  const height = rows.length * rowHeight + 30;
  return (
    <figure class="forest">
      <figcaption>Coefficients</figcaption>
      <svg width={left + width + 20} height={height} role="img" aria-label="Coefficient estimates and intervals">
        <line x1={x(0)} x2={x(0)} y1={0} y2={height - 24} class="zero" />
        {rows.map((c, i) => {
          const y = i * rowHeight + 14;
          return (
            <g key={c.name} class="mark">
              <text x={left - 8} y={y + 4} text-anchor="end">
                {c.name}
              </text>
              {c.confInt && <line x1={x(c.confInt.lower)} x2={x(c.confInt.upper)} y1={y} y2={y} class="interval" />}
              <circle cx={x(c.estimate as number)} cy={y} r={4} />
            </g>
          );
        })}
        <text x={x(lo)} y={height - 6} text-anchor="middle">
          {formatNumber(lo, 3)}
        </text>
        <text x={x(hi)} y={height - 6} text-anchor="middle">
          {formatNumber(hi, 3)}
        </text>
      </svg>
    </figure>
  );
}

/** Inputs for each predictor (numbers, or a select of the levels) and the answer with its interval. */
function PredictForm({ model }: { model: Model }) {
  const initial = () =>
    Object.fromEntries(
      model.predictors.map((p) => [p.name, p.kind === 'CATEGORICAL' ? String(p.levels?.[0] ?? '') : '']),
    );
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [interval, setInterval] = useState<IntervalKind>('PREDICTION');
  const [level, setLevel] = useState(0.95);
  const [answer, setAnswer] = useState<PredictionRow | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    const row: Record<string, unknown> = {};
    for (const p of model.predictors) {
      const text = values[p.name] ?? '';
      if (p.kind === 'NUMERIC') row[p.name] = text === '' ? null : Number(text);
      else row[p.name] = p.levels?.find((level) => String(level) === text) ?? text;
    }
    try {
      setAnswer(await predict(model.id, row, interval, level));
    } catch (caught) {
      setAnswer(null);
      setError(caught instanceof ApiError ? caught.message : String(caught));
    }
  };

  return (
    <section aria-labelledby="predict-heading">
      <h2 id="predict-heading">Predict</h2>
      <form class="predict" onSubmit={submit}>
        {model.predictors.map((p) => (
          <label key={p.name}>
            {p.name}{' '}
            {p.kind === 'NUMERIC' ? (
              <input
                type="number"
                step="any"
                required
                value={values[p.name]}
                onInput={(event) => setValues({ ...values, [p.name]: event.currentTarget.value })}
              />
            ) : (
              <select
                value={values[p.name]}
                onChange={(event) => setValues({ ...values, [p.name]: event.currentTarget.value })}
              >
                {(p.levels ?? []).map((level) => (
                  <option key={String(level)} value={String(level)}>
                    {String(level)}
                  </option>
                ))}
              </select>
            )}
          </label>
        ))}
        <label>
          Interval{' '}
          <select value={interval} onChange={(event) => setInterval(event.currentTarget.value as IntervalKind)}>
            <option value="PREDICTION">prediction</option>
            <option value="CONFIDENCE">confidence</option>
            <option value="NONE">none</option>
          </select>
        </label>
        <label>
          Level{' '}
          <input
            type="number"
            min="0.5"
            max="0.999"
            step="any"
            value={level}
            onInput={(event) => setLevel(Number(event.currentTarget.value))}
          />
        </label>
        <button type="submit">Predict</button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {answer && (
        <output class="prediction" aria-label="Prediction">
          Predicted {model.response}: <span class="fit">{formatNumber(answer.fit)}</span>
          {answer.lower !== null && answer.upper !== null && (
            <>
              {' '}
              ({interval.toLowerCase()} interval <span class="lower">{formatNumber(answer.lower)}</span> to{' '}
              <span class="upper">{formatNumber(answer.upper)}</span>)
            </>
          )}
        </output>
      )}
    </section>
  );
}
