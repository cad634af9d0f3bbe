import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CapturedText, JsonStreamParser, parseCsv, parseJson } from '../../../../src/data/index.js';
import { plainColumn } from '../support.js';

const isCsv = (path: readonly (string | number)[]) => path.length === 1 && path[0] === 'csv';
const encoder = new TextEncoder();

/** Parses `body` in chunks of `size` bytes (all at once when 0), `expectedBytes` told or not. */
function parseInChunks(body: Uint8Array, size: number, tellSize: boolean): unknown {
  const parser = new JsonStreamParser({ captureText: isCsv, ...(tellSize ? { expectedBytes: body.length } : {}) });
  if (size === 0) parser.write(body);
  else for (let at = 0; at < body.length; at += size) parser.write(body.slice(at, at + size));
  return parser.end();
}

/** The bytes a captured `csv` should hold: TextEncoder's for the string JSON.parse makes. */
function expectCaptured(body: Uint8Array): void {
  const expected = encoder.encode((JSON.parse(new TextDecoder().decode(body)) as { csv: string }).csv);
  for (const size of [0, 1, 7, 4096]) {
    for (const tellSize of [false, true]) {
      const value = parseInChunks(body, size, tellSize) as { csv: unknown };
      expect(value.csv).toBeInstanceOf(CapturedText);
      expect([...(value.csv as CapturedText).bytes], `chunks of ${size}, size ${tellSize ? '' : 'not '}told`).toEqual([
        ...expected,
      ]);
    }
  }
}

describe('captureText', () => {
  it('keeps the chosen string as the UTF-8 bytes of what JSON.parse gives, escapes decoded', () => {
    const text = 'x,g\n1.5,"a ""b"""\r\n2,\t/\\\b\f\u0041\u00e9\u20ac\ud83d\ude00';
    expectCaptured(encoder.encode(JSON.stringify({ formula: 'y ~ x', csv: text })));
    // A long text (unescaped in one pass) with a line end per row.
    const long = ['x,y', ...Array.from({ length: 3000 }, (_, i) => `${i * 0.5},${i}`)].join('\n');
    expectCaptured(encoder.encode(JSON.stringify({ csv: long, formula: 'y ~ x' })));
  });

  it('unescapes a long streamed text in place, non-ASCII and surrogate escapes after plain ones', () => {
    const line = 'x,1.25,"a\\"b"\n';
    const text = `${line.repeat(6000)}é€😀\ud800|\udc00|${line.repeat(10)}`;
    const body = encoder.encode(JSON.stringify({ csv: text }));
    expect(body.length).toBeGreaterThan(1 << 16);
    const expected = encoder.encode(text);
    for (const size of [1000, 65536]) {
      const parser = new JsonStreamParser({ captureText: isCsv, expectedBytes: body.length });
      for (let at = 0; at < body.length; at += size) parser.write(body.slice(at, at + size));
      const captured = (parser.end() as { csv: CapturedText }).csv;
      expect(Buffer.from(captured.bytes).equals(Buffer.from(expected)), `chunks of ${size}`).toBe(true);
    }
  });

  it('never writes to the caller’s input, a Node Buffer included (whose slice is a view)', () => {
    const text = `${'x,"a\\"b"\n'.repeat(9000)}end`;
    const original = Buffer.from(JSON.stringify({ csv: text }), 'utf8');
    for (const size of [0, 100, 70_000]) {
      const input = Buffer.from(original);
      const parser = new JsonStreamParser({ captureText: isCsv, expectedBytes: input.length });
      if (size === 0) parser.write(input);
      else for (let at = 0; at < input.length; at += size) parser.write(input.subarray(at, at + size));
      parser.end();
      expect(input.equals(original), `chunks of ${size}`).toBe(true);
      expect((parseJson(input) as { csv: string }).csv).toBe(text);
    }
  });

  it('settles lone surrogates and invalid UTF-8 as the string path does (U+FFFD)', () => {
    expectCaptured(encoder.encode('{"csv":"a\\ud800b\\udc00c"}'));
    const invalid = Uint8Array.from([...encoder.encode('{"csv":"a'), 0xc3, 0x28, 0xff, ...encoder.encode('\\nb"}')]);
    expectCaptured(invalid);
  });

  it('captures only where asked: other strings stay strings', () => {
    const value = parseJson(encoder.encode('{"csv":"a","other":"b","nested":{"csv":"c"},"list":["d"]}'), {
      captureText: isCsv,
    }) as Record<string, unknown>;
    expect(value.csv).toBeInstanceOf(CapturedText);
    expect(value.other).toBe('b');
    expect(value.nested).toEqual({ csv: 'c' });
    expect(value.list).toEqual(['d']);
    expect(JSON.stringify(value)).toBe('{"csv":"a","other":"b","nested":{"csv":"c"},"list":["d"]}');
  });

  it('reports a bad escape in a captured string as JSON.parse would reject it', () => {
    expect(() => parseInChunks(encoder.encode(`{"csv":"${'a'.repeat(5000)}\\x"}`), 0, false)).toThrow(
      /escape character/,
    );
    expect(() => parseInChunks(encoder.encode(`{"csv":"${'a'.repeat(5000)}\\u12G4"}`), 100, true)).toThrow(/hex digit/);
  });

  it('reads as the same table as the string through parseCsv (property)', () => {
    const cell = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.constantFrom('a', 'b', '', ' c', '"q,"', 'é', '\\'),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 64 }),
        (rows, size) => {
          const text = ['u,v', ...rows.map((row) => row.join(','))].join('\n');
          const body = encoder.encode(JSON.stringify({ csv: text }));
          const captured = (parseInChunks(body, size, true) as { csv: CapturedText }).csv;
          const fromBytes = parseCsv(captured.bytes);
          const fromText = parseCsv(text);
          expect(captured.toString()).toBe(text);
          expect(fromBytes.rowCount).toBe(fromText.rowCount);
          for (const name of ['u', 'v'])
            expect(plainColumn(fromBytes.column(name))).toEqual(plainColumn(fromText.column(name)));
        },
      ),
    );
  });

  it('decodes long strings with escapes (one pass through bytes) exactly as JSON.parse', () => {
    const pieces = ['line,1\\n', '\\"q\\"', '\\\\', '\\u0041', '\\u00e9', '\\ud83d\\ude00', '\\udc00', 'é', '\\t'];
    for (let seed = 0; seed < pieces.length; seed++) {
      let text = '';
      for (let i = 0; text.length < 9000; i++) text += pieces[(i * 7 + seed) % pieces.length];
      const body = encoder.encode(`{"long":"${text}"}`);
      const expected = JSON.parse(new TextDecoder().decode(body));
      expect(parseJson(body)).toEqual(expected);
      const parser = new JsonStreamParser({ expectedBytes: body.length });
      for (let at = 0; at < body.length; at += 1000) parser.write(body.slice(at, at + 1000));
      expect(parser.end()).toEqual(expected);
    }
  });
});
