import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../../src/data/errors.js';
import { JsonStreamParser, parseJson } from '../../../../src/data/json/index.js';

const encoder = new TextEncoder();

/** Splits `bytes` into chunks of the given sizes (cycled), 1 byte at least. */
function chunked(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const size = Math.max(1, sizes.length === 0 ? bytes.length : sizes[k % sizes.length]!);
    chunks.push(bytes.subarray(i, i + size));
    i += size;
  }
  return chunks;
}

function parseChunks(chunks: readonly Uint8Array[]): unknown {
  const parser = new JsonStreamParser();
  for (const chunk of chunks) parser.write(chunk);
  return parser.end();
}

/** JSON texts in several layouts: compact, indented, with CRLF and tabs. */
const jsonTexts = fc
  .tuple(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom('compact', 'indented', 'crlf'))
  .map(([value, layout]) => {
    if (layout === 'compact') return JSON.stringify(value);
    const indented = JSON.stringify(value, null, layout === 'crlf' ? '\t' : 2);
    return layout === 'crlf' ? indented.replaceAll('\n', '\r\n') : indented;
  });

const chunkSizes = fc.oneof(fc.constant([1]), fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 8 }));

/** Expects `actual` to be `expected` down to key order, -0 and prototypes. */
function expectSameValue(actual: unknown, expected: unknown): void {
  expect(actual).toStrictEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

describe('parseJson against JSON.parse', () => {
  it('parses random JSON values exactly as JSON.parse, in random chunks', () => {
    fc.assert(
      fc.property(jsonTexts, chunkSizes, (text, sizes) => {
        const expected = JSON.parse(text) as unknown;
        expectSameValue(parseJson(text), expected);
        expectSameValue(parseChunks(chunked(encoder.encode(text), sizes)), expected);
      }),
      { numRuns: 400 },
    );
  });

  it('parses random full-Unicode strings and keys as JSON.parse, one byte at a time', () => {
    const strings = fc.string({ unit: 'binary', maxLength: 12 });
    fc.assert(
      fc.property(fc.dictionary(strings, strings, { maxKeys: 4 }), (value) => {
        // JSON.stringify escapes lone surrogates, so the text is valid UTF-8 either way.
        const text = JSON.stringify(value);
        expectSameValue(parseChunks(chunked(encoder.encode(text), [1])), JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what JSON.parse refuses, and only with a DataError', () => {
    const pieces = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"',
      '\\',
      'a',
      '1',
      '-',
      '.',
      'e',
      'true',
      'nul',
      ' ',
      '\n',
      '"k"',
      '0',
      'é',
      '\u0001',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), chunkSizes, (parts, sizes) => {
        const text = parts.join('');
        let expected: unknown;
        let valid = true;
        try {
          expected = JSON.parse(text);
        } catch {
          valid = false;
        }
        let actual: unknown;
        try {
          actual = parseChunks(chunked(encoder.encode(text), sizes));
        } catch (error) {
          expect(error).toBeInstanceOf(DataError);
          expect(valid, `JSON.parse accepts ${JSON.stringify(text)}`).toBe(false);
          return;
        }
        expect(valid, `JSON.parse refuses ${JSON.stringify(text)}`).toBe(true);
        expectSameValue(actual, expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('throws nothing but DataError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), chunkSizes, (bytes, sizes) => {
        try {
          parseChunks(chunked(bytes, sizes));
        } catch (error) {
          expect(error).toBeInstanceOf(DataError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads numbers exactly as Number() in every notation, cut anywhere', () => {
    const notations = fc
      .tuple(fc.double({ noNaN: true }), fc.integer({ min: 0, max: 20 }))
      .chain(([x, k]) =>
        fc.constantFrom(String(x), x.toExponential(k), x.toFixed(Math.min(k, 100)), x.toPrecision(Math.max(1, k))),
      );
    const longDigits = fc
      .tuple(
        fc.boolean(),
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 40 }),
        fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 40 }),
        fc.integer({ min: -400, max: 400 }),
      )
      .map(([negative, whole, fraction, exponent]) => {
        const integer = whole.replace(/^0+(?=\d)/, '');
        return `${negative ? '-' : ''}${integer}${fraction ? `.${fraction}` : ''}e${exponent}`;
      });
    fc.assert(
      fc.property(fc.oneof(notations, longDigits), chunkSizes, (text, sizes) => {
        fc.pre(/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text));
        const expected = Number(text);
        expect(parseJson(text)).toBe(expected);
        expect(parseChunks(chunked(encoder.encode(`[${text}]`), sizes))).toEqual([expected]);
      }),
      { numRuns: 3000 },
    );
  });
});
