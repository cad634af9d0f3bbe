/**
 * One pass over the rows after the fit: whitened residuals (computed block by block, or read
 * from a refined fit), their central moments for the diagnostics, the Durbin–Watson sums,
 * and for heteroscedasticity-robust covariances the "meat" Σ ωᵢ zᵢ zᵢᵀ with zᵢ = R⁻ᵀ·ãᵢ
 * (so that hᵢ = ‖zᵢ‖² is the leverage). Nothing of size n is allocated: this pass is what
 * keeps a 10^6-row fit from touching fresh memory. The design is read one block of rows at a
 * time (designRows.ts).
 */
import type { DesignBlock } from '../numeric/designRows.js';
import type { ResidualMoments } from './diagnostics.js';
import type { CovarianceType, ExactRows } from './model.js';
import { householderKernels } from './wasm/householderKernels.js';
import { accumulateMeatSimd, type MeatLayout, meatLayout } from './wasm/robustMeat.js';

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

/** What a robust covariance needs. */
export interface RobustInput {
  readonly type: Exclude<CovarianceType, 'nonrobust'>;
  /** R of the retained columns, scaled units, row-major rank × rank. */
  readonly r: Float64Array;
  /** Power-of-two scale of every design column. */
  readonly columnScale: Float64Array;
  /** 'js' forces the JavaScript loops (tests compare the two); default: SIMD kernels when available. */
  readonly kernel?: 'js' | 'simd';
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
  const { n, design, lowParts, y, yLo, weights, kept, coefficients, residuals, robust } = input;
  const rank = kept.length;
  const p = design.columnCount;
  // The design is read only where it is needed: to form residuals, or for the robust meat.
  const readsDesign = residuals === null || robust !== null;
  const x = new Float64Array(readsDesign ? BLOCK * p : 0);
  const xLo = residuals === null && lowParts ? new Float64Array(BLOCK * p) : null;
  const block: DesignBlock = { start: 0, count: 0, x, xLo, stride: BLOCK };
  const e = new Float64Array(BLOCK);
  const acc = { n: 0, mean: 0, m2: 0, m3: 0, m4: 0 };
  let sumOfSquares = 0;
  let squaredDifferences = 0;
  let fittedSum = 0;
  let fittedSquares = 0;
  let previous = NaN;
  const meat = robust === null ? null : new Float64Array(rank * rank);
  let unitLeverage = false;
  const baseOmega = robust === null ? null : omegaFunction(robust.type);
  const omega = (e2: number, h: number): number => {
    if (1 - h <= UNIT_LEVERAGE) unitLeverage = true;
    return baseOmega!(e2, h);
  };
  const kernels = robust === null || robust.kernel === 'js' ? null : householderKernels();
  const layout = robust !== null && kernels !== null ? meatLayout(kernels, BLOCK, rank) : null;
  const work = robust === null || layout !== null ? null : meatWorkspace(rank);
  for (let start = 0; start < n; start += BLOCK) {
    const m = Math.min(BLOCK, n - start);
    if (readsDesign) design.fill(start, m, x, BLOCK, xLo);
    if (residuals !== null) {
      for (let i = 0; i < m; i++) {
        e[i] = residuals[start + i] as number;
      }
    } else {
      for (let i = 0; i < m; i++) {
        e[i] = (y[start + i] as number) + (yLo === null ? 0 : (yLo[start + i] as number));
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
          e[i] = (e[i] as number) * Math.sqrt(weights[start + i] as number);
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
      const r = weights === null ? (e[i] as number) : (e[i] as number) / Math.sqrt(weights[start + i] as number);
      const f = (y[start + i] as number) + (yLo === null ? 0 : (yLo[start + i] as number)) - r;
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
    if (robust !== null && meat !== null) {
      const rows = { ...block, start, count: m };
      if (layout !== null) {
        fillWhitened(input, robust, rows, layout);
        accumulateMeatSimd(layout, m, robust.r, rank, e, omega, meat);
      } else if (work !== null) {
        accumulateMeat(input, robust, rows, e, work, meat, omega);
      }
    }
  }
  if (meat !== null) {
    for (let a = 0; a < rank; a++) {
      for (let b = 0; b < a; b++) {
        meat[a * rank + b] = meat[b * rank + a] as number;
      }
    }
  }
  return {
    moments: { count: acc.n, mean: acc.mean, m2: acc.m2, m3: acc.m3, m4: acc.m4, squaredDifferences, sumOfSquares, fittedSum, fittedSquares },
    meat,
    unitLeverage,
  };
}

/**
 * 1 − hᵢ at or below this is a leverage of exactly 1 (a dummy column with a single observation)
 * computed with rounding error: there the residual is 0 in exact arithmetic and only rounding
 * noise in floating point, so any finite ω would be noise too.
 */
const UNIT_LEVERAGE = 1e-12;

/**
 * ωᵢ from eᵢ² and the leverage hᵢ: e², e²/(1 − h), e²/(1 − h)² (HC1's n/df is applied later).
 * HC2/HC3 are undefined at a leverage of 1; statsmodels divides by 1 − h = 0 there and reports
 * infinite standard errors, and so do we, whatever the rounding left in eᵢ and hᵢ.
 */
function omegaFunction(type: RobustInput['type']): (e2: number, h: number) => number {
  switch (type) {
    case 'HC2':
      return (e2, h) => (1 - h <= UNIT_LEVERAGE ? Number.POSITIVE_INFINITY : e2 / (1 - h));
    case 'HC3':
      return (e2, h) => (1 - h <= UNIT_LEVERAGE ? Number.POSITIVE_INFINITY : e2 / ((1 - h) * (1 - h)));
    case 'HC0':
    case 'HC1':
      return (e2) => e2;
    default: {
      const unknown: never = type;
      throw new RangeError(`unknown covariance type ${String(unknown)}`);
    }
  }
}

/** Copies the block's whitened, scaled retained columns into Z in the kernels' memory. */
function fillWhitened(input: ResidualPassInput, robust: RobustInput, block: DesignBlock, layout: MeatLayout): void {
  const { weights, kept } = input;
  const { start, count: m, x, stride } = block;
  const heap = layout.heap;
  for (let a = 0; a < kept.length; a++) {
    const j = kept[a] as number;
    const off = j * stride;
    const z = layout.z / 8 + a * layout.rows;
    const s = robust.columnScale[j] as number;
    if (weights === null) {
      for (let i = 0; i < m; i++) heap[z + i] = (x[off + i] as number) * s;
    } else {
      for (let i = 0; i < m; i++) heap[z + i] = (x[off + i] as number) * s * Math.sqrt(weights[start + i] as number);
    }
    if (m & 1) heap[z + m] = 0;
  }
}

/** Work arrays of the robust part, one block's worth. */
interface MeatWorkspace {
  /** zᵢ of the block's rows, column-major BLOCK × rank. */
  readonly z: Float64Array;
  readonly leverage: Float64Array;
  readonly weighted: Float64Array;
  readonly sw: Float64Array;
}

function meatWorkspace(rank: number): MeatWorkspace {
  return {
    z: new Float64Array(BLOCK * rank),
    leverage: new Float64Array(BLOCK),
    weighted: new Float64Array(BLOCK),
    sw: new Float64Array(BLOCK).fill(1),
  };
}

/**
 * Adds Σᵢ ωᵢ·zᵢzᵢᵀ (upper triangle) over the rows of one block. Column by column: the
 * forward substitution Z = Ã·R⁻¹ (zᵢ = R⁻ᵀãᵢ for every row at once) is a sequence of axpys
 * over the block, and the meat a set of dot products, which run several times faster than
 * row-by-row solves of length `rank`.
 */
function accumulateMeat(
  input: ResidualPassInput,
  robust: RobustInput,
  block: DesignBlock,
  e: Float64Array,
  work: MeatWorkspace,
  meat: Float64Array,
  omega: (e2: number, h: number) => number,
): void {
  const { weights, kept } = input;
  const { start, count: m, x, stride } = block;
  const { r, columnScale } = robust;
  const rank = kept.length;
  const { z, leverage, weighted, sw } = work;
  if (weights !== null) {
    for (let i = 0; i < m; i++) sw[i] = Math.sqrt(weights[start + i] as number);
  }
  leverage.fill(0, 0, m);
  for (let a = 0; a < rank; a++) {
    const j = kept[a] as number;
    const za = a * BLOCK;
    const off = j * stride;
    const s = columnScale[j] as number;
    for (let i = 0; i < m; i++) z[za + i] = (x[off + i] as number) * s * (sw[i] as number);
    let b = 0;
    for (; b + 3 < a; b += 4) {
      const c0 = r[b * rank + a] as number;
      const c1 = r[(b + 1) * rank + a] as number;
      const c2 = r[(b + 2) * rank + a] as number;
      const c3 = r[(b + 3) * rank + a] as number;
      const z0 = b * BLOCK;
      for (let i = 0; i < m; i++) {
        z[za + i] =
          (z[za + i] as number) -
          c0 * (z[z0 + i] as number) -
          c1 * (z[z0 + BLOCK + i] as number) -
          c2 * (z[z0 + 2 * BLOCK + i] as number) -
          c3 * (z[z0 + 3 * BLOCK + i] as number);
      }
    }
    for (; b < a; b++) {
      const c = r[b * rank + a] as number;
      const zb = b * BLOCK;
      for (let i = 0; i < m; i++) z[za + i] = (z[za + i] as number) - c * (z[zb + i] as number);
    }
    const d = r[a * rank + a] as number;
    for (let i = 0; i < m; i++) {
      const v = (z[za + i] as number) / d;
      z[za + i] = v;
      leverage[i] = (leverage[i] as number) + v * v;
    }
  }
  // ωᵢ once per row (kept in `leverage`), then the weighted columns ωᵢ·zᵢₐ.
  for (let i = 0; i < m; i++) {
    const ei = e[i] as number;
    leverage[i] = omega(ei * ei, leverage[i] as number);
  }
  for (let a = 0; a < rank; a++) {
    const za = a * BLOCK;
    for (let i = 0; i < m; i++) weighted[i] = (leverage[i] as number) * (z[za + i] as number);
    const row = a * rank;
    let b = a;
    for (; b + 3 < rank; b += 4) {
      const z0 = b * BLOCK;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < m; i++) {
        const w = weighted[i] as number;
        s0 += w * (z[z0 + i] as number);
        s1 += w * (z[z0 + BLOCK + i] as number);
        s2 += w * (z[z0 + 2 * BLOCK + i] as number);
        s3 += w * (z[z0 + 3 * BLOCK + i] as number);
      }
      meat[row + b] = (meat[row + b] as number) + s0;
      meat[row + b + 1] = (meat[row + b + 1] as number) + s1;
      meat[row + b + 2] = (meat[row + b + 2] as number) + s2;
      meat[row + b + 3] = (meat[row + b + 3] as number) + s3;
    }
    for (; b < rank; b++) {
      const z0 = b * BLOCK;
      let s0 = 0;
      for (let i = 0; i < m; i++) s0 += (weighted[i] as number) * (z[z0 + i] as number);
      meat[row + b] = (meat[row + b] as number) + s0;
    }
  }
}
