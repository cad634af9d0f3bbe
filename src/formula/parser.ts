import {
  type ExpressionNode,
  expressionChildren,
  type SourceLocation,
  type TermNode,
  type TermOperator,
} from './ast.js';
import { describe, ExpressionParser, locOf, span } from './expressionParser.js';
import { FormulaError, syntaxError } from './errors.js';
import { DEFAULT_LEXER_LIMITS, type LexerLimits, tokenize } from './lexer.js';
import { type Token, TokenKind } from './tokenKind.js';
import { prettyUntokenize } from './untokenize.js';

/** Limits on formula size and nesting; errors, never stack overflows. */
export interface ParseLimits extends LexerLimits {
  /** Deepest nesting of parentheses, calls and unary operators. */
  readonly maxDepth: number;
  /** Deepest expression tree inside one factor, counting chains such as `I(a + b + c)`. */
  readonly maxExpressionDepth: number;
}

/** The default limits. */
export const DEFAULT_PARSE_LIMITS: ParseLimits = { ...DEFAULT_LEXER_LIMITS, maxDepth: 64, maxExpressionDepth: 200 };

/**
 * Parses a formula into its AST without evaluating anything. The grammar is patsy's:
 * `~` (binary or unary, lowest precedence), then `+ -`, then `* /`, then `:`, then `**`
 * (and its alias `^`), all left-associative, with unary `+ -` binding like `+`. Leaves are
 * `0`, `1`, other numbers (exponents) and factors. Syntax errors are `FormulaSyntaxError`s
 * carrying the offset and a caret excerpt.
 */
export function parseFormula(source: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): TermNode {
  const tokens = tokenize(source, limits);
  return new FormulaParser(source, tokens, limits.maxDepth, limits.maxExpressionDepth).parseFormula();
}

interface BinaryInfo {
  readonly operator: TermOperator | '~';
  readonly precedence: number;
}

const BINARY_OPERATORS: ReadonlyMap<TokenKind, BinaryInfo> = new Map([
  [TokenKind.TILDE, { operator: '~', precedence: -100 }],
  [TokenKind.PLUS, { operator: '+', precedence: 100 }],
  [TokenKind.MINUS, { operator: '-', precedence: 100 }],
  [TokenKind.STAR, { operator: '*', precedence: 200 }],
  [TokenKind.SLASH, { operator: '/', precedence: 200 }],
  [TokenKind.COLON, { operator: ':', precedence: 300 }],
  [TokenKind.POWER, { operator: '**', precedence: 500 }],
  [TokenKind.CARET, { operator: '**', precedence: 500 }],
]);

const UNARY_TILDE_PRECEDENCE = -100;
const UNARY_SIGN_PRECEDENCE = 100;

class FormulaParser extends ExpressionParser {
  constructor(
    source: string,
    tokens: readonly Token[],
    maxDepth: number,
    private readonly maxExpressionDepth: number,
  ) {
    super(source, tokens, maxDepth);
  }

  /** Formula : TermExpression EOF */
  parseFormula(): TermNode {
    if (this.peek().kind === TokenKind.EOF) {
      throw syntaxError(this.source, 0, 'the formula is empty: write it as response ~ terms, for example y ~ x');
    }
    const root = this.parseTermExpression(Number.NEGATIVE_INFINITY);
    const next = this.peek();
    if (next.kind !== TokenKind.EOF) throw this.expectedOperator(next);
    return root;
  }

  /**
   * TermExpression : TermPrefix (BinaryOperator TermExpression)*
   *
   * Precedence climbing: an operator binds its right operand up to the next operator of the
   * same or lower precedence, which makes every operator left-associative, as in patsy.
   */
  private parseTermExpression(minPrecedence: number): TermNode {
    let left = this.parseTermPrefix();
    for (;;) {
      const token = this.peek();
      const info = BINARY_OPERATORS.get(token.kind);
      if (!info || info.precedence < minPrecedence) return left;
      this.advance();
      const right = this.parseOperand(token, info.precedence + 1);
      const loc = span(left.loc, right.loc);
      left =
        info.operator === '~'
          ? { kind: 'Tilde', lhs: left, rhs: right, operator: locOf(token), loc }
          : {
              kind: 'TermBinary',
              operator: info.operator,
              lexeme: token.text,
              left,
              right,
              operatorLoc: locOf(token),
              loc,
            };
    }
  }

