import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordsTable, sliceTable, type DataRecord } from '../../../src/data/index.js';
import { buildChunkedTrainingDesign, buildTrainingDesign, FormulaError } from '../../../src/formula/index.js';
import { materializeDesign, type ProblemRows } from '../../../src/numeric/designRows.js';
import { fitLinearModel, fitRows } from '../../../src/stats/index.js';

/**
 * A table read in chunks gives the design, spec and fit of the same table held whole, to the
 * last bit, whatever the chunk size: the chunked build is the whole build done in passes.
 */

const FORMULAS = [
  'y ~ x + g',
  'y ~ center(x) + standardize(z) + C(k)',
  'np.log(y) ~ x:g + I(x**2) + I(z / 3)',
  'y ~ standardize(center(x)) + C(k, Sum) * z',
  'center(y) ~ scale(x, ddof=1) + g',
  'y ~ 0 + C(g) + x',
  'y ~ C(k):x + np.exp(z / 10) + center(I(x * z))',
  'I(y / 7) ~ C(g, Helmert) + C(k, levels=[4, 3, 2, 1]) + x',
];

const row = fc.record({
  x: fc.option(fc.double({ min: -50, max: 50, noNaN: true }), { freq: 8 }),
  z: fc.double({ min: -20, max: 20, noNaN: true }),
  g: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { freq: 8 }),
  k: fc.integer({ min: 1, max: 4 }),
  w: fc.double({ min: 0.1, max: 10, noNaN: true }),
  y: fc.double({ min: 0.5, max: 100, noNaN: true }),
});

/** Every row of the problem read as the fit reads it: the design (with low parts), response, weights. */
function readAll(rows: ProblemRows): unknown {
  const n = rows.rowCount;
  const { x, xLo } = materializeDesign(rows, n);
  const y = new Float64Array(n);
  const yLo = new Float64Array(n);
  const weights = rows.weighted ? new Float64Array(n) : null;
  rows.fillResponse(0, n, y, yLo, weights);
  return { x, xLo: xLo ?? new Float64Array(x.length), y, yLo, weights };
}

function outcome<T>(build: () => T): { value: T } | { error: string } {
  try {
    return { value: build() };
  } catch (error) {
    if (error instanceof FormulaError) return { error: `${error.reason}: ${error.message}` };
    if (error instanceof Error && error.constructor !== Error && !(error instanceof TypeError))
      return { error: `${error.name}: ${error.message}` };
    throw error;
  }
}

describe('buildChunkedTrainingDesign', () => {
  it('equals the whole-table design and fit at every chunk size', () => {
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 8, maxLength: 60 }),
        fc.constantFrom(...FORMULAS),
        fc.integer({ min: 1, max: 70 }),
        fc.boolean(),
        (records, formula, chunkRows, weighted) => {
          const table = new RecordsTable(records as unknown as DataRecord[]);
          const options = { missing: 'drop' as const, weights: weighted ? 'w' : undefined };
          const whole = outcome(() => buildTrainingDesign(formula, table, options));
          const chunked = outcome(() => buildChunkedTrainingDesign(formula, sliceTable(table, chunkRows), options));
          if ('error' in whole) {
            expect(chunked).toEqual(whole);
            return;
          }
          if ('error' in chunked) throw new Error(`chunked failed where whole did not: ${chunked.error}`);
          const a = whole.value;
          const b = chunked.value;
          expect(b.spec).toEqual(a.spec);
          expect([b.rowCount, b.columnCount, b.droppedRows]).toEqual([a.rowCount, a.columnCount, a.droppedRows]);
          expect(b.warnings).toEqual(a.warnings);
          const wholeRows = {
            rowCount: a.rowCount,
            columnCount: a.columnCount,
            design: a.rows,
            y: a.y,
            yLo: a.yLo,
            weights: a.weights,
            columnNames: a.spec.columns,
          };
          const { x, xLo } = materializeDesign(a.rows, a.rowCount);
          const y = a.y;
          expect(readAll(b.rows)).toEqual({
            x,
            xLo: xLo ?? new Float64Array(x.length),
            y,
            yLo: a.yLo ?? new Float64Array(y.length),
            weights: a.weights,
          });
          const fitOptions = { covType: 'HC1' as const, useT: false };
          const fitWhole = outcome(() => fitLinearModel(wholeRows, fitOptions));
          const fitChunked = outcome(() => fitRows({ rows: b.rows, columnNames: b.spec.columns }, fitOptions));
          expect(fitChunked).toEqual(fitWhole);
        },
      ),
      { numRuns: 300, seed: 20261204 },
    );
  });

  it('learns a transform of a transform in one more pass, and C() of numbers in one more', () => {
    const records = Array.from({ length: 40 }, (_, i) => ({ x: i % 7, k: (i * 5) % 3, y: i }));
    const table = sliceTable(new RecordsTable(records), 6);
    const passes = (formula: string): number =>
      buildChunkedTrainingDesign(formula, table, { missing: 'drop' }).learningPasses;
    expect(passes('y ~ x')).toBe(0);
    expect(passes('y ~ center(x)')).toBe(1);
    expect(passes('y ~ standardize(x)')).toBe(2);
    expect(passes('y ~ standardize(center(x))')).toBe(3);
    expect(passes('y ~ C(k)')).toBe(1);
    expect(passes('y ~ C(center(k))')).toBe(2);
  });

  it('names rows of the whole table in errors', () => {
    const records = Array.from({ length: 30 }, (_, i) => ({ x: i === 23 ? -1 : i + 1, w: 1, y: i }));
    const table = sliceTable(new RecordsTable(records), 4);
    expect(() =>
      buildChunkedTrainingDesign('y ~ np.sqrt(x)', table, { missing: 'drop' }).rows.fill(
        0,
        30,
        new Float64Array(60),
        30,
        null,
      ),
    ).toThrow(/row 24/);
    const gaps = records.map((r, i) => (i === 17 ? { ...r, x: null } : r));
    expect(() =>
      buildChunkedTrainingDesign('y ~ x', sliceTable(new RecordsTable(gaps), 4), { missing: 'raise' }),
    ).toThrow(/row 18/);
    const badWeight = records.map((r, i) => (i === 9 ? { ...r, w: 0 } : r));
    expect(() =>
      buildChunkedTrainingDesign('y ~ x', sliceTable(new RecordsTable(badWeight), 4), {
        missing: 'drop',
        weights: 'w',
      }),
    ).toThrow(/row 10/);
  });

  it('refuses a table with no row left, naming the columns with gaps', () => {
    const records = Array.from({ length: 10 }, (_, i) => ({ x: i < 5 ? null : i, z: i < 5 ? i : null, y: i }));
    expect(() =>
      buildChunkedTrainingDesign('y ~ x + z', sliceTable(new RecordsTable(records), 3), { missing: 'drop' }),
    ).toThrow(/no rows are left to fit: every row has a missing value in "x", "z"/);
  });
});
