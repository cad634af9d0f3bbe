/**
 * Whether the double-precision QR answer is accurate enough, or must be refined in
 * double-double. First-order perturbation theory for least squares with the backward error
 * of Householder QR (relative ε in A and b), in the column-equilibrated problem
 * A_eq = Ã·D⁻¹, x_eq = D·β̃ (D = column norms):
 *   |δxⱼ| ≲ ε·(‖eⱼᵀA⁺‖·(‖b‖ + ‖A‖‖x‖) + ‖eⱼᵀ(AᵀA)⁻¹‖·‖A‖·‖r‖)
 * (an estimate, not a bound: ‖A‖ is taken as 1, the typical size of ΔA·x / (ε‖x‖) for unit
 * columns),
 * with ‖eⱼᵀA⁺‖ and ‖eⱼᵀ(AᵀA)⁻¹‖ the row norms of R⁻¹ and R⁻¹R⁻ᵀ. The second term is
 * the κ²·‖r‖ effect that makes large-residual problems (NIST Wampler3–5) lose digits that the
 * condition number alone does not predict. Componentwise, because a small coefficient next
 * to large ones has a large relative error even when the vector as a whole is accurate.
 */

import { upperTimesTranspose } from './dense.js';

const EPSILON = 2 ** -52;
/** Refine when some coefficient's estimated relative error exceeds this (~11 digits). */
export const SOLUTION_ERROR_TARGET = 1e-11;
/** Refine (XᵀWX)⁻¹ when κ·ε exceeds this: its error is a small multiple of κ·ε. */
export const COVARIANCE_ERROR_TARGET = 1e-12;
/**
 * Coefficients whose equilibrated size is below this fraction of the largest are held to
 * absolute accuracy (relative to the largest) instead of relative: otherwise a coefficient
 * that is zero in truth would demand refinement of every fit.
 */
const SMALL_COEFFICIENT = 1e-3;

/** What the decision looks at, all in the scaled units of the factorization. */
export interface AccuracyInputs {
  readonly rank: number;
  /** R of the retained columns and its inverse, row-major rank × rank. */
  readonly r: Float64Array;
  readonly rInverse: Float64Array;
  /** Norms of the retained (scaled, whitened) columns. */
  readonly columnNorms: Float64Array;
  /** The QR solution (scaled units). */
  readonly beta: Float64Array;
  readonly residualNorm: number;
  readonly responseNorm: number;
}

/** The decision and the numbers behind it. */
export interface AccuracyDecision {
  /** 1-norm condition number of R_eq. */
  readonly kappa: number;
  /** Largest estimated relative error of a coefficient. */
  readonly solutionError: number;
  readonly refineSolution: boolean;
  readonly refineCovariance: boolean;
}

/** Estimates the accuracy of the QR answer and decides what to refine. */
export function assessAccuracy(input: AccuracyInputs): AccuracyDecision {
  const { rank: k, r, rInverse, columnNorms, beta, residualNorm, responseNorm } = input;
  // R_eq = R·D⁻¹ and R_eq⁻¹ = D·R⁻¹.
  const inv = new Float64Array(k * k);
  let normR = 0;
  let normInv = 0;
  for (let b = 0; b < k; b++) {
    let colR = 0;
    let colInv = 0;
    for (let a = 0; a < k; a++) {
      const v = (rInverse[a * k + b] as number) * (columnNorms[a] as number);
      inv[a * k + b] = v;
      colR += Math.abs((r[a * k + b] as number) / (columnNorms[b] as number));
      colInv += Math.abs(v);
    }
    normR = Math.max(normR, colR);
    normInv = Math.max(normInv, colInv);
  }
  const kappa = normR * normInv;
  let xNorm = 0;
  let xMax = 0;
  for (let a = 0; a < k; a++) {
    const v = Math.abs((beta[a] as number) * (columnNorms[a] as number));
    xNorm += v * v;
    xMax = Math.max(xMax, v);
  }
  xNorm = Math.sqrt(xNorm);
  // ‖ΔA·x‖ for column-wise relative errors ε: the worst case is ε·‖x‖₁ ≤ ε·√k·‖x‖₂, but
  // rounding errors of independent columns add in quadrature, ≈ ε·‖x‖₂; the worst case made
  // every wide design (k ≈ 300) look inaccurate by the √k it does not have.
  const aNorm = 1;
  const cov = upperTimesTranspose(inv, k); // R_eq⁻¹·R_eq⁻ᵀ = (A_eqᵀA_eq)⁻¹
  let solutionError = 0;
  for (let j = 0; j < k; j++) {
    let pinvRow = 0;
    let covRow = 0;
    for (let c = 0; c < k; c++) {
      const v = inv[j * k + c] as number;
      pinvRow += v * v;
      const w = cov[j * k + c] as number;
      covRow += w * w;
    }
    const error =
      EPSILON * (Math.sqrt(pinvRow) * (responseNorm + aNorm * xNorm) + Math.sqrt(covRow) * aNorm * residualNorm);
    const size = Math.max(Math.abs((beta[j] as number) * (columnNorms[j] as number)), SMALL_COEFFICIENT * xMax);
    solutionError = Math.max(solutionError, error / size);
  }
  // Residuals formed in double lose log10(‖b‖/‖r‖) digits; exact fits need the refinement.
  const residualError = EPSILON * (responseNorm / residualNorm);
  return {
    kappa,
    solutionError,
    refineSolution: !(Math.max(solutionError, residualError) <= SOLUTION_ERROR_TARGET),
    refineCovariance: EPSILON * kappa > COVARIANCE_ERROR_TARGET,
  };
}
