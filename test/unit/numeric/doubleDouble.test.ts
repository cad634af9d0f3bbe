import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DoubleDouble,
  ddAdd,
  ddAddSloppy,
  ddDiv,
  ddDivSloppy,
  ddMul,
  ddPowInt,
  ddSqrt,
  ddSqrtOfDouble,
  twoProduct,
  twoProductError,
  twoSum,
  twoSumError,
} from '../../../src/numeric/doubleDouble.js';

/** A double as an exact rational m · 2^e, with BigInt. */
function exact(x: number): { m: bigint; e: number } {
  if (x === 0) return { m: 0n, e: 0 };
  const buffer = new DataView(new ArrayBuffer(8));
  buffer.setFloat64(0, x);
  const bits = buffer.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const m = exponent === 0 ? fraction : fraction | (1n << 52n);
  return { m: sign * m, e: (exponent === 0 ? 1 : exponent) - 1075 };
}

/** Exact a + b for doubles, as m · 2^e. */
function exactSum(...xs: number[]): { m: bigint; e: number } {
  const parts = xs.map(exact);
  const e = Math.min(...parts.map((p) => p.e));
  return { m: parts.reduce((s, p) => s + (p.m << BigInt(p.e - e)), 0n), e };
}

function equalExact(a: { m: bigint; e: number }, b: { m: bigint; e: number }): boolean {
  const e = Math.min(a.e, b.e);
  return a.m << BigInt(a.e - e) === b.m << BigInt(b.e - e);
}

/** |dd − exact| / |exact| with BigInt, as a double. */
function relativeError(hi: number, lo: number, want: { m: bigint; e: number }): number {
  const got = exactSum(hi, lo);
  const e = Math.min(got.e, want.e);
  const diff = (got.m << BigInt(got.e - e)) - (want.m << BigInt(want.e - e));
  const ref = want.m << BigInt(want.e - e);
  if (ref === 0n) return diff === 0n ? 0 : Number.POSITIVE_INFINITY;
  const scale = 1n << 200n;
  return Math.abs(Number((diff * scale) / ref)) / Number(scale);
}

const finite = fc.double({ min: -1e150, max: 1e150, noNaN: true, noDefaultInfinity: true });

