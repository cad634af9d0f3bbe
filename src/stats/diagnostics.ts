/**
 * Residual diagnostics as statsmodels' `summary()` prints them, computed from central
 * moments of the (whitened) residuals:
 * - skew and kurtosis: scipy.stats.skew / kurtosis(fisher=False), the biased moment ratios;
 * - Jarque–Bera: n/6·(S² + (K − 3)²/4) with a χ²₂ p-value (statsmodels.stats.stattools);
 * - omnibus: D'Agostino–Pearson K² = Z_skew² + Z_kurt² (scipy.stats.normaltest, as
 *   statsmodels' omni_normtest calls it), χ²₂ p-value, null below 8 observations like
 *   statsmodels;
 * - Durbin–Watson: Σ(eₜ − eₜ₋₁)² / Σeₜ².
 */
import { chiSquareSf } from './distributions.js';
import type { ResidualDiagnostics } from './model.js';

/** Sums over the residuals e: n, mean and Σ(e − mean)^k for k = 2, 3, 4, and the DW numerator. */
export interface ResidualMoments {
  readonly count: number;
  readonly mean: number;
  readonly m2: number;
  readonly m3: number;
  readonly m4: number;
  /** Σ (eₜ − eₜ₋₁)². */
  readonly squaredDifferences: number;
  /** Σ eₜ². */
  readonly sumOfSquares: number;
  /** Σ fₜ and Σ fₜ² of the fitted values fₜ = yₜ − rₜ (unweighted): R's perfect-fit check. */
  readonly fittedSum: number;
  readonly fittedSquares: number;
}

/** scipy's skewtest Z statistic for sample skewness b2 (valid for n ≥ 8). */
function skewTestZ(b2: number, n: number): number {
  let y = b2 * Math.sqrt(((n + 1) * (n + 3)) / (6 * (n - 2)));
  const beta2 = (3 * (n * n + 27 * n - 70) * (n + 1) * (n + 3)) / ((n - 2) * (n + 5) * (n + 7) * (n + 9));
  const w2 = -1 + Math.sqrt(2 * (beta2 - 1));
  const delta = 1 / Math.sqrt(0.5 * Math.log(w2));
  const alpha = Math.sqrt(2 / (w2 - 1));
  // scipy replaces y = 0 by 1 here (a quirk we do not copy: Z = 0 is the right limit).
  y = y / alpha;
  return delta * Math.log(y + Math.sqrt(y * y + 1));
}

/** scipy's kurtosistest Z statistic for Pearson kurtosis b2 (n ≥ 5). */
function kurtosisTestZ(b2: number, n: number): number {
  const e = (3 * (n - 1)) / (n + 1);
  const varb2 = (24 * n * (n - 2) * (n - 3)) / ((n + 1) * (n + 1) * (n + 3) * (n + 5));
  const x = (b2 - e) / Math.sqrt(varb2);
  const sqrtbeta1 =
    ((6 * (n * n - 5 * n + 2)) / ((n + 7) * (n + 9))) * Math.sqrt((6 * (n + 3) * (n + 5)) / (n * (n - 2) * (n - 3)));
  const a = 6 + (8 / sqrtbeta1) * (2 / sqrtbeta1 + Math.sqrt(1 + 4 / (sqrtbeta1 * sqrtbeta1)));
  const term1 = 1 - 2 / (9 * a);
  const denom = 1 + x * Math.sqrt(2 / (a - 4));
  if (denom === 0) {
    return NaN;
  }
  const term2 = Math.sign(denom) * Math.cbrt((1 - 2 / a) / Math.abs(denom));
  return (term1 - term2) / Math.sqrt(2 / (9 * a));
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** The diagnostics block from residual moments. */
export function residualDiagnostics(moments: ResidualMoments): ResidualDiagnostics {
  const n = moments.count;
  const m2 = moments.m2 / n;
  const m3 = moments.m3 / n;
  const m4 = moments.m4 / n;
  // scipy returns NaN when the variance is zero to working precision.
  const degenerate = !(m2 > (1e-15 * moments.mean) ** 2);
  const skew = degenerate ? NaN : m3 / m2 ** 1.5;
  const kurtosis = degenerate ? NaN : m4 / (m2 * m2);
  const jarqueBera = (n / 6) * (skew * skew + 0.25 * (kurtosis - 3) ** 2);
  const jarqueBeraPValue = Number.isFinite(jarqueBera) ? chiSquareSf(jarqueBera, 2) : NaN;
  let omnibus = NaN;
  let omnibusPValue = NaN;
  if (n >= 8 && !degenerate) {
    const zs = skewTestZ(skew, n);
    const zk = kurtosisTestZ(kurtosis, n);
    omnibus = zs * zs + zk * zk;
    omnibusPValue = Number.isFinite(omnibus) ? chiSquareSf(omnibus, 2) : NaN;
  }
  const durbinWatson = moments.squaredDifferences / moments.sumOfSquares;
  return {
    omnibus: finiteOrNull(omnibus),
    omnibusPValue: finiteOrNull(omnibusPValue),
    durbinWatson: finiteOrNull(durbinWatson),
    jarqueBera: finiteOrNull(jarqueBera),
    jarqueBeraPValue: finiteOrNull(jarqueBeraPValue),
    skew: finiteOrNull(skew),
    kurtosis: finiteOrNull(kurtosis),
  };
}
