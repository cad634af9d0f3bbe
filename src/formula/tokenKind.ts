/**
 * The kinds of token in a formula. Operator kinds are their lexemes, so a message can print a
 * kind as it was written. The formula lexer reads the Python-like token language patsy reads
 * (names, numbers, strings and Python's operators); which of them mean something is up to the
 * parser.
 */
export enum TokenKind {
  EOF = '<EOF>',
  NAME = 'Name',
  NUMBER = 'Number',
  STRING = 'String',
  TILDE = '~',
  PLUS = '+',
  MINUS = '-',
  STAR = '*',
  POWER = '**',
  SLASH = '/',
  DOUBLE_SLASH = '//',
  PERCENT = '%',
  AT = '@',
  COLON = ':',
  CARET = '^',
  AMP = '&',
  PIPE = '|',
  LT = '<',
  GT = '>',
  LE = '<=',
  GE = '>=',
  EQ = '==',
  NE = '!=',
  SHIFT_LEFT = '<<',
  SHIFT_RIGHT = '>>',
  EQUALS = '=',
  PAREN_L = '(',
  PAREN_R = ')',
  BRACKET_L = '[',
  BRACKET_R = ']',
  BRACE_L = '{',
  BRACE_R = '}',
  COMMA = ',',
  DOT = '.',
  SEMICOLON = ';',
}

/** An immutable token: its kind, its `[start, end)` offsets in the formula and its text. */
export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** The source text of the token (a string literal keeps its quotes and prefix). */
  readonly text: string;
  /** For a string literal, its decoded value. */
  readonly value?: string;
}

/** Whether the token is a word, number or string: what patsy's untokenizer calls object-like. */
export function isAtomKind(kind: TokenKind): boolean {
  return kind === TokenKind.NAME || kind === TokenKind.NUMBER || kind === TokenKind.STRING;
}
