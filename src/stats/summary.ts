/**
 * A plain-text report in the layout of statsmodels' `RegressionResults.summary()` (0.13.5):
 * the model block, the coefficient table, the residual diagnostics and the notes, with the
 * same labels, number formats and widths (78 columns unless a label or name needs more).
 * Date and time come from the caller: nothing here reads a clock.
 */
import { coefficientInference } from './inference.js';
import type { LinearModel } from './model.js';
import { dOrF, forg, formatFixed, formatGeneral } from './pyFormat.js';

/** What the report needs besides the model. */
export interface SummaryContext {
  /** The response as the formula names it (`y`, `np.log(y)`). */
  readonly dependentVariable: string;
  /** When the model was fitted; printed in UTC as "Wed, 25 Nov 2026" and "13:01:45". */
  readonly timestamp: Date;
  /** Rows dropped for missing values before fitting. */
  readonly droppedRows: number;
  /** Confidence level of the coefficient intervals (default 0.95). */
  readonly level?: number;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const COVARIANCE_NOTES: Readonly<Record<LinearModel['covType'], string>> = {
  nonrobust: 'Standard Errors assume that the covariance matrix of the errors is correctly specified.',
  HC0: 'Standard Errors are heteroscedasticity robust (HC0)',
  HC1: 'Standard Errors are heteroscedasticity robust (HC1)',
  HC2: 'Standard Errors are heteroscedasticity robust (HC2)',
  HC3: 'Standard Errors are heteroscedasticity robust (HC3)',
};

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** Python's str.center (the extra space goes where CPython puts it). */
function center(text: string, width: number): string {
  const margin = width - text.length;
  if (margin <= 0) return text;
  const left = Math.floor(margin / 2) + (margin & width & 1);
  return ' '.repeat(left) + text + ' '.repeat(margin - left);
}

function orNaN(v: number | null): number {
  return v ?? NaN;
}

/** Two label–value columns side by side, as statsmodels' summary_top lays them out. */
function twoColumnBlock(
  left: readonly [string, string][],
  right: readonly [string, string][],
): { lines: string[]; width: number } {
  const rows = Math.max(left.length, right.length);
  const leftLabel = Math.max(17, ...left.map(([l]) => l.length));
  const leftValue = Math.max(20, ...left.map(([, v]) => v.length + 1));
  const rightLabel = Math.max(21, ...right.map(([l]) => l.length + 2));
  const rightValue = Math.max(18, ...right.map(([, v]) => v.length));
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const [ll, lv] = left[i] ?? ['', ''];
    const [rl, rv] = right[i] ?? ['', ''];
    lines.push(
      ll.padEnd(leftLabel) +
        lv.padStart(leftValue) +
        ' ' +
        `  ${rl}`.padEnd(rightLabel) +
        ' ' +
        rv.padStart(rightValue),
    );
  }
  return { lines, width: leftLabel + leftValue + 1 + rightLabel + 1 + rightValue };
}

function modelBlock(model: LinearModel, context: SummaryContext): { lines: string[]; width: number } {
  const t = context.timestamp;
  const date = `${DAYS[t.getUTCDay()]}, ${two(t.getUTCDate())} ${MONTHS[t.getUTCMonth()]} ${t.getUTCFullYear()}`;
  const time = `${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}`;
  const uncentered = model.hasConstant ? '' : ' (uncentered)';
  return twoColumnBlock(
    [
      ['Dep. Variable:', context.dependentVariable],
      ['Model:', model.method],
      ['Method:', 'Least Squares'],
      ['Date:', date],
      ['Time:', time],
      ['No. Observations:', dOrF(model.nobs)],
      ['Df Residuals:', dOrF(model.dfResid)],
      ['Df Model:', dOrF(model.dfModel)],
      ['Covariance Type:', model.covType],
    ],
    [
      [`R-squared${uncentered}:`, formatFixed(model.rSquared, 8, 3)],
      [`Adj. R-squared${uncentered}:`, formatFixed(model.adjRSquared, 8, 3)],
      ['F-statistic:', formatGeneral(orNaN(model.fValue), 8, 4, true)],
      ['Prob (F-statistic):', formatGeneral(orNaN(model.fPValue), 6, 3, true)],
      ['Log-Likelihood:', formatGeneral(model.logLikelihood, 8, 5, true)],
      ['AIC:', formatGeneral(model.aic, 8, 4, true)],
      ['BIC:', formatGeneral(model.bic, 8, 4, true)],
    ],
  );
}

