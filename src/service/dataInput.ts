import {
  CapturedText,
  ColumnsTable,
  parseCsv,
  RecordBatch,
  RecordsTable,
  RecordsValue,
  type DataTable,
} from '../data/index.js';
import { InvalidArgumentError } from './errors.js';

/**
 * Rows as a client sent them: records (a plain array, or a batch the request parser captured
 * straight into columns), columns of equal length, CSV text, or an already typed table.
 */
export type DataInput =
  | { readonly kind: 'records'; readonly rows: readonly unknown[] | RecordBatch }
  | { readonly kind: 'columns'; readonly columns: Readonly<Record<string, unknown>> }
  | { readonly kind: 'csv'; readonly text: string | CapturedText }
  | { readonly kind: 'table'; readonly table: DataTable };

/** The data fields a request may carry; exactly one must be given. */
export interface DataFields {
  readonly data?: readonly unknown[] | RecordBatch | null | undefined;
  readonly columns?: Readonly<Record<string, unknown>> | null | undefined;
  /** CSV text, or its bytes as the request parser captured them. */
  readonly csv?: string | CapturedText | null | undefined;
}

/** The one data input among `data`, `columns` and `csv`; naming the problem when not exactly one. */
export function chooseDataInput(fields: DataFields): DataInput {
  const given = (['data', 'columns', 'csv'] as const).filter(
    (name) => fields[name] !== undefined && fields[name] !== null,
  );
  if (given.length !== 1) {
    const detail = given.length === 0 ? 'none was given' : `${given.join(' and ')} were given`;
    throw new InvalidArgumentError(
      'data',
      `give exactly one of data (records), columns or csv; ${detail}`,
      'INVALID_DATA',
    );
  }
  if (fields.data != null) return { kind: 'records', rows: RecordsValue.unwrap(fields.data) };
  if (fields.columns != null) return { kind: 'columns', columns: fields.columns };
  return { kind: 'csv', text: fields.csv! };
}

/** How many rows an input holds, when that is known before parsing (CSV needs parsing first). */
export function rowCountOf(input: DataInput): number | undefined {
  switch (input.kind) {
    case 'records':
      return input.rows.length;
    case 'columns': {
      // Arrays and captured columns both have a length; anything else is refused when typed.
      const length = (Object.values(input.columns)[0] as { length?: unknown } | undefined)?.length;
      return typeof length === 'number' ? length : undefined;
    }
    case 'csv':
      return undefined;
    case 'table':
      return input.table.rowCount;
    default: {
      const unreachable: never = input;
      return unreachable;
    }
  }
}

/** The typed table behind an input; `maxColumns` bounds the columns it may have. */
export function toDataTable(input: DataInput, maxColumns: number): DataTable {
  switch (input.kind) {
    case 'records':
      return input.rows instanceof RecordBatch
        ? input.rows.table(maxColumns)
        : new RecordsTable(input.rows, maxColumns);
    case 'columns':
      return new ColumnsTable(input.columns, maxColumns);
    case 'csv':
      return parseCsv(input.text instanceof CapturedText ? input.text.bytes : input.text, { maxColumns });
    case 'table':
      return input.table;
    default: {
      const unreachable: never = input;
      return unreachable;
    }
  }
}
