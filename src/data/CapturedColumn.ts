import type { BatchColumn } from './batch/BatchColumn.js';
import { buildColumn } from './batch/buildColumn.js';
import type { Column } from './Column.js';

/**
 * A JSON array of cells captured as one typed column as it was parsed (see `JsonStreamParser`'s
 * `captureColumns`), never as one JS value per element: the columns shape of a request body,
 * `{"x": [1, 2, …], "g": ["a", …]}`, with its arrays captured. `ColumnsTable` reads it as it
 * reads a plain array, with the same errors; it iterates and stringifies as the array it replaces.
 */
export class CapturedColumn implements Iterable<unknown> {
  /** Elements of the captured array. */
  readonly length: number;

  /** Made by the parser from the cells it collected. */
  constructor(private readonly cells: BatchColumn) {
    this.length = cells.count;
  }

  /** The cells as a typed column named `name`, by `ColumnBuilder`'s rules and errors. */
  column(name: string): Column {
    return buildColumn(this.cells, this.length, name);
  }

  /** Element `index` as `JSON.parse` would have given it. */
  at(index: number): unknown {
    return index >= 0 && index < this.length ? this.cells.value(index) : undefined;
  }

  *[Symbol.iterator](): Iterator<unknown> {
    for (let index = 0; index < this.length; index++) yield this.cells.value(index);
  }

  /** The plain array, for `JSON.stringify`. */
  toJSON(): unknown[] {
    return [...this];
  }
}
