import { FormulaError, syntaxError } from './errors.js';
import { type Token, TokenKind } from './tokenKind.js';

/** Limits that keep a hostile formula from costing more than a legitimate one could. */
export interface LexerLimits {
  /** Most characters a formula may have. */
  readonly maxLength: number;
  /** Most tokens a formula may have (EOF not counted). */
  readonly maxTokens: number;
}

/** Generous for any hand-written model (NIST's Filip formula has 60 tokens). */
export const DEFAULT_LEXER_LIMITS: LexerLimits = { maxLength: 20_000, maxTokens: 5_000 };

/**
 * Splits a formula into tokens the way Python's tokenizer (which patsy uses) would, for the
 * subset a formula can hold: names, numbers, string literals, operators and brackets.
 * Comments, backslashes and characters Python does not know are syntax errors here rather
 * than later, so every message can point at them.
 */
export function tokenize(source: string, limits: LexerLimits = DEFAULT_LEXER_LIMITS): Token[] {
  if (source.length > limits.maxLength) {
    throw new FormulaError(
      'FORMULA_TOO_LONG',
      `the formula has ${source.length} characters; at most ${limits.maxLength} are accepted`,
    );
  }
  const lexer = new Lexer(source);
  const tokens: Token[] = [];
  for (;;) {
    const token = lexer.next();
    if (token.kind === TokenKind.EOF) {
      tokens.push(token);
      return tokens;
    }
    if (tokens.length >= limits.maxTokens) {
      throw new FormulaError(
        'FORMULA_TOO_LONG',
        `the formula has more than ${limits.maxTokens} tokens; split the model or shorten the formula`,
        { span: { formula: source, position: token.start, end: token.end } },
      );
    }
    tokens.push(token);
  }
}

const STRING_PREFIXES = new Set(['r', 'u', 'R', 'U']);
const UNSUPPORTED_STRING_PREFIXES = new Set([
  'b',
  'B',
  'f',
  'F',
  'rb',
  'br',
  'fr',
  'rf',
  'Rb',
  'bR',
  'RB',
  'BR',
  'rB',
  'Br',
  'Rf',
  'fR',
  'RF',
  'FR',
  'rF',
  'Fr',
]);

class Lexer {
  private pos = 0;

  constructor(private readonly source: string) {}

  next(): Token {
    this.skipWhitespace();
    const { source } = this;
    const start = this.pos;
    if (start >= source.length) return { kind: TokenKind.EOF, start, end: start, text: '' };
    const code = source.charCodeAt(start);
    switch (code) {
      case 0x7e: // ~
        return this.punct(TokenKind.TILDE, 1);
      case 0x2b: // +
        return this.punct(TokenKind.PLUS, 1);
      case 0x2d: // -
        return this.punct(TokenKind.MINUS, 1);
      case 0x2a: // *
        return this.peekCode(1) === 0x2a ? this.punct(TokenKind.POWER, 2) : this.punct(TokenKind.STAR, 1);
      case 0x2f: // /
        return this.peekCode(1) === 0x2f ? this.punct(TokenKind.DOUBLE_SLASH, 2) : this.punct(TokenKind.SLASH, 1);
      case 0x25:
        return this.punct(TokenKind.PERCENT, 1);
      case 0x40:
        return this.punct(TokenKind.AT, 1);
      case 0x3a:
        return this.punct(TokenKind.COLON, 1);
      case 0x5e:
        return this.punct(TokenKind.CARET, 1);
      case 0x26:
        return this.punct(TokenKind.AMP, 1);
      case 0x7c:
        return this.punct(TokenKind.PIPE, 1);
      case 0x3c: // <
        if (this.peekCode(1) === 0x3d) return this.punct(TokenKind.LE, 2);
        if (this.peekCode(1) === 0x3c) return this.punct(TokenKind.SHIFT_LEFT, 2);
        return this.punct(TokenKind.LT, 1);
      case 0x3e: // >
        if (this.peekCode(1) === 0x3d) return this.punct(TokenKind.GE, 2);
        if (this.peekCode(1) === 0x3e) return this.punct(TokenKind.SHIFT_RIGHT, 2);
        return this.punct(TokenKind.GT, 1);
      case 0x3d: // =
        return this.peekCode(1) === 0x3d ? this.punct(TokenKind.EQ, 2) : this.punct(TokenKind.EQUALS, 1);
      case 0x21: // !
        if (this.peekCode(1) === 0x3d) return this.punct(TokenKind.NE, 2);
        throw syntaxError(source, start, `unexpected character "!"; Python negation is not supported in formulas`);
      case 0x28:
        return this.punct(TokenKind.PAREN_L, 1);
      case 0x29:
        return this.punct(TokenKind.PAREN_R, 1);
      case 0x5b:
        return this.punct(TokenKind.BRACKET_L, 1);
      case 0x5d:
        return this.punct(TokenKind.BRACKET_R, 1);
      case 0x7b:
        return this.punct(TokenKind.BRACE_L, 1);
      case 0x7d:
        return this.punct(TokenKind.BRACE_R, 1);
      case 0x2c:
        return this.punct(TokenKind.COMMA, 1);
      case 0x3b:
        return this.punct(TokenKind.SEMICOLON, 1);
      case 0x2e: // .
        return isDigit(this.peekCode(1)) ? this.readNumber() : this.punct(TokenKind.DOT, 1);
      case 0x22: // "
      case 0x27: // '
        return this.readString(start, start);
      case 0x23: // #
        throw syntaxError(source, start, 'comments are not allowed in a formula', source.length);
      default:
        if (isDigit(code)) return this.readNumber();
        if (isNameStart(source, start)) return this.readName();
        throw this.unexpectedCharacter(start);
    }
  }

