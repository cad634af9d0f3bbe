import { utf8Bytes } from '../bytes/text.js';
import { type JsonParseOptions, JsonStreamParser } from './JsonStreamParser.js';

/**
 * Parses a whole JSON text: `JSON.parse`, but straight from bytes, with `captureRecords` and
 * `captureColumns` arrays captured as typed columns and `DataError`s for syntax errors. A string
 * is parsed from its UTF-8 encoding (lone surrogates in raw text, which UTF-8 cannot carry, read as
 * U+FFFD; escaped ones, `"\ud800"`, stay as they are).
 */
export function parseJson(input: string | Uint8Array, options: JsonParseOptions = {}): unknown {
  const bytes = typeof input === 'string' ? utf8Bytes(input) : input;
  const parser = new JsonStreamParser({ expectedBytes: bytes.length, ...options });
  parser.write(bytes);
  return parser.end();
}

/**
 * Parses JSON as it arrives, chunk by chunk, so the whole body never sits in memory: a Node
 * request (`IncomingMessage` is an async iterable of Buffers), a web `ReadableStream`, or any
 * async iterable of bytes. Pass the Content-Length as `expectedBytes` when it is known.
 */
export async function parseJsonStream(
  chunks: AsyncIterable<Uint8Array>,
  options: JsonParseOptions = {},
): Promise<unknown> {
  const parser = new JsonStreamParser(options);
  for await (const chunk of chunks) parser.write(chunk);
  return parser.end();
}
