import { describe, expect, it } from 'vitest';
import { RecordsTable } from '../../../src/data/index.js';
import { buildPredictionDesign, buildTrainingDesign, type FactorSpec } from '../../../src/formula/index.js';
import { withMatrix } from './helpers/matrix.js';

const column = (x: Float64Array, rows: number, j: number): number[] => Array.from(x.subarray(j * rows, (j + 1) * rows));

// patsy 0.5.3, run live: x = [1, 2, 4, 8, 16, 3], w = [1, null, 2, 3, 4, 5], y = [1, 2, 3, null, 5, 6.5].
// patsy memorizes center/standardize over every row of the data frame (row 2 and 4 included),
// then drops rows 2 and 4 (w and y missing).
const data = [
  { y: 1, x: 1, w: 1 },
  { y: 2, x: 2, w: null },
  { y: 3, x: 4, w: 2 },
  { y: null, x: 8, w: 3 },
  { y: 5, x: 16, w: 4 },
  { y: 6.5, x: 3, w: 5 },
];

describe('stateful transforms', () => {
  it('center(x) learns the mean over every row, as patsy does', () => {
    const design = withMatrix(buildTrainingDesign('y ~ center(x) + w', new RecordsTable(data), { missing: 'drop' }));
    expect(design.spec.columns).toEqual(['Intercept', 'center(x)', 'w']);
    expect(design.rowCount).toBe(4);
    // patsy subtracts a long-double mean; ours is double-double: they agree to the last bit or so.
    const want = [-4.666666666666667, -1.666666666666667, 10.333333333333332, -2.666666666666667];
    column(design.x, 4, 1).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(4e-15));
  });

  it('standardize(x) uses ddof=0 and the same rows', () => {
    const design = withMatrix(
      buildTrainingDesign('y ~ standardize(x) + w', new RecordsTable(data), { missing: 'drop' }),
    );
    const got = column(design.x, 4, 1);
    const want = [-0.9113223768657671, -0.32547227745205964, 2.01792812020277, -0.5207556439232954];
    got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-15));
  });

  it('scale is standardize, and its options are honoured', () => {
    const rows = [1, 2, 3, 4, 10].map((x, i) => ({ y: i, x }));
    const table = new RecordsTable(rows);
    const mean = 4;
    const sd0 = Math.sqrt([1, 2, 3, 4, 10].reduce((s, x) => s + (x - mean) ** 2, 0) / 5);
    const sd1 = Math.sqrt([1, 2, 3, 4, 10].reduce((s, x) => s + (x - mean) ** 2, 0) / 4);
    const cases: [string, (x: number) => number][] = [
      ['y ~ scale(x)', (x) => (x - mean) / sd0],
      ['y ~ standardize(x, ddof=1)', (x) => (x - mean) / sd1],
      ['y ~ standardize(x, rescale=False)', (x) => x - mean],
      ['y ~ standardize(x, center=False)', (x) => x / sd0],
      ['y ~ standardize(x, False, True, 1)', (x) => x / sd1],
    ];
    for (const [formula, expected] of cases) {
      const design = withMatrix(buildTrainingDesign(formula, table, { missing: 'drop' }));
      column(design.x, 5, 1).forEach((v, i) => expect(Math.abs(v - expected(rows[i]!.x))).toBeLessThan(1e-14));
    }
  });

  it('stores the statistics in the spec and reuses them to predict', () => {
    const design = buildTrainingDesign('y ~ center(x) + standardize(w)', new RecordsTable(data), { missing: 'drop' });
    const factors = design.spec.factors as FactorSpec[];
    expect(factors.map((f) => f.transforms.map((t) => t.transform))).toEqual([['center'], ['standardize']]);
    const [center] = factors[0]!.transforms;
    expect(center!.mean[0] + center!.mean[1]).toBeCloseTo(34 / 6, 15);
    expect(center!.count).toBe(6);
    const encoded = withMatrix(
      buildPredictionDesign(
        JSON.parse(JSON.stringify(design.spec)),
        new RecordsTable([
          { x: 34 / 6, w: 3 },
          { x: 0, w: 1 },
        ]),
      ),
    );
    expect(encoded.x[2]).toBeCloseTo(0, 15); // center(x) at the training mean
    expect(encoded.x[3]).toBeCloseTo(-34 / 6, 14);
    // standardize(w) with the training mean 3 and ddof 0 sd sqrt(2) (w = 1, 2, 3, 4, 5).
    expect(encoded.x[4]).toBeCloseTo(0, 15);
    expect(encoded.x[5]).toBeCloseTo(-2 / Math.sqrt(2), 14);
  });

  it('nests: center(np.log(x)) and center(center(x))', () => {
    const rows = [1, 2, 4, 8].map((x, i) => ({ y: i, x }));
    const design = withMatrix(
      buildTrainingDesign('y ~ center(np.log(x)) + center(center(x))', new RecordsTable(rows), { missing: 'drop' }),
    );
    const logs = [1, 2, 4, 8].map(Math.log);
    const m = logs.reduce((a, b) => a + b) / 4;
    column(design.x, 4, 1).forEach((v, i) => expect(Math.abs(v - (logs[i]! - m))).toBeLessThan(1e-15));
    expect(column(design.x, 4, 2)).toEqual([-2.75, -1.75, 0.25, 4.25]);
    expect((design.spec.factors[1] as FactorSpec).transforms).toHaveLength(2);
  });

  it('refuses to rescale a constant column', () => {
    const rows = [1, 2, 3].map((i) => ({ y: i, x: 5 }));
    expect(() => buildTrainingDesign('y ~ standardize(x)', new RecordsTable(rows), { missing: 'drop' })).toThrow(
      /no spread/,
    );
  });

  it('keeps the centred value exact in double-double', () => {
    const rows = [0.1, 0.2, 0.7].map((x, i) => ({ y: i, x }));
    const design = withMatrix(buildTrainingDesign('y ~ center(x)', new RecordsTable(rows), { missing: 'drop' }));
    expect(design.xLo).not.toBeNull();
  });
});