function coefficientTable(model: LinearModel, level: number): { lines: string[]; width: number } {
  const statistic = model.useT ? 't' : 'z';
  // Column labels only: 1 − 0.95 is 0.050000000000000044 in binary; statsmodels, given
  // alpha = 0.05, prints 0.025. Twelve significant digits print the level as written.
  const label = (v: number): string => String(Number(v.toPrecision(12)));
  const tail = (1 - level) / 2;
  const header = ['coef', 'std err', statistic, `P>|${statistic}|`, `[${label(tail)}`, `${label(1 - tail)}]`];
  const rows = coefficientInference(model, level).map((c) =>
    c.aliased
      ? [c.name, 'aliased', '', '', '', '', '']
      : [
          c.name,
          forg(c.estimate as number, 4),
          forg(c.stdError as number, 3),
          forg(orNaN(c.statistic), 3),
          formatFixed(orNaN(c.pValue), 6, 3),
          forg((c.confInt as readonly [number, number])[0], 3),
          forg((c.confInt as readonly [number, number])[1], 3),
        ],
  );
  const widths = [Math.max(10, ...rows.map((r) => (r[0] as string).length)), 10, 10, 10, 10, 11, 11];
  for (const row of [['', ...header], ...rows]) {
    row.forEach((cell, k) => {
      widths[k] = Math.max(widths[k] as number, cell.length);
    });
  }
  const render = (cells: readonly string[]): string =>
    cells.map((cell, k) => (k === 0 ? cell.padEnd(widths[0] as number) : cell.padStart(widths[k] as number))).join(' ');
  const width = widths.reduce((a, b) => a + b, 0) + widths.length - 1;
  return { lines: [render(['', ...header]), '-'.repeat(width), ...rows.map(render)], width };
}

function diagnosticsBlock(model: LinearModel): { lines: string[]; width: number } {
  const d = model.diagnostics;
  return twoColumnBlock(
    [
      ['Omnibus:', formatFixed(orNaN(d.omnibus), 6, 3)],
      ['Prob(Omnibus):', formatFixed(orNaN(d.omnibusPValue), 6, 3)],
      ['Skew:', formatFixed(orNaN(d.skew), 6, 3)],
      ['Kurtosis:', formatFixed(orNaN(d.kurtosis), 6, 3)],
    ],
    [
      ['Durbin-Watson:', formatFixed(orNaN(d.durbinWatson), 8, 3)],
      ['Jarque-Bera (JB):', formatFixed(orNaN(d.jarqueBera), 8, 3)],
      ['Prob(JB):', formatGeneral(orNaN(d.jarqueBeraPValue), 8, 3, true)],
      ['Cond. No.', formatGeneral(orNaN(model.conditionNumber), 8, 3, true)],
    ],
  );
}

function notes(model: LinearModel, context: SummaryContext): string[] {
  const out: string[] = [];
  if (!model.hasConstant) {
    out.push('R² is computed without centering (uncentered) since the model does not contain a constant.');
  }
  out.push(COVARIANCE_NOTES[model.covType]);
  const smallest = model.smallestEigenvalue;
  if (smallest === null || smallest < 1e-10) {
    out.push(
      `The smallest eigenvalue is ${formatGeneral(smallest ?? 0, 6, 3, false)}. This might indicate that there are\n` +
        'strong multicollinearity problems or that the design matrix is singular.',
    );
  } else if ((model.conditionNumber ?? Infinity) > 1000) {
    out.push(
      `The condition number is large, ${formatGeneral(orNaN(model.conditionNumber), 6, 3, false)}. ` +
        'This might indicate that there are\n' +
        'strong multicollinearity or other numerical problems.',
    );
  }
  const aliased = model.coefficients.filter((c) => c.aliased).map((c) => c.name);
  if (aliased.length > 0) {
    out.push(
      `${aliased.join(', ')} ` +
        `${aliased.length === 1 ? 'is a linear combination' : 'are linear combinations'} of earlier columns ` +
        `(aliased) and ${aliased.length === 1 ? 'was' : 'were'} not estimated, ` +
        `as in R's lm; the rank is ${model.rank}.`,
    );
  }
  if (context.droppedRows > 0) {
    out.push(`${context.droppedRows} row${context.droppedRows === 1 ? ' was' : 's were'} dropped for missing values.`);
  }
  return ['Notes:', ...out.map((text, i) => `[${i + 1}] ${text}`)];
}

/** The report. */
export function summaryText(model: LinearModel, context: SummaryContext): string {
  const level = context.level ?? 0.95;
  const top = modelBlock(model, context);
  const table = coefficientTable(model, level);
  const diagnostics = diagnosticsBlock(model);
  return [
    center(`${model.method} Regression Results`, top.width),
    '='.repeat(top.width),
    ...top.lines,
    '='.repeat(table.width),
    ...table.lines,
    // statsmodels closes the coefficient table with the diagnostics table's own rule.
    '='.repeat(diagnostics.width),
    ...diagnostics.lines,
    '='.repeat(diagnostics.width),
    '',
    ...notes(model, context),
  ].join('\n');
}
