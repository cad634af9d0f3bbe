import { describe, expect, it } from 'vitest';
import { RecordsTable } from '../../../src/data/index.js';
import { buildPredictionDesign, buildTrainingDesign, FormulaError } from '../../../src/formula/index.js';
import { withMatrix } from './helpers/matrix.js';

/**
 * numpy's element-wise functions and custom contrast matrices (patsy's numbers are pinned by the
 * fixtures in test/fixtures/differential); here, what those cannot show: exact values at the
 * edges, the refusals and their positions, and prediction with the stored spec.
 */
const rows = [
  { y: 1, x: -2.5, z: 1, k: 1, g: 'a' },
  { y: 2, x: 0, z: -3, k: 2, g: 'b' },
  { y: 4, x: 1.5, z: 2, k: 3, g: 'c' },
  { y: 3, x: 3, z: 0.5, k: 4, g: 'a' },
  { y: 6, x: 7, z: -1, k: 1, g: 'b' },
];
const table = new RecordsTable(rows);

function column(formula: string, name: string): number[] {
  const design = withMatrix(buildTrainingDesign(formula, table, { missing: 'drop' }));
  const j = design.spec.columns.indexOf(name);
  expect(j, `${name} in ${design.spec.columns.join(', ')}`).toBeGreaterThanOrEqual(0);
  return Array.from(design.x.subarray(j * design.rowCount, (j + 1) * design.rowCount));
}

function refusal(formula: string): FormulaError {
  try {
    buildTrainingDesign(formula, table, { missing: 'drop' });
  } catch (error) {
    expect(error).toBeInstanceOf(FormulaError);
    return error as FormulaError;
  }
  return expect.fail(`expected ${formula} to be refused`);
}

describe('numpy element-wise functions', () => {
  it('computes clip, maximum, minimum, where, reciprocal and pow', () => {
    expect(column('y ~ np.clip(x, -1, 2)', 'np.clip(x, -1, 2)')).toEqual([-1, 0, 1.5, 2, 2]);
    expect(column('y ~ np.clip(x, None, 0)', 'np.clip(x, None, 0)')).toEqual([-2.5, 0, 0, 0, 0]);
    expect(column('y ~ np.maximum(x, z)', 'np.maximum(x, z)')).toEqual([1, 0, 2, 3, 7]);
    expect(column('y ~ np.minimum(x, z)', 'np.minimum(x, z)')).toEqual([-2.5, -3, 1.5, 0.5, -1]);
    expect(column('y ~ np.where(x > z, x, 10)', 'np.where(x > z, x, 10)')).toEqual([10, 0, 10, 3, 7]);
    expect(column('y ~ np.where(k - 1, 1, 0)', 'np.where(k - 1, 1, 0)')).toEqual([0, 1, 1, 1, 0]);
    expect(column('y ~ np.reciprocal(z)', 'np.reciprocal(z)')).toEqual([1, -1 / 3, 0.5, 2, -1]);
    // An integer column stays integer, as numpy keeps it: 1 // k.
    expect(column('y ~ np.reciprocal(k)', 'np.reciprocal(k)')).toEqual([1, 0, 0, 0, 1]);
    expect(column('y ~ pow(z, 2)', 'pow(z, 2)')).toEqual([1, 9, 4, 0.25, 1]);
  });

  it('keeps the low part of the operand it picks: maximum of I(x / 3) is the exact third', () => {
    const exact = withMatrix(buildTrainingDesign('y ~ I(x / 3)', table, { missing: 'drop' }));
    const picked = withMatrix(buildTrainingDesign('y ~ np.maximum(I(x / 3), -100)', table, { missing: 'drop' }));
    expect(Array.from(picked.x)).toEqual(Array.from(exact.x));
    expect(Array.from(picked.xLo ?? [])).toEqual(Array.from(exact.xLo ?? []));
  });

  it('refuses reductions, which patsy would compute again over the prediction rows', () => {
    for (const [formula, hint] of [
      ['y ~ I(x - np.mean(x))', 'center(x)'],
      ['y ~ I(x / np.std(x))', 'standardize(x)'],
      ['y ~ I(x - np.median(x))', 'write the number'],
    ] as const) {
      const error = refusal(formula);
      expect(error.reason).toBe('UNKNOWN_FUNCTION');
      expect(error.message).toContain('computed again over the rows being predicted');
      expect(error.message).toContain(hint);
      expect(formula.slice(error.position, error.end)).toMatch(/^np\.(mean|std|median)$/);
    }
    expect(refusal('y ~ np.clip(x, None, None)').message).toContain('needs a_min or a_max');
  });
});

describe('custom contrast matrices', () => {
  it('codes a factor with a matrix given whole, and predicts with it from the stored spec', () => {
    const formula = 'y ~ x + C(g, [[1, 2], [3, 5], [-1, 0.5]])';
    const design = withMatrix(buildTrainingDesign(formula, table, { missing: 'drop' }));
    expect(design.spec.columns).toEqual([
      'Intercept',
      'C(g, [[1, 2], [3, 5], [-1, 0.5]])[custom0]',
      'C(g, [[1, 2], [3, 5], [-1, 0.5]])[custom1]',
      'x',
    ]);
    expect(column(formula, 'C(g, [[1, 2], [3, 5], [-1, 0.5]])[custom1]')).toEqual([2, 5, 0.5, 2, 5]);
    const spec = JSON.parse(JSON.stringify(design.spec));
    const predicted = withMatrix(buildPredictionDesign(spec, new RecordsTable([{ x: 9, g: 'c' }])));
    expect(Array.from(predicted.x)).toEqual([1, -1, 0.5, 9]);
  });

  it('names ContrastMatrix columns by their suffixes and refuses a matrix of the wrong shape', () => {
    const formula = "y ~ C(g, ContrastMatrix([[1, 0], [0, 1], [-1, -1]], ['[a]', '[b]']))";
    expect(column(formula, "C(g, ContrastMatrix([[1, 0], [0, 1], [-1, -1]], ['[a]', '[b]']))[b]")).toEqual([
      0, 1, -1, 0, 1,
    ]);
    expect(refusal('y ~ C(g, [[1], [2]])').message).toContain(
      'the contrast matrix has 2 rows, but the factor has 3 levels',
    );
    expect(refusal('y ~ C(g, [[1, 0], [2], [3, 1]])').message).toContain('as many columns');
    expect(refusal("y ~ C(g, ContrastMatrix([[1, 0], [0, 1], [2, 2]], ['[a]']))").message).toContain(
      'ContrastMatrix has 2 columns but 1 column suffixes',
    );
    expect(refusal('y ~ ContrastMatrix([[1]], ["[a]"])').message).toContain('second argument of C()');
  });
});
