import { DoubleDouble, ddAdd, ddDiv, ddMul, ddSqrt } from '../numeric/doubleDouble.js';
import type { NumericVector } from './values.js';

/**
 * Stateful transforms (patsy's `center`, `standardize` and its alias `scale`): they learn
 * statistics from the training data and apply the same statistics to new data. The state is
 * plain JSON, stored in the design spec; double-double values are `[hi, lo]` pairs.
 */
export type TransformState =
  | { readonly transform: 'center'; readonly count: number; readonly mean: readonly [number, number] }
  | {
      readonly transform: 'standardize';
      readonly count: number;
      readonly mean: readonly [number, number];
      /** Sum of squared deviations from the mean (Welford's M2). */
      readonly m2: readonly [number, number];
    };

/** The name of a stateful transform. */
export type TransformName = TransformState['transform'];

/** `standardize`'s options, as patsy's signature `standardize(x, center=True, rescale=True, ddof=0)`. */
export interface StandardizeOptions {
  readonly center: boolean;
  readonly rescale: boolean;
  readonly ddof: number;
}

const reg = new DoubleDouble();

/**
 * Learns the statistics of `x` over the rows where it is not missing. patsy memorizes over
 * every row of the data frame, including rows later dropped because another variable is
 * missing there, and so do we; a missing value of `x` itself (which would make patsy's mean
 * NaN) is skipped. Computed in double-double, so the mean is exact to ~106 bits (patsy
 * accumulates in long double).
 */
export function learnTransform(transform: TransformName, x: NumericVector): TransformState {
  const learner = new TransformLearner(transform);
  for (;;) {
    learner.add(x);
    const state = learner.endPass();
    if (state !== null) return state;
  }
}

/**
 * The statistics of a transform learnt from its input seen in pieces, in order, over one pass
 * (`center`) or two (`standardize`: the mean, then the squared deviations from it), so that a
 * table read in chunks learns exactly what the whole table would: the same sums in the same order.
 */
export class TransformLearner {
  private count = 0;
  private sHi = 0;
  private sLo = 0;
  private mean: [number, number] | null = null;

  constructor(readonly transform: TransformName) {}

  /** Adds the next rows of the input. */
  add(x: NumericVector): void {
    const { hi, lo } = x;
    if (this.mean === null) {
      let { count, sHi, sLo } = this;
      for (let i = 0; i < hi.length; i++) {
        const v = hi[i]!;
        if (Number.isNaN(v)) continue;
        count += 1;
        ddAdd(sHi, sLo, v, lo ? lo[i]! : 0, reg);
        sHi = reg.hi;
        sLo = reg.lo;
      }
      this.count = count;
      this.sHi = sHi;
      this.sLo = sLo;
      return;
    }
    const [meanHi, meanLo] = this.mean;
    let mHi = this.sHi;
    let mLo = this.sLo;
    for (let i = 0; i < hi.length; i++) {
      const v = hi[i]!;
      if (Number.isNaN(v)) continue;
      ddAdd(v, lo ? lo[i]! : 0, -meanHi, -meanLo, reg);
      const dHi = reg.hi;
      const dLo = reg.lo;
      ddMul(dHi, dLo, dHi, dLo, reg);
      ddAdd(mHi, mLo, reg.hi, reg.lo, reg);
      mHi = reg.hi;
      mLo = reg.lo;
    }
    this.sHi = mHi;
    this.sLo = mLo;
  }

  /** Ends a pass over the input: the state once it is learnt, or null when another pass is needed. */
  endPass(): TransformState | null {
    const { transform, count } = this;
    if (this.mean !== null) return { transform, count, mean: this.mean, m2: [this.sHi, this.sLo] };
    if (count === 0)
      return {
        transform,
        count,
        mean: [Number.NaN, 0],
        ...(transform === 'standardize' ? { m2: [Number.NaN, 0] } : {}),
      } as TransformState;
    ddDiv(this.sHi, this.sLo, count, 0, reg);
    const mean: [number, number] = [reg.hi, reg.lo];
    if (transform === 'center') return { transform, count, mean };
    this.mean = mean;
    this.sHi = 0;
    this.sLo = 0;
    return null;
  }
}

/** The divisor `standardize` uses: sqrt(M2 / (n − ddof)), or null when it is not positive and finite. */
export function standardDeviation(
  state: Extract<TransformState, { transform: 'standardize' }>,
  ddof: number,
): [number, number] | null {
  const denominator = state.count - ddof;
  if (!(denominator > 0)) return null;
  ddDiv(state.m2[0], state.m2[1], denominator, 0, reg);
  ddSqrt(reg.hi, reg.lo, reg);
  if (!(reg.hi > 0) || !Number.isFinite(reg.hi)) return null;
  return [reg.hi, reg.lo];
}

/** Applies a learned transform to `x`, in double-double. */
export function applyTransform(state: TransformState, x: NumericVector, options: StandardizeOptions): NumericVector {
  const rows = x.hi.length;
  const hi = new Float64Array(rows);
  const lo = new Float64Array(rows);
  const center = state.transform === 'center' || options.center;
  const sd = state.transform === 'standardize' && options.rescale ? standardDeviation(state, options.ddof) : null;
  const [mHi, mLo] = state.mean;
  for (let i = 0; i < rows; i++) {
    let vHi = x.hi[i]!;
    let vLo = x.lo ? x.lo[i]! : 0;
    if (center) {
      ddAdd(vHi, vLo, -mHi, -mLo, reg);
      vHi = reg.hi;
      vLo = reg.lo;
    }
    if (sd) {
      ddDiv(vHi, vLo, sd[0], sd[1], reg);
      vHi = reg.hi;
      vLo = reg.lo;
    }
    hi[i] = vHi;
    lo[i] = Number.isFinite(vHi) ? vLo : 0;
  }
  return { kind: 'numeric', hi, lo, integer: false };
}
