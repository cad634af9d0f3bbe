import { describe, expect, it } from 'vitest';
import { RecordsTable } from '../../../src/data/index.js';
import { buildTrainingDesign, describeModel, parseFormula, termName } from '../../../src/formula/index.js';

/**
 * Term expansion and design order, checked against patsy 0.5.3 live (ModelDesc.from_formula for
 * `terms`; dmatrices over 24 rows of a, b, c with 3, 2, 3 levels for `designTerms` and `columns`).
 */
const TABLE: readonly { formula: string; terms: string[]; designTerms: string[]; columns: string[] }[] = [
  {
    formula: 'y ~ a:b',
    terms: ['Intercept', 'a:b'],
    designTerms: ['Intercept', 'a:b'],
    columns: ['Intercept', 'b[T.v]', 'a[T.q]:b[u]', 'a[T.r]:b[u]', 'a[T.q]:b[v]', 'a[T.r]:b[v]'],
  },
  {
    formula: 'y ~ x + a:x',
    terms: ['Intercept', 'x', 'a:x'],
    designTerms: ['Intercept', 'x', 'a:x'],
    columns: ['Intercept', 'x', 'a[T.q]:x', 'a[T.r]:x'],
  },
  {
    formula: 'y ~ 0 + a',
    terms: ['a'],
    designTerms: ['a'],
    columns: ['a[p]', 'a[q]', 'a[r]'],
  },
  {
    formula: 'y ~ a + a:b',
    terms: ['Intercept', 'a', 'a:b'],
    designTerms: ['Intercept', 'a', 'a:b'],
    columns: ['Intercept', 'a[T.q]', 'a[T.r]', 'a[p]:b[T.v]', 'a[q]:b[T.v]', 'a[r]:b[T.v]'],
  },
  {
    formula: 'y ~ a*b*c - a:b',
    terms: ['Intercept', 'a', 'b', 'c', 'a:c', 'b:c', 'a:b:c'],
    designTerms: ['Intercept', 'a', 'b', 'c', 'a:c', 'b:c', 'a:b:c'],
    columns: [
      'Intercept',
      'a[T.q]',
      'a[T.r]',
      'b[T.v]',
      'c[T.n]',
      'c[T.o]',
      'a[T.q]:c[T.n]',
      'a[T.r]:c[T.n]',
      'a[T.q]:c[T.o]',
      'a[T.r]:c[T.o]',
      'b[T.v]:c[T.n]',
      'b[T.v]:c[T.o]',
      'a[T.q]:b[T.v]:c[m]',
      'a[T.r]:b[T.v]:c[m]',
      'a[T.q]:b[T.v]:c[n]',
      'a[T.r]:b[T.v]:c[n]',
      'a[T.q]:b[T.v]:c[o]',
      'a[T.r]:b[T.v]:c[o]',
    ],
  },
  {
    formula: 'y ~ 0 + a:b + c',
    terms: ['a:b', 'c'],
    designTerms: ['c', 'a:b'],
    columns: ['c[m]', 'c[n]', 'c[o]', 'b[T.v]', 'a[T.q]:b[u]', 'a[T.r]:b[u]', 'a[T.q]:b[v]', 'a[T.r]:b[v]'],
  },
  {
    formula: 'y ~ x:a + a',
    terms: ['Intercept', 'x:a', 'a'],
    designTerms: ['Intercept', 'a', 'x:a'],
    columns: ['Intercept', 'a[T.q]', 'a[T.r]', 'x:a[p]', 'x:a[q]', 'x:a[r]'],
  },
  {
    formula: 'y ~ (a+b+c)**2 - a:c',
    terms: ['Intercept', 'a', 'b', 'c', 'a:b', 'b:c'],
    designTerms: ['Intercept', 'a', 'b', 'c', 'a:b', 'b:c'],
    columns: [
      'Intercept',
      'a[T.q]',
      'a[T.r]',
      'b[T.v]',
      'c[T.n]',
      'c[T.o]',
      'a[T.q]:b[T.v]',
      'a[T.r]:b[T.v]',
      'b[T.v]:c[T.n]',
      'b[T.v]:c[T.o]',
    ],
  },
  {
    formula: 'y ~ a/b',
    terms: ['Intercept', 'a', 'a:b'],
    designTerms: ['Intercept', 'a', 'a:b'],
    columns: ['Intercept', 'a[T.q]', 'a[T.r]', 'a[p]:b[T.v]', 'a[q]:b[T.v]', 'a[r]:b[T.v]'],
  },
  {
    formula: 'y ~ (a+x)/b',
    terms: ['Intercept', 'a', 'x', 'a:x:b'],
    designTerms: ['Intercept', 'a', 'x', 'a:x:b'],
    columns: [
      'Intercept',
      'a[T.q]',
      'a[T.r]',
      'x',
      'x:b[T.v]',
      'a[T.q]:x:b[u]',
      'a[T.r]:x:b[u]',
      'a[T.q]:x:b[v]',
      'a[T.r]:x:b[v]',
    ],
  },
  {
    formula: 'y ~ x - 0',
    terms: ['Intercept', 'x'],
    designTerms: ['Intercept', 'x'],
    columns: ['Intercept', 'x'],
  },
  {
    formula: 'y ~ 0 + 1 + x',
    terms: ['Intercept', 'x'],
    designTerms: ['Intercept', 'x'],
    columns: ['Intercept', 'x'],
  },
  {
    formula: 'y ~ x - 1 + 1',
    terms: ['Intercept', 'x'],
    designTerms: ['Intercept', 'x'],
    columns: ['Intercept', 'x'],
  },
  {
    formula: 'y~ b:a + a:b',
    terms: ['Intercept', 'b:a'],
    designTerms: ['Intercept', 'b:a'],
    columns: ['Intercept', 'a[T.q]', 'a[T.r]', 'b[T.v]:a[p]', 'b[T.v]:a[q]', 'b[T.v]:a[r]'],
  },
  {
    formula: 'y ~ x*z*a',
    terms: ['Intercept', 'x', 'z', 'x:z', 'a', 'x:a', 'z:a', 'x:z:a'],
    designTerms: ['Intercept', 'a', 'x', 'x:a', 'z', 'z:a', 'x:z', 'x:z:a'],
    columns: [
      'Intercept',
      'a[T.q]',
      'a[T.r]',
      'x',
      'x:a[T.q]',
      'x:a[T.r]',
      'z',
      'z:a[T.q]',
      'z:a[T.r]',
      'x:z',
      'x:z:a[T.q]',
      'x:z:a[T.r]',
    ],
  },
  {
    formula: 'y ~ -1 + x',
    terms: ['x'],
    designTerms: ['x'],
    columns: ['x'],
  },
  {
    formula: 'y ~ 1 + -1',
    terms: ['Intercept'],
    designTerms: ['Intercept'],
    columns: ['Intercept'],
  },
  {
    formula: 'y ~ x - -1',
    terms: ['Intercept', 'x'],
    designTerms: ['Intercept', 'x'],
    columns: ['Intercept', 'x'],
  },
  {
    formula: 'y ~ a:(x - 1)',
    terms: ['Intercept', 'a:x'],
    designTerms: ['Intercept', 'a:x'],
    columns: ['Intercept', 'a[p]:x', 'a[q]:x', 'a[r]:x'],
  },
  {
    formula: 'y ~ 0:x',
    terms: ['Intercept'],
    designTerms: ['Intercept'],
    columns: ['Intercept'],
  },
  {
    formula: 'y ~ (x+a)**3',
    terms: ['Intercept', 'x', 'a', 'x:a'],
    designTerms: ['Intercept', 'a', 'x', 'x:a'],
    columns: ['Intercept', 'a[T.q]', 'a[T.r]', 'x', 'x:a[T.q]', 'x:a[T.r]'],
  },
  {
    formula: 'y ~ x*0',
    terms: ['Intercept', 'x'],
    designTerms: ['Intercept', 'x'],
    columns: ['Intercept', 'x'],
  },
  {
    formula: 'y ~ x + x + a + x:a + a:x',
    terms: ['Intercept', 'x', 'a', 'x:a'],
    designTerms: ['Intercept', 'a', 'x', 'x:a'],
    columns: ['Intercept', 'a[T.q]', 'a[T.r]', 'x', 'x:a[T.q]', 'x:a[T.r]'],
  },
  {
    formula: 'y ~ a*b + a:b:x',
    terms: ['Intercept', 'a', 'b', 'a:b', 'a:b:x'],
    designTerms: ['Intercept', 'a', 'b', 'a:b', 'a:b:x'],
    columns: [
      'Intercept',
      'a[T.q]',
      'a[T.r]',
      'b[T.v]',
      'a[T.q]:b[T.v]',
      'a[T.r]:b[T.v]',
      'a[p]:b[u]:x',
      'a[q]:b[u]:x',
      'a[r]:b[u]:x',
      'a[p]:b[v]:x',
      'a[q]:b[v]:x',
      'a[r]:b[v]:x',
    ],
  },
  {
    formula: 'y ~ (x + z):(a + b)',
    terms: ['Intercept', 'x:a', 'x:b', 'z:a', 'z:b'],
    designTerms: ['Intercept', 'x:a', 'x:b', 'z:a', 'z:b'],
    columns: ['Intercept', 'x:a[p]', 'x:a[q]', 'x:a[r]', 'x:b[T.v]', 'z:a[p]', 'z:a[q]', 'z:a[r]', 'z:b[T.v]'],
  },
  {
    formula: 'y ~ a/(b + x)',
    terms: ['Intercept', 'a', 'a:b', 'a:x'],
    designTerms: ['Intercept', 'a', 'a:b', 'a:x'],
    columns: [
      'Intercept',
      'a[T.q]',
      'a[T.r]',
      'a[p]:b[T.v]',
      'a[q]:b[T.v]',
      'a[r]:b[T.v]',
      'a[p]:x',
      'a[q]:x',
      'a[r]:x',
    ],
  },
  {
    formula: 'y ~ (a + b)/c',
    terms: ['Intercept', 'a', 'b', 'a:b:c'],
    designTerms: ['Intercept', 'a', 'b', 'a:b:c'],
    columns: [
      'Intercept',
      'a[T.q]',
      'a[T.r]',
      'b[T.v]',
      'a[p]:c[T.n]',
      'a[q]:c[T.n]',
      'a[r]:c[T.n]',
      'a[p]:c[T.o]',
      'a[q]:c[T.o]',
      'a[r]:c[T.o]',
      'b[T.v]:c[T.n]',
      'b[T.v]:c[T.o]',
      'a[T.q]:b[T.v]:c[m]',
      'a[T.r]:b[T.v]:c[m]',
      'a[T.q]:b[T.v]:c[n]',
      'a[T.r]:b[T.v]:c[n]',
      'a[T.q]:b[T.v]:c[o]',
      'a[T.r]:b[T.v]:c[o]',
    ],
  },
  {
    formula: 'y ~ x:x',
    terms: ['Intercept', 'x'],
    designTerms: ['Intercept', 'x'],
    columns: ['Intercept', 'x'],
  },
  {
    formula: 'y ~ a:b:c',
    terms: ['Intercept', 'a:b:c'],
    designTerms: ['Intercept', 'a:b:c'],
    columns: [
      'Intercept',
      'a[T.q]:b[u]',
      'a[T.r]:b[u]',
      'a[T.q]:b[v]',
      'a[T.r]:b[v]',
      'a[p]:c[T.n]',
      'a[q]:c[T.n]',
      'a[r]:c[T.n]',
      'a[p]:c[T.o]',
      'a[q]:c[T.o]',
      'a[r]:c[T.o]',
      'b[T.v]:c[m]',
      'b[T.v]:c[n]',
      'b[T.v]:c[o]',
      'a[T.q]:b[T.v]:c[T.n]',
      'a[T.r]:b[T.v]:c[T.n]',
      'a[T.q]:b[T.v]:c[T.o]',
      'a[T.r]:b[T.v]:c[T.o]',
    ],
  },
  {
    formula: 'y ~ 0 + a:b:x',
    terms: ['a:b:x'],
    designTerms: ['a:b:x'],
    columns: ['a[p]:b[u]:x', 'a[q]:b[u]:x', 'a[r]:b[u]:x', 'a[p]:b[v]:x', 'a[q]:b[v]:x', 'a[r]:b[v]:x'],
  },
  {
    formula: 'y ~ a:x + b:x + a:b:x',
    terms: ['Intercept', 'a:x', 'b:x', 'a:b:x'],
    designTerms: ['Intercept', 'a:x', 'b:x', 'a:b:x'],
    columns: ['Intercept', 'a[p]:x', 'a[q]:x', 'a[r]:x', 'b[T.v]:x', 'a[T.q]:b[T.v]:x', 'a[T.r]:b[T.v]:x'],
  },
  {
    formula: 'y ~ x + z - x',
    terms: ['Intercept', 'z'],
    designTerms: ['Intercept', 'z'],
    columns: ['Intercept', 'z'],
  },
  {
    formula: 'y ~ I(x**2) + I(x ** 2)',
    terms: ['Intercept', 'I(x ** 2)'],
    designTerms: ['Intercept', 'I(x ** 2)'],
    columns: ['Intercept', 'I(x ** 2)'],
  },
  {
    formula: 'y ~ C(a,Sum) + C(a, Sum)',
    terms: ['Intercept', 'C(a, Sum)'],
    designTerms: ['Intercept', 'C(a, Sum)'],
    columns: ['Intercept', 'C(a, Sum)[S.p]', 'C(a, Sum)[S.q]'],
  },
  {
    formula: 'y ~ x:z + z:x',
    terms: ['Intercept', 'x:z'],
    designTerms: ['Intercept', 'x:z'],
    columns: ['Intercept', 'x:z'],
  },
  {
    formula: 'y ~ a - 1 + 0',
    terms: ['a'],
    designTerms: ['a'],
    columns: ['a[p]', 'a[q]', 'a[r]'],
  },
];

