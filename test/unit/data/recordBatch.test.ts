import {
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  graphql,
} from 'graphql';
import { JSONObjectResolver } from 'graphql-scalars';
import { describe, expect, it } from 'vitest';
import { JsonStreamParser, RecordBatch, RecordsTable, materializeRow, parseJson } from '../../../src/data/index.js';
import { expectSameTable, plainColumn } from './support.js';

const all = { captureRecords: () => true };

/** The captured batch of a records array, and what JSON.parse gives for it. */
function capture(text: string): { batch: RecordBatch; rows: unknown[] } {
  const batch = parseJson(text, all);
  if (!(batch instanceof RecordBatch)) throw new Error('not captured');
  return { batch, rows: JSON.parse(text) as unknown[] };
}

/** Expects the batch of `text` to read exactly as RecordsTable reads JSON.parse of it. */
function expectLikeRecordsTable(text: string, maxColumns?: number): void {
  const { batch, rows } = capture(text);
  expectSameTable(
    () => batch.table(maxColumns),
    () => new RecordsTable(rows, maxColumns),
  );
}

describe('RecordBatch', () => {
  it('captures arrays at the chosen paths whose first element is an object', () => {
    const text =
      '{"data": [{"x": 1}], "other": [{"x": 1}], "nums": [1, {"x": 2}], "empty": [], "deep": {"data": [{}]}}';
    const parsed = parseJson(text, {
      captureRecords: (path) => path.at(-1) === 'data' || path[0] === 'nums',
    }) as Record<string, unknown>;
    expect(parsed.data).toBeInstanceOf(RecordBatch);
    expect(parsed.other).toEqual([{ x: 1 }]);
    expect(parsed.nums).toEqual([1, { x: 2 }]);
    expect((parsed.deep as Record<string, unknown>).data).toBeInstanceOf(RecordBatch);
  });

  it('passes paths of keys and indices', () => {
    const seen: unknown[] = [];
    parseJson('{"a": [[0], {"b": []}], "c": []}', { captureRecords: (path) => (seen.push([...path]), false) });
    expect(seen).toEqual([['a'], ['a', 0], ['a', 1, 'b'], ['c']]);
  });

  it('types columns as RecordsTable does', () => {
    expectLikeRecordsTable(
      '[{"x": 1.5, "g": "b", "f": true}, {"x": null, "g": "a"}, {}, {"x": -2, "g": "b", "f": false}, {"g": null}]',
    );
  });

  it('raises the same typing errors, lazily, naming column and first offending row', () => {
    const text =
      '[{"x": 1, "s": "a", "b": true, "n": 1, "o": 1, "a": 1}, ' +
      '{"x": "2", "s": 1, "b": "t", "n": 1e999, "o": {"k": 1}, "a": [1]}]';
    const { batch } = capture(text);
    const table = batch.table();
    expect(() => table.column('x')).toThrow(
      /column "x" mixes types: row 1 has a number but row 2 has a string \("2"\); send numbers unquoted/,
    );
    expect(() => table.column('n')).toThrow('row 2, column "n": Infinity is not a finite number');
    expect(() => table.column('o')).toThrow('row 2, column "o": an object is not a valid cell');
    expect(() => table.column('a')).toThrow('row 2, column "a": an array is not a valid cell');
    expectLikeRecordsTable(text);
  });

  it('refuses non-object elements and over-wide records when a table is made, as RecordsTable does', () => {
    expectLikeRecordsTable('[{"x": 1}, 5, {"x": 2}]');
    expectLikeRecordsTable('[{"x": 1}, [1], null, "s"]');
    expectLikeRecordsTable('[{"a": 1}, {"a": 1, "b": 2, "c": 3}, 7]', 2);
    expectLikeRecordsTable('[{"a": 1}, 7, {"a": 1, "b": 2, "c": 3}]', 2);
    expectLikeRecordsTable('[{"a": 1, "a": 2, "b": 3}]', 2);
    expectLikeRecordsTable('[{"a": 1, "a": 2, "b": 3}]', 1);
  });

  it('lists columns in first-appearance order, array-index keys first within a record', () => {
    expectLikeRecordsTable('[{"b": 1, "a": 2}, {"c": 3, "10": 1, "2": 0, "a": 1}, {"1": 5, "d": 0}]');
  });

  it('reads own keys only: prototype names are ordinary columns', () => {
    const text = '[{"__proto__": 3, "constructor": "a", "toString": true}]';
    expectLikeRecordsTable(text);
    const table = capture(text).batch.table();
    expect(table.column('__proto__')).toMatchObject({ kind: 'numeric' });
    expect(capture('[{"x": 1}]').batch.table().hasColumn('constructor')).toBe(false);
  });

  it('lets the last of repeated keys win, as JSON.parse does', () => {
    expectLikeRecordsTable('[{"g": "a", "g": "b", "x": 1, "x": null}, {"g": "c"}]');
    expectLikeRecordsTable('[{"x": "a", "x": 1}, {"x": 2}]');
  });

  it('treats one string spelled two ways as one level', () => {
    expectLikeRecordsTable('[{"g": "a"}, {"g": "\\u0061"}, {"g": "\\u00e9"}, {"g": "é"}]');
  });

  it('handles sparse, late and wide keys', () => {
    const rows = Array.from({ length: 500 }, (_, i) => {
      const row: Record<string, unknown> = { x: i };
      if (i % 7 === 0) row.sparse = i;
      if (i > 300) row.late = `l${i % 3}`;
      row[`k${i}`] = i % 2 === 0;
      return row;
    });
    expectLikeRecordsTable(JSON.stringify(rows));
    expectLikeRecordsTable(JSON.stringify(rows), 3);
  });

  it('reads the same whatever the chunk size, and with a size hint', () => {
    const text = JSON.stringify(
      Array.from({ length: 300 }, (_, i) => ({ x: i * 0.1, g: ['a', 'b', 'c'][i % 3], y: i % 5 === 0 ? null : -i })),
    );
    const bytes = new TextEncoder().encode(text);
    const reference = new RecordsTable(JSON.parse(text) as unknown[]);
    for (const size of [1, 7, 64, 4096]) {
      const parser = new JsonStreamParser({ ...all, expectedBytes: size === 7 ? bytes.length : undefined });
      for (let i = 0; i < bytes.length; i += size) parser.write(bytes.subarray(i, i + size));
      const table = (parser.end() as RecordBatch).table();
      for (const name of ['x', 'g', 'y'])
        expect(plainColumn(table.column(name))).toEqual(plainColumn(reference.column(name)));
    }
  });

  it('iterates as row views, which materialize to the records', () => {
    const text = '[{"x": 1, "g": "a"}, 5, {"g": "b", "n": {"k": [1]}}, null]';
    const { batch, rows } = capture(text);
    const views = [...batch];
    expect(views).toHaveLength(4);
    expect(batch.length).toBe(4);
    expect(batch.rowCount).toBe(4);
    expect(Object.isFrozen(views[0])).toBe(true);
    expect(Object.keys(views[0] as object)).toEqual([]);
    expect(views[1]).toBe(5);
    expect(views[3]).toBe(null);
    expect(views.map(materializeRow)).toEqual(rows);
    expect(JSON.parse(JSON.stringify(batch))).toEqual(rows);
    expect(JSON.stringify(views[2])).toBe(JSON.stringify(rows[2]));
  });

  it('recovers the batch from exactly its row views in order', () => {
    const { batch } = capture('[{"x": 1}, {"x": 2}, 3]');
    const views = [...batch];
    expect(RecordBatch.fromRows(views)).toBe(batch);
    expect(RecordBatch.fromRows(views.slice(1))).toBeUndefined();
    expect(RecordBatch.fromRows([views[1], views[0], views[2]])).toBeUndefined();
    expect(RecordBatch.fromRows([...views.slice(0, 2), 4])).toBeUndefined();
    expect(RecordBatch.fromRows([{ x: 1 }])).toBeUndefined();
    expect(RecordBatch.fromRows([])).toBeUndefined();
  });

  it('lets RecordsTable read row views: the batch when whole, materialized rows otherwise', () => {
    const text = '[{"x": 1, "g": "a"}, {"x": 2, "g": "b"}, {"x": 3}]';
    const { batch, rows } = capture(text);
    expectSameTable(
      () => new RecordsTable([...batch]),
      () => new RecordsTable(rows),
    );
    expectSameTable(
      () => new RecordsTable([...batch].slice(1)),
      () => new RecordsTable(rows.slice(1)),
    );
  });

  it('goes through graphql-js input coercion as a [JSONObject!]! variable', async () => {
    // graphql-scalars' own functions, in a scalar of this graphql module (its ESM and CJS builds differ).
    const GraphQLJSONObject = new GraphQLScalarType(JSONObjectResolver.toConfig());
    let received: unknown;
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          rows: {
            type: GraphQLInt,
            args: { data: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLJSONObject))) } },
            resolve: (_source, args: { data: unknown[] }) => {
              received = args.data;
              return new RecordsTable(args.data).column('x').kind === 'numeric' ? args.data.length : -1;
            },
          },
        },
      }),
    });
    const body =
      '{"query": "query($data: [JSONObject!]!) { rows(data: $data) }", "variables": {"data": [{"x": 1}, {"x": 2.5}]}}';
    const request = parseJson(body, { captureRecords: (path) => path[0] === 'variables' }) as {
      query: string;
      variables: Record<string, unknown>;
    };
    expect(request.variables.data).toBeInstanceOf(RecordBatch);
    const result = await graphql({ schema, source: request.query, variableValues: request.variables });
    expect(result).toEqual({ data: { rows: 2 } });
    expect(RecordBatch.fromRows(received as unknown[])).toBe(request.variables.data);

    // Elements that are not objects fail coercion exactly as in a plain array.
    const bad = '{"data": [{"x": 1}, 5]}';
    const captured = parseJson(bad, all) as Record<string, unknown>;
    const plain = JSON.parse(bad) as Record<string, unknown>;
    const source = 'query($data: [JSONObject!]!) { rows(data: $data) }';
    const fromBatch = await graphql({ schema, source, variableValues: captured });
    const fromArray = await graphql({ schema, source, variableValues: plain });
    expect(fromBatch.errors?.map((error) => error.message)).toEqual(fromArray.errors?.map((error) => error.message));
    expect(fromBatch.errors).toHaveLength(1);
  });
});
