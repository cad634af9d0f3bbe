/**
 * Builds design matrices by hand for the reference cases whose formulas are simple enough
 * (numeric columns, products, powers, treatment dummies), from the column names patsy gave
 * them (`expected.columns`). Products and powers are formed in double-double so the tests
 * can pass the low parts (`xLo`) exactly as the formula module does.
 */
import { ddMul, DoubleDouble } from '../../../src/numeric/doubleDouble.js';
import { type DesignRows, denseDesignRows } from '../../../src/numeric/designRows.js';
import type { LeastSquaresProblem } from '../../../src/stats/index.js';
import { readFixture } from './referenceData.js';

export type Row = Readonly<Record<string, unknown>>;

/** A reference case (see test/fixtures/PROVENANCE.md). */
export interface ReferenceCase {
  readonly name: string;
  readonly formula: string;
  readonly options: { readonly weights: string | null };
  readonly data: readonly Row[];
  readonly tolerance?: number;
  readonly r_lm?: { readonly coefficients: Readonly<Record<string, number | null>> };
  readonly expected: ExpectedFit;
}

type PerColumn<T> = Readonly<Record<string, T>>;

/** The `expected` block of a fitted case. */
export interface ExpectedFit {
  readonly columns: readonly string[];
  readonly nobs: number;
  readonly df_model: number;
  readonly df_resid: number;
  readonly rank: number;
  readonly params: PerColumn<number>;
  readonly bse: PerColumn<number>;
  readonly tvalues: PerColumn<number>;
  readonly pvalues: PerColumn<number>;
  readonly conf_int: PerColumn<[number, number]>;
  readonly conf_int_90: PerColumn<[number, number]>;
  readonly rsquared: number;
  readonly rsquared_adj: number;
  readonly fvalue: number | null;
  readonly f_pvalue: number | null;
  readonly llf: number;
  readonly aic: number;
  readonly bic: number;
  readonly ssr: number;
  readonly ess: number;
  readonly centered_tss: number;
  readonly mse_resid: number;
  readonly condition_number: number | null;
  readonly diagnostics: Readonly<Record<string, number | null>>;
  readonly robust: Readonly<Record<'HC0' | 'HC1' | 'HC2' | 'HC3', RobustExpected>>;
  readonly predict: PredictExpected;
}

/** One robust covariance type's reference values. */
export interface RobustExpected {
  readonly bse: PerColumn<number>;
  readonly pvalues_normal: PerColumn<number>;
  readonly pvalues_t: PerColumn<number>;
  readonly fvalue: number | null;
  readonly f_pvalue: number | null;
}

/** statsmodels' get_prediction(...).summary_frame(alpha=0.05). */
export interface PredictExpected {
  readonly data: readonly Row[];
  readonly mean: readonly number[];
  readonly mean_se: readonly number[];
  readonly mean_ci_lower: readonly number[];
  readonly mean_ci_upper: readonly number[];
  readonly obs_ci_lower: readonly number[];
  readonly obs_ci_upper: readonly number[];
}

/** A least-squares problem whose design the test holds as a column-major n × p array (and its low parts). */
export interface DenseProblem extends Omit<LeastSquaresProblem, 'design'> {
  readonly x: Float64Array;
  readonly xLo: Float64Array | null;
}

/** The problem the fit takes: the dense design wrapped as DesignRows. */
export function withDesign({ x, xLo, ...rest }: DenseProblem): LeastSquaresProblem {
  return { ...rest, design: denseDesignRows(x, xLo, rest.rowCount, rest.columnCount) };
}

/** Reads test/fixtures/cases/<name>.json. */
export function readCase(name: string): ReferenceCase {
  return readFixture<ReferenceCase>(`cases/${name}.json`);
}

/** (hi, lo) · (bh, bl) in double-double. */
export function ddProduct(hi: number, lo: number, bh: number, bl: number): [number, number] {
  const product = ddMul(hi, lo, bh, bl, new DoubleDouble());
  return [product.hi, product.lo];
}

