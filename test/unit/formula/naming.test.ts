import { describe, expect, it } from 'vitest';
import { RecordsTable } from '../../../src/data/index.js';
import {
  buildTrainingDesign,
  levelLabel,
  parseFormula,
  prettyUntokenize,
  pythonFloatRepr,
  tokenize,
} from '../../../src/formula/index.js';
import { compareCodePoints } from '../../../src/formula/levels.js';

const normalize = (code: string): string => prettyUntokenize(tokenize(code));

describe("factor names (patsy's pretty_untokenize)", () => {
  // The first block is patsy's own test table (patsy/tokens.py).
  it.each([
    ['1 + 1', '1 + 1'],
    ['1+1', '1 + 1'],
    ['1*(2+3**2)', '1 * (2 + 3 ** 2)'],
    ['foo(a=bar.baz)', 'foo(a=bar.baz)'],
    ["'a' \"b\" 'c'", "'a' \"b\" 'c'"],
    ['foo ( * args )', 'foo(*args)'],
    ['foo ( a * args )', 'foo(a * args)'],
    ['foo (1, ** args )', 'foo(1, **args)'],
    ['a=foo(b = 1)', 'a = foo(b=1)'],
    ['foo(+ 10, bar = - 1)', 'foo(+10, bar=-1)'],
    ['1 + +10 + -1 - 5', '1 + +10 + -1 - 5'],
    ['I(x**2)', 'I(x ** 2)'],
    ['np.log(w+1)', 'np.log(w + 1)'],
    ['C(g,Sum)', 'C(g, Sum)'],
    ["C(g,levels=['b','a'])", "C(g, levels=['b', 'a'])"],
    ['I(-x)', 'I(-x)'],
    ['I(x**-1)', 'I(x ** -1)'],
    ['x>2', 'x > 2'],
    ['Q("my var")', 'Q("my var")'],
    ["Treatment( reference = 'b' )", "Treatment(reference='b')"],
  ])('%s → %s', (code, name) => {
    expect(normalize(code)).toBe(name);
  });

  it('names design columns with normalised codes', () => {
    const data = [1, 2, 3, 4].map((i) => ({ y: i, x: i * 1.5, w: i + 0.5, g: i % 2 ? 'a' : 'b', 'my var': -i }));
    const design = buildTrainingDesign("y ~ I(x**2) + np.log(w+1) + C(g,Sum) + Q('my var')", new RecordsTable(data), {
      missing: 'drop',
    });
    expect(design.spec.columns).toEqual(['Intercept', 'C(g, Sum)[S.a]', 'I(x ** 2)', 'np.log(w + 1)', "Q('my var')"]);
    expect(design.spec.terms.map((t) => t.name)).toEqual([
      'Intercept',
      'C(g, Sum)',
      'I(x ** 2)',
      'np.log(w + 1)',
      "Q('my var')",
    ]);
  });

  it('keeps the parse tree and the name in step', () => {
    const root = parseFormula('y ~ I(x*2)');
    expect(root.kind === 'Tilde' && root.rhs.kind === 'Factor' && root.rhs.code).toBe('I(x * 2)');
  });
});

describe('level names', () => {
  it.each([
    [2, true, '2'],
    [2, false, '2.0'],
    [2.5, false, '2.5'],
    [1e-5, false, '1e-05'],
    [0.0001, false, '0.0001'],
    [1e16, false, '1e+16'],
    [1234567890123456, false, '1234567890123456.0'],
    [-0.5, false, '-0.5'],
    [1.5e300, false, '1.5e+300'],
    [true, false, 'True'],
    [false, false, 'False'],
    ['b', false, 'b'],
  ] as const)('%s (integer column: %s) prints %s as Python does', (level, integer, text) => {
    expect(levelLabel(level, integer)).toBe(text);
  });

  it('formats floats as Python repr', () => {
    expect(pythonFloatRepr(0.1)).toBe('0.1');
    expect(pythonFloatRepr(1 / 3)).toBe('0.3333333333333333');
    expect(pythonFloatRepr(-0)).toBe('-0.0');
    expect(pythonFloatRepr(123456789012345680000)).toBe('1.2345678901234568e+20');
  });

  it('sorts strings by code point, as Python does', () => {
    const levels = ['\uE000', '\u{1F600}', 'b', 'B', 'Ä'];
    expect([...levels].sort(compareCodePoints)).toEqual(['B', 'b', 'Ä', '\uE000', '\u{1F600}']);
    // UTF-16 order would put the emoji (a surrogate pair) before U+E000.
    expect([...levels].sort()).not.toEqual(['B', 'b', 'Ä', '\uE000', '\u{1F600}']);
  });
});

describe('level names follow numpy dtypes through arithmetic (checked against patsy 0.5.3)', () => {
  const data = Array.from({ length: 9 }, (_, i) => ({
    y: i * 1.1,
    x: i * 0.5 + 1,
    k: [1, 2, 3][i % 3],
    f: i % 2 === 0,
  }));
  const columns = (formula: string) =>
    buildTrainingDesign(formula, new RecordsTable(data), { missing: 'drop' }).spec.columns.slice(1);
  it.each([
    ['y ~ C(np.abs(k))', ['C(np.abs(k))[T.2]', 'C(np.abs(k))[T.3]']],
    ['y ~ C(k + 1)', ['C(k + 1)[T.3]', 'C(k + 1)[T.4]']],
    ['y ~ C(k * 1.0)', ['C(k * 1.0)[T.2.0]', 'C(k * 1.0)[T.3.0]']],
    ['y ~ C(k / 1)', ['C(k / 1)[T.2.0]', 'C(k / 1)[T.3.0]']],
    ['y ~ C(k ** 2)', ['C(k ** 2)[T.4]', 'C(k ** 2)[T.9]']],
    ['y ~ C(k // 2)', ['C(k // 2)[T.1]']],
    ['y ~ C(f * 1)', ['C(f * 1)[T.1]']],
    ['y ~ C(x // 1)', ['C(x // 1)[T.2.0]', 'C(x // 1)[T.3.0]', 'C(x // 1)[T.4.0]', 'C(x // 1)[T.5.0]']],
    ['y ~ k == 2', ['k == 2[T.True]']],
  ])('%s', (formula, expected) => {
    expect(columns(formula)).toEqual(expected);
  });
});