describe('double-double primitives', () => {
  it('twoSum is error-free', () => {
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        const r = twoSum(a, b, new DoubleDouble());
        expect(r.hi).toBe(a + b);
        expect(equalExact(exactSum(r.hi, r.lo), exactSum(a, b))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('twoProduct is error-free, including beyond the split threshold', () => {
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        const r = twoProduct(a, b, new DoubleDouble());
        expect(r.hi).toBe(a * b);
        const pa = exact(a);
        const pb = exact(b);
        const p = { m: pa.m * pb.m, e: pa.e + pb.e };
        // Products that underflow below 2^-968 lose bits to subnormals; those are out of scope.
        if (Math.abs(a * b) > 1e-290 || a === 0 || b === 0) expect(equalExact(exactSum(r.hi, r.lo), p)).toBe(true);
      }),
      { numRuns: 500 },
    );
    const big = twoProduct(3e300, 1.0000000000000002, new DoubleDouble());
    expect(
      equalExact(exactSum(big.hi, big.lo), {
        m: exact(3e300).m * exact(1.0000000000000002).m,
        e: exact(3e300).e + exact(1.0000000000000002).e,
      }),
    ).toBe(true);
  });

  it('adds, multiplies and divides to about 106 bits', () => {
    const r = new DoubleDouble();
    ddAdd(1, 1e-20, 1e-30, 0, r);
    expect(relativeError(r.hi, r.lo, exactSum(1, 1e-20, 1e-30))).toBeLessThan(1e-31);
    ddMul(1 / 3, 0, 3, 0, r);
    expect(r.hi).toBe(1);
    ddDiv(1, 0, 3, 0, r);
    // (hi + lo) * 3 should be 1 to ~1e-32.
    const back = ddMul(r.hi, r.lo, 3, 0, new DoubleDouble());
    expect(Math.abs(back.hi - 1 + back.lo)).toBeLessThan(1e-31);
    ddSqrt(2, 0, r);
    const square = ddMul(r.hi, r.lo, r.hi, r.lo, new DoubleDouble());
    expect(Math.abs(square.hi - 2 + square.lo)).toBeLessThan(1e-30);
  });

  it('raises to integer powers exactly to ~106 bits (BigInt reference)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 10, noNaN: true }).filter((v) => v === 0 || Math.abs(v) > 1e-20),
        fc.integer({ min: 0, max: 12 }),
        (x, k) => {
          const r = ddPowInt(x, 0, k, new DoubleDouble());
          const p = exact(x);
          const want = { m: p.m ** BigInt(k), e: p.e * k };
          if (x === 0 && k > 0) expect(r.hi).toBe(0);
          else expect(relativeError(r.hi, r.lo, want)).toBeLessThan(1e-30);
        },
      ),
      { numRuns: 300 },
    );
    const inverse = ddPowInt(3, 0, -2, new DoubleDouble());
    expect(Math.abs(inverse.hi - 1 / 9)).toBeLessThan(1e-17);
    expect(() => ddPowInt(2, 0, 0.5, new DoubleDouble())).toThrow(RangeError);
  });

  it('the error terms the refinement inlines are exact, also beyond 2^996 (where the split overflows)', () => {
    const huge = fc.double({ min: 2 ** 990, max: 2 ** 1010, noNaN: true });
    const small = fc.double({ min: -4, max: 4, noNaN: true }).filter((v) => v === 0 || Math.abs(v) > 1e-6);
    fc.assert(
      fc.property(fc.oneof(finite, huge), fc.oneof(finite, small), (a, b) => {
        const product = a * b;
        fc.pre(Number.isFinite(product));
        const pa = exact(a);
        const pb = exact(b);
        if (Math.abs(product) > 1e-290 || a === 0 || b === 0) {
          const error = twoProductError(a, b, product);
          expect(equalExact(exactSum(product, error), { m: pa.m * pb.m, e: pa.e + pb.e })).toBe(true);
        }
        const sum = a + b;
        if (Number.isFinite(sum)) expect(equalExact(exactSum(sum, twoSumError(a, b, sum)), exactSum(a, b))).toBe(true);
      }),
      { numRuns: 1000 },
    );
    // 2^1000·(1 + 2^-40) × 3: the split of the first operand overflows unless scaled.
    const a = 2 ** 1000 * (1 + 2 ** -40);
    expect(twoProductError(a, 3, a * 3)).toBe(0);
    const b = 2 ** 1000 * (1 + 2 ** -52);
    const c = 1 + 2 ** -52;
    const want = { m: exact(b).m * exact(c).m, e: exact(b).e + exact(c).e };
    expect(equalExact(exactSum(b * c, twoProductError(b, c, b * c)), want)).toBe(true);
  });

  it("QD's sloppy addition and division and √ of a double keep ~106 bits without cancellation", () => {
    const positive = fc.double({ min: 1e-100, max: 1e100, noNaN: true });
    const r = new DoubleDouble();
    fc.assert(
      fc.property(positive, positive, positive, (a, b, c) => {
        const alo = a * 2 ** -60;
        ddAddSloppy(a, alo, b, 0, r);
        expect(relativeError(r.hi, r.lo, exactSum(a, alo, b))).toBeLessThan(1e-30);
        ddDivSloppy(a, alo, c, 0, r);
        // (hi + lo)·c against a + alo, through the accurate multiplication.
        const back = ddMul(r.hi, r.lo, c, 0, new DoubleDouble());
        expect(Math.abs(ddAdd(back.hi, back.lo, -a, -alo, new DoubleDouble()).valueOf())).toBeLessThan(1e-30 * a);
        ddSqrtOfDouble(c, r);
        expect(r.hi).toBe(Math.sqrt(c));
        const square = ddMul(r.hi, r.lo, r.hi, r.lo, new DoubleDouble());
        expect(Math.abs(ddAdd(square.hi, square.lo, -c, 0, new DoubleDouble()).valueOf())).toBeLessThan(1e-31 * c);
      }),
      { numRuns: 300 },
    );
  });

  it('an overflowing product or quotient is infinite with a zero low part, never NaN', () => {
    const r = new DoubleDouble();
    for (const run of [
      () => ddMul(1e300, 1e283, 1e10, 0, r),
      () => ddDivSloppy(1e300, 0, 1e-10, 0, r),
      () => ddDiv(1, 0, 0, 0, r),
      () => twoProduct(1e200, 1e200, r),
    ]) {
      run();
      expect(r.hi).toBe(Number.POSITIVE_INFINITY);
      expect(r.lo).toBe(0);
    }
    expect(twoProductError(1e200, 1e200, 1e200 * 1e200)).toBe(0);
    ddSqrtOfDouble(Number.POSITIVE_INFINITY, r);
    expect([r.hi, r.lo]).toEqual([Number.POSITIVE_INFINITY, 0]);
  });
});
