import { utf8Bytes } from '../bytes/text.js';
import { type JsonParseOptions, JsonStreamParser } from './JsonStreamParser.js';

/**
 * Parses a whole JSON text: `JSON.parse`, but straight from bytes, with `captureRecords` arrays as
 * `RecordBatch`es and `DataError`s for syntax errors. A string is parsed from its UTF-8 encoding
 * (lone surrogates in raw text, which UTF-8 cannot carry, read as U+FFFD).
 */
export function parseJson(input: string | Uint8Array, options: JsonParseOptions = {}): unknown {
  const bytes = typeof input === 'string' ? utf8Bytes(input) : input;
  const parser = new JsonStreamParser({ expectedBytes: bytes.length, ...options });
  parser.write(bytes);
  return parser.end();
}
