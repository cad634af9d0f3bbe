import { describe, expect, it } from 'vitest';
import { RecordsTable } from '../../../src/data/index.js';
import { buildTrainingDesign } from '../../../src/formula/index.js';
import { loadNist } from './helpers/cases.js';
import { withMatrix } from './helpers/matrix.js';

/** A double as an exact rational m · 2^e. */
function exact(x: number): { m: bigint; e: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const m = (bits & ((1n << 52n) - 1n)) | (exponent === 0 ? 0n : 1n << 52n);
  return { m: bits >> 63n ? -m : m, e: (exponent === 0 ? 1 : exponent) - 1075 };
}

/** Relative error of hi + lo against x^k computed exactly with BigInt. */
function powerError(x: number, k: number, hi: number, lo: number): number {
  const p = exact(x);
  const want = { m: p.m ** BigInt(k), e: p.e * k };
  const a = exact(hi);
  const b = exact(lo);
  const e = Math.min(a.e, b.e, want.e);
  const got = (a.m << BigInt(a.e - e)) + (b.m << BigInt(b.e - e));
  const ref = want.m << BigInt(want.e - e);
  const scale = 1n << 200n;
  return Math.abs(Number(((got - ref) * scale) / ref)) / Number(scale);
}

describe('extended precision', () => {
  const rows = [0.1, 0.7, 1.3, 2.9, 3.3].map((x, i) => ({ y: 1 + x / 3, x, z: i - 1.7, g: i % 2 ? 'a' : 'b' }));
  const table = new RecordsTable(rows);

  it('has no low parts when every column is exact (raw numerics, dummies, numeric × dummy)', () => {
    const design = withMatrix(buildTrainingDesign('y ~ x + z + g + g:x', table, { missing: 'drop' }));
    expect(design.xLo).toBeNull();
    expect(design.yLo).toBeNull();
  });

  it('keeps the low parts of arithmetic columns', () => {
    const design = withMatrix(buildTrainingDesign('y ~ x + I(x**3) + x:z', table, { missing: 'drop' }));
    expect(design.xLo).not.toBeNull();
    const n = design.rowCount;
    rows.forEach((row, i) => {
      expect(design.xLo![n + i]).toBe(0); // x is exact
      expect(powerError(row.x, 3, design.x[2 * n + i]!, design.xLo![2 * n + i]!)).toBeLessThan(1e-30);
      const product = exact(row.x);
      const z = exact(row.z);
      const got = design.x[3 * n + i]! + design.xLo![3 * n + i]!;
      expect(got).toBe(row.x * row.z); // hi + lo rounds to the double product
      expect(Number(product.m * z.m) * 2 ** (product.e + z.e)).toBeCloseTo(got, 15);
    });
  });

  it('gives the response its low part when it is arithmetic', () => {
    const design = buildTrainingDesign('I(y / 3) ~ x', table, { missing: 'drop' });
    expect(design.yLo).not.toBeNull();
    expect(buildTrainingDesign('np.log(y) ~ x', table, { missing: 'drop' }).yLo).toBeNull();
  });

  it('leaves transcendental functions in plain double', () => {
    const design = withMatrix(buildTrainingDesign('y ~ np.log(x) + np.exp(x / 5)', table, { missing: 'drop' }));
    const n = design.rowCount;
    rows.forEach((row, i) => {
      expect(design.x[n + i]).toBe(Math.log(row.x));
      expect(design.x[2 * n + i]).toBe(Math.exp(row.x / 5));
    });
  });

  it("forms NIST Filip's I(x**10) to ~106 bits", () => {
    const filip = loadNist().find((c) => c.name === 'Filip')!;
    const design = withMatrix(buildTrainingDesign(filip.formula, new RecordsTable(filip.data), { missing: 'drop' }));
    expect(design.spec.columns).toEqual(['Intercept', 'x', ...Array.from({ length: 9 }, (_, i) => `I(x ** ${i + 2})`)]);
    const n = design.rowCount;
    let worst = 0;
    filip.data.forEach((row, i) => {
      for (let k = 2; k <= 10; k++)
        worst = Math.max(worst, powerError(row.x!, k, design.x[k * n + i]!, design.xLo![k * n + i]!));
    });
    expect(worst).toBeLessThan(1e-30);
  });

  it('builds every NIST design with the certified number of columns', () => {
    for (const nist of loadNist()) {
      const design = buildTrainingDesign(nist.formula, new RecordsTable(nist.data), { missing: 'drop' });
      expect(design.columnCount, nist.name).toBe(nist.certified.params.length);
      expect(design.rowCount, nist.name).toBe(nist.data.length);
    }
  });
});