/** x^k in double-double. */
export function ddPower(x: number, k: number): [number, number] {
  let value: [number, number] = [1, 0];
  for (let i = 0; i < k; i++) {
    value = ddProduct(value[0], value[1], x, 0);
  }
  return value;
}

function numeric(row: Row, name: string): number {
  const v = row[name];
  if (typeof v === 'boolean') {
    return v ? 1 : 0;
  }
  if (typeof v !== 'number') {
    throw new Error(`column ${name} is not numeric in ${JSON.stringify(row)}`);
  }
  return v;
}

/** The value (double-double) of one design column named as patsy names it, in one row. */
function columnValue(name: string, row: Row): [number, number] {
  if (name === 'Intercept') {
    return [1, 0];
  }
  if (name.includes(':')) {
    return name
      .split(':')
      .map((part) => columnValue(part, row))
      .reduce((acc, v) => ddProduct(acc[0], acc[1], v[0], v[1]));
  }
  const power = /^I\((\w+) \*\* (\d+)\)$/.exec(name);
  if (power !== null) {
    return ddPower(numeric(row, power[1] as string), Number(power[2]));
  }
  // Treatment dummies `g[T.b]` and full-rank dummies `g[b]` (no intercept); Python prints
  // booleans as True/False.
  const dummy = /^(\w+)\[(?:T\.)?(.+)\]$/.exec(name);
  if (dummy !== null) {
    const v = row[dummy[1] as string];
    const text = typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v);
    return [text === dummy[2] ? 1 : 0, 0];
  }
  return [numeric(row, name), 0];
}

/** Column-major design (x, xLo) for `rows` and patsy column names. */
export function buildDesign(
  columns: readonly string[],
  rows: readonly Row[],
): { x: Float64Array; xLo: Float64Array | null } {
  const n = rows.length;
  const x = new Float64Array(n * columns.length);
  const xLo = new Float64Array(n * columns.length);
  let anyLo = false;
  columns.forEach((name, j) => {
    rows.forEach((row, i) => {
      const [hi, lo] = columnValue(name, row);
      x[j * n + i] = hi;
      xLo[j * n + i] = lo;
      anyLo ||= lo !== 0;
    });
  });
  return { x, xLo: anyLo ? xLo : null };
}

/** The design rows (high parts only, as predictions take them) for `rows` and patsy column names. */
export function predictionRows(columns: readonly string[], rows: readonly Row[]): DesignRows {
  return denseDesignRows(buildDesign(columns, rows).x, null, rows.length, columns.length);
}

/** The data variables that design columns named as patsy names them read. */
function variablesOf(columns: readonly string[]): string[] {
  const names = new Set<string>();
  for (const column of columns) {
    for (const part of column.split(':')) {
      const match = /^(?:I\()?(\w+)/.exec(part);
      if (match !== null && part !== 'Intercept') names.add(match[1] as string);
    }
  }
  return [...names];
}

/** Rows with a missing value in any variable the model reads are dropped, as patsy does. */
export function completeRows(rows: readonly Row[], variables: readonly string[]): Row[] {
  return rows.filter((row) => variables.every((v) => row[v] !== null && row[v] !== undefined));
}

/** The least-squares problem of a reference case (response: the formula's left-hand side), design held dense. */
export function caseDenseProblem(c: ReferenceCase): DenseProblem {
  const response = (c.formula.split('~')[0] as string).trim();
  const used = [
    response,
    ...variablesOf(c.expected.columns),
    ...(c.options.weights === null ? [] : [c.options.weights]),
  ];
  const rows = completeRows(c.data, used);
  const { x, xLo } = buildDesign(c.expected.columns, rows);
  const weightColumn = c.options.weights;
  return {
    rowCount: rows.length,
    columnCount: c.expected.columns.length,
    x,
    xLo,
    y: Float64Array.from(rows, (row) => numeric(row, response)),
    yLo: null,
    weights: weightColumn === null ? null : Float64Array.from(rows, (row) => numeric(row, weightColumn)),
    columnNames: c.expected.columns,
  };
}

/** The least-squares problem of a reference case, as the fit takes it. */
export function caseProblem(c: ReferenceCase): LeastSquaresProblem {
  return withDesign(caseDenseProblem(c));
}
