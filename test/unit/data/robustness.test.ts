import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError, RecordBatch, RecordsTable, parseCsv, parseJson } from '../../../src/data/index.js';
import { expectSameTable } from './support.js';

describe('input robustness', () => {
  it('reads very wide CSV, switching columns to levels late, without exhausting the stack', () => {
    const width = 50_000;
    const names = Array.from({ length: width }, (_, c) => `c${c}`);
    const csv = `${names.join(',')}\n${names.map(() => '1').join(',')}\n${names.map(() => 'x').join(',')}\n`;
    const table = parseCsv(csv);
    expect(table.column('c49999')).toMatchObject({ kind: 'categorical', levels: ['1', 'x'] });
  });

  it('reads records with very many keys as RecordsTable does', () => {
    const wide = Object.fromEntries(Array.from({ length: 50_000 }, (_, k) => [`k${k}`, k]));
    const text = JSON.stringify([{ a: 1 }, wide, { a: 2 }]);
    const batch = parseJson(text, { captureRecords: () => true }) as RecordBatch;
    const rows = JSON.parse(text) as unknown[];
    expectSameTable(
      () => batch.table(100),
      () => new RecordsTable(rows, 100),
    );
    expectSameTable(
      () => batch.table(),
      () => new RecordsTable(rows),
      ['k0', 'k49999'],
    );
  });

  it('stores a key seen once in a long batch in a few bytes, not a row-long column', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ x: i, [`only${i}`]: i }));
    const text = JSON.stringify(rows);
    const before = process.memoryUsage().arrayBuffers;
    const batch = parseJson(text, { captureRecords: () => true }) as RecordBatch;
    // 20,000 row-long columns would be 20,000² cells; a few hundred bytes each is what it takes.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(20_000 * 400);
    expect(batch.table().column('only19999')).toMatchObject({ kind: 'numeric', missingCount: 19_999 });
  });

  it('throws nothing but DataError on random CSV bytes', () => {
    const text = fc.array(fc.constantFrom('a', '1', ',', '"', '\n', '\r', ' ', '.', '-', 'é', '\u0000'), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(text, (parts) => {
        try {
          const table = parseCsv(parts.join(''));
          for (const name of table.columnNames()) table.column(name);
        } catch (error) {
          expect(error).toBeInstanceOf(DataError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
