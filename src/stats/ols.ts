/**
 * Fitting: OLS and WLS with statsmodels' semantics, computed by Householder QR of the
 * √w-whitened design (designFactorization.ts, qr.ts; columns scaled by powers of two where
 * their magnitudes call for it), R's rule for aliased columns (columnSelection.ts), and
 * double-double refinement where the estimated error says the QR answer would have fewer
 * than ~11 correct digits (accuracyEstimate.ts, refine.ts). The statistics follow in
 * modelStatistics.ts, diagnostics.ts and residuals.ts.
 */
import { assessAccuracy } from './accuracyEstimate.js';
import { RANK_TOLERANCE } from './columnSelection.js';
import { invertUpper, solveUpper, upperTimesTranspose } from './dense.js';
import { detectConstant } from './constant.js';
import { factorDesign, powerOfTwoScale, withReflectors } from './designFactorization.js';
import { scanDesign, validateShape } from './designScan.js';
import { residualDiagnostics, type ResidualMoments } from './diagnostics.js';
import { EmptyDesignError, NotEnoughRowsError } from './errors.js';
import type { FitOptions, FittedCoefficient, LeastSquaresProblem, LinearModel, RowsProblem } from './model.js';
import { problemRows } from '../numeric/designRows.js';
import { goodnessOfFit, meanSquareF, waldF } from './modelStatistics.js';
import { type ScaledProblem, refineCovariance, refineSolution } from './refine.js';
import { residualPass } from './residuals.js';
import { singularValues } from './svd.js';

/** Keep the reflectors up front below this many design elements (8 MB); otherwise refactor if needed. */
const KEEP_REFLECTORS_LIMIT = 1 << 20;

function validateOptions(options: FitOptions): void {
  const types = ['nonrobust', 'HC0', 'HC1', 'HC2', 'HC3'];
  if (!types.includes(options.covType)) {
    throw new RangeError(`covType must be one of ${types.join(', ')}, got ${String(options.covType)}`);
  }
  if (typeof options.useT !== 'boolean') {
    throw new TypeError('useT must be a boolean');
  }
}

/** Fits the model. Throws StatsError for data problems, RangeError/TypeError for misuse. */
export function fitLinearModel(problem: LeastSquaresProblem, options: FitOptions): LinearModel {
  validateShape(problem);
  const { design, rowCount, y, yLo, weights, columnNames } = problem;
  return fitRows({ rows: problemRows(design, rowCount, y, yLo, weights), columnNames }, options);
}

/**
 * Fits the model to rows read in blocks: the same fit whether the rows are arrays in memory or a
 * dataset read in passes. Each pass reads the rows in order from the first: the scan, the QR
 * (twice when the design's magnitudes call for scaling), the residual pass, and for an
 * ill-conditioned design the refinement's passes.
 */