  /** The operand after an operator; the message names the operator when it is missing. */
  private parseOperand(operator: Token, minPrecedence: number): TermNode {
    if (this.peek().kind === TokenKind.EOF) {
      throw syntaxError(
        this.source,
        operator.start,
        `the formula ends after "${operator.text}": a term should follow it`,
        operator.end,
      );
    }
    return this.parseTermExpression(minPrecedence);
  }

  /** TermPrefix : '~' TermExpression | ('+' | '-') TermExpression | TermAtom */
  private parseTermPrefix(): TermNode {
    const token = this.peek();
    return this.nested(token, () => {
      if (token.kind === TokenKind.TILDE) {
        this.advance();
        const rhs = this.parseOperand(token, UNARY_TILDE_PRECEDENCE + 1);
        return { kind: 'Tilde', lhs: null, rhs, operator: locOf(token), loc: span(locOf(token), rhs.loc) };
      }
      if (token.kind === TokenKind.PLUS || token.kind === TokenKind.MINUS) {
        this.advance();
        const operand = this.parseOperand(token, UNARY_SIGN_PRECEDENCE + 1);
        return {
          kind: 'TermUnary',
          operator: token.kind === TokenKind.PLUS ? '+' : '-',
          operand,
          loc: span(locOf(token), operand.loc),
        };
      }
      return this.parseTermAtom();
    });
  }

  /** TermAtom : '(' TermExpression ')' | Factor */
  private parseTermAtom(): TermNode {
    const token = this.peek();
    if (token.kind === TokenKind.PAREN_L) {
      this.advance();
      if (this.peek().kind === TokenKind.PAREN_R) {
        throw syntaxError(this.source, token.start, 'empty parentheses: put terms inside them', this.peek().end);
      }
      const inner = this.parseTermExpression(Number.NEGATIVE_INFINITY);
      const close = this.peek();
      if (close.kind === TokenKind.PAREN_R) {
        this.advance();
        return withLoc(inner, { start: token.start, end: close.end });
      }
      if (close.kind === TokenKind.EOF) {
        throw syntaxError(this.source, token.start, `Unmatched '(': add ')' to close it`);
      }
      throw this.expectedOperator(close);
    }
    if (token.kind === TokenKind.PAREN_R || BINARY_OPERATORS.has(token.kind)) {
      throw syntaxError(
        this.source,
        token.start,
        `expected a term (a variable, a function call, 0 or 1) before ${describe(token)}`,
        token.end,
      );
    }
    return this.parseFactor();
  }

  /**
   * Factor : TopFactor
   *
   * A lone `0` or `1` is intercept control and any other lone number an exponent, decided on
   * the normalised text as patsy does.
   */
  private parseFactor(): TermNode {
    const first = this.index;
    const expression = this.parseTopFactor();
    const tokens = this.tokens.slice(first, this.index);
    const code = prettyUntokenize(tokens);
    const loc = { start: tokens[0]!.start, end: tokens.at(-1)!.end };
    // The interpreter recurses over the expression; a long chain (I(x + x + … + x)) must not
    // be able to exhaust the stack.
    if (expressionDepth(expression) > this.maxExpressionDepth) {
      throw new FormulaError(
        'FORMULA_TOO_DEEP',
        `the expression ${code.length > 40 ? `${code.slice(0, 40)}…` : code} ` +
          `is nested more than ${this.maxExpressionDepth} operations deep`,
        {
          span: { formula: this.source, position: loc.start, end: loc.end },
        },
      );
    }
    if (expression.kind === 'NumberLiteral') {
      if (code === '0' || code === '1') return { kind: 'Intercept', value: code === '0' ? 0 : 1, loc };
      return { kind: 'NumberTerm', text: code, loc };
    }
    return { kind: 'Factor', code, expression, loc };
  }

  private expectedOperator(token: Token) {
    if (token.kind === TokenKind.PAREN_R) {
      return syntaxError(this.source, token.start, `missing '(' or extra ')'`, token.end);
    }
    const previous = this.tokens[this.index - 1];
    const after = previous ? ` after "${this.source.slice(previous.start, previous.end)}"` : '';
    const unexpected = this.unexpected(token, 'an operator');
    if (unexpected.description.startsWith('expected')) {
      return syntaxError(
        this.source,
        token.start,
        `expected an operator (+, -, *, /, :, ** or ~)${after}, not ${describe(token)}`,
        token.end,
      );
    }
    return unexpected;
  }
}

function withLoc(node: TermNode, loc: SourceLocation): TermNode {
  return { ...node, loc };
}

/** The depth of an expression tree, measured without recursion. */
function expressionDepth(root: ExpressionNode): number {
  let deepest = 0;
  const stack: [ExpressionNode, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    for (const child of expressionChildren(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}
