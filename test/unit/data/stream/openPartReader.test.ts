import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { bytesByteSource, openPartReader, peekColumns } from '../../../../src/data/stream/index.js';
import { concatenated, readChunks } from './support.js';

const encoder = new TextEncoder();
const x = [1.5, null, -2, 1e-300];
const g = ['a', 'b, c', null, 'a'];

/** The same four rows in each format. */
const parts = {
  CSV: encoder.encode('x,g,e\n1.5,a,\n,"b, c",\n-2,,\n1e-300,a,\n'),
  NDJSON: encoder.encode(x.map((value, row) => JSON.stringify({ x: value, g: g[row], e: null })).join('\n')),
  PARQUET: new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'x', data: x, type: 'DOUBLE', nullable: true },
        { name: 'g', data: g, type: 'STRING', nullable: true },
        { name: 'e', data: [null, null, null, null], type: 'INT32', nullable: true },
      ],
    }),
  ),
} as const;

describe('openPartReader and peekColumns', () => {
  it.each(['CSV', 'NDJSON', 'PARQUET'] as const)('read %s parts of the same rows to the same cells', async (format) => {
    const reader = openPartReader(format, bytesByteSource(`p.${format.toLowerCase()}`, parts[format]));
    expect(await reader.columnNames()).toEqual(['x', 'g', 'e']);
    const chunks = await readChunks(reader, { columns: ['x', 'g', 'e'], chunkRows: 3 });
    expect(concatenated(chunks, 'x')).toEqual(x);
    expect(concatenated(chunks, 'g')).toEqual(g);
    expect(concatenated(chunks, 'e')).toEqual([null, null, null, null]);
  });

  it('takes a cheap look at the columns and their kinds', async () => {
    expect(await peekColumns('CSV', bytesByteSource('p.csv', parts.CSV))).toEqual([
      { name: 'x', kind: 'numeric' },
      { name: 'g', kind: 'categorical' },
      { name: 'e', kind: 'empty' },
    ]);
    expect(
      await peekColumns('NDJSON', bytesByteSource('p.ndjson', encoder.encode('{"x":1,"m":1}\n{"m":"a"}'))),
    ).toEqual([
      { name: 'x', kind: 'numeric' },
      { name: 'm', kind: 'unknown' },
    ]);
    expect(await peekColumns('PARQUET', bytesByteSource('p.parquet', parts.PARQUET))).toEqual([
      { name: 'x', kind: 'numeric' },
      { name: 'g', kind: 'categorical' },
      { name: 'e', kind: 'numeric' },
    ]);
    expect(await peekColumns('CSV', bytesByteSource('h.csv', encoder.encode('a,b\n')))).toEqual([
      { name: 'a', kind: 'empty' },
      { name: 'b', kind: 'empty' },
    ]);
  });
});
