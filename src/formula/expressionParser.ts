import type { ArithmeticOperator, ComparisonOperator, ExpressionNode, KeywordArgument, SourceLocation } from './ast.js';
import { FormulaError, type FormulaSyntaxError, syntaxError } from './errors.js';
import { type Token, TokenKind } from './tokenKind.js';

const COMPARISONS: ReadonlyMap<TokenKind, ComparisonOperator> = new Map([
  [TokenKind.LT, '<'],
  [TokenKind.LE, '<='],
  [TokenKind.GT, '>'],
  [TokenKind.GE, '>='],
  [TokenKind.EQ, '=='],
  [TokenKind.NE, '!='],
]);

const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

/** Operators Python has that a formula factor does not support, with what to write instead. */
const UNSUPPORTED_OPERATORS: ReadonlyMap<TokenKind, string> = new Map([
  [TokenKind.CARET, '"^" inside an expression is Python\'s bitwise xor, not a power: write ** (for example I(x**2))'],
  [TokenKind.AMP, '"&" (bitwise and) is not supported in formulas'],
  [TokenKind.PIPE, '"|" is not supported in formulas (random-effects terms are lme4 syntax, not patsy\'s)'],
  [TokenKind.SHIFT_LEFT, '"<<" is not supported in formulas'],
  [TokenKind.SHIFT_RIGHT, '">>" is not supported in formulas'],
  [TokenKind.AT, '"@" (matrix product) is not supported in formulas'],
  [TokenKind.SEMICOLON, '";" is not allowed in a formula'],
]);

/**
 * The factor-expression half of the parser: the Python subset that patsy would hand to
 * `eval`. Kept apart from the term layer (parser.ts) so each file holds one grammar.
 * `topLevel` parsing stops at the formula's own operators (`+ - * / : ** ^ ~`), as patsy's
 * tokenizer ends a factor there; inside brackets every Python operator is arithmetic.
 */
export class ExpressionParser {
  protected index = 0;
  private depth = 0;

  constructor(
    protected readonly source: string,
    protected readonly tokens: readonly Token[],
    private readonly maxDepth: number,
  ) {}

  // ------------------------------------------------------------ token primitives

  protected peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  protected advance(): Token {
    const token = this.peek();
    if (token.kind !== TokenKind.EOF) this.index += 1;
    return token;
  }

  protected expectOptionalToken(kind: TokenKind): Token | undefined {
    return this.peek().kind === kind ? this.advance() : undefined;
  }

  protected expectToken(kind: TokenKind, description: string): Token {
    const token = this.peek();
    if (token.kind === kind) return this.advance();
    throw this.unexpected(token, description);
  }

  protected unexpected(token: Token, expected: string): FormulaSyntaxError {
    const unsupported = UNSUPPORTED_OPERATORS.get(token.kind);
    if (unsupported) return syntaxError(this.source, token.start, unsupported, token.end);
    if (token.kind === TokenKind.NAME && PYTHON_KEYWORDS.has(token.text)) return this.keyword(token);
    if (token.kind === TokenKind.EOF) {
      return syntaxError(this.source, token.start, `the formula ends where ${expected} is expected`);
    }
    return syntaxError(this.source, token.start, `expected ${expected}, not ${describe(token)}`, token.end);
  }

  /** Runs a recursive rule one level deeper, refusing nesting beyond the limit. */
  protected nested<T>(at: Token, rule: () => T): T {
    this.depth += 1;
    if (this.depth > this.maxDepth) {
      throw new FormulaError('FORMULA_TOO_DEEP', `the formula nests deeper than ${this.maxDepth} levels`, {
        span: { formula: this.source, position: at.start, end: at.end },
      });
    }
    try {
      return rule();
    } finally {
      this.depth -= 1;
    }
  }

  // ------------------------------------------------------------ grammar

