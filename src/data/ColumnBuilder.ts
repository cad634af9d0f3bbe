import type { Column, Level } from './Column.js';
import { DataError, rowLabel } from './errors.js';
import { isMissingMarkerText } from './missingMarkers.js';

type CellType = 'number' | 'string' | 'boolean';

/**
 * Types one column from its cells, in row order: numbers make a numeric column, strings or
 * booleans a categorical one, null and undefined are missing. Any other value, or a cell
 * whose type disagrees with the column's first non-missing cell, is an error naming the
 * column and the row.
 */
export class ColumnBuilder {
  private type: CellType | undefined;
  private firstTypedRow = -1;
  private numbers: Float64Array | undefined;
  private codes: Int32Array | undefined;
  private readonly levels: Level[] = [];
  private readonly levelCodes = new Map<Level, number>();
  private missing = 0;

  /** `label` names a row in messages (a dataset's reader names its line or row group). */
  constructor(
    readonly name: string,
    private readonly length: number,
    private readonly label: (row: number) => string = rowLabel,
  ) {}

  /** Accepts the cell of `row`; rows must come in order 0, 1, 2, … */
  add(row: number, cell: unknown): void {
    if (cell === null || cell === undefined) {
      this.addMissing(row);
      return;
    }
    const type = cellType(cell, this.name, row, this.label);
    if (this.type === undefined) this.start(type, row);
    else if (type !== this.type) throw this.mixedTypes(row, type, cell);
    if (type === 'number') {
      if (!Number.isFinite(cell)) {
        throw new DataError(
          'INVALID_VALUE',
          `${this.label(row)}, column ${JSON.stringify(this.name)}: ${String(cell)} ` +
            'is not a finite number (beyond the range of a double)',
          this.name,
          row,
        );
      }
      this.numbers![row] = cell as number;
    } else {
      this.codes![row] = this.codeOf(cell as Level);
    }
  }

  /** Marks the cell of `row` missing. */
  addMissing(row: number): void {
    this.missing += 1;
    if (this.numbers) this.numbers[row] = Number.NaN;
    else if (this.codes) this.codes[row] = -1;
  }

  /** The typed column. */
  build(): Column {
    if (this.type === undefined) return { kind: 'empty', name: this.name, length: this.length };
    if (this.type === 'number') {
      return { kind: 'numeric', name: this.name, values: this.numbers!, missingCount: this.missing };
    }
    return {
      kind: 'categorical',
      name: this.name,
      codes: this.codes!,
      levels: this.levels,
      missingCount: this.missing,
    };
  }

  private start(type: CellType, row: number): void {
    this.type = type;
    this.firstTypedRow = row;
    // Rows before the first typed cell were all missing.
    if (type === 'number') this.numbers = new Float64Array(this.length).fill(Number.NaN, 0, row);
    else this.codes = new Int32Array(this.length).fill(-1, 0, row);
  }

  private codeOf(level: Level): number {
    let code = this.levelCodes.get(level);
    if (code === undefined) {
      code = this.levels.length;
      this.levels.push(level);
      this.levelCodes.set(level, code);
    }
    return code;
  }

  private mixedTypes(row: number, type: CellType, cell: unknown): DataError {
    const hint =
      this.type === 'number' &&
      type === 'string' &&
      typeof cell === 'string' &&
      (looksNumeric(cell) || isMissingMarkerText(cell))
        ? `; send numbers unquoted, and null for a missing value (JSON has no NaN or Infinity)`
        : '';
    return new DataError(
      'MIXED_TYPES',
      `column ${JSON.stringify(this.name)} mixes types: ${this.label(this.firstTypedRow)} has a ${this.type} ` +
        `but ${this.label(row)} has a ${type} (${JSON.stringify(cell)})${hint}`,
      this.name,
      row,
    );
  }
}

function cellType(cell: unknown, column: string, row: number, label: (row: number) => string): CellType {
  switch (typeof cell) {
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    default: {
      const what = Array.isArray(cell) ? 'an array' : typeof cell === 'object' ? 'an object' : `a ${typeof cell}`;
      throw new DataError(
        'INVALID_VALUE',
        `${label(row)}, column ${JSON.stringify(column)}: ${what} is not a valid cell; ` +
          'cells must be numbers, strings, booleans or null',
        column,
        row,
      );
    }
  }
}

function looksNumeric(text: string): boolean {
  const trimmed = text.trim();
  return /^[+-]?(nan|inf|infinity)$/i.test(trimmed) || (trimmed !== '' && Number.isFinite(Number(trimmed)));
}
