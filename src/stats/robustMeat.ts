/**
 * The "meat" of a heteroscedasticity-robust covariance, Σ ωᵢ zᵢ zᵢᵀ with zᵢ = R⁻ᵀ·ãᵢ (so that
 * hᵢ = ‖zᵢ‖² is the leverage) and ωᵢ from the residual and the leverage (HC0–HC3), accumulated
 * block by block during the residual pass (residuals.ts), with the SIMD kernels
 * (wasm/robustMeat.ts) when they are available and in JavaScript otherwise.
 */
import type { ProblemBlock } from '../numeric/designRows.js';
import type { CovarianceType } from './model.js';
import { householderKernels } from './wasm/householderKernels.js';
import { accumulateMeatSimd, type MeatLayout, meatLayout } from './wasm/robustMeat.js';

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

/** The columns the meat is summed over: the retained ones. */
interface MeatRows {
  readonly kept: readonly number[];
}

/** The meat of a pass, and whether some row had leverage 1. */
export interface RobustMeat {
  /** Σ ωᵢ zᵢ zᵢᵀ, rank × rank, scaled units. */
  readonly meat: Float64Array;
  /**
   * Whether a row has leverage 1 (a coefficient fitted by that row alone): its residual is 0 in
   * exact arithmetic, so the robust covariance may be singular.
   */
  readonly unitLeverage: boolean;
}

/** Sums the meat over blocks of at most `blockRows` rows, in order. */
export class MeatAccumulator {
  private readonly meat: Float64Array;
  private readonly rank: number;
  private readonly omega: (e2: number, h: number) => number;
  private readonly layout: MeatLayout | null;
  private readonly work: MeatWorkspace | null;
  private unitLeverage = false;

  constructor(
    private readonly robust: RobustInput,
    private readonly rows: MeatRows,
    blockRows: number,
  ) {
    this.rank = rows.kept.length;
    this.meat = new Float64Array(this.rank * this.rank);
    const baseOmega = omegaFunction(robust.type);
    this.omega = (e2, h) => {
      if (1 - h <= UNIT_LEVERAGE) this.unitLeverage = true;
      return baseOmega(e2, h);
    };
    const kernels = robust.kernel === 'js' ? null : householderKernels();
    this.layout = kernels === null ? null : meatLayout(kernels, blockRows, this.rank);
    this.work = this.layout !== null ? null : meatWorkspace(blockRows, this.rank);
  }

  /**
   * Adds the rows of `block` (the design read with all its columns, and the weights), whose
   * whitened residuals are `e`.
   */
  add(block: ProblemBlock, e: Float64Array): void {
    if (this.layout !== null) {
      fillWhitened(this.rows, this.robust, block, this.layout);
      accumulateMeatSimd(this.layout, block.count, this.robust.r, this.rank, e, this.omega, this.meat);
    } else if (this.work !== null) {
      accumulateMeat(this.rows, this.robust, block, e, this.work, this.meat, this.omega);
    }
  }

