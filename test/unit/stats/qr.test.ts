/**
 * The block Householder QR: R·Rᵀ-level agreement with the normal equations, Q orthogonal
 * (applyQ inverts applyQTranspose), and the SIMD kernels against the plain JavaScript ones.
 */
import { describe, expect, it } from 'vitest';
import { applyQ, applyQTranspose, type ChunkFiller, tsqr } from '../../../src/stats/qr.js';

function randomDesign(n: number, p: number, seed: number): Float64Array {
  const x = new Float64Array(n * p);
  let s = seed;
  for (let i = 0; i < x.length; i++) {
    s = (s * 16807) % 2147483647;
    x[i] = s / 2147483647 - 0.5;
  }
  return x;
}

function filler(x: Float64Array, n: number, columns: number): ChunkFiller {
  return (start, count, out, stride) => {
    for (let j = 0; j < columns; j++) out.set(x.subarray(j * n + start, j * n + start + count), j * stride);
  };
}

describe('tsqr', () => {
  const n = 1037; // several blocks and an odd last block
  const p = 7;
  const x = randomDesign(n, p + 1, 7);

  it('gives R with RᵀR = XᵀX', () => {
    const f = tsqr(filler(x, n, p + 1), { rows: n, columns: p, extraColumns: 1, keepReflectors: false });
    const total = p + 1;
    for (let a = 0; a < total; a++) {
      for (let b = a; b < total; b++) {
        let gram = 0;
        for (let i = 0; i < n; i++) gram += (x[a * n + i] as number) * (x[b * n + i] as number);
        let rr = 0;
        for (let k = 0; k <= Math.min(a, b, p - 1); k++)
          rr += (f.r[k * total + a] as number) * (f.r[k * total + b] as number);
        if (a === p && b === p) rr += f.remainderSquares[0] as number; // ‖y‖² = ‖Qᵀy top‖² + remainder²
        expect(Math.abs(rr - gram)).toBeLessThan(1e-12 * n);
      }
    }
  });

  it('applies Q and Qᵀ as inverse orthogonal maps', () => {
    const f = tsqr(filler(x, n, p), { rows: n, columns: p, extraColumns: 0, keepReflectors: true });
    const v = randomDesign(n, 1, 3);
    const top = new Float64Array(p);
    const original = Float64Array.from(v);
    applyQTranspose(f, top, v);
    let norm = 0;
    for (const t of top) norm += t * t;
    for (const t of v) norm += t * t;
    let originalNorm = 0;
    for (const t of original) originalNorm += t * t;
    expect(Math.abs(norm - originalNorm)).toBeLessThan(1e-12 * originalNorm);
    applyQ(f, top, v);
    for (let i = 0; i < n; i++) expect(Math.abs((v[i] as number) - (original[i] as number))).toBeLessThan(1e-14);
    for (const t of top) expect(Math.abs(t)).toBeLessThan(1e-14);
  });

  it('gets the same R from the SIMD kernels as from plain JavaScript', () => {
    const simd = tsqr(filler(x, n, p + 1), {
      rows: n,
      columns: p,
      extraColumns: 1,
      keepReflectors: true,
      kernel: 'simd',
    });
    const js = tsqr(filler(x, n, p + 1), { rows: n, columns: p, extraColumns: 1, keepReflectors: true, kernel: 'js' });
    const scale = Math.max(...Array.from(js.r, Math.abs));
    simd.r.forEach((v, i) => expect(Math.abs(v - (js.r[i] as number))).toBeLessThan(1e-14 * scale));
    expect(Math.abs((simd.remainderSquares[0] as number) - (js.remainderSquares[0] as number))).toBeLessThan(1e-12);
  });
});