  /**
   * TopFactor : TopOperand (ComparisonOperator TopOperand)?
   * TopOperand : Primary (('%' | '//') Primary)*
   *
   * A factor written directly in the formula: the formula's operators end it.
   */
  protected parseTopFactor(): ExpressionNode {
    let left = this.parseTopOperand();
    const comparison = COMPARISONS.get(this.peek().kind);
    if (comparison) {
      this.advance();
      const right = this.parseTopOperand();
      left = { kind: 'Compare', operator: comparison, left, right, loc: span(left.loc, right.loc) };
      this.refuseChainedComparison();
    }
    return left;
  }

  /** TopOperand : Primary (('%' | '//') Primary)* */
  private parseTopOperand(): ExpressionNode {
    let left = this.parsePrimary();
    for (;;) {
      const token = this.peek();
      const operator: ArithmeticOperator | undefined =
        token.kind === TokenKind.PERCENT ? '%' : token.kind === TokenKind.DOUBLE_SLASH ? '//' : undefined;
      if (!operator) return left;
      this.advance();
      const right = this.parsePrimary();
      left = { kind: 'BinaryOp', operator, left, right, operatorLoc: locOf(token), loc: span(left.loc, right.loc) };
    }
  }

  /** Expression : Sum (ComparisonOperator Sum)? */
  protected parseExpression(): ExpressionNode {
    const left = this.parseSum();
    const comparison = COMPARISONS.get(this.peek().kind);
    if (!comparison) return left;
    this.advance();
    const right = this.parseSum();
    this.refuseChainedComparison();
    return { kind: 'Compare', operator: comparison, left, right, loc: span(left.loc, right.loc) };
  }

  private refuseChainedComparison(): void {
    const next = this.peek();
    if (COMPARISONS.has(next.kind)) {
      throw syntaxError(
        this.source,
        next.start,
        'chained comparisons are not supported; compare two values at a time',
        next.end,
      );
    }
  }

  /** Sum : Product (('+' | '-') Product)* */
  private parseSum(): ExpressionNode {
    let left = this.parseProduct();
    for (;;) {
      const token = this.peek();
      const operator: ArithmeticOperator | undefined =
        token.kind === TokenKind.PLUS ? '+' : token.kind === TokenKind.MINUS ? '-' : undefined;
      if (!operator) return left;
      this.advance();
      const right = this.parseProduct();
      left = { kind: 'BinaryOp', operator, left, right, operatorLoc: locOf(token), loc: span(left.loc, right.loc) };
    }
  }

