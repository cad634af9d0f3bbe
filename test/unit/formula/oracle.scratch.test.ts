import { readFileSync, writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { RecordsTable } from '../../../src/data/index.js';
import { buildPredictionDesign, buildTrainingDesign } from '../../../src/formula/index.js';

it('oracle', () => {
  const cases = JSON.parse(readFileSync('/tmp/oracle/in.json', 'utf8')) as { formula: string; data: Record<string, unknown>[]; predict?: Record<string, unknown>[] }[];
  const out = cases.map((c) => {
    try {
      const d = buildTrainingDesign(c.formula, new RecordsTable(c.data), { missing: 'drop' });
      const x: number[][] = [];
      for (let j = 0; j < d.columnCount; j++) x.push(Array.from(d.x.subarray(j * d.rowCount, (j + 1) * d.rowCount)));
      const res: Record<string, unknown> = { columns: d.spec.columns, x, y: Array.from(d.y), rows: d.rowCount };
      if (c.predict) {
        const p = buildPredictionDesign(d.spec, new RecordsTable(c.predict));
        const px: number[][] = [];
        for (let j = 0; j < p.columnCount; j++) px.push(Array.from(p.x.subarray(j * p.rowCount, (j + 1) * p.rowCount)));
        res.px = px;
      }
      return res;
    } catch (e) {
      return { error: `${(e as Error).name}: ${(e as Error).message.split('\n')[0]}` };
    }
  });
  writeFileSync('/tmp/oracle/mine.json', JSON.stringify(out));
});
