/**
 * A data table's columns copied for another thread: only those a fit reads, typed here (where
 * the request was parsed), with any error typing one of them raised as the table itself would
 * raise it, when the fit asks for that column.
 */
import { type Column, DataError, type DataErrorReason, type DataTable, MissingColumnError } from '../data/index.js';

/** A column's typing error, kept to be raised on the other side. */
interface DeferredError {
  readonly kind: 'error';
  readonly reason: DataErrorReason;
  readonly message: string;
  readonly column: string | undefined;
  readonly row: number | undefined;
}

/** What crosses to a worker: structured-clonable (typed arrays and plain objects). */
export interface TableSnapshot {
  readonly rowCount: number;
  readonly names: readonly string[];
  readonly columns: readonly (readonly [string, Column | DeferredError])[];
}

/**
 * The buffers of a snapshot's columns, to transfer rather than copy: each belongs to one
 * column of the request's table, which nothing reads after its fit, so moving them costs
 * nothing and saves a copy of every column (~170 MB at 10⁶ rows of the bench's workload).
 */
export function transferables(snapshot: TableSnapshot): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const [, column] of snapshot.columns) {
    const array = column.kind === 'numeric' ? column.values : column.kind === 'categorical' ? column.codes : null;
    if (array !== null && array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  }
  return [...buffers];
}

/** Types `names` (those present) and records the table's shape. */
export function snapshotTable(table: DataTable, names: Iterable<string>): TableSnapshot {
  const columns: (readonly [string, Column | DeferredError])[] = [];
  for (const name of new Set(names)) {
    if (!table.hasColumn(name)) continue;
    try {
      const column = plainColumn(table.column(name));
      // A column whose memory was moved already (a table handed over twice) would read as empty.
      if (
        column.kind !== 'empty' &&
        (column.kind === 'numeric' ? column.values : column.codes).length !== table.rowCount
      ) {
        throw new Error(`column ${JSON.stringify(name)} has lost its memory: was its table handed over twice?`);
      }
      columns.push([name, column]);
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      columns.push([
        name,
        { kind: 'error', reason: error.reason, message: error.message, column: error.column, row: error.row },
      ]);
    }
  }
  return { rowCount: table.rowCount, names: table.columnNames(), columns };
}

/**
 * The column as a plain object of exactly its fields, its arrays owning their memory: a
 * structured clone copies a typed array's whole buffer, which for a view into a larger one
 * (a parser's pooled memory) would be far more than the column.
 */
function plainColumn(column: Column): Column {
  switch (column.kind) {
    case 'numeric':
      return { kind: 'numeric', name: column.name, values: owned(column.values), missingCount: column.missingCount };
    case 'categorical':
      return {
        kind: 'categorical',
        name: column.name,
        codes: owned(column.codes),
        levels: [...column.levels],
        missingCount: column.missingCount,
      };
    case 'empty':
      return { kind: 'empty', name: column.name, length: column.length };
    default: {
      const unreachable: never = column;
      return unreachable;
    }
  }
}

function owned<T extends Float64Array | Int32Array>(array: T): T {
  return array.byteOffset === 0 && array.byteLength === array.buffer.byteLength ? array : (array.slice() as T);
}

/** The table a snapshot describes. */
export class SnapshotTable implements DataTable {
  readonly rowCount: number;
  private readonly names: readonly string[];
  private readonly present: ReadonlySet<string>;
  private readonly columns: ReadonlyMap<string, Column | DeferredError>;

  constructor(snapshot: TableSnapshot) {
    this.rowCount = snapshot.rowCount;
    this.names = snapshot.names;
    this.present = new Set(snapshot.names);
    this.columns = new Map(snapshot.columns);
  }

  hasColumn(name: string): boolean {
    return this.present.has(name);
  }

  column(name: string): Column {
    const column = this.columns.get(name);
    if (column === undefined) {
      if (!this.present.has(name)) throw new MissingColumnError(name, this.names);
      // The sender decides which columns a fit reads (formulaColumns); reaching here is a bug there.
      throw new Error(`column ${JSON.stringify(name)} was not sent to the fit's thread`);
    }
    if (column.kind === 'error') throw new DataError(column.reason, column.message, column.column, column.row);
    return column;
  }

  columnNames(): readonly string[] {
    return this.names;
  }
}
