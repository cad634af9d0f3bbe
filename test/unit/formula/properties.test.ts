import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError, RecordsTable } from '../../../src/data/index.js';
import { buildPredictionDesign, buildTrainingDesign, FormulaError, parseFormula } from '../../../src/formula/index.js';
import { withMatrix } from './helpers/matrix.js';

const rows = Array.from({ length: 12 }, (_, i) => ({
  y: Math.sin(i) * 3 + i,
  x: (i % 5) + 0.5,
  z: Math.cos(i * 1.7),
  w: i + 1,
  g: ['a', 'b', 'c'][i % 3],
  h: i % 2 === 0 ? 'lo' : 'hi',
  flag: i % 4 === 0,
  k: (i % 3) + 1,
  'my var': i * 0.25,
  constructor: i % 2,
}));
const table = new RecordsTable(rows);

const isExpected = (error: unknown): boolean => error instanceof FormulaError || error instanceof DataError;

/** Factor expressions over the columns, functions and literals a formula may use. */
const expression: fc.Memo<string> = fc.memo((depth) => {
  const leaf = fc.oneof(
    fc.constantFrom(
      'x',
      'z',
      'w',
      'g',
      'h',
      'flag',
      'k',
      'nosuch',
      'constructor',
      '__proto__',
      'Q("my var")',
      "Q('x')",
      'np.pi',
    ),
    fc.constantFrom('0', '1', '2', '0.5', '1e-3', "'a'", 'True', 'None'),
  );
  if (depth <= 1) return leaf;
  const sub = expression(depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    fc
      .tuple(sub, fc.constantFrom('+', '-', '*', '/', '**', '//', '%', '>', '==', '^'), sub)
      .map(([a, op, b]) => `${a} ${op} ${b}`),
    fc
      .tuple(
        fc.constantFrom(
          'np.log',
          'np.exp',
          'np.sqrt',
          'log',
          'abs',
          'center',
          'standardize',
          'I',
          'C',
          'toString',
          'Sum',
        ),
        sub,
      )
      .map(([f, a]) => `${f}(${a})`),
    fc
      .tuple(
        sub,
        fc.constantFrom(
          'Sum',
          'Treatment',
          "Treatment('b')",
          'Poly',
          'Helmert',
          'Diff',
          "levels=['a', 'b', 'c']",
          'bogus',
        ),
      )
      .map(([a, c]) => `C(${a}, ${c})`),
    sub.map((a) => `(${a})`),
    sub.map((a) => `-${a}`),
  );
});

/** Term expressions built from factors with the formula operators. */
const terms: fc.Memo<string> = fc.memo((depth) => {
  const factor = fc.oneof({ weight: 4, arbitrary: expression(2) }, fc.constantFrom('0', '1', '-1', '2'));
  if (depth <= 1) return factor;
  const sub = terms(depth - 1);
  return fc.oneof(
    { weight: 2, arbitrary: factor },
    fc
      .tuple(sub, fc.constantFrom(' + ', ' - ', ' * ', ' / ', ':', '**', '^', ' ~ '), sub)
      .map(([a, op, b]) => `${a}${op}${b}`),
    sub.map((a) => `(${a})`),
    fc.tuple(sub, fc.constantFrom('2', '3')).map(([a, n]) => `(${a})**${n}`),
  );
});

const formula = fc
  .tuple(fc.constantFrom('y', 'np.log(w)', 'I(y / 2)', 'g', ''), terms(4))
  .map(([lhs, rhs]) => `${lhs} ~ ${rhs}`);

describe('property: arbitrary input fails only with formula or data errors', () => {
  it('random formulas from the grammar build a design or fail with FormulaError/DataError', () => {
    fc.assert(
      fc.property(formula, fc.constantFrom<'drop' | 'raise'>('drop', 'raise'), (source, missing) => {
        try {
          const design = withMatrix(buildTrainingDesign(source, table, { missing }));
          expect(design.x.length).toBe(design.rowCount * design.columnCount);
          expect(design.spec.columns).toHaveLength(design.columnCount);
          for (const v of design.x) expect(Number.isFinite(v)).toBe(true);
          const encoded = buildPredictionDesign(JSON.parse(JSON.stringify(design.spec)), table);
          expect(encoded.columnCount).toBe(design.columnCount);
        } catch (error) {
          if (!isExpected(error)) throw error;
        }
      }),
      { numRuns: 600 },
    );
  });

  it('random strings never crash the parser', () => {
    const alphabet = fc.constantFrom(
      ...'yxzgw~+-*/:^()[]{},.=<>!%&|#\'"\\ 01289eEjQCInp_\n\t$`@;'.split(''),
      '**',
      '//',
      'np.log(',
      'C(',
      'I(',
      '\u00e9',
      '\u{1F600}',
      '\uD800',
    );
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join('')),
        (source) => {
          try {
            parseFormula(source);
          } catch (error) {
            if (!(error instanceof FormulaError)) throw error;
            expect(typeof error.message).toBe('string');
          }
        },
      ),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (source) => {
        try {
          buildTrainingDesign(source, table, { missing: 'drop' });
        } catch (error) {
          if (!isExpected(error)) throw error;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('deep or long inputs fail with limits, not stack overflows', () => {
    for (const source of [
      `y ~ ${'('.repeat(10_000)}x${')'.repeat(10_000)}`,
      `y ~ ${'-'.repeat(10_000)}1`,
      `y ~ I(${'-'.repeat(3_000)}x)`,
      `y ~ I(${Array.from({ length: 2400 }, () => 'x').join('+')})`,
      `y ~ ${Array.from({ length: 2400 }, () => 'x').join('+')}`,
      `y ~ ${'x**'.repeat(2000)}2`,
    ]) {
      try {
        buildTrainingDesign(source, table, { missing: 'drop' });
      } catch (error) {
        if (!isExpected(error)) throw error;
      }
    }
  });
});
