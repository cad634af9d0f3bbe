import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '../../../src/stats/symmetricEigen.js';

/** A deterministic pseudo-random stream (xorshift), so failures reproduce. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32 - 0.5;
  };
}

/** B·Bᵀ with B k × r: symmetric positive semidefinite of rank ≤ r. */
function gram(k: number, r: number, next: () => number): Float64Array {
  const b = Float64Array.from({ length: k * r }, next);
  const a = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let l = 0; l < r; l++) s += (b[i * r + l] as number) * (b[j * r + l] as number);
      a[i * k + j] = s;
    }
  }
  return a;
}

/** Asserts A·V = V·Λ and VᵀV = I to a few ulps of ‖A‖, and ascending eigenvalues. */
function expectDecomposition(a: Float64Array, k: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, k);
  let norm = 0;
  for (const x of a) norm = Math.max(norm, Math.abs(x));
  for (let i = 1; i < k; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
  for (let c = 0; c < k; c++) {
    for (let r = 0; r < k; r++) {
      let av = 0;
      for (let l = 0; l < k; l++) av += a[r * k + l]! * vectors[l * k + c]!;
      expect(Math.abs(av - values[c]! * vectors[r * k + c]!)).toBeLessThanOrEqual(
        100 * k * Number.EPSILON * Math.max(norm, 1e-300),
      );
    }
    for (let c2 = 0; c2 < k; c2++) {
      let dot = 0;
      for (let l = 0; l < k; l++) dot += vectors[l * k + c]! * vectors[l * k + c2]!;
      expect(Math.abs(dot - (c === c2 ? 1 : 0))).toBeLessThanOrEqual(100 * k * Number.EPSILON);
    }
  }
  return values;
}

describe('symmetricEigen (tred2/tql2)', () => {
  it('decomposes random symmetric matrices of several sizes', () => {
    const next = random(20261125);
    for (const k of [1, 2, 3, 7, 20, 60]) {
      const a = new Float64Array(k * k);
      for (let i = 0; i < k; i++) {
        for (let j = i; j < k; j++) a[i * k + j] = a[j * k + i] = next();
      }
      expectDecomposition(a, k);
    }
  });

  it('finds the zero eigenvalues of a rank-deficient covariance', () => {
    const next = random(7);
    const k = 12;
    const values = expectDecomposition(gram(k, 9, next), k);
    const largest = values[k - 1]!;
    // Three eigenvalues are 0 in exact arithmetic: rounding leaves them at ~ε·‖A‖.
    for (let i = 0; i < 3; i++) expect(Math.abs(values[i]!)).toBeLessThan(1e-13 * largest);
    expect(values[3]!).toBeGreaterThan(1e-6 * largest);
  });

  it('returns a diagonal matrix as it is, sorted, and the zero matrix as zeros', () => {
    expect(Array.from(symmetricEigen(Float64Array.from([3, 0, 0, 0, -1, 0, 0, 0, 2]), 3).values)).toEqual([-1, 2, 3]);
    const zero = symmetricEigen(new Float64Array(4), 2);
    expect(Array.from(zero.values)).toEqual([0, 0]);
    expectDecomposition(new Float64Array(4), 2);
  });

  it('agrees with the characteristic polynomial of a 2 × 2 matrix', () => {
    const [a, b, c] = [2, 1, 3];
    const mean = (a + c) / 2;
    const radius = Math.hypot((a - c) / 2, b);
    const { values } = symmetricEigen(Float64Array.from([a, b, b, c]), 2);
    expect(values[0]).toBeCloseTo(mean - radius, 14);
    expect(values[1]).toBeCloseTo(mean + radius, 14);
  });
});