export function fitRows(problem: RowsProblem, options: FitOptions): LinearModel {
  validateOptions(options);
  const { rows } = problem;
  const { rowCount: n, columnCount: p } = rows;
  if (p === 0) {
    throw new EmptyDesignError('the design has no columns');
  }
  if (n === 0) {
    throw new NotEnoughRowsError(0, p);
  }
  const scan = scanDesign(problem);
  const constant = detectConstant(scan.constantValues);
  const tss = { centered: scan.centeredTss, uncentered: scan.uncenteredTss };
  let design = factorDesign(problem, scan, constant.needsImplicitCheck, n * p <= KEEP_REFLECTORS_LIMIT);
  const { columnScale, yScale, onesScale, withOnes } = design;
  const selection = design.selection;
  const kept = selection.kept;
  const rank = kept.length;
  if (rank === 0) {
    throw new EmptyDesignError('every column of the design is zero');
  }
  if (n <= rank) {
    throw new NotEnoughRowsError(n, rank);
  }
  const hasImplicitConstant =
    withOnes &&
    Math.sqrt(selection.remainderSquares[1] as number) < RANK_TOLERANCE * onesScale * Math.sqrt(scan.weightSum);
  const kConstant: 0 | 1 = constant.index !== null || hasImplicitConstant ? 1 : 0;

  const r = selection.r;
  let beta: Float64Array = new Float64Array(rank);
  for (let k = 0; k < rank; k++) beta[k] = selection.qtb[k * design.factors.extraColumns] as number;
  solveUpper(r, rank, beta);
  const rInverse = invertUpper(r, rank);

  const norms = new Float64Array(rank);
  for (let k = 0; k < rank; k++) norms[k] = selection.columnNorms[kept[k] as number] as number;
  const accuracy = assessAccuracy({
    rank,
    r,
    rInverse,
    columnNorms: norms,
    beta,
    residualNorm: Math.sqrt(selection.remainderSquares[0] as number),
    responseNorm: Math.sqrt(tss.uncentered) * yScale,
  });
  const refineBeta = accuracy.refineSolution;
  const refineCov = accuracy.refineCovariance;
  const kappa = accuracy.kappa;
  if (refineBeta || refineCov) {
    options.approveRefinement?.({
      rows: n,
      columns: p,
      solution: refineBeta,
      covariance: refineCov,
      refactor: refineBeta && design.factors.reflectors === null,
      // Householder vectors (n × p) and the solution refinement's four n-vectors.
      bytes: refineBeta ? 8 * n * (p + 4) : 0,
    });
  }

  const exact = { n, rows, lowParts: design.lowParts, responseLowParts: rows.mayHaveResponseLowParts };
  const scaled: ScaledProblem = { ...exact, columnScale, yScale, kept };
  let residuals: Float64Array | null = null;
  let refinedSsr: number | null = null;
  let iterations = 0;
  if (refineBeta) {
    design = withReflectors(problem, design);
    const refined = refineSolution(scaled, design.factors, design.selection, beta);
    beta = refined.beta;
    iterations = refined.iterations;
    residuals = refined.residuals;
    for (let i = 0; i < n; i++) residuals[i] = (residuals[i] as number) / yScale;
    refinedSsr = refined.ssr / (yScale * yScale);
  }
  const coefficients = new Float64Array(rank);
  for (let k = 0; k < rank; k++) {
    coefficients[k] = ((beta[k] as number) * (columnScale[kept[k] as number] as number)) / yScale;
  }

  const robust = options.covType === 'nonrobust' ? null : { type: options.covType, r, columnScale };
  const pass = residualPass({ ...exact, kept, coefficients, residuals, robust });
  const ssr = refinedSsr ?? pass.moments.sumOfSquares;
  const fit = goodnessOfFit({
    nobs: n,
    rank,
    kConstant,
    ssr,
    centeredTss: tss.centered,
    uncenteredTss: tss.uncentered,
    logWeightSum: scan.logWeightSum,
  });

  // (XᵀWX)⁻¹ in original units: S·(ÃᵀÃ)⁻¹·S.
  const refinedCovariance = refineCov ? refineCovariance(scaled) : null;
  const unscaledInverse = refinedCovariance?.inverse ?? upperTimesTranspose(rInverse, rank);
  // The covariance in the factorization's units (columns scaled by powers of two), where every
  // entry is representable even when the original-unit variance of a coefficient of a column
  // near 1e±160 over- or underflows: standard errors are taken there and scaled once.
  const scaledCovariance = new Float64Array(rank * rank);
  const scaleOf = (k: number): number => columnScale[kept[k] as number] as number;
  let meat: Float64Array | null = null;
  // How far below 0 rounding may have taken each variance, which is ≥ 0 in exact arithmetic.
  let varianceRoundingBound: Float64Array | null = null;
  if (pass.meat === null) {
    for (let a = 0; a < rank * rank; a++) scaledCovariance[a] = fit.scale * (unscaledInverse[a] as number);
  } else {
    const correction = options.covType === 'HC1' ? n / fit.dfResid : 1;
    meat = pass.meat.map((v) => v * correction);
    scaledCovariance.set(sandwichProduct(rInverse, meat, rank));
    varianceRoundingBound = sandwichDiagonalErrorBound(rInverse, meat, rank);
  }
  const covariance = new Float64Array(rank * rank);
  for (let a = 0; a < rank; a++) {
    for (let b = 0; b < rank; b++)
      covariance[a * rank + b] = (scaledCovariance[a * rank + b] as number) * scaleOf(a) * scaleOf(b);
  }
  const scaledCoefficients = coefficients.map((c, k) => c / scaleOf(k));

  const perfect = isPerfectFit(fit.scale, pass.moments, n);
  const f = perfect
    ? { fValue: null, fPValue: null } // the residuals are rounding noise: there is nothing to test
    : options.covType === 'nonrobust'
      ? meanSquareF(fit, ssr)
      : kConstant === 1 && constant.index === null
        ? { fValue: null, fPValue: null } // statsmodels: NaN for an implicit constant (its #2444)
        : waldF(
            scaledCoefficients,
            scaledCovariance,
            rank,
            nonConstant(kept, constant.index),
            fit.dfResid,
            scaleOf,
            pass.unitLeverage,
          );

  const coefficientList: FittedCoefficient[] = [];
  for (let j = 0, k = 0; j < p; j++) {
    const name = problem.columnNames[j] as string;
    if (k < rank && kept[k] === j) {
      // A robust variance that is 0 in exact arithmetic (HC0 of a coefficient fitted by one row
      // alone) can come out slightly negative: within the product's rounding bound that is a
      // computed 0; beyond it, something is wrong and the standard error is NaN.
      const variance = scaledCovariance[k * rank + k] as number;
      const withinRounding =
        variance < 0 && varianceRoundingBound !== null && -variance <= (varianceRoundingBound[k] as number);
      const se = withinRounding ? 0 : Math.sqrt(variance) * scaleOf(k);
      coefficientList.push({ name, aliased: false, estimate: coefficients[k] as number, stdError: se });
      k++;
    } else {
      coefficientList.push({ name, aliased: true, estimate: null, stdError: null });
    }
  }
  const spectrum = designSpectrum(design.factors.r, p, design.factors.extraColumns, columnScale);
  return {
    method: rows.weighted ? 'WLS' : 'OLS',
    covType: options.covType,
    useT: options.useT,
    nobs: n,
    rank,
    dfModel: fit.dfModel,
    dfResid: fit.dfResid,
    hasConstant: kConstant === 1,
    constantColumn: constant.index,
    perfectFit: perfect,
    coefficients: coefficientList,
    covariance: Array.from(covariance),
    covarianceFactor: {
      columnScale: kept.map((j) => columnScale[j] as number),
      // The robust meat was accumulated against the QR's R, so robust fits keep that R.
      r: Array.from(meat === null && refinedCovariance !== null ? refinedCovariance.rHi : r),
      rLo: meat === null && refinedCovariance !== null ? Array.from(refinedCovariance.rLo) : null,
      meat: meat === null ? null : Array.from(meat),
    },
    scale: fit.scale,
    ssr,
    ess: fit.ess,
    centeredTss: tss.centered,
    uncenteredTss: tss.uncentered,
    rSquared: fit.rSquared,
    adjRSquared: fit.adjRSquared,
    fValue: f.fValue,
    fPValue: f.fPValue,
    logLikelihood: fit.logLikelihood,
    aic: fit.aic,
    bic: fit.bic,
    residualStdError: Math.sqrt(fit.scale),
    conditionNumber: spectrum.conditionNumber,
    smallestEigenvalue: spectrum.smallestEigenvalue,
    diagnostics: residualDiagnostics(pass.moments),
    numerics: { scaledConditionNumber: kappa, refinementIterations: iterations, covarianceRefined: refineCov },
  };
}

