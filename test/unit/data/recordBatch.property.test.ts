import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonStreamParser, RecordBatch, RecordsTable } from '../../../src/data/index.js';
import { expectSameTable } from './support.js';

const encoder = new TextEncoder();

// Few keys, so that they repeat across records; some are array indices, prototype names or need escapes.
const key = fc.constantFrom('x', 'y', 'g', 'flag', '0', '10', '2', '__proto__', 'constructor', '', 'a"b', 'é', 'k\\n');
const level = fc.constantFrom('a', 'b', 'c', 'é', '"q"', '', '1.5', 'NaN', 'true');

/** A cell's JSON text: numbers in several spellings, levels (sometimes escaped), literals, nested values. */
const cellText = fc.oneof(
  { weight: 6, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => JSON.stringify(x)) },
  { weight: 2, arbitrary: fc.integer({ min: -1000, max: 1000 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('1e999', '-1e999', '-0', '0.1e1', '123456789012345678901234') },
  { weight: 5, arbitrary: level.map((text) => JSON.stringify(text)) },
  {
    weight: 1,
    arbitrary: level.map((text) =>
      JSON.stringify(text).replace(/[a-z]/, (c) => `\\u00${c.charCodeAt(0).toString(16)}`),
    ),
  },
  { weight: 2, arbitrary: fc.constantFrom('true', 'false') },
  { weight: 2, arbitrary: fc.constant('null') },
  { weight: 1, arbitrary: fc.constantFrom('{}', '{"k": [1, {"z": null}]}', '[]', '[1, "a"]') },
);

/** A record's text: keys may repeat within it (JSON.parse keeps the last value). */
const recordText = fc
  .array(fc.tuple(key, cellText), { maxLength: 6 })
  .map((members) => `{${members.map(([name, value]) => `${JSON.stringify(name)}: ${value}`).join(', ')}}`);

/** An element: mostly records, sometimes something else that RecordsTable refuses. */
const elementText = fc.oneof(
  { weight: 12, arbitrary: recordText },
  { weight: 1, arbitrary: fc.constantFrom('null', '5', '"s"', '[1]', '[]', 'true') },
);

const recordsText = fc
  .tuple(recordText, fc.array(elementText, { maxLength: 14 }), fc.constantFrom('', ' ', '\n  '))
  .map(([first, rest, space]) => `[${space}${[first, ...rest].join(`,${space}`)}${space}]`);

const chunkSizes = fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 64 }), fc.constant(1 << 20));

function capture(text: string, size: number, hinted: boolean): RecordBatch {
  const bytes = encoder.encode(text);
  const parser = new JsonStreamParser({ captureRecords: () => true, expectedBytes: hinted ? bytes.length : undefined });
  for (let i = 0; i < bytes.length; i += size) parser.write(bytes.subarray(i, i + size));
  const batch = parser.end();
  expect(batch).toBeInstanceOf(RecordBatch);
  return batch as RecordBatch;
}

describe('RecordBatch against RecordsTable over JSON.parse', () => {
  it('gives the same columns, values, levels, codes and errors', () => {
    fc.assert(
      fc.property(
        recordsText,
        chunkSizes,
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
        (text, size, hinted, maxColumns) => {
          const rows = JSON.parse(text) as unknown[];
          const batch = capture(text, size, hinted);
          expect(batch.length).toBe(rows.length);
          expectSameTable(
            () => batch.table(maxColumns),
            () => new RecordsTable(rows, maxColumns),
          );
          // Row views stand for the records, and hand back the batch.
          const views = [...batch];
          expect(RecordBatch.fromRows(views)).toBe(batch);
          views.forEach((view, index) => {
            // toEqual: toStrictEqual would compare own "constructor" keys as classes.
            const record = RecordBatch.materializeRow(view);
            expect(record).toEqual(rows[index]);
            if (typeof record === 'object' && record !== null) {
              expect(Object.getPrototypeOf(record)).toBe(Object.getPrototypeOf(rows[index]));
              expect(Object.keys(record)).toEqual(Object.keys(rows[index] as object));
            }
          });
          expectSameTable(
            () => new RecordsTable(views.slice(1), maxColumns),
            () => new RecordsTable(rows.slice(1), maxColumns),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('handles many rows with keys that come and go', () => {
    const row = fc.record(
      { x: fc.double({ noNaN: true, noDefaultInfinity: true }), g: level, s: fc.constantFrom(1, null, 'z') },
      { requiredKeys: ['x'] },
    );
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 400 }), chunkSizes, (records, size) => {
        const text = JSON.stringify(records);
        expectSameTable(
          () => capture(text, size, true).table(),
          () => new RecordsTable(JSON.parse(text) as unknown[]),
        );
      }),
      { numRuns: 60 },
    );
  });
});
