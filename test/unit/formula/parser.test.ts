import { describe, expect, it } from 'vitest';
import { FormulaError, FormulaSyntaxError, parseFormula, type TermNode } from '../../../src/formula/index.js';

/** A compact rendering of the term tree: operators prefix, factors by code. */
function show(node: TermNode): string {
  switch (node.kind) {
    case 'Tilde':
      return `(~ ${node.lhs ? show(node.lhs) : '_'} ${show(node.rhs)})`;
    case 'TermBinary':
      return `(${node.operator} ${show(node.left)} ${show(node.right)})`;
    case 'TermUnary':
      return `(${node.operator} ${show(node.operand)})`;
    case 'Intercept':
      return String(node.value);
    case 'NumberTerm':
      return `#${node.text}`;
    case 'Factor':
      return node.code;
    default: {
      const unreachable: never = node;
      return unreachable;
    }
  }
}

function failure(source: string): FormulaError {
  try {
    parseFormula(source);
  } catch (error) {
    expect(error).toBeInstanceOf(FormulaError);
    return error as FormulaError;
  }
  return expect.fail(`expected ${source} to be refused`);
}

describe('parser', () => {
  it.each([
    ['y ~ x', '(~ y x)'],
    ['y ~ a + b * c', '(~ y (+ a (* b c)))'],
    ['y ~ a * b : c', '(~ y (* a (: b c)))'],
    ['y ~ a : b ** 2', '(~ y (: a (** b #2)))'],
    ['y ~ a - b - c', '(~ y (- (- a b) c))'],
    ['y ~ (a + b)**2 - 1', '(~ y (- (** (+ a b) #2) 1))'],
    ['y ~ (a + b)^2', '(~ y (** (+ a b) #2))'],
    ['y ~ -1 + x', '(~ y (+ (- 1) x))'],
    ['y ~ 0 + x', '(~ y (+ 0 x))'],
    ['~ x', '(~ _ x)'],
    ['y ~ - 1 : x', '(~ y (- (: 1 x)))'],
    ['y ~ a / b / c', '(~ y (/ (/ a b) c))'],
    ['y ~ x > 2 + z', '(~ y (+ x > 2 z))'],
    ['y ~ x % 2', '(~ y x % 2)'],
    ['np.log(y) ~ np.log(x+1)', '(~ np.log(y) np.log(x + 1))'],
    ['y ~ I((x + 1) ** 2)', '(~ y I((x + 1) ** 2))'],
    ["y ~ C(g, levels=['b','a'])", "(~ y C(g, levels=['b', 'a']))"],
  ])('parses %s as %s', (source, expected) => {
    expect(show(parseFormula(source))).toBe(expected);
  });

  it('gives every node its source span', () => {
    const root = parseFormula('y ~ (a + b):c');
    if (root.kind !== 'Tilde' || root.rhs.kind !== 'TermBinary') return expect.fail('unexpected tree');
    expect(root.loc).toEqual({ start: 0, end: 13 });
    expect(root.rhs.left.loc).toEqual({ start: 4, end: 11 });
    expect(root.rhs.operatorLoc).toEqual({ start: 11, end: 12 });
  });

  it('parses the factor expression inside a call', () => {
    const root = parseFormula('y ~ np.log(w + 1)');
    if (root.kind !== 'Tilde' || root.rhs.kind !== 'Factor') return expect.fail('unexpected tree');
    const call = root.rhs.expression;
    expect(call.kind).toBe('Call');
    if (call.kind !== 'Call') return;
    expect(call.callee).toBe('np.log');
    expect(call.calleeLoc).toEqual({ start: 4, end: 10 });
    expect(call.args[0]?.kind).toBe('BinaryOp');
  });

  it.each([
    ['y ~ (x + z', "Unmatched '('", 4, 5],
    ['y ~ x + z)', "missing '(' or extra ')'", 9, 10],
    ['y ~ x +', 'the formula ends after "+"', 6, 7],
    ['y ~', 'the formula ends after "~"', 2, 3],
    ['y ~ x z', 'expected an operator (+, -, *, /, :, ** or ~) after "x", not "z"', 6, 7],
    ['y ~ * x', 'expected a term (a variable, a function call, 0 or 1) before "*"', 4, 5],
    ['y ~ ()', 'empty parentheses', 4, 6],
    ['y ~ I(x^2)', 'not a power: write ** (for example I(x**2))', 7, 8],
    ['y ~ np.log(x', 'unclosed "(": the call of np.log needs a closing ")"', 10, 11],
    ['y ~ x[0]', 'indexing with [...] is not supported', 5, 6],
    ['y ~ x if z else w', 'Python\'s "if" is not supported', 6, 8],
    ['y ~ f(x)(z)', 'only named functions can be called', 8, 9],
    ['y ~ a | g', '"|" is not supported in formulas', 6, 7],
    ['y ~ x < z < w', 'chained comparisons are not supported', 10, 11],
    ['y ~ C(g, levels={1})', 'dictionaries and sets are not supported', 16, 17],
    ['y ~ f(a=1, 2)', 'a positional argument cannot follow a keyword argument', 11, 12],
    ['', 'the formula is empty', 0, 1],
  ])('refuses %s with position', (source, message, position, end) => {
    const error = failure(source);
    expect(error).toBeInstanceOf(FormulaSyntaxError);
    expect(error.message).toContain(message);
    expect(error.position).toBe(position);
    expect(error.end).toBe(end);
  });

  it("prints patsy's caret excerpt", () => {
    expect(failure('y ~ (x + z').message).toBe("Unmatched '(': add ')' to close it\n    y ~ (x + z\n        ^");
  });

  it('limits nesting depth with an error, not a stack overflow', () => {
    const deep = `y ~ ${'('.repeat(5000)}x${')'.repeat(5000)}`;
    expect(failure(deep.slice(0, 15_000)).reason).toMatch(/FORMULA_TOO_DEEP|FORMULA_TOO_LONG/);
    const nested = `y ~ ${'('.repeat(80)}x${')'.repeat(80)}`;
    expect(failure(nested).reason).toBe('FORMULA_TOO_DEEP');
    expect(failure(`y ~ I(${'-'.repeat(100)}x)`).reason).toBe('FORMULA_TOO_DEEP');
    expect(failure(`y ~ ${'np.log('.repeat(100)}x${')'.repeat(100)}`).reason).toBe('FORMULA_TOO_DEEP');
  });

  it('accepts nesting up to the limit', () => {
    expect(show(parseFormula(`y ~ ${'('.repeat(30)}x${')'.repeat(30)}`))).toBe('(~ y x)');
  });
});

describe('caret excerpts', () => {
  it('windows a long formula around the error', () => {
    const source = `y ~ ${Array.from({ length: 60 }, (_, i) => `x${i}`).join(' + ')} + (z`;
    const error = failure(source);
    const [, line, carets] = error.message.split('\n') as [string, string, string];
    expect(line.startsWith('    …')).toBe(true);
    expect(line.length).toBeLessThan(140);
    expect(line[carets.indexOf('^')]).toBe('(');
  });

  it('counts columns in code points', () => {
    const error = failure('y ~ Q("\u{1F600}") + (z');
    const [, line, carets] = error.message.split('\n') as [string, string, string];
    expect([...line][carets.indexOf('^')]).toBe('(');
  });
});
