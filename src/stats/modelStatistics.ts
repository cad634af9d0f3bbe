/**
 * Model-level statistics exactly as statsmodels' RegressionResults defines them (0.13.5,
 * regression/linear_model.py): R² against the centered total sum of squares when the model
 * has a constant (explicit or implicit, k_constant = 1) and the uncentered one otherwise;
 * ESS = TSS − SSR; the concentrated Gaussian log-likelihood with WLS's ½·Σlog w; AIC and BIC
 * counting df_model + k_constant parameters; F from mean squares for the nonrobust
 * covariance and a Wald test of all non-constant coefficients for robust ones.
 */
import { solveSymmetricPositive } from './dense.js';
import { symmetricEigen } from './symmetricEigen.js';
import { fSf } from './distributions.js';

/** Inputs: sums of squares and degrees of freedom. */
export interface SumsOfSquares {
  readonly nobs: number;
  readonly rank: number;
  readonly kConstant: 0 | 1;
  readonly ssr: number;
  readonly centeredTss: number;
  readonly uncenteredTss: number;
  /** Σ log wᵢ (0 for OLS). */
  readonly logWeightSum: number;
}

/** The goodness-of-fit block. */
export interface GoodnessOfFit {
  readonly dfModel: number;
  readonly dfResid: number;
  readonly scale: number;
  readonly ess: number;
  readonly rSquared: number;
  readonly adjRSquared: number;
  readonly logLikelihood: number;
  readonly aic: number;
  readonly bic: number;
}

/** R², log-likelihood and information criteria. */
export function goodnessOfFit(s: SumsOfSquares): GoodnessOfFit {
  const dfModel = s.rank - s.kConstant;
  const dfResid = s.nobs - s.rank;
  const tss = s.kConstant === 1 ? s.centeredTss : s.uncenteredTss;
  const ess = tss - s.ssr;
  const rSquared = 1 - s.ssr / tss;
  const adjRSquared = 1 - ((s.nobs - s.kConstant) / dfResid) * (1 - rSquared);
  const half = s.nobs / 2;
  const logLikelihood = -Math.log(s.ssr) * half - (1 + Math.log(Math.PI / half)) * half + 0.5 * s.logWeightSum;
  const parameters = dfModel + s.kConstant;
  return {
    dfModel,
    dfResid,
    scale: s.ssr / dfResid,
    ess,
    rSquared,
    adjRSquared,
    logLikelihood,
    aic: -2 * logLikelihood + 2 * parameters,
    bic: -2 * logLikelihood + Math.log(s.nobs) * parameters,
  };
}

/** An F statistic with its p-value. */
export interface FTest {
  readonly fValue: number | null;
  readonly fPValue: number | null;
}

function finite(f: number, p: number): FTest {
  return Number.isFinite(f) ? { fValue: f, fPValue: Number.isFinite(p) ? p : null } : { fValue: null, fPValue: null };
}

/** statsmodels' nonrobust F: (ESS/df_model)/(SSR/df_resid); undefined when df_model = 0. */
export function meanSquareF(fit: GoodnessOfFit, ssr: number): FTest {
  if (fit.dfModel <= 0) {
    return { fValue: null, fPValue: null };
  }
  const f = fit.ess / fit.dfModel / (ssr / fit.dfResid);
  return finite(f, f >= 0 ? fSf(f, fit.dfModel, fit.dfResid) : NaN);
}

/**
 * statsmodels' robust F: the Wald statistic bᵀV⁻¹b/J for the coefficients in `tested`,
 * with an F(J, df_resid) p-value (statsmodels uses F even when use_t is false).
 * `estimates` and `covariance` (rank × rank over the retained coefficients; `tested` indexes
 * into them) are in the factorization's units, where coefficient k's unit is `unitOf(k)` (a
 * power of two): there every entry is representable, and the statistic is the same.
 */