/**
 * R's "essentially perfect fit" (summary.lm): a residual variance below 1e-30 of the fitted
 * values' mean square, mean(f)² + var(f). The residuals are then rounding noise of the data
 * (~1e-15 of the fitted values, the precision of the data itself), whether they came out as 0
 * (y = 1 + 2x in integers) or as 1e-46 (x ~ x), and t, p and F are noise over noise.
 */
function isPerfectFit(residualVariance: number, moments: ResidualMoments, n: number): boolean {
  const mean = moments.fittedSum / n;
  const variance = n > 1 ? (moments.fittedSquares - n * mean * mean) / (n - 1) : 0;
  return Number.isFinite(residualVariance) && residualVariance < (mean * mean + Math.max(variance, 0)) * 1e-30;
}

/** Positions (among retained coefficients) of all but the explicit constant. */
function nonConstant(kept: readonly number[], constantIndex: number | null): number[] {
  const out: number[] = [];
  kept.forEach((j, k) => {
    if (j !== constantIndex) out.push(k);
  });
  return out;
}

/** R⁻¹·M·R⁻ᵀ for upper triangular R⁻¹ and symmetric M. */
function sandwichProduct(rInverse: Float64Array, m: Float64Array, k: number): Float64Array {
  const t = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let l = a; l < k; l++) s += (rInverse[a * k + l] as number) * (m[l * k + b] as number);
      t[a * k + b] = s;
    }
  }
  const out = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let s = 0;
      for (let l = b; l < k; l++) s += (t[a * k + l] as number) * (rInverse[b * k + l] as number);
      out[a * k + b] = s;
      out[b * k + a] = s;
    }
  }
  return out;
}

/**
 * A bound on the rounding error of each diagonal entry of `sandwichProduct`: the standard
 * bound for sums of k-term products, γ·(|R⁻¹|·|M|·|R⁻¹|ᵀ)ₐₐ with γ = 2k·ε (rounded up).
 */
function sandwichDiagonalErrorBound(rInverse: Float64Array, m: Float64Array, k: number): Float64Array {
  const gamma = (2 * k + 2) * Number.EPSILON;
  const bound = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let l = a; l < k; l++) {
      let t = 0;
      for (let q = a; q < k; q++) t += Math.abs(rInverse[a * k + q] as number) * Math.abs(m[q * k + l] as number);
      s += t * Math.abs(rInverse[a * k + l] as number);
    }
    bound[a] = gamma * s;
  }
  return bound;
}

/**
 * statsmodels' condition number: σ_max/σ_min of the weighted design with all its columns
 * (aliased ones included), from R·S⁻¹; and σ_min², the smallest eigenvalue of XᵀWX.
 */
function designSpectrum(
  rFull: Float64Array,
  p: number,
  q: number,
  columnScale: Float64Array,
): { conditionNumber: number | null; smallestEigenvalue: number | null } {
  const a = new Float64Array(p * p);
  let max = 0;
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      const v = (rFull[i * (p + q) + j] as number) / (columnScale[j] as number);
      a[i * p + j] = v;
      max = Math.max(max, Math.abs(v));
    }
  }
  const uniform = powerOfTwoScale(max); // a uniform power of two keeps Jacobi's sums in range
  for (let i = 0; i < p * p; i++) a[i] = (a[i] as number) * uniform;
  const sigma = singularValues(a, p);
  const largest = (sigma[0] as number) / uniform;
  const smallest = (sigma[p - 1] as number) / uniform;
  const conditionNumber = largest / smallest;
  return {
    conditionNumber: Number.isFinite(conditionNumber) && smallest > 0 ? conditionNumber : null,
    smallestEigenvalue: smallest > 0 ? smallest * smallest : null,
  };
}