const letters = (cycle: string, n: number): string[] => Array.from({ length: n }, (_, i) => cycle[i % cycle.length]!);
const a = letters('pqr', 24);
const b = letters('uv', 24);
const c = letters('mno', 24);
const data = a.map((_, i) => ({ y: Math.sin(i), x: Math.cos(i * 1.3), z: (i % 7) - 3.5, a: a[i], b: b[i], c: c[i] }));

describe('term expansion (patsy desc.py)', () => {
  it.each(TABLE.map((row) => [row.formula, row] as const))("%s expands to patsy's terms", (formula, row) => {
    const model = describeModel(formula, parseFormula(formula));
    expect(model.rhs.map(termName)).toEqual(row.terms);
  });

  it.each(TABLE.map((row) => [row.formula, row] as const))(
    '%s orders and names design columns as patsy',
    (formula, row) => {
      const design = buildTrainingDesign(formula, new RecordsTable(data), { missing: 'drop' });
      expect(design.spec.terms.map((t) => t.name)).toEqual(row.designTerms);
      expect(design.spec.columns).toEqual(row.columns);
    },
  );

  it('treats a:b and b:a as one term, keeping the first order written', () => {
    const model = describeModel('y ~ x:z + z:x + z', parseFormula('y ~ x:z + z:x + z'));
    expect(model.rhs.map(termName)).toEqual(['Intercept', 'x:z', 'z']);
  });

  it('identifies factors by normalised code', () => {
    const model = describeModel(
      'y ~ I(x**2) + I(x ** 2) + np.log(x+1) + np.log(x + 1)',
      parseFormula('y ~ I(x**2) + I(x ** 2) + np.log(x+1) + np.log(x + 1)'),
    );
    expect(model.rhs.map(termName)).toEqual(['Intercept', 'I(x ** 2)', 'np.log(x + 1)']);
  });

  it('describes the response separately, without an implicit intercept', () => {
    const model = describeModel('np.log(y) ~ x', parseFormula('np.log(y) ~ x'));
    expect(model.lhs.map(termName)).toEqual(['np.log(y)']);
  });

  it('warns that a power of a single term is that term', () => {
    const model = describeModel('y ~ x**2', parseFormula('y ~ x**2'));
    expect(model.rhs.map(termName)).toEqual(['Intercept', 'x']);
    expect(model.warnings[0]?.message).toContain('I(x**2)');
    expect(describeModel('y ~ x^2', parseFormula('y ~ x^2')).warnings).toHaveLength(1);
  });

  it('caps (a + b)**n at the number of terms, as patsy does', () => {
    const model = describeModel('y ~ (a + b)**100', parseFormula('y ~ (a + b)**100'));
    expect(model.rhs.map(termName)).toEqual(['Intercept', 'a', 'b', 'a:b']);
  });

  it('refuses expansions beyond the term limit instead of exhausting memory', () => {
    const factors = Array.from({ length: 20 }, (_, i) => `x${i}`).join(' + ');
    expect(() => describeModel(`y ~ (${factors})**20`, parseFormula(`y ~ (${factors})**20`))).toThrow(
      /more than 2000 terms/,
    );
  });

  it.each([
    ['y ~ x:1', 'the intercept cannot interact', 'y ~ x:'.length, 'y ~ x:1'.length],
    ['y ~ (1):x', 'the intercept cannot interact', 4, 7],
    ['y ~ 2', 'numbers other than 0 and 1', 4, 5],
    ['y ~ -x', 'unary minus applies only to 0 or 1', 4, 6],
    ['y ~ (a + b)**0', 'needs a positive integer exponent', 13, 14],
    ['y ~ (a + b)**1.5', 'needs a positive integer exponent', 13, 16],
    ['y ~ x ~ z', '~ can only be used once', 0, 5],
  ])('refuses %s', (formula, message, position, end) => {
    try {
      describeModel(formula, parseFormula(formula));
      expect.fail('expected an error');
    } catch (error) {
      expect((error as Error).message).toContain(message);
      expect((error as { position: number }).position).toBe(position);
      expect((error as { end: number }).end).toBe(end);
    }
  });
});
