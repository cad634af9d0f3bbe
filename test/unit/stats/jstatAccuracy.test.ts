/**
 * Measures jstat 1.9.6 (a project dependency) against the same mpmath references as
 * distributions.test.ts, to record why the stats module carries its own distribution
 * functions. Prints one line per function; the figures are copied into docs/accuracy.md.
 * Nothing here asserts jstat's accuracy (a jstat upgrade may change it); the test asserts
 * only that our replacement is at least as accurate on every family.
 *
 * jstat has no survival functions: F and chi-square upper tails can only be had as
 * 1 − CDF (they collapse to 0 below ~1e-16). For t and the normal we give jstat its best
 * case, CDF(−x), which needs no subtraction.
 */
import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import {
  chiSquareSf,
  fSf,
  normalQuantile,
  normalSf,
  studentTQuantile,
  studentTSf,
} from '../../../src/stats/distributions.js';
import { distributionReference, relativeError } from './referenceData.js';

const reference = distributionReference();

function worst<T>(rows: readonly T[], evaluate: (row: T) => [number, number]): number {
  let max = 0;
  for (const row of rows) {
    const [actual, expected] = evaluate(row);
    const error = relativeError(actual, expected);
    max = Number.isNaN(error) ? Infinity : Math.max(max, error);
  }
  return max;
}

interface Family {
  readonly name: string;
  readonly jstat: number;
  readonly ours: number;
}

function compare<T>(
  name: string,
  rows: readonly T[],
  jstat: (r: T) => number,
  ours: (r: T) => number,
  expected: (r: T) => number,
): Family {
  return {
    name,
    jstat: worst(rows, (r) => [jstat(r), expected(r)]),
    ours: worst(rows, (r) => [ours(r), expected(r)]),
  };
}

describe('jstat accuracy (measurement)', () => {
  it('is measured against mpmath, family by family, and our functions are never worse', () => {
    const central = <T extends { sf: number }>(rows: readonly T[]) => rows.filter((r) => r.sf >= 1e-15);
    const moderate = <T extends { sf: number }>(rows: readonly T[]) => rows.filter((r) => r.sf >= 1e-6);
    const families: Family[] = [
      compare(
        'normal sf, p >= 1e-6',
        moderate(reference.normal),
        (r) => jStat.normal.cdf(-r.z, 0, 1),
        (r) => normalSf(r.z),
        (r) => r.sf,
      ),
      compare(
        'normal sf, p >= 1e-15',
        central(reference.normal),
        (r) => jStat.normal.cdf(-r.z, 0, 1),
        (r) => normalSf(r.z),
        (r) => r.sf,
      ),
      compare(
        'normal sf, all (to 1e-300)',
        reference.normal,
        (r) => jStat.normal.cdf(-r.z, 0, 1),
        (r) => normalSf(r.z),
        (r) => r.sf,
      ),
      compare(
        'normal ppf',
        reference.normalPpf,
        (r) => jStat.normal.inv(r.p, 0, 1),
        (r) => normalQuantile(r.p),
        (r) => r.z,
      ),
      compare(
        't sf, p >= 1e-6',
        moderate(reference.studentT),
        (r) => jStat.studentt.cdf(-r.t, r.df),
        (r) => studentTSf(r.t, r.df),
        (r) => r.sf,
      ),
      compare(
        't sf, df <= 1000, p >= 1e-15',
        central(reference.studentT.filter((r) => r.df <= 1000)),
        (r) => jStat.studentt.cdf(-r.t, r.df),
        (r) => studentTSf(r.t, r.df),
        (r) => r.sf,
      ),
      compare(
        't sf, df > 1000, p >= 1e-15',
        central(reference.studentT.filter((r) => r.df > 1000)),
        (r) => jStat.studentt.cdf(-r.t, r.df),
        (r) => studentTSf(r.t, r.df),
        (r) => r.sf,
      ),
      compare(
        't sf, all (to 1e-300)',
        reference.studentT,
        (r) => jStat.studentt.cdf(-r.t, r.df),
        (r) => studentTSf(r.t, r.df),
        (r) => r.sf,
      ),
      compare(
        't ppf, p in [0.9, 0.9995]',
        reference.studentTPpf.filter((r) => r.p >= 0.9 && r.p <= 0.9995),
        (r) => jStat.studentt.inv(r.p, r.df),
        (r) => studentTQuantile(r.p, r.df),
        (r) => r.t,
      ),
      compare(
        't ppf, p in [1e-3, 1 - 5e-7]',
        reference.studentTPpf.filter((r) => r.p >= 1e-3),
        (r) => jStat.studentt.inv(r.p, r.df),
        (r) => studentTQuantile(r.p, r.df),
        (r) => r.t,
      ),
      compare(
        'F sf (1 - cdf), p >= 1e-6',
        moderate(reference.fSf),
        (r) => 1 - jStat.centralF.cdf(r.x, r.d1, r.d2),
        (r) => fSf(r.x, r.d1, r.d2),
        (r) => r.sf,
      ),
      compare(
        'F sf (1 - cdf), p >= 1e-15',
        central(reference.fSf),
        (r) => 1 - jStat.centralF.cdf(r.x, r.d1, r.d2),
        (r) => fSf(r.x, r.d1, r.d2),
        (r) => r.sf,
      ),
      compare(
        'F sf (1 - cdf), all',
        reference.fSf,
        (r) => 1 - jStat.centralF.cdf(r.x, r.d1, r.d2),
        (r) => fSf(r.x, r.d1, r.d2),
        (r) => r.sf,
      ),
      compare(
        'chi2 sf (1 - cdf), p >= 1e-6',
        moderate(reference.chi2Sf),
        (r) => 1 - jStat.chisquare.cdf(r.x, r.k),
        (r) => chiSquareSf(r.x, r.k),
        (r) => r.sf,
      ),
      compare(
        'chi2 sf (1 - cdf), p >= 1e-15',
        central(reference.chi2Sf),
        (r) => 1 - jStat.chisquare.cdf(r.x, r.k),
        (r) => chiSquareSf(r.x, r.k),
        (r) => r.sf,
      ),
    ];
    console.log(
      [
        'family | jstat max rel. error | ours',
        ...families.map((f) => `${f.name} | ${f.jstat.toExponential(2)} | ${f.ours.toExponential(2)}`),
      ].join('\n'),
    );
    for (const family of families) {
      expect(family.ours).toBeLessThanOrEqual(Math.max(family.jstat, 1e-15));
    }
  });
});
