/**
 * The sample of diagnostic points beyond the limit: bounded, deterministic, the same numbers as
 * the full set for the rows it keeps, always holding the most influential and extreme rows, and
 * Q–Q ranks among all rows (a stable sort of every row's standardized residual says which).
 * The numbers themselves are checked against R in test/integration/diagnosticPoints.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  denseDesignRows,
  diagnosticPoints,
  fitLinearModel,
  problemRows,
  type LinearModel,
} from '../../../src/stats/index.js';
import { EXTREMES } from '../../../src/stats/diagnosticPoints.js';
import type { ExactRows } from '../../../src/stats/model.js';

/** A deterministic generator (mulberry32), so the data is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n rows of y = 1 + 2x − z + noise, with a few planted outliers and high-leverage rows; weighted when asked. */
function problem(n: number, weighted: boolean): { rows: ExactRows; fit: LinearModel } {
  const next = random(n + (weighted ? 1 : 0));
  const p = 3;
  const x = new Float64Array(n * p);
  const y = new Float64Array(n);
  const weights = weighted ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const xi = next() * 10 + (i % 997 === 0 ? 60 : 0); // every 997th row far out in x
    const zi = next() * 5;
    x[i] = 1;
    x[n + i] = xi;
    x[2 * n + i] = zi;
    y[i] = 1 + 2 * xi - zi + (next() - 0.5) + (i % 1499 === 7 ? 25 : 0); // and some far off the line
    if (weights) weights[i] = 0.5 + next();
  }
  const design = denseDesignRows(x, null, n, p);
  const fit = fitLinearModel(
    { rowCount: n, columnCount: p, design, y, yLo: null, weights, columnNames: ['Intercept', 'x', 'z'] },
    { covType: 'nonrobust', useT: true },
  );
  return { rows: { n, rows: problemRows(design, n, y, null, weights), lowParts: false, responseLowParts: false }, fit };
}

function standardizedOf(fit: LinearModel, set: ReturnType<typeof diagnosticPoints>, i: number): number {
  const weight = set.weights === null ? 1 : (set.weights[i] as number);
  const h = set.leverage[i] as number;
  return (Math.sqrt(weight) * (set.residuals[i] as number)) / (Math.sqrt(fit.scale) * Math.sqrt(1 - h));
}

function topRows(values: number[], count: number): number[] {
  return values
    .map((value, row) => ({ value, row }))
    .sort((a, b) => b.value - a.value || a.row - b.row)
    .slice(0, count)
    .map(({ row }) => row);
}

describe.each([false, true])('diagnostic points beyond the limit (weighted: %s)', (weighted) => {
  const n = 23_456;
  const { rows, fit } = problem(n, weighted);
  const all = diagnosticPoints(rows, fit, n);
  const sample = diagnosticPoints(rows, fit);

  it('keeps every row up to the limit, and at most 5,000 beyond it, in row order', () => {
    expect(all.rows).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(sample.totalRows).toBe(n);
    expect(sample.rows.length).toBeLessThanOrEqual(5000);
    expect(sample.rows.length).toBeGreaterThan(4000);
    for (let i = 1; i < sample.rows.length; i++) expect(sample.rows[i]).toBeGreaterThan(sample.rows[i - 1] as number);
  });

  it('is the same sample, with the same numbers, on every run', () => {
    expect(diagnosticPoints(rows, fit)).toEqual(sample);
  });

  it("holds each kept row's numbers as the full set has them", () => {
    sample.rows.forEach((row, i) => {
      expect(sample.fitted[i]).toBe(all.fitted[row]);
      expect(sample.residuals[i]).toBe(all.residuals[row]);
      expect(sample.leverage[i]).toBe(all.leverage[row]);
      expect(sample.qqRanks[i]).toBe(all.qqRanks[row]);
    });
    expect(sample.qqCount).toBe(n);
  });

  it("always keeps the rows of largest Cook's distance, |standardized residual|, |residual| and leverage", () => {
    const kept = new Set(sample.rows);
    const standardized = all.rows.map((_, i) => standardizedOf(fit, all, i));
    const cooks = standardized.map((r, i) => {
      const h = all.leverage[i] as number;
      return ((r * r) / (1 - h)) * (h / fit.rank);
    });
    const measures = {
      cook: cooks,
      standardized: standardized.map(Math.abs),
      residual: all.residuals.map(Math.abs),
      leverage: [...all.leverage],
    };
    for (const [name, values] of Object.entries(measures)) {
      for (const row of topRows(values, EXTREMES)) expect(kept.has(row), `${name}: row ${row}`).toBe(true);
    }
    const fitted = [...all.fitted];
    expect(kept.has(fitted.indexOf(Math.min(...fitted)))).toBe(true);
    expect(kept.has(fitted.indexOf(Math.max(...fitted)))).toBe(true);
    // The planted outliers are among the kept rows.
    for (let i = 7; i < n; i += 1499) expect(kept.has(i), `outlier ${i}`).toBe(true);
  });

  it('ranks the standardized residuals among all rows, ties in row order', () => {
    const standardized = all.rows.map((_, i) => standardizedOf(fit, all, i));
    const order = standardized.map((value, row) => ({ value, row })).sort((a, b) => a.value - b.value || a.row - b.row);
    const rank = new Array<number>(n);
    order.forEach(({ row }, position) => (rank[row] = position + 1));
    expect(all.qqRanks).toEqual(rank);
  });
});

describe('diagnostic points with ties and leverage 1', () => {
  it('ranks equal standardized residuals in row order, and gives a row of leverage 1 no rank', () => {
    // y = group mean ± 1 in two groups of four, and a third level seen in one row only (leverage 1).
    const groups = [0, 0, 0, 0, 1, 1, 1, 1, 2];
    const y = Float64Array.from([9, 11, 9, 11, 19, 21, 19, 21, 30]);
    const n = groups.length;
    const x = new Float64Array(n * 3);
    groups.forEach((g, i) => {
      x[i] = 1;
      x[n + i] = g === 1 ? 1 : 0;
      x[2 * n + i] = g === 2 ? 1 : 0;
    });
    const design = denseDesignRows(x, null, n, 3);
    const fit = fitLinearModel(
      { rowCount: n, columnCount: 3, design, y, yLo: null, weights: null, columnNames: ['a', 'b', 'c'] },
      { covType: 'nonrobust', useT: true },
    );
    const points = diagnosticPoints(
      { n, rows: problemRows(design, n, y, null, null), lowParts: false, responseLowParts: false },
      fit,
      1000,
    );
    expect(points.leverage[8]).toBe(1);
    expect(points.qqRanks[8]).toBeNull();
    expect(points.qqCount).toBe(8);
    // Residuals −1, +1, −1, +1 in each group: the −1s rank 1–4 in row order, the +1s 5–8.
    expect(points.qqRanks.slice(0, 8)).toEqual([1, 5, 2, 6, 3, 7, 4, 8]);
  });
});
