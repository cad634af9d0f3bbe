/**
 * Differential fuzzer, our side: fits the cases scripts/accuracy/differential.py wrote (random
 * data and formulas, with statsmodels' answers) through the public GraphQL API in process and
 * compares every number at the reference tolerance. Prints one line per divergence class with
 * its count and the smallest example; exits 1 if any case diverged.
 *
 *   /usr/bin/python3 scripts/accuracy/differential.py 20261125 3000 /tmp/diff.jsonl
 *   node scripts/run-ts.mjs scripts/accuracy/differential.ts /tmp/diff.jsonl [--verbose]
 */
import { readFileSync } from 'node:fs';
import { composeApplication } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { handleHttpRequest, type HttpApplication } from '../../src/application/application.js';
import { parseRequestBody } from '../../src/http/requestBody.js';
import { InMemoryModelRepository } from '../../src/models/index.js';
import { REFERENCE_FIT, REFERENCE_PREDICT } from '../../test/support/referenceQueries.js';

type Json = any;

const RELATIVE = 1e-9;
const FLOOR = 1e-12;
/** scipy's t quantile, behind statsmodels' interval endpoints, is off by up to 4.1e-9 relative. */
const QUANTILE_ERROR = 5e-9;
/** Beyond this condition number the reference's own digits are not 1e-9: compare structure only. */
const MAX_CONDITION = 1e8;

const FIT = REFERENCE_FIT;
const PREDICT = REFERENCE_PREDICT;

const app: HttpApplication = composeApplication(loadConfig({ LOG_LEVEL: 'SILENT' }), {
  repository: new InMemoryModelRepository(),
});
let requests = 0;

async function graphql(query: string, variables: Json): Promise<{ data: Json; errors?: Json[] }> {
  const bytes = Buffer.from(JSON.stringify({ query, variables }), 'utf8');
  const response = await handleHttpRequest(
    {
      method: 'POST',
      path: '/graphql',
      query: '',
      headers: { 'content-type': 'application/json' },
      body: parseRequestBody('POST', '/graphql', 'application/json', bytes),
      bodyBytes: bytes.length,
      requestId: `differential-${++requests}`,
    },
    app,
  );
  return JSON.parse(response.body);
}

const COMPARISON = /[<>]|==|!=/;

/**
 * Divergences we keep on purpose (docs/formula.md, "Differences from patsy"), recognised so
 * that a run reports only new ones. Returns the reason, or undefined for a real divergence.
 */