  private punct(kind: TokenKind, length: number): Token {
    const start = this.pos;
    this.pos += length;
    return { kind, start, end: this.pos, text: kind };
  }

  private peekCode(offset: number): number {
    const index = this.pos + offset;
    return index < this.source.length ? this.source.charCodeAt(index) : -1;
  }

  private skipWhitespace(): void {
    const { source } = this;
    while (this.pos < source.length) {
      const code = source.charCodeAt(this.pos);
      // Space, tab, newline, carriage return, form feed: patsy joins lines before tokenizing.
      if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0c) this.pos += 1;
      else return;
    }
  }

  /** Name : (letter | '_') (letter | digit | '_')*, letters as Python's identifiers allow. */
  private readName(): Token {
    const { source } = this;
    const start = this.pos;
    this.pos += codePointLength(source, start);
    while (this.pos < source.length && isNameContinue(source, this.pos)) this.pos += codePointLength(source, this.pos);
    const text = source.slice(start, this.pos);
    const quote = this.peekCode(0);
    if (quote === 0x22 || quote === 0x27) {
      if (STRING_PREFIXES.has(text)) return this.readString(start, this.pos);
      if (UNSUPPORTED_STRING_PREFIXES.has(text)) {
        throw syntaxError(
          source,
          start,
          `${text}'…' strings are not supported in formulas; use a plain 'string'`,
          this.pos + 1,
        );
      }
    }
    return { kind: TokenKind.NAME, start, end: this.pos, text };
  }

  /**
   * Number : Digits ('.' Digits?)? Exponent? | '.' Digits Exponent? | '0' [xob] HexDigits,
   * with Python's underscores between digits. A trailing `j` (imaginary) is refused.
   */
  private readNumber(): Token {
    const { source } = this;
    const start = this.pos;
    const radix = source.charCodeAt(start) === 0x30 ? radixOf(this.peekCode(1)) : 10;
    if (radix !== 10) {
      this.pos += 2;
      while (
        this.pos < source.length &&
        (isRadixDigit(source.charCodeAt(this.pos), radix) || source.charCodeAt(this.pos) === 0x5f)
      )
        this.pos += 1;
    } else {
      this.readDigits();
      if (this.peekCode(0) === 0x2e) {
        this.pos += 1;
        this.readDigits();
      }
      const e = this.peekCode(0);
      if (e === 0x65 || e === 0x45) {
        const sign = this.peekCode(1);
        const digitAt = sign === 0x2b || sign === 0x2d ? 2 : 1;
        if (isDigit(this.peekCode(digitAt))) {
          this.pos += digitAt;
          this.readDigits();
        }
      }
    }
    const text = source.slice(start, this.pos);
    const next = this.peekCode(0);
    if (next === 0x6a || next === 0x4a) {
      throw syntaxError(source, start, `complex numbers such as ${text}j are not supported`, this.pos + 1);
    }
    if (this.pos < source.length && (isNameStart(source, this.pos) || isDigit(next))) {
      throw syntaxError(source, start, `invalid number "${text}${source[this.pos]}"`, this.pos + 1);
    }
    if (!isValidNumberText(text, radix)) throw syntaxError(source, start, `invalid number "${text}"`, this.pos);
    return { kind: TokenKind.NUMBER, start, end: this.pos, text };
  }

  private readDigits(): void {
    while (this.pos < this.source.length) {
      const code = this.source.charCodeAt(this.pos);
      if (isDigit(code) || code === 0x5f) this.pos += 1;
      else return;
    }
  }

  /** String : prefix? ("'" chars "'" | '"' chars '"' | triple-quoted), Python's escapes decoded. */
  private readString(tokenStart: number, quoteAt: number): Token {
    const { source } = this;
    const raw = quoteAt > tokenStart && /r/i.test(source.slice(tokenStart, quoteAt));
    const quote = source[quoteAt]!;
    const triple = source.startsWith(quote.repeat(3), quoteAt);
    const delimiter = triple ? quote.repeat(3) : quote;
    let pos = quoteAt + delimiter.length;
    let value = '';
    for (;;) {
      if (pos >= source.length) {
        throw syntaxError(source, tokenStart, 'unterminated string: add the closing quote', source.length);
      }
      if (source.startsWith(delimiter, pos)) {
        pos += delimiter.length;
        break;
      }
      const ch = source[pos]!;
      if (!triple && (ch === '\n' || ch === '\r')) {
        throw syntaxError(source, tokenStart, 'unterminated string: add the closing quote', pos);
      }
      if (ch === '\\') {
        if (pos + 1 >= source.length)
          throw syntaxError(source, tokenStart, 'unterminated string: add the closing quote', source.length);
        if (raw) {
          value += source.slice(pos, pos + 2);
          pos += 2;
        } else {
          const [decoded, length] = decodeEscape(source, pos);
          value += decoded;
          pos += length;
        }
        continue;
      }
      value += ch;
      pos += 1;
    }
    this.pos = pos;
    return { kind: TokenKind.STRING, start: tokenStart, end: pos, text: source.slice(tokenStart, pos), value };
  }

  private unexpectedCharacter(position: number): FormulaError {
    const cp = this.source.codePointAt(position)!;
    const ch = String.fromCodePoint(cp);
    const shown = cp < 0x20 || cp === 0x7f ? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : `"${ch}"`;
    const hint =
      ch === '\\'
        ? '; a column name with unusual characters goes in Q("…")'
        : ch === '`'
          ? '; R\'s backquoted names are written Q("name") here'
          : '; a column name with unusual characters goes in Q("…")';
    return syntaxError(this.source, position, `unexpected character ${shown}${hint}`, position + ch.length);
  }
}

