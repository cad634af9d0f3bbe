/**
 * The SIMD (WebAssembly) paths against their JavaScript counterparts and against values
 * known in closed form: singular values (svd.ts) and the robust covariance's meat
 * (residuals.ts). The fits themselves run the SIMD paths in every other test.
 */
import { describe, expect, it } from 'vitest';
import { denseDesignRows, problemRows } from '../../../src/numeric/designRows.js';
import { residualPass } from '../../../src/stats/residuals.js';
import { singularValues } from '../../../src/stats/svd.js';

function uniform(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647 - 0.5;
  };
}

/** A = H·diag(σ)·G with H, G Householder reflectors, so A's singular values are σ exactly. */
function withSingularValues(sigma: readonly number[], seed: number): Float64Array {
  const k = sigma.length;
  const u = uniform(seed);
  const reflector = (): Float64Array => {
    const v = Float64Array.from({ length: k }, u);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  const h = reflector();
  const g = reflector();
  const a = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      // (I − 2hhᵀ)·diag(σ)·(I − 2ggᵀ)
      let s = 0;
      for (let l = 0; l < k; l++) {
        const left = (i === l ? 1 : 0) - 2 * (h[i] as number) * (h[l] as number);
        const right = (l === j ? 1 : 0) - 2 * (g[l] as number) * (g[j] as number);
        s += left * (sigma[l] as number) * right;
      }
      a[i * k + j] = s;
    }
  }
  return a;
}

describe('singularValues', () => {
  it('recovers known singular values, including a tiny one, with either kernel', () => {
    const sigma = Array.from({ length: 21 }, (_, i) => 2 ** (10 - i)).concat([3e-9]);
    const a = withSingularValues(sigma, 11);
    const expected = [...sigma].sort((x, y) => y - x);
    for (const kernel of ['js', 'simd'] as const) {
      const values = singularValues(a, sigma.length, kernel);
      values.forEach((v, i) => {
        // relative accuracy for the large ones; ε·σ_max absolute for the smallest (A is rounded)
        expect(Math.abs(v - (expected[i] as number))).toBeLessThan(1e-13 * (expected[i] as number) + 4e-16 * 1024);
      });
    }
  });
});

describe('residualPass robust meat', () => {
  it('is the same with the SIMD kernels as in JavaScript', () => {
    const n = 1001;
    const rank = 5;
    const u = uniform(5);
    const x = Float64Array.from({ length: n * rank }, u);
    const y = Float64Array.from({ length: n }, u);
    const weights = Float64Array.from({ length: n }, () => 1 + u());
    // any upper triangle with a healthy diagonal will do for the comparison
    const r = new Float64Array(rank * rank);
    for (let a = 0; a < rank; a++) for (let b = a; b < rank; b++) r[a * rank + b] = a === b ? 3 + a : u();
    const base = {
      n,
      rows: problemRows(denseDesignRows(x, null, n, rank), n, y, null, weights),
      lowParts: false,
      responseLowParts: false,
      kept: [0, 1, 2, 3, 4],
      coefficients: Float64Array.from([0.1, -0.2, 0.3, 0.05, 0.4]),
      residuals: null,
    };
    for (const type of ['HC0', 'HC2', 'HC3'] as const) {
      const robust = { type, r, columnScale: new Float64Array(rank).fill(0.5) };
      const simd = residualPass({ ...base, robust: { ...robust, kernel: 'simd' } }).meat as Float64Array;
      const js = residualPass({ ...base, robust: { ...robust, kernel: 'js' } }).meat as Float64Array;
      const scale = Math.max(...Array.from(js, Math.abs));
      js.forEach((v, i) => expect(Math.abs((simd[i] as number) - v)).toBeLessThan(1e-13 * scale));
    }
  });
});
