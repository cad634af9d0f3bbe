// The four panels of R's `plot.lm` from a model's diagnostic points: what each plots, its
// smoother, its reference lines and which rows it labels (the three most extreme, as R's id.n).
import type { DiagnosticPoint } from './api.js';
import { lowess } from './lowess.js';

/** Rows labelled in each panel. */
export const LABELLED = 3;

export interface Panel {
  readonly title: 'Residuals vs fitted' | 'Normal Q-Q' | 'Scale-location' | 'Residuals vs leverage';
  readonly xLabel: string;
  readonly yLabel: string;
  /** Points sorted by x; `rows` their row numbers. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly rows: readonly number[];
  /** R's red smoother (lowess), at the same x; null where R draws none (Q-Q). */
  readonly smooth: Float64Array | null;
  /** A dashed reference line y = intercept + slope·x (the zero line, the Q-Q line), if any. */
  readonly line: { readonly intercept: number; readonly slope: number } | null;
  /** Cook's distance contours (levels), for the leverage panel: y = ±√(level·rank·(1 − h)/h). */
  readonly cookLevels: readonly number[];
  readonly rank: number;
  /** Indexes (into x, y) of the points to label with their row. */
  readonly labelled: readonly number[];
}

/** The four panels; rows without a standardized residual (leverage 1) are left out of the last three, as R does. */
export function diagnosticPanels(points: readonly DiagnosticPoint[], rank: number): Panel[] {
  const standardized = points.filter((p) => p.standardizedResidual !== null);
  const sd = (p: DiagnosticPoint) => p.standardizedResidual as number;
  return [
    panel(
      'Residuals vs fitted',
      'Fitted values',
      'Residuals',
      points,
      (p) => p.fitted,
      (p) => p.residual,
      {
        smooth: true,
        line: { intercept: 0, slope: 0 },
        extremity: (p) => Math.abs(p.residual),
        rank,
      },
    ),
    panel(
      'Normal Q-Q',
      'Theoretical quantiles',
      'Standardized residuals',
      standardized.filter((p) => p.normalQuantile !== null),
      (p) => p.normalQuantile as number,
      sd,
      { smooth: false, line: null, qqLine: true, extremity: (p) => Math.abs(sd(p)), rank },
    ),
    panel(
      'Scale-location',
      'Fitted values',
      '√|Standardized residuals|',
      standardized,
      (p) => p.fitted,
      (p) => {
        return Math.sqrt(Math.abs(sd(p)));
      },
      { smooth: true, line: null, extremity: (p) => Math.abs(sd(p)), rank },
    ),
    panel('Residuals vs leverage', 'Leverage', 'Standardized residuals', standardized, (p) => p.leverage, sd, {
      smooth: true,
      line: { intercept: 0, slope: 0 },
      cookLevels: [0.5, 1],
      extremity: (p) => p.cooksDistance ?? 0,
      rank,
    }),
  ];
}

interface PanelOptions {
  smooth: boolean;
  line: { intercept: number; slope: number } | null;
  qqLine?: boolean;
  cookLevels?: number[];
  extremity: (p: DiagnosticPoint) => number;
  rank: number;
}

function panel(
  title: Panel['title'],
  xLabel: string,
  yLabel: string,
  points: readonly DiagnosticPoint[],
  xOf: (p: DiagnosticPoint) => number,
  yOf: (p: DiagnosticPoint) => number,
  options: PanelOptions,
): Panel {
  const order = points.map((_, i) => i).sort((a, b) => xOf(points[a]!) - xOf(points[b]!) || a - b);
  const sorted = order.map((i) => points[i]!);
  const x = Float64Array.from(sorted, xOf);
  const y = Float64Array.from(sorted, yOf);
  const labelled = sorted
    .map((p, i) => ({ i, e: options.extremity(p) }))
    .sort((a, b) => b.e - a.e || a.i - b.i)
    .slice(0, LABELLED)
    .map(({ i }) => i);
  return {
    title,
    xLabel,
    yLabel,
    x,
    y,
    rows: sorted.map((p) => p.row),
    smooth: options.smooth ? lowess(x, y) : null,
    line: options.qqLine ? qqLine(y) : options.line,
    cookLevels: options.cookLevels ?? [],
    rank: options.rank,
    labelled,
  };
}

/** R's qqline: through the first and third quartiles of the sample and of the normal distribution. */
export function qqLine(values: Float64Array): { intercept: number; slope: number } | null {
  if (values.length < 2) return null;
  const sorted = Float64Array.from(values).sort();
  const [q1, q3] = [quantile7(sorted, 0.25), quantile7(sorted, 0.75)];
  const z = 0.6744897501960817; // qnorm(0.75)
  const slope = (q3 - q1) / (2 * z);
  return { intercept: q1 + z * slope, slope };
}

/** R's default quantile (type 7) of sorted values. */
function quantile7(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}
