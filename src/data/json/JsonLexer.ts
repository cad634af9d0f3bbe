import { ByteInterner } from '../bytes/ByteInterner.js';
import { bytesText, hashBytes, latin1Text, utf8Bytes, utf8Text } from '../bytes/text.js';
import { digitsToDouble } from './decimal.js';
import { JsonSyntaxError, describeByte } from './JsonSyntaxError.js';

/** Strings at most this long are cached by their bytes: keys and levels repeat. */
const CACHED_STRING_BYTES = 64;
/** Strings with escapes longer than this are unescaped as bytes and decoded at once. */
const LONG_STRING_BYTES = 4096;
const EXPONENT_CAP = 100_000_000;

/**
 * The token readers of the JSON parser, over the buffer being parsed (`bytes`). Each reader takes
 * the position of a token's first byte and answers the position after it, or -1 when the token
 * runs past the end of the buffer and more input may complete it (the parser then carries the
 * token's bytes over to the next chunk). Positions in errors are absolute: `base` is the offset of
 * `bytes[0]` in the whole input.
 */
export class JsonLexer {
  protected bytes: Uint8Array = new Uint8Array(0);
  /** Offset of `bytes[0]` in the input. */
  protected base = 0;
  /** Line of the current position (newlines occur only in whitespace, which the parser counts). */
  protected line = 1;
  /** Offset where that line starts. */
  protected lineStart = 0;

  /** The value of the last number read. */
  protected number = 0;
  /** Whether the last string read was all ASCII. */
  protected ascii = true;
  /** Whether the last string read had escapes. */
  protected escaped = false;

  private readonly stringCache = new ByteInterner();
  private readonly cachedStrings: string[] = [];