  /** The meat summed so far, its lower triangle filled from the upper. */
  result(): RobustMeat {
    const { meat, rank } = this;
    for (let a = 0; a < rank; a++) {
      for (let b = 0; b < a; b++) {
        meat[a * rank + b] = meat[b * rank + a] as number;
      }
    }
    return { meat, unitLeverage: this.unitLeverage };
  }
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
function fillWhitened(rows: MeatRows, robust: RobustInput, block: ProblemBlock, layout: MeatLayout): void {
  const { kept } = rows;
  const { count: m, x, stride, weights } = block;
  const heap = layout.heap;
  for (let a = 0; a < kept.length; a++) {
    const j = kept[a] as number;
    const off = j * stride;
    const z = layout.z / 8 + a * layout.rows;
    const s = robust.columnScale[j] as number;
    if (weights === null) {
      for (let i = 0; i < m; i++) heap[z + i] = (x[off + i] as number) * s;
    } else {
      for (let i = 0; i < m; i++) heap[z + i] = (x[off + i] as number) * s * Math.sqrt(weights[i] as number);
    }
    if (m & 1) heap[z + m] = 0;
  }
}

/** Work arrays of the robust part, one block's worth. */
interface MeatWorkspace {
  /** Rows of a block: the column stride of `z`. */
  readonly blockRows: number;
  /** zᵢ of the block's rows, column-major blockRows × rank. */
  readonly z: Float64Array;
  readonly leverage: Float64Array;
  readonly weighted: Float64Array;
  readonly sw: Float64Array;
}

function meatWorkspace(blockRows: number, rank: number): MeatWorkspace {
  return {
    blockRows,
    z: new Float64Array(blockRows * rank),
    leverage: new Float64Array(blockRows),
    weighted: new Float64Array(blockRows),
    sw: new Float64Array(blockRows).fill(1),
  };
}

/**
 * Adds Σᵢ ωᵢ·zᵢzᵢᵀ (upper triangle) over the rows of one block. Column by column: the
 * forward substitution Z = Ã·R⁻¹ (zᵢ = R⁻ᵀãᵢ for every row at once) is a sequence of axpys
 * over the block, and the meat a set of dot products, which run several times faster than
 * row-by-row solves of length `rank`.
 */
function accumulateMeat(
  rows: MeatRows,
  robust: RobustInput,
  block: ProblemBlock,
  e: Float64Array,
  work: MeatWorkspace,
  meat: Float64Array,
  omega: (e2: number, h: number) => number,
): void {
  const { kept } = rows;
  const { count: m, x, stride, weights } = block;
  const { r, columnScale } = robust;
  const rank = kept.length;
  const { z, leverage, weighted, sw } = work;
  const blockRows = work.blockRows;
  if (weights !== null) {
    for (let i = 0; i < m; i++) sw[i] = Math.sqrt(weights[i] as number);
  }
  leverage.fill(0, 0, m);
  for (let a = 0; a < rank; a++) {
    const j = kept[a] as number;
    const za = a * blockRows;
    const off = j * stride;
    const s = columnScale[j] as number;
    for (let i = 0; i < m; i++) z[za + i] = (x[off + i] as number) * s * (sw[i] as number);
    let b = 0;
    for (; b + 3 < a; b += 4) {
      const c0 = r[b * rank + a] as number;
      const c1 = r[(b + 1) * rank + a] as number;
      const c2 = r[(b + 2) * rank + a] as number;
      const c3 = r[(b + 3) * rank + a] as number;
      const z0 = b * blockRows;
      for (let i = 0; i < m; i++) {
        z[za + i] =
          (z[za + i] as number) -
          c0 * (z[z0 + i] as number) -
          c1 * (z[z0 + blockRows + i] as number) -
          c2 * (z[z0 + 2 * blockRows + i] as number) -
          c3 * (z[z0 + 3 * blockRows + i] as number);
      }
    }
    for (; b < a; b++) {
      const c = r[b * rank + a] as number;
      const zb = b * blockRows;
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
    const za = a * blockRows;
    for (let i = 0; i < m; i++) weighted[i] = (leverage[i] as number) * (z[za + i] as number);
    const row = a * rank;
    let b = a;
    for (; b + 3 < rank; b += 4) {
      const z0 = b * blockRows;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < m; i++) {
        const w = weighted[i] as number;
        s0 += w * (z[z0 + i] as number);
        s1 += w * (z[z0 + blockRows + i] as number);
        s2 += w * (z[z0 + 2 * blockRows + i] as number);
        s3 += w * (z[z0 + 3 * blockRows + i] as number);
      }
      meat[row + b] = (meat[row + b] as number) + s0;
      meat[row + b + 1] = (meat[row + b + 1] as number) + s1;
      meat[row + b + 2] = (meat[row + b + 2] as number) + s2;
      meat[row + b + 3] = (meat[row + b + 3] as number) + s3;
    }
    for (; b < rank; b++) {
      const z0 = b * blockRows;
      let s0 = 0;
      for (let i = 0; i < m; i++) s0 += (weighted[i] as number) * (z[z0 + i] as number);
      meat[row + b] = (meat[row + b] as number) + s0;
    }
  }
}
