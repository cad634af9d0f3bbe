import { DoubleDouble, ddMul } from '../numeric/doubleDouble.js';
import type { DesignRows } from '../numeric/designRows.js';
import type { ContrastMatrix } from './contrasts.js';
import type { SubtermFactor } from './layout.js';

/** A factor's values, ready to be multiplied into design columns. */
export type FilledFactor =
  | { readonly kind: 'numeric'; readonly hi: Float64Array; readonly lo: Float64Array | null }
  | {
      readonly kind: 'categorical';
      readonly codes: Int32Array;
      /**
       * The level of each code when the codes do not index the levels directly
       * (data columns keep first-appearance codes).
       */
      readonly levelOf: Int32Array | null;
      readonly matrix: (fullRank: boolean) => ContrastMatrix;
    };

/** A block of design columns to fill. */
export interface FillSubterm {
  readonly factors: readonly SubtermFactor[];
  readonly columns: number;
}

/**
 * One design column as a product of its factors' values at each source row: categorical
 * factors through their codes and one column of their contrast matrix (an entry per code),
 * numeric ones through their values (and low parts).
 */
interface ColumnRecipe {
  readonly codes: readonly Int32Array[];
  readonly entries: readonly Float64Array[];
  readonly numerics: readonly { readonly hi: Float64Array; readonly lo: Float64Array | null }[];
  /** Every contrast entry is 0 or ±1, so a product with one number is exact in double. */
  readonly unit: boolean;
}

/**
 * The design's rows, generated a block at a time from the factors' values: the fit reads the
 * design in passes of a few hundred rows (stats/designRows.ts) and never holds it whole, so
 * memory is O(block × columns), not O(rows × columns). `rows` selects (and orders) the source
 * rows; null takes them all. Products are formed in double-double unless they are exact in
 * double (entries 0/±1 times one exact numeric factor); a cell's low part is its rounding error.
 */
export function designRows(
  subterms: readonly FillSubterm[],
  factor: (code: string) => FilledFactor,
  rows: Int32Array | null,
  columnCount: number,
): DesignRows {
  const recipes = columnRecipes(subterms, factor);
  if (recipes.length !== columnCount) {
    throw new RangeError(`the layout has ${recipes.length} columns, expected ${columnCount}`);
  }
  return {
    columnCount,
    mayHaveLowParts: recipes.some(mayHaveLowPart),
    fill(start, count, out, stride, outLo) {
      recipes.forEach((recipe, j) => fillColumn(recipe, rows, start, count, out, j * stride, outLo, j * stride));
    },
    fillColumn(column, start, count, out) {
      fillColumn(recipes[column]!, rows, start, count, out, 0, null, 0);
    },
  };
}

function columnRecipes(subterms: readonly FillSubterm[], factor: (code: string) => FilledFactor): ColumnRecipe[] {
  const recipes: ColumnRecipe[] = [];
  for (const subterm of subterms) {
    const numerics: { hi: Float64Array; lo: Float64Array | null }[] = [];
    const categoricals: { codes: Int32Array; levelOf: Int32Array | null; matrix: ContrastMatrix; position: number }[] =
      [];
    subterm.factors.forEach((f, position) => {
      const value = factor(f.code);
      if (value.kind === 'numeric') numerics.push({ hi: value.hi, lo: value.lo });
      else
        categoricals.push({
          codes: value.codes,
          levelOf: value.levelOf,
          matrix: value.matrix(f.fullRank ?? false),
          position,
        });
    });
    // Contrast column per factor for each design column: leftmost factor varies fastest.
    const counts = subterm.factors.map(
      (f, position) => categoricals.find((c) => c.position === position)?.matrix.columns ?? 1,
    );
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
      recipes.push({ codes: categoricals.map((c) => c.codes), entries, numerics, unit });
    }
  }
  return recipes;
}

/** Whether `fillColumn` can write a non-zero low part for this column. */
function mayHaveLowPart(recipe: ColumnRecipe): boolean {
  const { codes, numerics, unit } = recipe;
  if (numerics.length === 0) return codes.length > 1 && !unit;
  if (numerics.length === 1 && (codes.length === 0 || unit)) return numerics[0]!.lo !== null;
  return true;
}

const reg = new DoubleDouble();

/**
 * Writes design rows [start, start + count) of one column at out[offset..] and, when `lo` is
 * given, their low parts at lo[loOffset..] (0 where the cell is exact).
 */
