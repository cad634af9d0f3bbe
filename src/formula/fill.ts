import { DoubleDouble, ddMul } from '../numeric/doubleDouble.js';
import type { ContrastMatrix } from './contrasts.js';
import type { SubtermFactor } from './layout.js';

/** A factor's values, ready to be multiplied into design columns. */
export type FilledFactor =
  | { readonly kind: 'numeric'; readonly hi: Float64Array; readonly lo: Float64Array | null }
  | {
      readonly kind: 'categorical';
      readonly codes: Int32Array;
      /** The level of each code when the codes do not index the levels directly (data columns keep first-appearance codes). */
      readonly levelOf: Int32Array | null;
      readonly matrix: (fullRank: boolean) => ContrastMatrix;
    };

/** A block of design columns to fill. */
export interface FillSubterm {
  readonly factors: readonly SubtermFactor[];
  readonly columns: number;
}

/** The filled design: column-major values and, when any column is inexact in double, low parts. */
export interface FilledDesign {
  readonly x: Float64Array;
  readonly xLo: Float64Array | null;
}

/**
 * Fills the design matrix column by column, one pass over the rows per column, into one
 * column-major array. `rows` selects (and orders) the source rows; null takes them all.
 * Categorical factors enter through their codes and one column of their contrast matrix;
 * products are formed in double-double unless they are exact in double (entries 0/±1 times
 * one exact numeric factor), and low parts are kept only if some column needs them.
 */
export function fillDesign(
  subterms: readonly FillSubterm[],
  factor: (code: string) => FilledFactor,
  rows: Int32Array | null,
  rowCount: number,
  columnCount: number,
): FilledDesign {
  const x = new Float64Array(rowCount * columnCount);
  const sink: LowSink = { lo: null, size: rowCount * columnCount };
  let column = 0;
  for (const subterm of subterms) {
    const numerics: { hi: Float64Array; lo: Float64Array | null }[] = [];
    const categoricals: { codes: Int32Array; levelOf: Int32Array | null; matrix: ContrastMatrix; position: number }[] = [];
    subterm.factors.forEach((f, position) => {
      const value = factor(f.code);
      if (value.kind === 'numeric') numerics.push({ hi: value.hi, lo: value.lo });
      else categoricals.push({ codes: value.codes, levelOf: value.levelOf, matrix: value.matrix(f.fullRank ?? false), position });
    });
    // Contrast column per factor for each design column: leftmost factor varies fastest.
    const counts = subterm.factors.map((f, position) => categoricals.find((c) => c.position === position)?.matrix.columns ?? 1);
    for (let j = 0; j < subterm.columns; j++) {
      let rest = j;
      const entries: Float64Array[] = [];
      let unit = true;
      subterm.factors.forEach((_, position) => {
        const index = rest % counts[position]!;
        rest = Math.floor(rest / counts[position]!);
        const cat = categoricals.find((c) => c.position === position);
        if (!cat) return;
        const { matrix, levelOf } = cat;
        // One entry per code: the contrast row of the code's level, for this design column.
        const byLevel = matrix.column(index);
        let column = byLevel;
        if (levelOf) {
          column = new Float64Array(levelOf.length);
          for (let code = 0; code < column.length; code++) {
            const level = levelOf[code]!;
            column[code] = level < 0 ? Number.NaN : byLevel[level]!;
          }
        }
        entries.push(column);
        unit &&= matrix.unitEntries;
      });
      fillColumn(x, sink, column * rowCount, rows, rowCount, categoricals.map((c) => c.codes), entries, numerics, unit);
      column += 1;
    }
  }
  return { x, xLo: sink.lo };
}

interface LowSink {
  lo: Float64Array | null;
  readonly size: number;
}

const reg = new DoubleDouble();

function fillColumn(
  x: Float64Array,
  sink: LowSink,
  offset: number,
  rows: Int32Array | null,
  n: number,
  codes: readonly Int32Array[],
  entries: readonly Float64Array[],
  numerics: readonly { hi: Float64Array; lo: Float64Array | null }[],
  unit: boolean,
): void {
  if (codes.length === 0 && numerics.length === 0) {
    x.fill(1, offset, offset + n);
    return;
  }
  if (codes.length === 1 && numerics.length === 0) {
    const c = codes[0]!;
    const e = entries[0]!;
    if (rows) for (let r = 0; r < n; r++) x[offset + r] = e[c[rows[r]!]!]!;
    else for (let r = 0; r < n; r++) x[offset + r] = e[c[r]!]!;
    return;
  }
  if (codes.length === 0 && numerics.length === 1) {
    const { hi, lo } = numerics[0]!;
    if (rows) for (let r = 0; r < n; r++) x[offset + r] = hi[rows[r]!]!;
    else x.set(hi.subarray(0, n), offset);
    if (lo) copyLow(sink, offset, lo, rows, n, 1, null, null);
    return;
  }
  if (unit && numerics.length === 1 && codes.length === 1) {
    // Dummy (or ±1) times a number: exact in double, and the low part scales the same way.
    const { hi, lo } = numerics[0]!;
    const c = codes[0]!;
    const e = entries[0]!;
    if (rows) {
      for (let r = 0; r < n; r++) {
        const s = rows[r]!;
        x[offset + r] = e[c[s]!]! * hi[s]!;
      }
    } else {
      for (let r = 0; r < n; r++) x[offset + r] = e[c[r]!]! * hi[r]!;
    }
    if (lo) copyLow(sink, offset, lo, rows, n, 1, c, e);
    return;
  }
  generalColumn(x, sink, offset, rows, n, codes, entries, numerics);
}

/** Any product of categorical entries and numeric factors, in double-double. */
function generalColumn(
  x: Float64Array,
  sink: LowSink,
  offset: number,
  rows: Int32Array | null,
  n: number,
  codes: readonly Int32Array[],
  entries: readonly Float64Array[],
  numerics: readonly { hi: Float64Array; lo: Float64Array | null }[],
): void {
  for (let r = 0; r < n; r++) {
    const s = rows ? rows[r]! : r;
    let ph = 1;
    let pl = 0;
    for (let k = 0; k < codes.length; k++) {
      ddMul(ph, pl, entries[k]![codes[k]![s]!]!, 0, reg);
      ph = reg.hi;
      pl = reg.lo;
    }
    for (let m = 0; m < numerics.length; m++) {
      const f = numerics[m]!;
      ddMul(ph, pl, f.hi[s]!, f.lo ? f.lo[s]! : 0, reg);
      ph = reg.hi;
      pl = reg.lo;
    }
    x[offset + r] = ph;
    if (pl !== 0 && Number.isFinite(ph)) lowArray(sink)[offset + r] = pl;
  }
}

/** Copies scaled low parts of the selected rows, allocating the low array only if one is non-zero. */
function copyLow(
  sink: LowSink,
  offset: number,
  lo: Float64Array,
  rows: Int32Array | null,
  n: number,
  scale: number,
  codes: Int32Array | null,
  entries: Float64Array | null,
): void {
  for (let r = 0; r < n; r++) {
    const s = rows ? rows[r]! : r;
    const factor = codes && entries ? entries[codes[s]!]! : scale;
    const v = lo[s]! * factor;
    if (v !== 0) lowArray(sink)[offset + r] = v;
  }
}

function lowArray(sink: LowSink): Float64Array {
  sink.lo ??= new Float64Array(sink.size);
  return sink.lo;
}
