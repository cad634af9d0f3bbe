import type { Column, DataTable } from '../data/index.js';
import { MissingColumnError } from '../data/index.js';
import { rowLabel } from '../data/errors.js';
import type { MissingPolicy } from './design.js';
import { FormulaDataError } from './errors.js';
import type { VariableReference } from './variables.js';

/** Where a table sits in the data: the whole of it, or a chunk of a dataset among others. */
export interface ChunkPosition {
  /** Index of the table's first row in the data, for messages. */
  readonly firstRow: number;
  /** Whether other chunks hold more of the data (a chunk may then have no row left to fit). */
  readonly partOfMore: boolean;
}

/** A table that is the whole of the data. */
export const WHOLE_TABLE: ChunkPosition = { firstRow: 0, partOfMore: false };

/** The rows a design uses. */
export interface RowSelection {
  /** Indices of the rows kept, in order; null when every row is kept. */
  readonly rows: Int32Array | null;
  readonly count: number;
  readonly dropped: number;
}

/**
 * Which rows to use: with `drop`, rows where any variable the formula reads is missing are
 * left out (patsy's default); with `raise`, the first such row is an error naming it and
 * the column. Columns are read once; a table whose columns have no missing cells costs no
 * per-row work.
 */
export function selectRows(
  formula: string,
  table: DataTable,
  variables: readonly (VariableReference & { readonly column: string })[],
  policy: MissingPolicy | 'predict',
  chunk: ChunkPosition = WHOLE_TABLE,
): RowSelection {
  const n = table.rowCount;
  const withGaps = variables
    .map((v) => ({ variable: v, column: table.column(v.column) }))
    .filter(({ column }) => missingCount(column) > 0);
  if (withGaps.length === 0) return { rows: null, count: n, dropped: 0 };
  if (policy !== 'drop') {
    let first = n;
    let culprit = withGaps[0]!;
    for (const candidate of withGaps) {
      const row = firstMissing(candidate.column, first);
      if (row < first) {
        first = row;
        culprit = candidate;
      }
    }
    first += chunk.firstRow;
    throw new FormulaDataError(
      'MISSING_VALUE',
      `${rowLabel(first)}: column ${JSON.stringify(culprit.variable.column)} is missing (null); ` +
        (policy === 'raise'
          ? "with missing: 'raise' every row must have a value for each variable the formula uses"
          : 'every row to predict needs a value for each variable the model uses'),
      culprit.variable.column,
      first,
      { formula, position: culprit.variable.loc.start, end: culprit.variable.loc.end },
    );
  }
  const missing = new Uint8Array(n);
  for (const { column } of withGaps) markMissing(column, missing);
  let count = 0;
  for (let i = 0; i < n; i++) count += missing[i]! ^ 1;
  const rows = new Int32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (missing[i] === 0) rows[k++] = i;
  if (count === 0 && !chunk.partOfMore) throw noRowsLeft(withGaps.map(({ variable }) => variable.column));
  return { rows, count, dropped: n - count };
}

/** That no row is left to fit once rows missing a value in one of `columns` are dropped. */
export function noRowsLeft(columns: readonly string[]): FormulaDataError {
  const names = columns.map((name) => JSON.stringify(name)).join(', ');
  return new FormulaDataError(
    'NO_ROWS',
    `no rows are left to fit: every row has a missing value in ${names}`,
    undefined,
    undefined,
  );
}

function missingCount(column: Column): number {
  return column.kind === 'empty' ? column.length : column.missingCount;
}

function firstMissing(column: Column, before: number): number {
  for (let i = 0; i < before; i++) if (isMissingAt(column, i)) return i;
  return before;
}

function isMissingAt(column: Column, i: number): boolean {
  switch (column.kind) {
    case 'numeric':
      return Number.isNaN(column.values[i]!);
    case 'categorical':
      return column.codes[i]! < 0;
    case 'empty':
      return true;
    default: {
      const unreachable: never = column;
      return unreachable;
    }
  }
}

function markMissing(column: Column, missing: Uint8Array): void {
  switch (column.kind) {
    case 'numeric': {
      const { values } = column;
      for (let i = 0; i < missing.length; i++) if (values[i] !== values[i]) missing[i] = 1;
      return;
    }
    case 'categorical': {
      const { codes } = column;
      for (let i = 0; i < missing.length; i++) if (codes[i]! < 0) missing[i] = 1;
      return;
    }
    case 'empty':
      missing.fill(1);
      return;
    default: {
      const unreachable: never = column;
      return unreachable;
    }
  }
}

/** Reads a column's cells at the selected rows as a dense array (the response, the weights). */
export function gather(values: Float64Array, selection: RowSelection): Float64Array {
  const { rows } = selection;
  if (!rows) return values.slice();
  const out = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) out[r] = values[rows[r]!]!;
  return out;
}

/**
 * The WLS weights of the selected rows: the column must be numeric, and every used row must
 * have a finite, positive weight (a missing weight is an error, not a dropped row: dropping
 * would silently change the fit).
 */
export function readWeights(table: DataTable, name: string, selection: RowSelection, firstRow = 0): Float64Array {
  let column: Column;
  try {
    column = table.column(name);
  } catch (error) {
    if (error instanceof MissingColumnError) {
      throw new FormulaDataError('INVALID_WEIGHTS', `the weights ${error.message}`, name, undefined);
    }
    throw error;
  }
  if (column.kind !== 'numeric') {
    if (column.kind === 'empty') throw invalidWeight(name, firstRow, 'is missing');
    throw new FormulaDataError(
      'INVALID_WEIGHTS',
      `the weights column ${JSON.stringify(name)} must hold numbers; it holds ${typeof column.levels[0]}s`,
      name,
      undefined,
    );
  }
  const weights = gather(column.values, selection);
  for (let r = 0; r < weights.length; r++) {
    const w = weights[r]!;
    const row = firstRow + (selection.rows ? selection.rows[r]! : r);
    if (Number.isNaN(w)) throw invalidWeight(name, row, 'is missing');
    if (!(w > 0) || !Number.isFinite(w))
      throw invalidWeight(name, row, `is ${String(w)}; weights must be positive and finite`);
  }
  return weights;
}

function invalidWeight(name: string, row: number, what: string): FormulaDataError {
  return new FormulaDataError(
    'INVALID_WEIGHTS',
    `${rowLabel(row)}: the weight (column ${JSON.stringify(name)}) ${what}`,
    name,
    row,
  );
}
