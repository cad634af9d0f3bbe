/**
 * Inference from a fitted model, without the data: coefficient tests and intervals at any
 * level, and predictions with confidence or prediction intervals. Like statsmodels, tests
 * and intervals use Student's t with df_resid when `useT` is set (the default for the
 * nonrobust covariance) and the normal distribution otherwise (robust covariances), always
 * with the model's covariance type.
 */
import { normalQuantile, normalTwoSidedP, studentTQuantile, studentTTwoSidedP } from './distributions.js';
import { type DesignRows, forEachBlock } from '../numeric/designRows.js';
import { DoubleDouble, ddAddSloppy, ddDivSloppy, ddMul } from '../numeric/doubleDouble.js';
import type { CovarianceFactor, LinearModel } from './model.js';

/** The double-double register of this module's operations. */
const dd = new DoubleDouble();

/** Inference for one coefficient; nulls for an aliased column. */
export interface CoefficientInference {
  readonly name: string;
  readonly aliased: boolean;
  readonly estimate: number | null;
  readonly stdError: number | null;
  /** t (or z when the model does not use t). */
  readonly statistic: number | null;
  /** Two-sided p-value. */
  readonly pValue: number | null;
  readonly confInt: readonly [number, number] | null;
}

/** Options of a prediction. */
export interface PredictionOptions {
  readonly interval: 'none' | 'confidence' | 'prediction';
  readonly level: number;
  /** WLS weights of the new rows: the observation variance is scale / weight (statsmodels). */
  readonly weights?: Float64Array;
}

/** One predicted row, as statsmodels' summary_frame reports it. */
export interface PredictedRow {
  readonly fit: number;
  /** Standard error of the mean prediction (mean_se). */
  readonly stdErrorMean: number;
  /** mean_ci_lower or obs_ci_lower; null for interval 'none'. */
  readonly lower: number | null;
  readonly upper: number | null;
}

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) {
    throw new RangeError(`level must be strictly between 0 and 1, got ${level}`);
  }
}

/** The two-sided critical value for `level`. */
function criticalValue(model: LinearModel, level: number): number {
  const p = 1 - (1 - level) / 2;
  return model.useT ? studentTQuantile(p, model.dfResid) : normalQuantile(p);
}

/** Coefficient tests and confidence intervals at `level` (default 95%). */
export function coefficientInference(model: LinearModel, level = 0.95): CoefficientInference[] {
  checkLevel(level);
  const q = criticalValue(model, level);
  return model.coefficients.map((c) => {
    if (c.aliased || c.estimate === null || c.stdError === null) {
      return {
        name: c.name,
        aliased: true,
        estimate: null,
        stdError: null,
        statistic: null,
        pValue: null,
        confInt: null,
      };
    }
    // No test where the statistic is not a number: an essentially perfect fit (its residuals are
    // rounding noise), or a standard error of 0 or ∞. Then the p-value is null with it.
    const statistic = model.perfectFit === true ? NaN : c.estimate / c.stdError;
    const pValue = model.useT ? studentTTwoSidedP(statistic, model.dfResid) : normalTwoSidedP(statistic);
    const tested = Number.isFinite(statistic) && Number.isFinite(pValue);
    return {
      name: c.name,
      aliased: false,
      estimate: c.estimate,
      stdError: c.stdError,
      statistic: tested ? statistic : null,
      pValue: tested ? pValue : null,
      confInt: [c.estimate - q * c.stdError, c.estimate + q * c.stdError] as const,
    };
  });
}

/** Rows of new data read at a time. */
const BLOCK = 256;

/**
 * Predictions for `rows` new design rows: `design` has the full design's p columns (aliased
 * columns ignored) or only the `rank` retained ones; it is read one block of rows at a time.
 */
