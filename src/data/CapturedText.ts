import { utf8Text } from './bytes/text.js';

/**
 * A JSON string captured as its UTF-8 bytes as it was parsed (see `JsonStreamParser`'s
 * `captureText`), never as a JS string: the CSV text of a request body, read by `parseCsv`
 * straight from these bytes. Its bytes are exactly what `TextEncoder` gives for the string
 * `JSON.parse` would have made, which `toString` and `toJSON` answer.
 */
export class CapturedText {
  /** Made by the parser. */
  constructor(readonly bytes: Uint8Array) {}

  /** The string `JSON.parse` would have given. */
  toString(): string {
    return utf8Text(this.bytes, 0, this.bytes.length);
  }

  /** The string, for `JSON.stringify`. */
  toJSON(): string {
    return this.toString();
  }
}