function knownReason(kind: string, detail: string, testCase: Json): string | undefined {
  if (kind.startsWith('known:')) return kind.slice('known: '.length);
  const stateful = /center\(|standardize\(|scale\(/.test(testCase.formula);
  if (kind.startsWith('fit: statsmodels raises') && stateful && detail.includes('zero-size array')) {
    return (
      'center/standardize skip missing values of their argument; ' +
      'patsy makes every row NaN and statsmodels fails on 0 rows'
    );
  }
  if (kind.startsWith('fit: we raise') && detail.includes('every value the model uses must be finite')) {
    return 'a transform that is NaN or inf on a used row (np.log(-1)) is an error; patsy drops NaN rows';
  }
  if (kind.startsWith('fit: we raise') && /the limit \(MAX_/.test(detail)) {
    return 'a design beyond a configured size limit (MAX_DESIGN_COLUMNS, …) is refused';
  }
  if (kind.startsWith('fit: we raise') && detail.includes('estimable coefficient')) {
    return 'as many coefficients as rows (df_resid = 0): we refuse, statsmodels fits with NaN/inf statistics';
  }
  if (/(^|: )(robust|HC[23])/.test(kind) && /HC[23]/.test(detail) && testCase.expected?.max_leverage > 1 - 1e-10) {
    return (
      'HC2/HC3 with a row of leverage 1: undefined (e/(1 − h) = 0/0); ' +
      'statsmodels reports rounding noise or inf, we report no standard error'
    );
  }
  if (/(^|: )robust (bse|pvalues|F)/.test(kind) && /HC[23]/.test(detail) && testCase.expected?.max_leverage > 0.99) {
    return (
      'HC2/HC3 with a leverage above 0.99: 1 − h carries an error of ~ε/(1 − h), ' +
      'in statsmodels and in ours (docs/accuracy.md)'
    );
  }
  if (COMPARISON.test(testCase.formula) && (testCase.data as Json[]).some((row) => Object.values(row).includes(null))) {
    return (
      'rows are dropped when a variable is missing; ' +
      'patsy keeps rows where a comparison of a missing value is False/True'
    );
  }
  return undefined;
}

/** A divergence: `kind` groups cases for the report, `detail` is this case's evidence. */
interface Divergence {
  readonly kind: string;
  readonly detail: string;
}

class Comparison {
  readonly found: Divergence[] = [];
  /** Set when the design's condition number exceeds 1e4: statsmodels' own error there is ~κ²·ε. */
  conditionTag = '';
  add(kind: string, detail: string): void {
    this.found.push({ kind: this.conditionTag + kind, detail });
  }
  close(
    kind: string,
    actual: number | null | undefined,
    expected: number | null | undefined,
    scale: number,
    label: string,
    slack = 0,
  ): void {
    if (expected === null || expected === undefined) {
      if (actual !== null && actual !== undefined) this.add(kind, `${label}: ${actual} vs statsmodels NaN/None`);
      return;
    }
    if (typeof actual !== 'number') {
      this.add(kind, `${label}: ${actual} vs ${expected}`);
      return;
    }
    const bound = RELATIVE * Math.abs(expected) + FLOOR * Math.abs(scale) + slack;
    const error = Math.abs(actual - expected);
    if (!(error <= bound))
      this.add(
        kind,
        `${label}: ${actual} vs ${expected} (off ${error.toExponential(2)}, allowed ${bound.toExponential(2)})`,
      );
  }
}

function largest(values: Iterable<number | null>): number {
  let max = 0;
  for (const value of values) if (value !== null && Number.isFinite(value)) max = Math.max(max, Math.abs(value));
  return max;
}

function fitInput(testCase: Json, extra: Json = {}): Json {
  return {
    formula: testCase.formula,
    data: testCase.data,
    ...(testCase.options.weights ? { weights: testCase.options.weights } : {}),
    ...extra,
  };
}

function errorOf(result: { errors?: Json[] }): { code: string; message: string } | undefined {
  const error = result.errors?.[0];
  return error ? { code: error.extensions?.code ?? '?', message: error.message } : undefined;
}

async function compareCase(testCase: Json, c: Comparison): Promise<void> {
  const result = await graphql(FIT, { input: fitInput(testCase) });
  const ours = errorOf(result);
  if (testCase.expected_error) {
    if (!ours)
      c.add(
        'fit: statsmodels raises, we fit',
        `statsmodels: ${testCase.expected_error.statsmodels_message.split('\n')[0]}`,
      );
    else if (ours.code !== 'BAD_USER_INPUT') c.add(`fit: rejected with ${ours.code}`, ours.message);
    return;
  }
  const expected = testCase.expected;
  if (ours) {
    c.add(`fit: we raise (${ours.code}), statsmodels fits`, ours.message.split('\n')[0]!);
    return;
  }
  const model = result.data.fitModel;
  if (JSON.stringify(model.columns) !== JSON.stringify(expected.columns)) {
    c.add(
      'design column names/order',
      `ours ${JSON.stringify(model.columns)}\n      patsy ${JSON.stringify(expected.columns)}`,
    );
    return;
  }
  if (model.nobs !== expected.nobs) c.add('nobs (rows dropped)', `${model.nobs} vs ${expected.nobs}`);
  const p = expected.columns.length;
  const conditioned =
    expected.rank === p &&
    model.rank === p &&
    (expected.condition_number ?? Infinity) <= MAX_CONDITION &&
    (model.conditionNumber ?? Infinity) <= MAX_CONDITION;
  if (!conditioned) {
    // Rank-deficient or ill-conditioned: statsmodels' pinv answer is not ours (docs/accuracy.md).
    if (model.rank !== expected.rank && (expected.condition_number ?? Infinity) < 1e6)
      c.add('rank', `${model.rank} vs ${expected.rank}`);
    return;
  }
  if (expected.ssr <= 1e-20 * Math.max(expected.centered_tss, Number.MIN_VALUE)) {
    // An exact fit: statsmodels' standard errors are rounding noise where ours are 0 (docs/accuracy.md).
    c.add('known: exact fit, statsmodels reports rounding noise', `ssr ${expected.ssr}, ours ${model.ssr}`);
    return;
  }
  if ((expected.condition_number ?? 0) > 1e4) c.conditionTag = 'cond > 1e4: ';
  c.close('df', model.dfModel, expected.df_model, 1, 'df_model');
  c.close('df', model.dfResid, expected.df_resid, 1, 'df_resid');
  if (expected.df_resid <= 0) return;
  const byName = new Map<string, Json>(model.coefficients.map((x: Json) => [x.name, x]));
  const paramScale = largest(Object.values(expected.params));
  const seScale = largest(Object.values(expected.bse));
  const tScale = largest(Object.values(expected.tvalues));
  for (const column of expected.columns as string[]) {
    const coefficient = byName.get(column);
    c.close('params', coefficient.estimate, expected.params[column], paramScale, `${column} estimate`);
    c.close('bse', coefficient.stdError, expected.bse[column], seScale, `${column} se`);
    c.close('tvalues', coefficient.tValue, expected.tvalues[column], tScale, `${column} t`);
    c.close('pvalues', coefficient.pValue, expected.pvalues[column], 1, `${column} p`);
    for (const [key, field] of [
      ['conf_int', 'ci95'],
      ['conf_int_90', 'ci90'],
    ] as const) {
      const [lower, upper] = expected[key][column];
      const half = (upper - lower) / 2;
      const scale = Math.abs(expected.params[column]) + half;
      c.close('conf_int', coefficient[field]?.lower, lower, scale, `${column} ${field} lower`, QUANTILE_ERROR * half);
      c.close('conf_int', coefficient[field]?.upper, upper, scale, `${column} ${field} upper`, QUANTILE_ERROR * half);
    }
  }
  const tss = expected.centered_tss;
  c.close('rsquared', model.rSquared, expected.rsquared, 1, 'R²');
  c.close('rsquared', model.adjRSquared, expected.rsquared_adj, 1, 'adj R²');
  c.close('fvalue', model.fStatistic, expected.fvalue, 1, 'F');
  c.close('fvalue', model.fPValue, expected.f_pvalue, 1, 'p(F)');
  c.close('llf/aic/bic', model.logLikelihood, expected.llf, Math.abs(expected.llf ?? 0), 'llf');
  c.close('llf/aic/bic', model.aic, expected.aic, Math.abs(expected.aic ?? 0), 'aic');
  c.close('llf/aic/bic', model.bic, expected.bic, Math.abs(expected.bic ?? 0), 'bic');
  c.close('sums of squares', model.ssr, expected.ssr, tss, 'ssr');
  c.close('sums of squares', model.ess, expected.ess, tss, 'ess');
  c.close('sums of squares', model.scale, expected.mse_resid, expected.mse_resid, 'scale');
  c.close(
    'condition number',
    model.conditionNumber,
    expected.condition_number,
    1,
    'cond',
    1e-9 * (expected.condition_number ?? 0),
  );
  const d = expected.diagnostics;
  const m = model.diagnostics;
  c.close('diagnostics', m.omnibus, d.omnibus, 1, 'omnibus');
  c.close('diagnostics', m.omnibusPValue, d.omnibus_p, 1, 'omnibus p');
  c.close('diagnostics', m.durbinWatson, d.durbin_watson, 1, 'DW');
  c.close('diagnostics', m.jarqueBera, d.jarque_bera, 1, 'JB');
  c.close('diagnostics', m.jarqueBeraPValue, d.jarque_bera_p, 1, 'JB p');
  c.close('diagnostics', m.skew, d.skew, 1, 'skew');
  c.close('diagnostics', m.kurtosis, d.kurtosis, 1, 'kurtosis');

  for (const cov of ['HC0', 'HC1', 'HC2', 'HC3']) {
    const reference = expected.robust[cov];
    const normal = await graphql(FIT, { input: fitInput(testCase, { covType: cov }) });
    const studentT = await graphql(FIT, { input: fitInput(testCase, { covType: cov, useT: true }) });
    if (reference.error) {
      if (!errorOf(normal)) c.add(`${cov}: statsmodels raises, we fit`, reference.error);
      continue;
    }
    const e1 = errorOf(normal) ?? errorOf(studentT);
    if (e1) {
      c.add(`robust: we raise (${e1.code})`, e1.message);
      continue;
    }
    const z = new Map<string, Json>(normal.data.fitModel.coefficients.map((x: Json) => [x.name, x]));
    const t = new Map<string, Json>(studentT.data.fitModel.coefficients.map((x: Json) => [x.name, x]));
    const robustScale = largest(Object.values(reference.bse));
    for (const column of expected.columns as string[]) {
      const zero = reference.bse[column] !== null && reference.bse[column] < 1e-12 * robustScale;
      if (zero && z.get(column).stdError < 1e-7 * robustScale) {
        c.add(
          'known: a robust standard error that is 0 in exact arithmetic ' +
            'comes out as ~√ε × the scale (docs/accuracy.md)',
          `${cov} ${column}`,
        );
        continue;
      }
      c.close('robust bse', z.get(column).stdError, reference.bse[column], robustScale, `${cov} ${column} se`);
      c.close(
        'robust pvalues',
        z.get(column).pValue,
        reference.pvalues_normal[column],
        1,
        `${cov} ${column} p (normal)`,
      );
      c.close('robust pvalues', t.get(column).pValue, reference.pvalues_t[column], 1, `${cov} ${column} p (t)`);
    }
    if (reference.f_error) continue; // statsmodels' Wald F test itself failed (leverage 1 under HC2/HC3)
    // The Wald F is only as accurate as κ(V)·ε (V: the tested coefficients' covariance),
    // in statsmodels and here; a singular V (κ null) is pseudo-inverted on both sides.
    const fSlack = Math.min(1, (reference.f_condition ?? 1e15) * 1e-15) * Math.abs(reference.fvalue ?? 0);
    c.close('robust F', normal.data.fitModel.fStatistic, reference.fvalue, 1, `${cov} F`, fSlack);
    c.close(
      'robust F',
      normal.data.fitModel.fPValue,
      reference.f_pvalue,
      1,
      `${cov} p(F)`,
      fSlack > 1e-9 * Math.abs(reference.fvalue ?? 0) ? 1e-6 : 0,
    );
  }

  const predictData = expected.predict?.data ?? expected.predict_error?.data;
  const predicted = await graphql(PREDICT, {
    confidence: { modelId: model.id, data: predictData, interval: 'CONFIDENCE' },
    prediction: { modelId: model.id, data: predictData, interval: 'PREDICTION' },
  });
  const predictError = errorOf(predicted);
  if (expected.predict_error) {
    if (!predictError)
      c.add('predict: statsmodels raises, we predict', expected.predict_error.statsmodels_message.split('\n')[0]);
    else if (predictError.code !== 'BAD_USER_INPUT')
      c.add(`predict: rejected with ${predictError.code}`, predictError.message);
    return;
  }
  if (predictError) {
    c.add(`predict: we raise (${predictError.code}), statsmodels predicts`, predictError.message.split('\n')[0]!);
    return;
  }
  const predict = expected.predict;
  const confidence = predicted.data.confidence.rows;
  const prediction = predicted.data.prediction.rows;
  const meanScale = largest(predict.mean);
  const seScaleP = largest(predict.mean_se);
  predict.mean.forEach((mean: number, row: number) => {
    c.close('prediction mean', confidence[row].fit, mean, meanScale, `row ${row} mean`);
    c.close('prediction se', confidence[row].stdErrorMean, predict.mean_se[row], seScaleP, `row ${row} mean se`);
    const pairs: [string, Json, number, number][] = [
      ['mean CI', confidence[row], predict.mean_ci_lower[row], predict.mean_ci_upper[row]],
      ['obs CI', prediction[row], predict.obs_ci_lower[row], predict.obs_ci_upper[row]],
    ];
    for (const [label, ours, lower, upper] of pairs) {
      const half = (upper - lower) / 2;
      const scale = Math.abs(mean) + half;
      c.close(`prediction ${label}`, ours.lower, lower, scale, `row ${row} ${label} lower`, QUANTILE_ERROR * half);
      c.close(`prediction ${label}`, ours.upper, upper, scale, `row ${row} ${label} upper`, QUANTILE_ERROR * half);
    }
  });
}

const file = process.argv[3];
const verbose = process.argv.includes('--verbose');
if (!file) {
  console.error('usage: node scripts/run-ts.mjs scripts/accuracy/differential.ts CASES.jsonl [--verbose]');
  process.exit(2);
}
const lines = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');
await app.apollo.start();
const classes = new Map<string, { count: number; example: Json; detail: string; size: number }>();
const known = new Map<string, number>();
let diverged = 0;
let errorsAgreed = 0;
let structureOnly = 0;
const started = Date.now();
for (const line of lines) {
  const testCase = JSON.parse(line);
  const c = new Comparison();
  try {
    await compareCase(testCase, c);
  } catch (error) {
    c.add('runner crashed', String((error as Error).stack ?? error));
  }
  if (testCase.expected_error && c.found.length === 0) errorsAgreed++;
  if (
    testCase.expected &&
    (testCase.expected.rank < testCase.expected.columns.length ||
      (testCase.expected.condition_number ?? Infinity) > MAX_CONDITION)
  )
    structureOnly++;
  const reasons = c.found.map((divergence) => knownReason(divergence.kind, divergence.detail, testCase));
  const real = c.found.filter((_, i) => reasons[i] === undefined);
  if (real.length === 0 && c.found.length > 0) {
    const reason = reasons[0]!;
    known.set(reason, (known.get(reason) ?? 0) + 1);
  }
  if (real.length > 0) diverged++;
  const seen = new Set<string>();
  for (const divergence of real) {
    if (seen.has(divergence.kind)) continue;
    seen.add(divergence.kind);
    const size = testCase.formula.length * 100 + testCase.data.length;
    const entry = classes.get(divergence.kind);
    if (!entry) classes.set(divergence.kind, { count: 1, example: testCase, detail: divergence.detail, size });
    else {
      entry.count++;
      if (size < entry.size) Object.assign(entry, { example: testCase, detail: divergence.detail, size });
    }
    if (verbose) console.log(`${testCase.name} ${testCase.formula}\n  ${divergence.kind}: ${divergence.detail}`);
  }
}
console.log(
  `${lines.length} cases in ${((Date.now() - started) / 1000).toFixed(0)} s: ` +
    `${lines.length - diverged} agree (or differ only as documented), ${diverged} diverge ` +
    `(${errorsAgreed} rejected by both; ` +
    `${structureOnly} rank-deficient or ill-conditioned, compared by structure only)`,
);
for (const [reason, count] of known) console.log(`known [${count}]: ${reason}`);
for (const [kind, { count, example, detail }] of [...classes].sort((a, b) => b[1].count - a[1].count)) {
  console.log(
    `\n[${count}] ${kind}\n  e.g. ${example.name}: ${example.formula}  ` +
      `(weights: ${example.options.weights ?? 'none'}, ${example.data.length} rows)\n  ${detail}`,
  );
}
await app.apollo.stop();
process.exit(diverged > 0 ? 1 : 0);
