/**
 * Loaders for the checked-in reference fixtures used by the stats tests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** Parse a JSON fixture under test/fixtures. */
export function readFixture<T>(relativePath: string): T {
  return JSON.parse(readFileSync(fixtures + relativePath, 'utf8')) as T;
}

/** mpmath reference values written by scripts/accuracy/make_distribution_reference.py. */
export interface DistributionReference {
  readonly normal: readonly { z: number; sf: number; cdf: number }[];
  readonly normalPpf: readonly { p: number; z: number }[];
  readonly studentT: readonly { df: number; t: number; sf: number; cdf: number }[];
  readonly studentTPpf: readonly { df: number; p: number; t: number }[];
  readonly fSf: readonly { d1: number; d2: number; x: number; sf: number }[];
  readonly chi2Sf: readonly { k: number; x: number; sf: number }[];
}

/** The distribution reference fixture. */
export function distributionReference(): DistributionReference {
  return readFixture<DistributionReference>('distributions/reference.json');
}

/** |a − b| / |b|, or |a − b| when b is 0. */
export function relativeError(actual: number, expected: number): number {
  if (actual === expected) {
    return 0;
  }
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}
