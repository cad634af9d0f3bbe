import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digitsToDouble } from '../../../../src/data/json/decimal.js';

/** Splits a plain numeral (digits, optional point, optional exponent) and converts it. */
function convert(text: string): number {
  const bytes = new TextEncoder().encode(text);
  let i = 0;
  const intStart = i;
  while (i < bytes.length && bytes[i]! >= 0x30 && bytes[i]! <= 0x39) i++;
  const intEnd = i;
  let fracStart = i;
  let fracEnd = i;
  if (bytes[i] === 0x2e) {
    fracStart = ++i;
    while (i < bytes.length && bytes[i]! >= 0x30 && bytes[i]! <= 0x39) i++;
    fracEnd = i;
  }
  const exponent = i < bytes.length ? Number(text.slice(i + 1)) : 0;
  return digitsToDouble(bytes, intStart, intEnd, fracStart, fracEnd, exponent);
}

/** What a scanner does: the fast answer, or Number() when it is unsure. */
function parse(text: string): number {
  const fast = convert(text);
  return Number.isNaN(fast) ? Number(text) : fast;
}

describe('digitsToDouble', () => {
  it('converts short numerals on the exact fast path', () => {
    expect(convert('0')).toBe(0);
    expect(convert('123')).toBe(123);
    expect(convert('1.5')).toBe(1.5);
    expect(convert('0.001')).toBe(0.001);
    expect(convert('12e3')).toBe(12000);
    expect(convert('1e30')).toBe(1e30); // Clinger: 10^8 exactly, then times 10^22
  });

  it('converts 16 and 17 significant digits without falling back', () => {
    expect(convert('7.661682190714796')).toBe(7.661682190714796);
    expect(convert('0.07172716910545773')).toBe(0.07172716910545773);
    expect(convert('9007199254740994')).toBe(9007199254740994);
    expect(convert('9007199254740993')).toBeNaN(); // exactly halfway: Number() decides
    expect(convert('1.2345678901234567')).toBe(1.2345678901234567);
    expect(convert('12345678901234567')).toBeNaN(); // exactly halfway between two doubles
    expect(convert('1.0000000000000000000000e1')).toBe(10); // zeros past the 17th digit only scale
  });

  it('asks for a fallback beyond 17 significant digits or the exact powers of ten', () => {
    expect(convert('123456789012345678')).toBeNaN();
    expect(convert('1.2345678901234567e-30')).toBeNaN();
  });

  it('rounds random doubles printed every way exactly as Number()', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true, min: 0 }),
        fc.integer({ min: 0, max: 20 }),
        (x, k) => {
          for (const text of [String(x), x.toExponential(k), x.toFixed(Math.min(k, 100))]) {
            if (!/^[0-9]/.test(text)) continue;
            expect(parse(text)).toBe(Number(text));
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('rounds long digit strings and halfway cases exactly as Number()', () => {
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(digits, digits, fc.integer({ min: -30, max: 30 }), (whole, fraction, exponent) => {
        const text = `${whole}.${fraction}e${exponent}`;
        expect(parse(text)).toBe(Number(text));
      }),
      { numRuns: 3000 },
    );
    // 2^53 + 1 and neighbours sit exactly halfway between doubles.
    for (const text of ['9007199254740993', '9007199254740995', '9007199254740993.0000000001', '4503599627370496.5']) {
      expect(parse(text)).toBe(Number(text));
    }
  });

  it('rounds random doubles in (0, 10) printed with 17 digits on the fast path', () => {
    let fallbacks = 0;
    for (let i = 0; i < 20000; i++) {
      const text = String(Math.random() * 10);
      const fast = convert(text);
      if (Number.isNaN(fast)) fallbacks++;
      else expect(fast).toBe(Number(text));
    }
    expect(fallbacks).toBeLessThan(20);
  });
});