  /** Product : Unary (('*' | '/' | '//' | '%') Unary)* */
  private parseProduct(): ExpressionNode {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      const operator = PRODUCT_OPERATORS.get(token.kind);
      if (!operator) return left;
      this.advance();
      const right = this.parseUnary();
      left = { kind: 'BinaryOp', operator, left, right, operatorLoc: locOf(token), loc: span(left.loc, right.loc) };
    }
  }

  /** Unary : ('-' | '+') Unary | Power */
  private parseUnary(): ExpressionNode {
    const token = this.peek();
    if (token.kind !== TokenKind.MINUS && token.kind !== TokenKind.PLUS) return this.parsePower();
    this.advance();
    const operand = this.nested(token, () => this.parseUnary());
    return {
      kind: 'UnaryOp',
      operator: token.kind === TokenKind.MINUS ? '-' : '+',
      operand,
      loc: span(locOf(token), operand.loc),
    };
  }

  /** Power : Primary ('**' Unary)?   (right-associative, binds tighter than a unary minus on its left) */
  private parsePower(): ExpressionNode {
    const base = this.parsePrimary();
    const token = this.peek();
    if (token.kind !== TokenKind.POWER) return base;
    this.advance();
    const exponent = this.nested(token, () => this.parseUnary());
    return {
      kind: 'BinaryOp',
      operator: '**',
      left: base,
      right: exponent,
      operatorLoc: locOf(token),
      loc: span(base.loc, exponent.loc),
    };
  }

  /** Primary : Atom ('.' Name)* ('(' Arguments ')')? */
  private parsePrimary(): ExpressionNode {
    const atom = this.parseAtom();
    let node = atom;
    if (atom.kind === 'Name') {
      let path = atom.name;
      let end = atom.loc.end;
      while (this.peek().kind === TokenKind.DOT) {
        this.advance();
        const name = this.expectToken(TokenKind.NAME, 'a name after "."');
        path += `.${name.text}`;
        end = name.end;
      }
      const calleeLoc = { start: atom.loc.start, end };
      if (this.peek().kind === TokenKind.PAREN_L) node = this.parseCall(path, calleeLoc);
      else if (path !== atom.name) node = { kind: 'Attribute', path, loc: calleeLoc };
    }
    const next = this.peek();
    if (next.kind === TokenKind.PAREN_L) {
      throw syntaxError(
        this.source,
        next.start,
        'only named functions can be called (for example np.log(x))',
        next.end,
      );
    }
    if (next.kind === TokenKind.BRACKET_L) {
      throw syntaxError(this.source, next.start, 'indexing with [...] is not supported in formulas', next.end);
    }
    if (next.kind === TokenKind.DOT) {
      throw syntaxError(
        this.source,
        next.start,
        'attribute access is only supported on names (np.log, numpy.pi)',
        next.end,
      );
    }
    return node;
  }

  /** Call : DottedName '(' (Argument (',' Argument)* ','?)? ')' ;  Argument : Expression | Name '=' Expression */
  private parseCall(callee: string, calleeLoc: SourceLocation): ExpressionNode {
    const open = this.advance();
    return this.nested(open, () => {
      const args: ExpressionNode[] = [];
      const keywords: KeywordArgument[] = [];
      while (this.peek().kind !== TokenKind.PAREN_R) {
        const token = this.peek();
        if (token.kind === TokenKind.EOF) throw this.unclosed(open, callee);
        if (token.kind === TokenKind.STAR || token.kind === TokenKind.POWER) {
          throw syntaxError(this.source, token.start, '*args and **kwargs are not supported in formulas', token.end);
        }
        if (token.kind === TokenKind.NAME && this.peek(1).kind === TokenKind.EQUALS) {
          this.advance();
          this.advance();
          const value = this.parseExpression();
          if (keywords.some((keyword) => keyword.name === token.text)) {
            throw syntaxError(this.source, token.start, `keyword argument ${token.text} is given twice`, token.end);
          }
          keywords.push({ name: token.text, value, loc: span(locOf(token), value.loc) });
        } else {
          const value = this.parseExpression();
          if (keywords.length > 0) {
            throw syntaxError(
              this.source,
              value.loc.start,
              'a positional argument cannot follow a keyword argument',
              value.loc.end,
            );
          }
          args.push(value);
        }
        if (!this.expectOptionalToken(TokenKind.COMMA)) {
          if (this.peek().kind === TokenKind.EOF) throw this.unclosed(open, callee);
          if (this.peek().kind !== TokenKind.PAREN_R)
            throw this.unexpected(this.peek(), `"," or ")" in the call of ${callee}`);
        }
      }
      const close = this.advance();
      return { kind: 'Call', callee, calleeLoc, args, keywords, loc: { start: calleeLoc.start, end: close.end } };
    });
  }

  /**
   * Atom : Name | Number | String+ | '(' Expression ')' | '(' Expression ',' ... ')'
   *      | '[' (Expression (',' Expression)*)? ']'
   */
  private parseAtom(): ExpressionNode {
    const token = this.peek();
    switch (token.kind) {
      case TokenKind.NAME:
        return this.parseName();
      case TokenKind.NUMBER: {
        this.advance();
        const isInteger = /^0[xXoObB]/.test(token.text) || !/[.eE]/.test(token.text);
        return {
          kind: 'NumberLiteral',
          text: token.text,
          value: Number(token.text.replaceAll('_', '')),
          isInteger,
          loc: locOf(token),
        };
      }
      case TokenKind.STRING: {
        let value = '';
        let end = token.end;
        while (this.peek().kind === TokenKind.STRING) {
          const part = this.advance();
          value += part.value ?? '';
          end = part.end;
        }
        return { kind: 'StringLiteral', value, loc: { start: token.start, end } };
      }
      case TokenKind.PAREN_L:
        return this.parseGroup(TokenKind.PAREN_R);
      case TokenKind.BRACKET_L:
        return this.parseGroup(TokenKind.BRACKET_R);
      case TokenKind.BRACE_L:
        throw syntaxError(this.source, token.start, 'dictionaries and sets are not supported in formulas', token.end);
      default:
        throw this.unexpected(token, 'a variable, a number or a function call');
    }
  }

  private parseName(): ExpressionNode {
    const token = this.advance();
    if (token.text === 'True' || token.text === 'False' || token.text === 'None') {
      return { kind: 'Constant', value: token.text === 'None' ? null : token.text === 'True', loc: locOf(token) };
    }
    if (PYTHON_KEYWORDS.has(token.text)) throw this.keyword(token);
    return { kind: 'Name', name: token.text, loc: locOf(token) };
  }

  /** A parenthesised expression, a tuple or a list: `(e)`, `(a, b)`, `[a, b]`. */
  private parseGroup(closeKind: TokenKind): ExpressionNode {
    const open = this.advance();
    return this.nested(open, () => {
      const items: ExpressionNode[] = [];
      let sawComma = false;
      while (this.peek().kind !== closeKind) {
        if (this.peek().kind === TokenKind.EOF) throw this.unclosed(open);
        items.push(this.parseExpression());
        if (this.expectOptionalToken(TokenKind.COMMA)) sawComma = true;
        else if (this.peek().kind !== closeKind) {
          if (this.peek().kind === TokenKind.EOF) throw this.unclosed(open);
          throw this.unexpected(this.peek(), `"," or "${closeKind}"`);
        }
      }
      const close = this.advance();
      const loc = { start: open.start, end: close.end };
      if (closeKind === TokenKind.PAREN_R && !sawComma && items.length === 1) return { ...items[0]!, loc };
      return { kind: 'List', items, loc };
    });
  }

  private keyword(token: Token): FormulaSyntaxError {
    return syntaxError(
      this.source,
      token.start,
      `Python's "${token.text}" is not supported in formulas; a column with this name goes in Q("${token.text}")`,
      token.end,
    );
  }

  private unclosed(open: Token, callee?: string): FormulaSyntaxError {
    const close = open.kind === TokenKind.BRACKET_L ? ']' : ')';
    const what = callee ? `the call of ${callee}` : 'this bracket';
    return syntaxError(
      this.source,
      open.start,
      `unclosed "${open.text}": ${what} needs a closing "${close}"`,
      open.end,
    );
  }
}

const PRODUCT_OPERATORS: ReadonlyMap<TokenKind, ArithmeticOperator> = new Map([
  [TokenKind.STAR, '*'],
  [TokenKind.SLASH, '/'],
  [TokenKind.DOUBLE_SLASH, '//'],
  [TokenKind.PERCENT, '%'],
]);

/** How a token is quoted in a message. */
export function describe(token: Token): string {
  switch (token.kind) {
    case TokenKind.EOF:
      return 'the end of the formula';
    case TokenKind.NAME:
      return `"${token.text}"`;
    case TokenKind.NUMBER:
      return `the number ${token.text}`;
    case TokenKind.STRING:
      return `the string ${token.text}`;
    default:
      return `"${token.text}"`;
  }
}

/** The location of a token. */
export function locOf(token: Token): SourceLocation {
  return { start: token.start, end: token.end };
}

/** The location covering two locations. */
export function span(from: SourceLocation, to: SourceLocation): SourceLocation {
  return { start: Math.min(from.start, to.start), end: Math.max(from.end, to.end) };
}
