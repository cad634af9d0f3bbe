/**
 * The formula module's design rows are generated block by block on demand (fill.ts): any split
 * of the rows into blocks, and any single column read alone, must give exactly the cells (and
 * low parts) of the whole design read at once, for every kind of column — dummies, numbers,
 * products exact and inexact in double, contrasts with non-unit entries — with rows dropped
 * for missing values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordsTable } from '../../../src/data/index.js';
import { buildTrainingDesign } from '../../../src/formula/index.js';
import { materializeDesign } from '../../../src/numeric/designRows.js';

const FORMULAS = [
  'y ~ x + C(g)',
  'y ~ x * C(g) + I(x**2)',
  'y ~ x:z + C(g, Sum):z + np.log(w)',
  'y ~ 0 + C(g, Helmert):C(h) + center(x)',
  'y ~ C(g, Poly) * z + I(x / 3) : w',
];

const rows = fc.array(
  fc.record({
    y: fc.double({ min: -100, max: 100, noNaN: true }),
    x: fc.double({ min: -1e3, max: 1e3, noNaN: true }),
    z: fc.oneof(fc.double({ min: -1, max: 1, noNaN: true }), fc.constant(null)),
    w: fc.double({ min: 0.01, max: 50, noNaN: true }),
    g: fc.constantFrom('a', 'b', 'c', 'd'),
    h: fc.constantFrom('lo', 'hi'),
  }),
  { minLength: 30, maxLength: 400 },
);

describe('design rows generated in blocks', () => {
  it('equal the whole design for any split into blocks, and column by column', () => {
    fc.assert(
      fc.property(
        rows,
        fc.constantFrom(...FORMULAS),
        fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 8 }),
        (data, formula, sizes) => {
          const table = new RecordsTable(data);
          const design = buildTrainingDesign(formula, table, { missing: 'drop' });
          const n = design.rowCount;
          const p = design.columnCount;
          const whole = materializeDesign(design.rows, n);
          const lo = whole.xLo ?? new Float64Array(n * p);
          // Blocks of the drawn sizes, cycling, written into a buffer with a stride wider than the block.
          for (let start = 0, k = 0; start < n; k++) {
            const count = Math.min(sizes[k % sizes.length]!, n - start);
            const stride = count + 3;
            const x = new Float64Array(stride * p).fill(Number.NaN);
            const xLo = new Float64Array(stride * p).fill(Number.NaN);
            design.rows.fill(start, count, x, stride, design.rows.mayHaveLowParts ? xLo : null);
            for (let j = 0; j < p; j++) {
              expect(Array.from(x.subarray(j * stride, j * stride + count))).toEqual(
                Array.from(whole.x.subarray(j * n + start, j * n + start + count)),
              );
              if (design.rows.mayHaveLowParts) {
                expect(Array.from(xLo.subarray(j * stride, j * stride + count))).toEqual(
                  Array.from(lo.subarray(j * n + start, j * n + start + count)),
                );
              }
            }
            start += count;
          }
          const column = new Float64Array(n);
          for (let j = 0; j < p; j++) {
            design.rows.fillColumn(j, 0, n, column);
            expect(Array.from(column)).toEqual(Array.from(whole.x.subarray(j * n, (j + 1) * n)));
          }
          // Low parts only where the design says they may be.
          if (!design.rows.mayHaveLowParts) expect(whole.xLo).toBeNull();
        },
      ),
      { numRuns: 60, seed: 20261204 },
    );
  });
});