const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\\', '\\'],
  ["'", "'"],
  ['"', '"'],
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
  ['a', '\x07'],
  ['b', '\b'],
  ['f', '\f'],
  ['v', '\v'],
  ['\n', ''],
]);

/** Decodes the escape at `pos` (a backslash): returns the text and how many characters it took. */
function decodeEscape(source: string, pos: number): [string, number] {
  const ch = source[pos + 1]!;
  const simple = SIMPLE_ESCAPES.get(ch);
  if (simple !== undefined) return [simple, 2];
  const hexLength = ch === 'x' ? 2 : ch === 'u' ? 4 : ch === 'U' ? 8 : 0;
  if (hexLength > 0) {
    const hex = source.slice(pos + 2, pos + 2 + hexLength);
    if (hex.length !== hexLength || !/^[0-9a-fA-F]+$/.test(hex)) {
      throw syntaxError(source, pos, `invalid \\${ch} escape: it needs ${hexLength} hex digits`, pos + 2 + hex.length);
    }
    const cp = Number.parseInt(hex, 16);
    if (cp > 0x10ffff) throw syntaxError(source, pos, `invalid \\${ch} escape: no such character`, pos + 2 + hexLength);
    return [String.fromCodePoint(cp), 2 + hexLength];
  }
  if (ch >= '0' && ch <= '7') {
    let length = 1;
    while (
      length < 3 &&
      source[pos + 1 + length] !== undefined &&
      source[pos + 1 + length]! >= '0' &&
      source[pos + 1 + length]! <= '7'
    )
      length += 1;
    return [String.fromCodePoint(Number.parseInt(source.slice(pos + 1, pos + 1 + length), 8)), 1 + length];
  }
  if (ch === 'N')
    throw syntaxError(source, pos, 'named escapes (\\N{…}) are not supported; write the character itself', pos + 2);
  // Python keeps an unknown escape as written (with a warning).
  return ['\\' + ch, 2];
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function radixOf(code: number): number {
  if (code === 0x78 || code === 0x58) return 16;
  if (code === 0x6f || code === 0x4f) return 8;
  if (code === 0x62 || code === 0x42) return 2;
  return 10;
}

function isRadixDigit(code: number, radix: number): boolean {
  if (radix === 16) return isDigit(code) || (code >= 0x61 && code <= 0x66) || (code >= 0x41 && code <= 0x46);
  if (radix === 8) return code >= 0x30 && code <= 0x37;
  return code === 0x30 || code === 0x31;
}

/** Python's rules: underscores only between digits; no leading zeros on a non-zero decimal integer. */
function isValidNumberText(text: string, radix: number): boolean {
  if (radix !== 10) return /^0[xXoObB](_?[0-9a-fA-F])+$/.test(text);
  if (/__|_$|_\.|\._|_[eE]|[eE][+-]?_/.test(text) || text.startsWith('_')) return false;
  if (/^[0-9_]+$/.test(text)) return /^(0(_?0)*|[1-9](_?[0-9])*)$/.test(text);
  return true;
}

function codePointLength(source: string, index: number): number {
  const cp = source.codePointAt(index)!;
  return cp > 0xffff ? 2 : 1;
}

const ID_START = /[\p{ID_Start}_]/u;
const ID_CONTINUE = /[\p{ID_Continue}]/u;

function isNameStart(source: string, index: number): boolean {
  const code = source.charCodeAt(index);
  if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f) return true;
  if (code < 0x80) return false;
  return ID_START.test(String.fromCodePoint(source.codePointAt(index)!));
}

function isNameContinue(source: string, index: number): boolean {
  const code = source.charCodeAt(index);
  if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || isDigit(code)) return true;
  if (code < 0x80) return false;
  return ID_CONTINUE.test(String.fromCodePoint(source.codePointAt(index)!));
}
