/**
 * What the page's diagnostic plots compute besides the service's points: R's lowess (the red
 * smoother of plot.lm's panels) and qqline, against R's own values
 * (scripts/accuracy/lowess_reference.R), and the CSV preview's column kinds.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { previewCsv } from '../../../web/app/csv.js';
import { diagnosticPanels, qqLine } from '../../../web/app/diagnostics.js';
import { lowess } from '../../../web/app/lowess.js';

interface Case {
  name: string;
  x: number[];
  y: number[];
  smooth: number[];
  qqIntercept: number;
  qqSlope: number;
}

const CASES: Case[] = JSON.parse(
  readFileSync(new URL('../../fixtures/lowess/reference.json', import.meta.url), 'utf8'),
);

describe("the plots' smoother and Q-Q line against R", () => {
  it.each(CASES.map((c) => [c.name, c] as const))('lowess: %s', (_name, c) => {
    const smooth = lowess(c.x, c.y);
    const scale = Math.max(...c.y.map(Math.abs));
    c.smooth.forEach((expected, i) => expect(Math.abs((smooth[i] as number) - expected)).toBeLessThan(1e-9 * scale));
  });

  it.each(CASES.map((c) => [c.name, c] as const))('qqline: %s', (_name, c) => {
    const line = qqLine(Float64Array.from(c.y))!;
    expect(line.slope).toBeCloseTo(c.qqSlope, 12);
    expect(line.intercept).toBeCloseTo(c.qqIntercept, 12);
  });
});

describe('the four panels', () => {
  const points = [0.1, 0.2, 0.3, 0.9, 0.5].map((leverage, i) => ({
    row: i + 1,
    fitted: 5 - i,
    residual: [0.5, -1, 2, -0.2, 0.1][i]!,
    standardizedResidual: i === 3 ? null : [0.6, -1.2, 2.5, 0, 0.1][i]!,
    leverage,
    cooksDistance: i === 3 ? null : [0.01, 0.2, 0.9, 0, 0.02][i]!,
    normalQuantile: i === 3 ? null : [0.5, -0.5, 1.2, 0, 0][i]!,
  }));
  const [fitted, qq, scale, leverage] = diagnosticPanels(points, 2);

  it('sort by x, leave out rows without a standardized residual (leverage 1) but in the first', () => {
    expect(fitted!.rows).toEqual([5, 4, 3, 2, 1]);
    expect([...fitted!.x]).toEqual([1, 2, 3, 4, 5]);
    expect(qq!.rows).not.toContain(4);
    expect(scale!.rows).not.toContain(4);
    expect([...scale!.y]).toEqual(
      scale!.rows.map((row) => Math.sqrt(Math.abs(points[row - 1]!.standardizedResidual!))),
    );
    expect(leverage!.rows).toEqual([1, 2, 3, 5]);
    expect(leverage!.cookLevels).toEqual([0.5, 1]);
  });

  it('label the three most extreme rows as R does', () => {
    const labelled = (panel: typeof fitted) => panel!.labelled.map((i) => panel!.rows[i]).sort();
    expect(labelled(fitted)).toEqual([1, 2, 3]); // largest |residual|
    expect(labelled(qq)).toEqual([1, 2, 3]); // largest |standardized residual|
    expect(labelled(leverage)).toEqual([2, 3, 5]); // largest Cook's distance
  });
});

describe('the CSV preview', () => {
  it("reads each column's kind as the service does: numbers and missing markers numeric, else categorical", () => {
    const preview = previewCsv('x,g,flag,blank\n1,a,true,\nNA,"b, c",false,\n-2.5e3,a,true,NA\n 4 ,,,\n');
    expect(preview.columns).toEqual([
      { name: 'x', kind: 'numeric' },
      { name: 'g', kind: 'categorical' },
      { name: 'flag', kind: 'categorical' },
      { name: 'blank', kind: 'empty' },
    ]);
    expect(preview.rowCount).toBe(4);
    expect(preview.rows[1]).toEqual(['NA', 'b, c', 'false', '']);
  });
});
