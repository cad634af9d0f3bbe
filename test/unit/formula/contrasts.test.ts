import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordsTable } from '../../../src/data/index.js';
import { buildTrainingDesign, contrastMatrix, type ContrastSpec } from '../../../src/formula/index.js';

/**
 * Reference matrices from patsy 0.5.3 (`code_with_intercept` / `code_without_intercept` of
 * Treatment, Sum, Helmert, Diff and Poly for 3, 4 and 5 levels, Poly also for 7 levels and
 * with scores), dumped by a script run against Debian bookworm's python3-patsy.
 */
const REFERENCE = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures/contrasts-patsy-0.5.3.json'), 'utf8'),
) as {
  name: string;
  levels: string[];
  full: boolean;
  spec: ContrastSpec;
  matrix: number[][];
  suffixes: string[];
}[];

describe('contrasts', () => {
  it.each(
    REFERENCE.map((r) => [`${r.name} ${r.full ? 'full' : 'reduced'} rank, ${r.levels.length} levels`, r] as const),
  )('%s matches patsy', (_label, reference) => {
    const m = contrastMatrix(reference.spec, reference.levels, reference.full);
    expect(m.suffixes).toEqual(reference.suffixes);
    expect(m.levels).toBe(reference.levels.length);
    expect(m.columns).toBe(reference.suffixes.length);
    reference.matrix.forEach((row, i) =>
      row.forEach((want, j) => {
        // patsy's Poly comes from LAPACK's QR; ours is the exact Q in double-double, rounded.
        expect(Math.abs(m.entry(i, j) - want)).toBeLessThanOrEqual(reference.spec.type === 'Poly' ? 1e-14 : 0);
      }),
    );
  });

  it('codes thousands of levels without a dense matrix', () => {
    const labels = Array.from({ length: 9000 }, (_, i) => `id${i}`);
    const m = contrastMatrix({ type: 'Treatment', reference: 0 }, labels, true);
    expect(m.columns).toBe(9000);
    expect(m.entry(4500, 4500)).toBe(1);
    expect(m.entry(4500, 4499)).toBe(0);
    expect(m.unitEntries).toBe(true);
  });

  it('marks 0/±1 matrices as exact to multiply', () => {
    expect(contrastMatrix({ type: 'Treatment', reference: 0 }, ['a', 'b'], false).unitEntries).toBe(true);
    expect(contrastMatrix({ type: 'Sum', omit: 1 }, ['a', 'b', 'c'], false).unitEntries).toBe(true);
    expect(contrastMatrix({ type: 'Helmert' }, ['a', 'b', 'c'], false).unitEntries).toBe(false);
    expect(contrastMatrix({ type: 'Poly', scores: null }, ['a', 'b', 'c'], false).unitEntries).toBe(false);
  });

  it('gives Poly orthonormal columns even for many levels', () => {
    const labels = Array.from({ length: 30 }, (_, i) => `l${i}`);
    const m = contrastMatrix({ type: 'Poly', scores: null }, labels, false);
    for (let p = 0; p < m.columns; p++) {
      for (let q = p; q < m.columns; q++) {
        let dot = 0;
        for (let i = 0; i < m.levels; i++) dot += m.entry(i, p) * m.entry(i, q);
        expect(Math.abs(dot - (p === q ? 1 : 0))).toBeLessThan(1e-13);
      }
    }
  });

  describe('in formulas', () => {
    const data = ['a', 'b', 'c', 'd', 'a', 'c'].map((g, i) => ({
      y: i * 1.5,
      g,
      k: [3, 1, 2, 2, 10, 3][i],
      flag: i % 2 === 0,
    }));
    const columns = (formula: string): readonly string[] =>
      buildTrainingDesign(formula, new RecordsTable(data), { missing: 'drop' }).spec.columns;

    it.each([
      [
        "y ~ C(g, Treatment('b'))",
        ['Intercept', "C(g, Treatment('b'))[T.a]", "C(g, Treatment('b'))[T.c]", "C(g, Treatment('b'))[T.d]"],
      ],
      [
        "y ~ C(g, Treatment(reference='d'))",
        [
          'Intercept',
          "C(g, Treatment(reference='d'))[T.a]",
          "C(g, Treatment(reference='d'))[T.b]",
          "C(g, Treatment(reference='d'))[T.c]",
        ],
      ],
      [
        'y ~ C(g, Treatment(-1))',
        ['Intercept', 'C(g, Treatment(-1))[T.a]', 'C(g, Treatment(-1))[T.b]', 'C(g, Treatment(-1))[T.c]'],
      ],
      ['y ~ C(g, Sum)', ['Intercept', 'C(g, Sum)[S.a]', 'C(g, Sum)[S.b]', 'C(g, Sum)[S.c]']],
      [
        "y ~ C(g, Sum(omit='a'))",
        ['Intercept', "C(g, Sum(omit='a'))[S.b]", "C(g, Sum(omit='a'))[S.c]", "C(g, Sum(omit='a'))[S.d]"],
      ],
      ['y ~ C(g, Helmert)', ['Intercept', 'C(g, Helmert)[H.b]', 'C(g, Helmert)[H.c]', 'C(g, Helmert)[H.d]']],
      ['y ~ C(g, Diff)', ['Intercept', 'C(g, Diff)[D.a]', 'C(g, Diff)[D.b]', 'C(g, Diff)[D.c]']],
      ['y ~ C(k, Poly)', ['Intercept', 'C(k, Poly).Linear', 'C(k, Poly).Quadratic', 'C(k, Poly).Cubic']],
      ['y ~ 0 + C(g, Sum)', ['C(g, Sum)[mean]', 'C(g, Sum)[S.a]', 'C(g, Sum)[S.b]', 'C(g, Sum)[S.c]']],
      ['y ~ C(k)', ['Intercept', 'C(k)[T.2]', 'C(k)[T.3]', 'C(k)[T.10]']],
      [
        'y ~ C(k, Treatment(3))',
        ['Intercept', 'C(k, Treatment(3))[T.1]', 'C(k, Treatment(3))[T.2]', 'C(k, Treatment(3))[T.10]'],
      ],
      [
        "y ~ C(g, levels=['d', 'c', 'b', 'a'])",
        [
          'Intercept',
          "C(g, levels=['d', 'c', 'b', 'a'])[T.c]",
          "C(g, levels=['d', 'c', 'b', 'a'])[T.b]",
          "C(g, levels=['d', 'c', 'b', 'a'])[T.a]",
        ],
      ],
      ['y ~ flag', ['Intercept', 'flag[T.True]']],
      ['y ~ C(flag, Treatment(True))', ['Intercept', 'C(flag, Treatment(True))[T.False]']],
    ])("%s → patsy's names", (formula, expected) => {
      expect(columns(formula)).toEqual(expected);
    });

    it.each([
      ["y ~ C(g, Treatment('z'))", /specified level "z" is not a level of this factor/],
      ['y ~ C(g, Treatment(7))', /out of range/],
      ['y ~ C(g, Poly([1, 2]))', /does not match the number of scores/],
      ['y ~ C(g, Poly([1, 1, 2, 3]))', /distinct/],
      ["y ~ C(g, levels=['a', 'b'])", /row 3, column "g": "c" is not one of the levels given to C\(\)/],
      ['y ~ C(g, Bogus)', /the contrast must be Treatment, Sum, Helmert, Diff or Poly/],
      ['y ~ Sum(g)', /is a contrast: use it as the second argument of C\(\)/],
      ["y ~ C(g, levels=['a', 'a'])", /must not repeat/],
    ])('%s is refused with a clear message', (formula, message) => {
      expect(() => columns(formula)).toThrow(message);
    });
  });
});
