import { expect } from 'vitest';
import type { Column } from '../../../src/data/Column.js';
import type { DataTable } from '../../../src/data/DataTable.js';

/** The error `action` throws (fails the test when it throws none). */
export function captureError(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

/** What calling `action` comes to: its value, or the error's class, reason and message. */
export function outcome<T>(
  action: () => T,
): { value: T } | { error: { name: string; reason: unknown; message: string; row: unknown; column: unknown } } {
  try {
    return { value: action() };
  } catch (error) {
    const e = error as Error & { reason?: unknown; row?: unknown; column?: unknown };
    return { error: { name: e.name, reason: e.reason, message: e.message, row: e.row, column: e.column } };
  }
}

/** A column as plain data, for deep comparison. */
export function plainColumn(column: Column): unknown {
  switch (column.kind) {
    case 'numeric':
      return { ...column, values: [...column.values] };
    case 'categorical':
      return { ...column, codes: [...column.codes], levels: [...column.levels] };
    default:
      return column;
  }
}

/**
 * Expects two tables (or the errors making them) to be indistinguishable: same row count,
 * column names, `hasColumn`, and columns or errors for every name in either plus `probes`.
 */
export function expectSameTable(
  actual: () => DataTable,
  expected: () => DataTable,
  probes: readonly string[] = [],
): void {
  const made = outcome(actual);
  const reference = outcome(expected);
  if (!('value' in reference) || !('value' in made)) {
    expect(made).toEqual(reference);
    return;
  }
  const a = made.value;
  const b = reference.value;
  expect(a.rowCount).toBe(b.rowCount);
  expect(a.columnNames()).toEqual(b.columnNames());
  const names = new Set([
    ...b.columnNames(),
    ...a.columnNames(),
    ...probes,
    'constructor',
    '__proto__',
    'toString',
    'absent',
  ]);
  for (const name of names) {
    expect(a.hasColumn(name), `hasColumn(${JSON.stringify(name)})`).toBe(b.hasColumn(name));
    const column = outcome(() => plainColumn(a.column(name)));
    expect(column, `column(${JSON.stringify(name)})`).toEqual(outcome(() => plainColumn(b.column(name))));
  }
}
