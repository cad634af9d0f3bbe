/**
 * One pass over the rows after the fit: whitened residuals (computed block by block, or read
 * from a refined fit), their central moments for the diagnostics, the Durbin–Watson sums,
 * and for heteroscedasticity-robust covariances the "meat" (robustMeat.ts) over the same
 * blocks. Nothing of size n is allocated: this pass is what keeps a 10^6-row fit from touching
 * fresh memory. The design is read one block of rows at a time (designRows.ts).
 */
import { forEachProblemBlock } from '../numeric/designRows.js';
import type { ResidualMoments } from './diagnostics.js';
import type { ExactRows } from './model.js';
import { MeatAccumulator, type RobustInput } from './robustMeat.js';

const BLOCK = 256;

/** Inputs of the residual pass. */
export interface ResidualPassInput extends ExactRows {
  readonly kept: readonly number[];
  /** Coefficients of the retained columns, original units. */
  readonly coefficients: Float64Array;
  /** Whitened residuals in original units when already known (refined fits), else null. */
  readonly residuals: Float64Array | null;
  readonly robust: RobustInput | null;
}

/** Outputs of the residual pass. */
export interface ResidualPassResult {
  readonly moments: ResidualMoments;
  /** Σ ωᵢ zᵢ zᵢᵀ (rank × rank, scaled units) for robust covariances, else null. */
  readonly meat: Float64Array | null;
  /**
   * Whether a row has leverage 1 (a coefficient fitted by that row alone): its residual is 0 in
   * exact arithmetic, so the robust covariance may be singular.
   */
  readonly unitLeverage: boolean;
}

/** Merges central-moment sums of two disjoint sets (Pébay 2008). */
function merge(
  a: { n: number; mean: number; m2: number; m3: number; m4: number },
  nb: number,
  meanB: number,
  m2b: number,
  m3b: number,
  m4b: number,
): void {
  const na = a.n;
  if (na === 0) {
    a.n = nb;
    a.mean = meanB;
    a.m2 = m2b;
    a.m3 = m3b;
    a.m4 = m4b;
    return;
  }
  const n = na + nb;
  const d = meanB - a.mean;
  const dn = d / n;
  const dn2 = dn * dn;
  const m4 =
    a.m4 +
    m4b +
    d * dn * dn2 * na * nb * (na * na - na * nb + nb * nb) +
    6 * dn2 * (na * na * m2b + nb * nb * a.m2) +
    4 * dn * (na * m3b - nb * a.m3);
  const m3 = a.m3 + m3b + d * dn2 * na * nb * (na - nb) + 3 * dn * (na * m2b - nb * a.m2);
  const m2 = a.m2 + m2b + d * dn * na * nb;
  a.mean += dn * nb;
  a.m2 = m2;
  a.m3 = m3;
  a.m4 = m4;
  a.n = n;
}

/** Runs the pass. */
export function residualPass(input: ResidualPassInput): ResidualPassResult {
  const { rows, lowParts, responseLowParts, kept, coefficients, residuals, robust } = input;
  const rank = kept.length;
  // The design is read only where it is needed: to form residuals, or for the robust meat.
  const reads = {
    design: residuals === null || robust !== null,
    lowParts: residuals === null && lowParts,
    responseLowParts,
  };
  const e = new Float64Array(BLOCK);
  const acc = { n: 0, mean: 0, m2: 0, m3: 0, m4: 0 };
  let sumOfSquares = 0;
  let squaredDifferences = 0;
  let fittedSum = 0;
  let fittedSquares = 0;
  let previous = NaN;
  const meat = robust === null ? null : new MeatAccumulator(robust, input, BLOCK);
  forEachProblemBlock(rows, BLOCK, reads, (block) => {
    const { start, count: m, x, xLo, y, yLo, weights } = block;
    if (residuals !== null) {
      for (let i = 0; i < m; i++) {
        e[i] = residuals[start + i] as number;
      }
    } else {
      for (let i = 0; i < m; i++) {
        e[i] = (y[i] as number) + (yLo === null ? 0 : (yLo[i] as number));
      }
      let k = 0;
      // Four columns per sweep over e: a quarter of the loads and stores of e.
      for (; k + 3 < rank; k += 4) {
        const o0 = (kept[k] as number) * BLOCK;
        const o1 = (kept[k + 1] as number) * BLOCK;
        const o2 = (kept[k + 2] as number) * BLOCK;
        const o3 = (kept[k + 3] as number) * BLOCK;
        const b0 = coefficients[k] as number;
        const b1 = coefficients[k + 1] as number;
        const b2 = coefficients[k + 2] as number;
        const b3 = coefficients[k + 3] as number;
        for (let i = 0; i < m; i++) {
          e[i] =
            (e[i] as number) -
            (x[o0 + i] as number) * b0 -
            (x[o1 + i] as number) * b1 -
            (x[o2 + i] as number) * b2 -
            (x[o3 + i] as number) * b3;
        }
      }
      for (; k < rank; k++) {
        const off = (kept[k] as number) * BLOCK;
        const b = coefficients[k] as number;
        for (let i = 0; i < m; i++) {
          e[i] = (e[i] as number) - (x[off + i] as number) * b;
        }
      }
      if (xLo !== null) {
        for (let k = 0; k < rank; k++) {
          const off = (kept[k] as number) * BLOCK;
          const b = coefficients[k] as number;
          for (let i = 0; i < m; i++) {
            e[i] = (e[i] as number) - (xLo[off + i] as number) * b;
          }
        }
      }
      if (weights !== null) {
        for (let i = 0; i < m; i++) {
          e[i] = (e[i] as number) * Math.sqrt(weights[i] as number);
        }
      }
    }
    let sum = 0;
    let ss = 0;
    let diffs = 0;
    for (let i = 0; i < m; i++) {
      const v = e[i] as number;
      sum += v;
      ss += v * v;
      if (i > 0) {
        const d = v - (e[i - 1] as number);
        diffs += d * d;
      }
    }
    if (start > 0) {
      const d = (e[0] as number) - previous;
      diffs += d * d;
    }
    previous = e[m - 1] as number;
    sumOfSquares += ss;
    squaredDifferences += diffs;
    // Fitted values f = y − r, with r the unwhitened residual e/√w.
    for (let i = 0; i < m; i++) {
      const r = weights === null ? (e[i] as number) : (e[i] as number) / Math.sqrt(weights[i] as number);
      const f = (y[i] as number) + (yLo === null ? 0 : (yLo[i] as number)) - r;
      fittedSum += f;
      fittedSquares += f * f;
    }
    const mean = sum / m;
    let c2 = 0;
    let c3 = 0;
    let c4 = 0;
    for (let i = 0; i < m; i++) {
      const d = (e[i] as number) - mean;
      const d2 = d * d;
      c2 += d2;
      c3 += d2 * d;
      c4 += d2 * d2;
    }
    merge(acc, m, mean, c2, c3, c4);
    meat?.add(block, e);
  });
  const robustMeat = meat?.result() ?? null;
  return {
    moments: {
      count: acc.n,
      mean: acc.mean,
      m2: acc.m2,
      m3: acc.m3,
      m4: acc.m4,
      squaredDifferences,
      sumOfSquares,
      fittedSum,
      fittedSquares,
    },
    meat: robustMeat?.meat ?? null,
    unitLeverage: robustMeat?.unitLeverage ?? false,
  };
}
