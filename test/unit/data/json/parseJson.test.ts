import { describe, expect, it } from 'vitest';
import { DataError } from '../../../../src/data/errors.js';
import { Readable } from 'node:stream';
import { JsonStreamParser, JsonSyntaxError, parseJson, parseJsonStream } from '../../../../src/data/json/index.js';
import { captureError } from '../support.js';

const encoder = new TextEncoder();

/** Parses `text` written in chunks of `size` bytes. */
function parseInChunks(text: string | Uint8Array, size: number): unknown {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  const parser = new JsonStreamParser();
  for (let i = 0; i < bytes.length; i += size) parser.write(bytes.subarray(i, i + size));
  return parser.end();
}

const SAMPLE =
  '{"a": [1, -2.5e-3, 1E+2, 0, -0, 123456789012345678901234567890, 0.1],\r\n' +
  ' "s": "caf\u00e9 \\u00e9\\ud83d\\ude00 \u{1F600} \\"q\\" \\\\ \\/ \\b\\f\\n\\r\\t",\n' +
  '\t"t": true, "f": false, "n": null, "o": {"": {}}, "e": [], "1e999": 1e999}';

describe('parseJson', () => {
  it('builds what JSON.parse builds', () => {
    expect(parseJson(SAMPLE)).toStrictEqual(JSON.parse(SAMPLE));
    for (const text of ['0', '-0', '"x"', 'true', 'null', '[]', '{}', ' [ 1 , [ [ ] ] ] ', '1e999', '-1e999']) {
      expect(parseJson(text)).toStrictEqual(JSON.parse(text));
    }
  });

  it('parses the same whatever the chunk boundaries, inside tokens and UTF-8 sequences', () => {
    const expected = JSON.parse(SAMPLE);
    const bytes = encoder.encode(SAMPLE);
    for (let size = 1; size <= 12; size++) expect(parseInChunks(bytes, size)).toStrictEqual(expected);
    // Every split point, in two chunks.
    for (let cut = 0; cut <= bytes.length; cut++) {
      const parser = new JsonStreamParser();
      parser.write(bytes.subarray(0, cut));
      parser.write(bytes.subarray(cut));
      expect(parser.end()).toStrictEqual(expected);
    }
  });

  it('keeps the last of repeated keys, in the position of the first, as JSON.parse does', () => {
    const text = '{"b": 1, "a": 2, "b": 3, "2": 4, "1": 5}';
    const parsed = parseJson(text) as Record<string, unknown>;
    expect(parsed).toStrictEqual(JSON.parse(text));
    expect(Object.keys(parsed)).toEqual(Object.keys(JSON.parse(text) as object));
  });

  it('makes "__proto__" an own property, not the prototype, as JSON.parse does', () => {
    const text = '{"__proto__": {"polluted": 1}, "a": {"__proto__": []}}';
    const parsed = parseJson(text) as Record<string, unknown>;
    const reference = JSON.parse(text) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')).toEqual(
      Object.getOwnPropertyDescriptor(reference, '__proto__'),
    );
    expect(Object.keys(parsed)).toEqual(Object.keys(reference));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Array.isArray((parsed.a as Record<string, unknown>)['__proto__'])).toBe(true);
  });

  it('keeps lone surrogate escapes and replaces invalid UTF-8 bytes with U+FFFD', () => {
    expect(parseJson('"\\ud800x\\udc00"')).toBe(JSON.parse('"\\ud800x\\udc00"'));
    const invalid = new Uint8Array([0x22, 0x61, 0xff, 0xc3, 0x22]);
    expect(parseJson(invalid)).toBe(new TextDecoder().decode(invalid.subarray(1, 4)));
  });

  it('skips a leading byte order mark, even split across chunks', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode('[1]')]);
    expect(parseJson(bytes)).toEqual([1]);
    expect(parseInChunks(bytes, 1)).toEqual([1]);
    expect(() => parseJson(new Uint8Array([0x20, 0xef, 0xbb, 0xbf, 0x31]))).toThrow(JsonSyntaxError);
  });

  it('reports the byte offset, line and column of a syntax error and what was expected', () => {
    const error = captureError(() => parseJson('{\n  "a": 1,\n  "b" 2\n}'));
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ reason: 'MALFORMED_JSON', position: { offset: 18, line: 3, column: 7 } });
    expect(error.message).toBe(
      "malformed JSON at line 3, column 7 (byte 18): expected ':' after the property name, found '2'",
    );
  });

  it.each([
    ['', 'expected a value, found the end of the input'],
    ['[1,]', "expected a value, found ']'"],
    ['[1 2]', "expected ',' or ']' after an array element, found '2'"],
    ['{"a":1,}', "expected a property name in double quotes, found '}'"],
    ["{'a':1}", `expected a property name in double quotes or '}', found "'"`],
    ['{"a":1', "expected ',' or '}' after a property value, found the end of the input"],
    ['[01]', 'numbers may not have leading zeros'],
    ['1.', "expected a digit after '.', found the end of the input"],
    ['-', "expected a digit after '-', found the end of the input"],
    ['1e+', 'expected a digit in the exponent, found the end of the input'],
    ['nul', "expected 'null', found the end of the input"],
    ['trUe', "expected 'true', found 'U'"],
    ['"abc', "expected a closing '\"' to end the string, found the end of the input"],
    [
      '"a\nb"',
      'expected a string character (control characters must be escaped, e.g. \\n), found the control character U+000A',
    ],
    ['"\\x"', "expected an escape character (one of \" \\ / b f n r t u) after '\\', found 'x'"],
    ['"\\u12g4"', "expected a hex digit (four follow \\u), found 'g'"],
    ['[1] x', "expected the end of the input after the JSON value, found 'x'"],
    ['NaN', "expected a value, found 'N'"],
    ['\u0001', 'expected a value, found the control character U+0001'],
  ])('refuses %j', (text, description) => {
    const error = captureError(() => parseJson(text));
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect(error.message).toContain(description);
  });

  it('names the byte after a token cut by a chunk boundary', () => {
    const parser = new JsonStreamParser();
    parser.write(encoder.encode('[1.'));
    const error = captureError(() => parser.write(encoder.encode('x]')));
    expect(error.message).toBe("malformed JSON at line 1, column 4 (byte 3): expected a digit after '.', found 'x'");
  });

  it('refuses nesting beyond the limit with an error, not a stack overflow', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const error = captureError(() => parseJson(deep));
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect(error.message).toContain('nest deeper than 64 levels');
    expect(parseJson('['.repeat(64) + ']'.repeat(64))).toBeDefined();
    expect(() => parseJson('[[1]]', { maxDepth: 1 })).toThrow(/deeper than 1 levels/);
  });

  it('keeps failing after an error, and refuses input after the end', () => {
    const parser = new JsonStreamParser();
    expect(() => parser.write(encoder.encode('[x'))).toThrow(JsonSyntaxError);
    expect(() => parser.write(encoder.encode(']'))).toThrow(JsonSyntaxError);
    const done = new JsonStreamParser();
    done.write(encoder.encode('1'));
    expect(done.end()).toBe(1);
    expect(() => done.end()).toThrow(/already ended/);
  });

  it('parses long strings and numbers written a byte at a time (carried tokens grow linearly)', () => {
    const long = `["${'x'.repeat(200_000)}", ${'1'.repeat(100_000)}]`;
    expect(parseInChunks(long, 1)).toStrictEqual(JSON.parse(long));
  });

  it('parses a stream of chunks, such as a Node request', async () => {
    const bytes = encoder.encode(SAMPLE);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 5) }, (_, k) =>
      Buffer.from(bytes.subarray(k * 5, k * 5 + 5)),
    );
    expect(await parseJsonStream(Readable.from(chunks))).toStrictEqual(JSON.parse(SAMPLE));
    await expect(parseJsonStream(Readable.from([Buffer.from('[1,')]))).rejects.toThrow(JsonSyntaxError);
  });
});