export function waldF(
  estimates: Float64Array,
  covariance: Float64Array,
  rank: number,
  tested: readonly number[],
  dfResid: number,
  unitOf: (coefficient: number) => number = () => 1,
  unitLeverage = false,
): FTest {
  const j = tested.length;
  if (j === 0) {
    return { fValue: null, fPValue: null };
  }
  // V is computed with an error of a few ε × its largest entry in these units (where the columns
  // are equilibrated). A Cholesky pivot below NOISE × the largest variance means V is singular
  // up to that rounding (a variance that is 0 in exact arithmetic came out as noise):
  // statsmodels' pinv drops such a direction, so take the pseudo-inverse path.
  const vUnits = new Float64Array(j * j);
  const bUnits = new Float64Array(j);
  let largestVariance = 0;
  for (let a = 0; a < j; a++) {
    const ia = tested[a] as number;
    bUnits[a] = estimates[ia] as number;
    for (let c = 0; c < j; c++) vUnits[a * j + c] = covariance[ia * rank + (tested[c] as number)] as number;
    largestVariance = Math.max(largestVariance, vUnits[a * j + a] as number);
  }
  // With a row of leverage 1 some combination of the coefficients may have variance 0 in exact
  // arithmetic without any pivot showing it: always take the pseudo-inverse path there.
  const solved = unitLeverage ? null : solveSymmetricPositive(vUnits, j, bUnits, NOISE * largestVariance);
  if (solved === null) return singularWaldF(...originalUnits(vUnits, bUnits, tested, unitOf), j, dfResid);
  let quad = 0;
  for (let a = 0; a < j; a++) {
    quad += (bUnits[a] as number) * (solved[a] as number);
  }
  const f = quad / j;
  return finite(f, fSf(f, j, dfResid));
}

/**
 * V and b in original units, as statsmodels' pseudo-inverse sees them (a pseudo-inverse is not
 * equivariant under scaling); in the factorization's units when they are not representable.
 */
function originalUnits(
  v: Float64Array,
  b: Float64Array,
  tested: readonly number[],
  unitOf: (coefficient: number) => number,
): [Float64Array, Float64Array] {
  const j = tested.length;
  const vOriginal = new Float64Array(j * j);
  const bOriginal = new Float64Array(j);
  for (let a = 0; a < j; a++) {
    const ua = unitOf(tested[a] as number);
    bOriginal[a] = (b[a] as number) * ua;
    for (let c = 0; c < j; c++) vOriginal[a * j + c] = (v[a * j + c] as number) * ua * unitOf(tested[c] as number);
  }
  const representable = [...vOriginal, ...bOriginal].every(
    (x, i) => Number.isFinite(x) && (x !== 0 || ([...v, ...b][i] as number) === 0),
  );
  return representable ? [vOriginal, bOriginal] : [v, b];
}

/**
 * Eigenvalues of a robust covariance below this fraction of the largest are rounding noise: the
 * sandwich R⁻¹·M·R⁻ᵀ is formed with an error of a few ε × its largest entry.
 */
const NOISE = 1e-14;

/**
 * The Wald F when the tested coefficients' covariance V is singular (under HC0/HC1 a
 * coefficient fitted by a single row has variance 0): statsmodels' `wald_test` uses
 * `pinv(V)` (singular values below 1e-15 × the largest dropped) and divides by
 * `matrix_rank(V)` (tolerance largest × J × ε) instead of J, which is also the F's numerator df.
 * statsmodels' V is exact to ~1e-30 in such a direction, ours to ~1e-16, so we drop (and do
 * not count) eigenvalues up to NOISE × the largest.
 */
function singularWaldF(v: Float64Array, b: Float64Array, j: number, dfResid: number): FTest {
  for (const x of v) if (!Number.isFinite(x)) return { fValue: null, fPValue: null };
  const { values, vectors } = symmetricEigen(v, j);
  let largest = 0;
  for (const value of values) largest = Math.max(largest, Math.abs(value));
  if (!(largest > 0)) return { fValue: null, fPValue: null };
  let quad = 0;
  let rank = 0;
  for (let i = 0; i < j; i++) {
    const value = values[i] as number;
    if (!(Math.abs(value) > Math.max(NOISE, j * Number.EPSILON) * largest)) continue;
    rank++;
    let projection = 0;
    for (let a = 0; a < j; a++) projection += (vectors[a * j + i] as number) * (b[a] as number);
    quad += (projection * projection) / value;
  }
  const f = quad / rank;
  return finite(f, fSf(f, rank, dfResid));
}
