/**
 * Double-double arithmetic: a value is an unevaluated sum hi + lo of two doubles with
 * |lo| ≤ ulp(hi)/2, about 106 bits. Used for the residuals and Gram matrix of iterative
 * refinement, where the whole point is to compute b − A·x more accurately than x itself.
 * JavaScript has no fused multiply-add, so exact products use Dekker's splitting.
 *
 * Results of the two-component operations go to `dd` (hi at 0, lo at 1) to avoid
 * allocating in loops.
 */

/** 2^27 + 1: splits a double into two halves whose products are exact. */
const SPLITTER = 134217729;

/** Output of the two-component operations below: [hi, lo]. */
export const dd = new Float64Array(2);

/** The rounding error of a·b: a·b = fl(a·b) + twoProductError(a, b, fl(a·b)) exactly. */
export function twoProductError(a: number, b: number, product: number): number {
  const ca = SPLITTER * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLITTER * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return ah * bh - product + ah * bl + al * bh + al * bl;
}

/** The rounding error of a + b: a + b = fl(a + b) + twoSumError(a, b, fl(a + b)) exactly. */
export function twoSumError(a: number, b: number, sum: number): number {
  const bb = sum - a;
  return a - (sum - bb) + (b - bb);
}

/** dd ← (ah + al) + (bh + bl). */
export function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  const s = ah + bh;
  const e = twoSumError(ah, bh, s) + al + bl;
  const hi = s + e;
  dd[0] = hi;
  dd[1] = e - (hi - s);
}

/** dd ← (ah + al)·(bh + bl). */
export function ddMul(ah: number, al: number, bh: number, bl: number): void {
  const p = ah * bh;
  const e = twoProductError(ah, bh, p) + (ah * bl + al * bh);
  const hi = p + e;
  dd[0] = hi;
  dd[1] = e - (hi - p);
}

/** dd ← (ah + al)/(bh + bl). */
export function ddDiv(ah: number, al: number, bh: number, bl: number): void {
  const q1 = ah / bh;
  ddMul(q1, 0, bh, bl);
  ddAdd(ah, al, -(dd[0] as number), -(dd[1] as number));
  const q2 = (dd[0] as number) / bh;
  const hi = q1 + q2;
  dd[0] = hi;
  dd[1] = q2 - (hi - q1);
}

/** √w as a double-double (for WLS whitening weights). */
export function ddSqrt(w: number): void {
  const s = Math.sqrt(w);
  if (s === 0) {
    dd[0] = 0;
    dd[1] = 0;
    return;
  }
  const p = s * s;
  const e = twoProductError(s, s, p);
  // w − s² is exact in two steps: w − p by Sterbenz (p ≈ w), then − e.
  dd[0] = s;
  dd[1] = (w - p - e) / (2 * s);
}