  /** Reads the string whose opening quote is at `pos`; its content is `[pos + 1, next - 1)`. */
  protected readString(pos: number, end: number, atEnd: boolean): number {
    const bytes = this.bytes;
    let ascii = true;
    let escaped = false;
    let i = pos + 1;
    for (;;) {
      if (i >= end) {
        if (atEnd) this.fail(end, "a closing '\"' to end the string");
        return -1;
      }
      const c = bytes[i]!;
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        i += 2; // the escaped byte cannot end the string; the decoder checks it
      } else if (c < 0x20) {
        this.fail(i, 'a string character (control characters must be escaped, e.g. \\n)');
      } else {
        if (c >= 0x80) ascii = false;
        i++;
      }
    }
    this.ascii = ascii;
    this.escaped = escaped;
    return i + 1;
  }

  /** The text of the string just read with content `[start, end)`, shared when short. */
  protected text(start: number, end: number): string {
    const bytes = this.bytes;
    if (end - start > CACHED_STRING_BYTES) return this.decode(start, end);
    const hash = hashBytes(bytes, start, end);
    const id = this.stringCache.find(bytes, start, end, hash);
    if (id >= 0) return this.cachedStrings[id]!;
    const text = this.decode(start, end);
    const added = this.stringCache.add(bytes, start, end, hash);
    if (added >= 0) this.cachedStrings[added] = text;
    return text;
  }

  /** Decodes string content `[start, end)` (flags from `readString`): escapes, then UTF-8. */
  protected decode(start: number, end: number): string {
    const bytes = this.bytes;
    if (!this.escaped) return bytesText(bytes, start, end, this.ascii);
    if (end - start > LONG_STRING_BYTES) {
      // A long text with escapes (CSV in a JSON string: a `\n` per line): unescaped bytes decoded
      // at once make one flat string; appending the pieces would build a rope of ~2 per line.
      const unescaped = this.unescapeBytes(start, end, false, true);
      if (unescaped !== null) return utf8Text(unescaped, 0, unescaped.length);
    }
    let text = '';
    let run = start;
    let i = start;
    while (i < end) {
      if (bytes[i] !== 0x5c) {
        i++;
        continue;
      }
      if (i > run) text += bytesText(bytes, run, i, this.ascii);
      const escape = bytes[i + 1]!;
      i += 2;
      switch (escape) {
        case 0x22:
          text += '"';
          break;
        case 0x5c:
          text += '\\';
          break;
        case 0x2f:
          text += '/';
          break;
        case 0x62:
          text += '\b';
          break;
        case 0x66:
          text += '\f';
          break;
        case 0x6e:
          text += '\n';
          break;
        case 0x72:
          text += '\r';
          break;
        case 0x74:
          text += '\t';
          break;
        case 0x75: {
          let code = 0;
          for (let k = 0; k < 4; k++, i++) {
            const digit = i < end ? hexValue(bytes[i]!) : -1;
            if (digit < 0) this.fail(i, 'a hex digit (four follow \\u)');
            code = code * 16 + digit;
          }
          // Lone surrogates stay as they are, as in JSON.parse; pairs join in the string.
          text += String.fromCharCode(code);
          break;
        }
        default:
          this.fail(i - 1, "an escape character (one of \" \\ / b f n r t u) after '\\'");
      }
      run = i;
    }
    if (run < end) text += bytesText(bytes, run, end, this.ascii);
    return text;
  }

  /**
   * The UTF-8 bytes of string content `[start, end)`: what `TextEncoder` gives for the decoded
   * string. Unescaped in one pass when the raw bytes are ASCII (escapes included); otherwise
   * through the decoded string, which settles invalid UTF-8 exactly as the string path does.
   * `inPlace`: the bytes are the parser's own and may be unescaped where they lie.
   */
  protected textBytes(start: number, end: number, inPlace: boolean): Uint8Array {
    if (!this.escaped) {
      if (!this.ascii) return utf8Bytes(this.decode(start, end));
      // A copy unless the bytes are ours (a Buffer's slice would be a view of the caller's input).
      return inPlace ? this.bytes.subarray(start, end) : new Uint8Array(this.bytes.subarray(start, end));
    }
    // Raw bytes beyond ASCII go through the string, which settles invalid UTF-8 as the string path does.
    return this.ascii ? this.unescapeBytes(start, end, inPlace, false)! : utf8Bytes(this.decode(start, end));
  }

  /**
   * `[start, end)` with its escapes replaced by the UTF-8 bytes of what they stand for, checked as
   * `decode` checks them. A lone surrogate (`\\ud800` unpaired) has no UTF-8: with `forText` the
   * answer is null (the caller decodes the string the slow way, keeping it as JSON.parse does);
   * otherwise it becomes U+FFFD, as `TextEncoder` encodes it. `inPlace` writes over the input
   * (never ahead of the reading position) instead of a copy.
   */
  private unescapeBytes(start: number, end: number, inPlace: boolean, forText: boolean): Uint8Array | null {
    // Unescaped in place in a copy (or in the input, when it is the parser's own): the runs
    // between escapes move down with copyWithin, found with indexOf (both native, no allocation).
    const out = inPlace ? this.bytes.subarray(start, end) : new Uint8Array(this.bytes.subarray(start, end));
    const n = out.length;
    let read = out.indexOf(0x5c);
    if (read < 0) return out;
    let write = read;
    while (read < n) {
      // out[read] is a backslash; the escaped character follows (readString saw it whole).
      const escape = out[read + 1]!;
      read += 2;
      let c: number;
      switch (escape) {
        case 0x22:
        case 0x5c:
        case 0x2f:
          c = escape;
          break;
        case 0x62:
          c = 0x08;
          break;
        case 0x66:
          c = 0x0c;
          break;
        case 0x6e:
          c = 0x0a;
          break;
        case 0x72:
          c = 0x0d;
          break;
        case 0x74:
          c = 0x09;
          break;
        case 0x75: {
          let code = this.hex4(out, read, start);
          read += 4;
          if (code >= 0xd800 && code < 0xdc00 && out[read] === 0x5c && out[read + 1] === 0x75) {
            const low = this.hex4(out, read + 2, start);
            if (low >= 0xdc00 && low < 0xe000) {
              code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
              read += 6;
            }
          }
          // As TextEncoder encodes the decoded string: a lone surrogate becomes U+FFFD. The
          // bytes written never outnumber the escape's (6 or 12), so writing stays behind reading.
          if (code >= 0xd800 && code < 0xe000) {
            if (forText) return null;
            code = 0xfffd;
          }
          if (code < 0x80) {
            c = code;
            break;
          }
          if (code < 0x800) {
            out[write++] = 0xc0 | (code >> 6);
          } else if (code < 0x10000) {
            out[write++] = 0xe0 | (code >> 12);
            out[write++] = 0x80 | ((code >> 6) & 0x3f);
          } else {
            out[write++] = 0xf0 | (code >> 18);
            out[write++] = 0x80 | ((code >> 12) & 0x3f);
            out[write++] = 0x80 | ((code >> 6) & 0x3f);
          }
          c = 0x80 | (code & 0x3f);
          break;
        }
        default:
          return this.fail(start + read - 1, "an escape character (one of \" \\ / b f n r t u) after '\\'");
      }
      out[write++] = c;
      const next = out.indexOf(0x5c, read);
      const stop = next < 0 ? n : next;
      if (stop > read) {
        out.copyWithin(write, read, stop);
        write += stop - read;
      }
      read = stop;
    }
    return out.subarray(0, write);
  }

  /** The four hex digits of a `\\u` escape at `out[at…]`; errors name the input offset (`base + at`). */
  private hex4(out: Uint8Array, at: number, base: number): number {
    let code = 0;
    for (let k = 0; k < 4; k++) {
      const digit = at + k < out.length ? hexValue(out[at + k]!) : -1;
      if (digit < 0) this.fail(base + at + k, 'a hex digit (four follow \\u)');
      code = code * 16 + digit;
    }
    return code;
  }

  /**
   * Reads the number at `pos` into `number`. Digits are converted without a string when the
   * rounding is certain (`digitsToDouble`), else by `Number()` on the text.
   */
  protected readNumber(pos: number, end: number, atEnd: boolean): number {
    const bytes = this.bytes;
    let i = pos;
    let c = bytes[i]!;
    const negative = c === 0x2d;
    if (negative) {
      if (++i >= end) return this.cut(i, atEnd, "a digit after '-'");
      c = bytes[i]!;
    }
    const intStart = i;
    if (c === 0x30) {
      i++;
      if (i < end && (c = bytes[i]!) >= 0x30 && c <= 0x39) this.failWith(i, 'numbers may not have leading zeros');
    } else if (c >= 0x31 && c <= 0x39) {
      i++;
      while (i < end && (c = bytes[i]!) >= 0x30 && c <= 0x39) i++;
    } else this.fail(i, negative ? "a digit after '-'" : 'a digit');
    const intEnd = i;
    let fracStart = i;
    let fracEnd = i;
    if (i < end && bytes[i] === 0x2e) {
      fracStart = ++i;
      while (i < end && (c = bytes[i]!) >= 0x30 && c <= 0x39) i++;
      fracEnd = i;
      if (i === fracStart) {
        if (i >= end) return this.cut(i, atEnd, "a digit after '.'");
        this.fail(i, "a digit after '.'");
      }
    }
    let exponent = 0;
    if (i < end && (bytes[i]! | 0x20) === 0x65) {
      if (++i >= end) return this.cut(i, atEnd, "a digit or sign after 'e'");
      c = bytes[i]!;
      const minus = c === 0x2d;
      if (minus || c === 0x2b) {
        if (++i >= end) return this.cut(i, atEnd, 'a digit in the exponent');
      }
      const expStart = i;
      while (i < end && (c = bytes[i]!) >= 0x30 && c <= 0x39) {
        if (exponent < EXPONENT_CAP) exponent = exponent * 10 + (c - 0x30);
        i++;
      }
      if (i === expStart) {
        if (i >= end) return this.cut(i, atEnd, 'a digit in the exponent');
        this.fail(i, 'a digit in the exponent');
      }
      if (minus) exponent = -exponent;
    }
    // The numeral may go on in the next chunk.
    if (i >= end && !atEnd) return -1;
    const magnitude = digitsToDouble(bytes, intStart, intEnd, fracStart, fracEnd, exponent);
    if (magnitude === magnitude) this.number = negative ? -magnitude : magnitude;
    else this.number = Number(latin1Text(bytes, pos, i));
    return i;
  }

  /** Checks the literal `word` (ASCII codes) at `pos`. */
  protected readLiteral(pos: number, end: number, atEnd: boolean, word: readonly number[], name: string): number {
    const bytes = this.bytes;
    for (let k = 0; k < word.length; k++) {
      const i = pos + k;
      if (i >= end) return this.cut(i, atEnd, `'${name}'`);
      if (bytes[i] !== word[k]) this.fail(k === 0 ? pos : i, k === 0 ? 'a value' : `'${name}'`);
    }
    return pos + word.length;
  }

  /** A token reached the end of the buffer: wait for more input, or fail at the end of it. */
  private cut(at: number, atEnd: boolean, expected: string): number {
    if (atEnd) this.fail(at, expected);
    return -1;
  }

  /** Throws the syntax error for position `pos` of `bytes`. */
  protected fail(pos: number, expected: string): never {
    const offset = this.base + pos;
    const found = pos < this.bytes.length ? describeByte(this.bytes[pos]) : describeByte(undefined);
    throw new JsonSyntaxError(
      { offset, line: this.line, column: offset - this.lineStart + 1 },
      `expected ${expected}, found ${found}`,
    );
  }

  /** Throws a syntax error at `pos` with a description of its own. */
  protected failWith(pos: number, description: string): never {
    const offset = this.base + pos;
    throw new JsonSyntaxError({ offset, line: this.line, column: offset - this.lineStart + 1 }, description);
  }
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x57;
  return -1;
}