function fillColumn(
  recipe: ColumnRecipe,
  rows: Int32Array | null,
  start: number,
  count: number,
  out: Float64Array,
  offset: number,
  lo: Float64Array | null,
  loOffset: number,
): void {
  const { codes, entries, numerics, unit } = recipe;
  const base = offset - start; // out[base + r] is design row r
  const end = start + count;
  if (codes.length === 0 && numerics.length === 0) {
    out.fill(1, offset, offset + count);
    lo?.fill(0, loOffset, loOffset + count);
    return;
  }
  if (codes.length === 1 && numerics.length === 0) {
    const c = codes[0]!;
    const e = entries[0]!;
    if (rows) for (let r = start; r < end; r++) out[base + r] = e[c[rows[r]!]!]!;
    else for (let r = start; r < end; r++) out[base + r] = e[c[r]!]!;
    lo?.fill(0, loOffset, loOffset + count);
    return;
  }
  if (codes.length === 0 && numerics.length === 1) {
    const { hi, lo: hiLo } = numerics[0]!;
    if (rows) for (let r = start; r < end; r++) out[base + r] = hi[rows[r]!]!;
    else out.set(hi.subarray(start, end), offset);
    if (lo) copyLow(lo, loOffset - start, hiLo, rows, start, end, null, null);
    return;
  }
  if (unit && codes.length === 1 && numerics.length === 1) {
    // Dummy (or ±1) times a number: exact in double, and the low part scales the same way.
    const { hi, lo: hiLo } = numerics[0]!;
    const c = codes[0]!;
    const e = entries[0]!;
    if (rows) {
      for (let r = start; r < end; r++) {
        const s = rows[r]!;
        out[base + r] = e[c[s]!]! * hi[s]!;
      }
    } else {
      for (let r = start; r < end; r++) out[base + r] = e[c[r]!]! * hi[r]!;
    }
    if (lo) copyLow(lo, loOffset - start, hiLo, rows, start, end, c, e);
    return;
  }
  if (unit && numerics.length <= 1) {
    // Interactions of dummies (0/±1 entries), times at most one number: exact in double, as
    // the double-double product would find at several times the cost.
    unitProductColumn(recipe, rows, start, end, out, base, lo, loOffset - start);
    return;
  }
  generalColumn(recipe, rows, start, end, out, base, lo, loOffset - start);
}

/** A product of several 0/±1 entries and at most one number, exact in double. */
function unitProductColumn(
  recipe: ColumnRecipe,
  rows: Int32Array | null,
  start: number,
  end: number,
  out: Float64Array,
  base: number,
  lo: Float64Array | null,
  loBase: number,
): void {
  const { codes, entries, numerics } = recipe;
  const number = numerics[0];
  for (let r = start; r < end; r++) {
    const s = rows ? rows[r]! : r;
    let v = 1;
    for (let k = 0; k < codes.length; k++) v *= entries[k]![codes[k]![s]!]!;
    out[base + r] = number ? v * number.hi[s]! : v;
    if (lo) {
      const l = number?.lo ? number.lo[s]! * v : 0;
      lo[loBase + r] = l !== 0 && Number.isFinite(l) ? l : 0;
    }
  }
}

/** Any product of categorical entries and numeric factors, in double-double. */
function generalColumn(
  recipe: ColumnRecipe,
  rows: Int32Array | null,
  start: number,
  end: number,
  out: Float64Array,
  base: number,
  lo: Float64Array | null,
  loBase: number,
): void {
  const { codes, entries, numerics } = recipe;
  for (let r = start; r < end; r++) {
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
    out[base + r] = ph;
    if (lo) lo[loBase + r] = pl !== 0 && Number.isFinite(ph) ? pl : 0;
  }
}

/** Low parts of the selected rows, times the code's contrast entry when there is one. */
function copyLow(
  lo: Float64Array,
  loBase: number,
  source: Float64Array | null,
  rows: Int32Array | null,
  start: number,
  end: number,
  codes: Int32Array | null,
  entries: Float64Array | null,
): void {
  for (let r = start; r < end; r++) {
    if (source === null) {
      lo[loBase + r] = 0;
      continue;
    }
    const s = rows ? rows[r]! : r;
    const v = source[s]! * (codes && entries ? entries[codes[s]!]! : 1);
    lo[loBase + r] = v !== 0 ? v : 0;
  }
}
