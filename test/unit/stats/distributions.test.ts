/**
 * Accuracy of our distribution functions against mpmath references
 * (test/fixtures/distributions/reference.json, made by
 * scripts/accuracy/make_distribution_reference.py at 60 digits, confirmed at 110).
 *
 * Bounds: 1e-12 relative wherever the value is ≥ 1e-100, and a documented looser bound in
 * the far tails, where the value's own sensitivity to its argument (d log p / d log x of
 * several hundred) turns the unavoidable rounding of x²/ν or x/2 into ~1e-13–1e-12.
 * Measured maxima are printed and recorded in docs/accuracy.md.
 */
import { describe, expect, it } from 'vitest';
import {
  chiSquareSf,
  fSf,
  normalCdf,
  normalQuantile,
  normalSf,
  studentTCdf,
  studentTQuantile,
  studentTSf,
  studentTTwoSidedP,
} from '../../../src/stats/distributions.js';
import { distributionReference, relativeError } from './referenceData.js';

const reference = distributionReference();

interface Measured {
  readonly worst: number;
  readonly worstFarTail: number;
  readonly at: string;
}

/** Max relative error, split at 1e-100 in the reference value. */
function measure<T>(
  rows: readonly T[],
  evaluate: (row: T) => [actual: number, expected: number],
  label: (row: T) => string,
): Measured {
  let worst = 0;
  let worstFarTail = 0;
  let at = '';
  for (const row of rows) {
    const [actual, expected] = evaluate(row);
    const error = relativeError(actual, expected);
    if (!(error <= Math.max(worst, worstFarTail))) {
      at = `${label(row)}: ${actual} vs ${expected}`;
    }
    if (Math.abs(expected) >= 1e-100 || expected === 0) {
      worst = Number.isNaN(error) ? Infinity : Math.max(worst, error);
    } else {
      worstFarTail = Number.isNaN(error) ? Infinity : Math.max(worstFarTail, error);
    }
  }
  console.log(`${worst.toExponential(2)} (≥1e-100)  ${worstFarTail.toExponential(2)} (<1e-100)  worst at ${at}`);
  return { worst, worstFarTail, at };
}

describe('distributions', () => {
  it('normal CDF and survival function are accurate to 1e-14 down to 1e-300', () => {
    const sf = measure(
      reference.normal,
      (r) => [normalSf(r.z), r.sf],
      (r) => `z=${r.z}`,
    );
    const cdf = measure(
      reference.normal,
      (r) => [normalCdf(r.z), r.cdf],
      (r) => `z=${r.z}`,
    );
    expect(Math.max(sf.worst, sf.worstFarTail, cdf.worst, cdf.worstFarTail)).toBeLessThan(1e-14);
  });

  it('normal quantile is accurate to 1e-14 from p = 1e-300 to 1 − 1e-10', () => {
    const q = measure(
      reference.normalPpf,
      (r) => [normalQuantile(r.p), r.z],
      (r) => `p=${r.p}`,
    );
    expect(q.worst).toBeLessThan(1e-14);
  });

  it('Student t survival function and CDF are accurate for 1 to 10^7 degrees of freedom', () => {
    const sf = measure(
      reference.studentT,
      (r) => [studentTSf(r.t, r.df), r.sf],
      (r) => `df=${r.df} t=${r.t}`,
    );
    const cdf = measure(
      reference.studentT,
      (r) => [studentTCdf(r.t, r.df), r.cdf],
      (r) => `df=${r.df} t=${r.t}`,
    );
    const lower = measure(
      reference.studentT,
      (r) => [studentTCdf(-r.t, r.df), r.sf],
      (r) => `df=${r.df} t=${-r.t}`,
    );
    const twoSided = measure(
      reference.studentT.filter((r) => r.sf < 0.5),
      (r) => [studentTTwoSidedP(r.t, r.df), 2 * r.sf],
      (r) => `df=${r.df} t=${r.t}`,
    );
    expect(Math.max(sf.worst, cdf.worst, lower.worst, twoSided.worst)).toBeLessThan(1e-13);
    expect(Math.max(sf.worstFarTail, lower.worstFarTail, twoSided.worstFarTail)).toBeLessThan(3e-13);
  });

  it('keeps t p-values down to 1e-300 instead of collapsing to 0', () => {
    const tiny = reference.studentT.filter((r) => r.sf < 1e-290);
    expect(tiny.length).toBeGreaterThan(10);
    for (const r of tiny) {
      expect(studentTTwoSidedP(r.t, r.df)).toBeGreaterThan(0);
    }
  });

  it('Student t quantile is accurate to 1e-13 for p from 1e-300 to 1 − 5e-7', () => {
    const q = measure(
      reference.studentTPpf,
      (r) => [studentTQuantile(r.p, r.df), r.t],
      (r) => `df=${r.df} p=${r.p}`,
    );
    expect(q.worst).toBeLessThan(1e-13);
  });

  it('F survival function is accurate to 1e-12 above 1e-100 and 5e-12 beyond', () => {
    const sf = measure(
      reference.fSf,
      (r) => [fSf(r.x, r.d1, r.d2), r.sf],
      (r) => `F(${r.d1},${r.d2}) x=${r.x}`,
    );
    expect(sf.worst).toBeLessThan(1e-12);
    expect(sf.worstFarTail).toBeLessThan(5e-12);
  });

  it('chi-square survival function is accurate to 1e-12', () => {
    const sf = measure(
      reference.chi2Sf,
      (r) => [chiSquareSf(r.x, r.k), r.sf],
      (r) => `chi2(${r.k}) x=${r.x}`,
    );
    expect(Math.max(sf.worst, sf.worstFarTail)).toBeLessThan(1e-12);
  });

  it('rejects non-positive degrees of freedom', () => {
    expect(() => studentTSf(1, 0)).toThrow(RangeError);
    expect(() => fSf(1, 1, -2)).toThrow(RangeError);
  });
});
