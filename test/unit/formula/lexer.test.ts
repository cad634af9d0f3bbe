import { describe, expect, it } from 'vitest';
import { FormulaError, FormulaSyntaxError, tokenize, TokenKind } from '../../../src/formula/index.js';

const kinds = (source: string) => tokenize(source).map((t) => t.kind);
const texts = (source: string) => tokenize(source).map((t) => t.text);

function syntaxFailure(source: string): FormulaSyntaxError {
  try {
    tokenize(source);
  } catch (error) {
    expect(error).toBeInstanceOf(FormulaSyntaxError);
    return error as FormulaSyntaxError;
  }
  return expect.fail(`expected ${source} to be refused`);
}

describe('lexer', () => {
  it('reads the formula operators, longest first', () => {
    expect(kinds('y ~ a + b - c * d / e : f ** 2 ^ 3')).toEqual([
      TokenKind.NAME,
      TokenKind.TILDE,
      TokenKind.NAME,
      TokenKind.PLUS,
      TokenKind.NAME,
      TokenKind.MINUS,
      TokenKind.NAME,
      TokenKind.STAR,
      TokenKind.NAME,
      TokenKind.SLASH,
      TokenKind.NAME,
      TokenKind.COLON,
      TokenKind.NAME,
      TokenKind.POWER,
      TokenKind.NUMBER,
      TokenKind.CARET,
      TokenKind.NUMBER,
      TokenKind.EOF,
    ]);
    expect(kinds('a//b%c<=d>=e==f!=g<h>i')).toContain(TokenKind.DOUBLE_SLASH);
    expect(texts('a//b%c<=d>=e==f!=g<h>i')).toEqual([
      'a',
      '//',
      'b',
      '%',
      'c',
      '<=',
      'd',
      '>=',
      'e',
      '==',
      'f',
      '!=',
      'g',
      '<',
      'h',
      '>',
      'i',
      '',
    ]);
  });

  it('records offsets', () => {
    const [y, tilde, x, eof] = tokenize('y  ~\tx');
    expect([y!.start, y!.end, tilde!.start, x!.start, eof!.start]).toEqual([0, 1, 3, 5, 6]);
  });

  it('reads Python numbers', () => {
    expect(texts('1 2.5 .5 1. 1e-3 2E+10 1_000 0x1F 0o17 0b101')).toEqual([
      '1',
      '2.5',
      '.5',
      '1.',
      '1e-3',
      '2E+10',
      '1_000',
      '0x1F',
      '0o17',
      '0b101',
      '',
    ]);
  });

  it('reads Python strings with escapes and prefixes', () => {
    const [a, b, c, d, e] = tokenize(`'my var' "it's" 'a\\'b\\n\\x41\\u00e9' r'\\d' '''tri'ple'''`);
    expect(a!.value).toBe('my var');
    expect(b!.value).toBe("it's");
    expect(c!.value).toBe("a'b\nAé");
    expect(d!.value).toBe('\\d');
    expect(e!.value).toBe("tri'ple");
    expect(a!.text).toBe("'my var'");
  });

  it('reads Unicode identifiers', () => {
    expect(texts('größe + Δx + _x1')).toEqual(['größe', '+', 'Δx', '+', '_x1', '']);
  });

  it.each([
    ['y ~ x # a comment', 'comments are not allowed in a formula', 6],
    ['y ~ "open', 'unterminated string', 4],
    ['y ~ x $ z', 'unexpected character "$"', 6],
    ['y ~ `my var`', 'unexpected character "`"', 4],
    ['y ~ 2x', 'invalid number "2x"', 4],
    ['y ~ 1j', 'complex numbers', 4],
    ["y ~ f'{x}'", 'strings are not supported', 4],
    ['y ~ 1__0', 'invalid number', 4],
    ['y ~ x ! z', 'unexpected character "!"', 6],
  ])('refuses %s', (source, message, position) => {
    const error = syntaxFailure(source);
    expect(error.message).toContain(message);
    expect(error.position).toBe(position);
    expect(error.reason).toBe('FORMULA_SYNTAX');
  });

  it('refuses more tokens than the limit', () => {
    const source = `y ~ ${Array.from({ length: 3000 }, (_, i) => `x${i}`).join(' + ')}`;
    try {
      tokenize(source);
      expect.fail('expected a limit error');
    } catch (error) {
      expect(error).toBeInstanceOf(FormulaError);
      expect((error as FormulaError).reason).toBe('FORMULA_TOO_LONG');
    }
  });

  it('refuses formulas longer than the character limit before reading them', () => {
    expect(() => tokenize('y ~ ' + ' '.repeat(30_000) + 'x')).toThrow(/at most 20000 are accepted/);
  });
});