export function predictWithIntervals(
  model: LinearModel,
  design: DesignRows,
  rows: number,
  options: PredictionOptions,
): PredictedRow[] {
  if (!Number.isInteger(rows) || rows < 0) {
    throw new RangeError(`rows must be a non-negative integer, got ${rows}`);
  }
  const p = model.coefficients.length;
  const rank = model.rank;
  let columns: number[];
  if (design.columnCount === p) {
    columns = [];
    model.coefficients.forEach((c, j) => {
      if (!c.aliased) columns.push(j);
    });
  } else if (design.columnCount === rank) {
    columns = Array.from({ length: rank }, (_, k) => k);
  } else {
    throw new RangeError(`the design has ${design.columnCount} columns; expected ${p} (or ${rank})`);
  }
  if (options.interval !== 'none') {
    checkLevel(options.level);
  }
  const weights = options.weights;
  if (weights !== undefined) {
    if (!(weights instanceof Float64Array) || weights.length !== rows) {
      throw new RangeError(`weights must be a Float64Array of ${rows} values`);
    }
  }
  const estimates = model.coefficients.filter((c) => !c.aliased).map((c) => c.estimate as number);
  const q = options.interval === 'none' ? NaN : criticalValue(model, options.level);
  const out: PredictedRow[] = [];
  const hi = new Float64Array(rank);
  const lo = new Float64Array(rank);
  forEachBlock(design, rows, BLOCK, design.mayHaveLowParts, ({ start, count, x, xLo, stride }) => {
    for (let r = 0; r < count; r++) {
      const i = start + r;
      let fit = 0;
      let fitLo = 0;
      for (let k = 0; k < rank; k++) {
        const at = (columns[k] as number) * stride + r;
        hi[k] = x[at] as number;
        lo[k] = xLo === null ? 0 : (xLo[at] as number);
        fit += (hi[k] as number) * (estimates[k] as number);
        fitLo += (lo[k] as number) * (estimates[k] as number);
      }
      fit += fitLo;
      const variance = meanVariance(model, hi, lo);
      const se = Math.sqrt(variance);
      let lower: number | null = null;
      let upper: number | null = null;
      if (options.interval !== 'none') {
        const w = weights === undefined ? 1 : (weights[i] as number);
        const spread = options.interval === 'confidence' ? se : Math.sqrt(variance + model.scale / w);
        lower = fit - q * spread;
        upper = fit + q * spread;
      }
      out.push({ fit, stdErrorMean: se, lower, upper });
    }
  });
  return out;
}

/**
 * xᵀ·Cov·x for one row (hi + lo, retained columns) through the factor: z = R⁻ᵀ·S·x by
 * forward substitution (in double-double when R or x carries low parts), then scale·‖z‖² or
 * zᵀ·M·z.
 */
function meanVariance(model: LinearModel, hi: Float64Array, lo: Float64Array): number {
  const f: CovarianceFactor = model.covarianceFactor;
  const k = model.rank;
  const r = f.r;
  const rLo = f.rLo;
  const zHi = new Float64Array(k);
  const zLo = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    const s = f.columnScale[a] as number;
    let sh = (hi[a] as number) * s;
    let sl = (lo[a] as number) * s;
    for (let b = 0; b < a; b++) {
      ddMul(
        r[b * k + a] as number,
        rLo === null ? 0 : (rLo[b * k + a] as number),
        zHi[b] as number,
        zLo[b] as number,
        dd,
      );
      ddAddSloppy(sh, sl, -dd.hi, -dd.lo, dd);
      sh = dd.hi;
      sl = dd.lo;
    }
    ddDivSloppy(sh, sl, r[a * k + a] as number, rLo === null ? 0 : (rLo[a * k + a] as number), dd);
    zHi[a] = dd.hi;
    zLo[a] = dd.lo;
  }
  if (f.meat === null) {
    let ss = 0;
    for (let a = 0; a < k; a++) ss += (zHi[a] as number) * (zHi[a] as number);
    return model.scale * ss;
  }
  let quad = 0;
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let b = 0; b < k; b++) s += (f.meat[a * k + b] as number) * (zHi[b] as number);
    quad += (zHi[a] as number) * s;
  }
  return Math.max(quad, 0);
}
