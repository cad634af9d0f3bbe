import { DoubleDouble, ddAdd, ddDiv, ddMul, ddSqrt } from '../numeric/doubleDouble.js';

/**
 * A contrast resolved against a factor's levels: what the design spec stores, so prediction
 * rebuilds exactly the training matrix. `reference`/`omit` are level indices.
 */
export type ContrastSpec =
  | { readonly type: 'Treatment'; readonly reference: number }
  | { readonly type: 'Sum'; readonly omit: number }
  | { readonly type: 'Helmert' }
  | { readonly type: 'Diff' }
  | { readonly type: 'Poly'; readonly scores: readonly number[] | null }
  /** A matrix given whole: a row per level, its columns named by `suffixes`. */
  | { readonly type: 'Custom'; readonly matrix: readonly (readonly number[])[]; readonly suffixes: readonly string[] };

/** The names of the contrasts patsy provides, the second argument of `C()`. */
export type ContrastName = ContrastSpec['type'];

/**
 * A coding of `levels` rows into `columns` columns, with patsy's column suffixes. Entries are
 * computed on demand rather than stored: a full-rank coding of a factor with thousands of
 * levels would otherwise be a dense square matrix of hundreds of megabytes.
 */
export interface ContrastMatrix {
  readonly levels: number;
  readonly columns: number;
  /** The entry of a level (row) in a column. */
  readonly entry: (level: number, column: number) => number;
  /** One column as a dense vector over the levels (cheap for the sparse codings). */
  readonly column: (column: number) => Float64Array;
  /** Appended to the factor's name: `[T.b]`, `[S.a]`, `.Linear`, `[mean]`. */
  readonly suffixes: readonly string[];
  /** Whether every entry is 0, 1 or -1, so products with it are exact. */
  readonly unitEntries: boolean;
}

/** Most levels a Poly contrast accepts; beyond this the polynomial columns mean nothing. */
export const MAX_POLY_LEVELS = 200;

/**
 * The contrast matrix patsy's `code_contrast_matrix` gives: full rank (`fullRank`, the
 * factor also stands in for the intercept or a lower-order term) or reduced rank.
 * `labels` are the level names as patsy prints them.
 */
export function contrastMatrix(spec: ContrastSpec, labels: readonly string[], fullRank: boolean): ContrastMatrix {
  const n = labels.length;
  switch (spec.type) {
    case 'Treatment': {
      if (fullRank)
        return build(
          n,
          n,
          (i, j) => (i === j ? 1 : 0),
          labels.map((l) => `[${l}]`),
          true,
          (j) => unitVector(n, j),
        );
      const ref = spec.reference;
      const kept = labels.filter((_, i) => i !== ref);
      // Level i > ref is column i - 1; the reference row is all zeros.
      const level = (j: number): number => (j < ref ? j : j + 1);
      return build(
        n,
        n - 1,
        (i, j) => (i === level(j) ? 1 : 0),
        kept.map((l) => `[T.${l}]`),
        true,
        (j) => unitVector(n, level(j)),
      );
    }
    case 'Sum': {
      const omit = spec.omit;
      const kept = labels.filter((_, i) => i !== omit).map((l) => `[S.${l}]`);
      const sum = (i: number, j: number): number => (i === omit ? -1 : (i < omit ? i : i - 1) === j ? 1 : 0);
      if (!fullRank) return build(n, n - 1, sum, kept, true);
      return build(n, n, (i, j) => (j === 0 ? 1 : sum(i, j - 1)), ['[mean]', ...kept], true);
    }
    case 'Helmert': {
      // R's contr.helmert: column j compares level j + 1 with the levels before it.
      const helmert = (i: number, j: number): number => (i === j + 1 ? j + 1 : i <= j ? -1 : 0);
      const names = labels.slice(1).map((l) => `[H.${l}]`);
      if (!fullRank) return build(n, n - 1, helmert, names);
      return build(n, n, (i, j) => (j === 0 ? 1 : helmert(i, j - 1)), ['[H.intercept]', ...names]);
    }
    case 'Diff': {
      // Backward differences: column j is level j + 1 minus level j.
      const diff = (i: number, j: number): number => (i <= j ? (j + 1 - n) / n : (j + 1) / n);
      if (!fullRank)
        return build(
          n,
          n - 1,
          diff,
          labels.slice(0, -1).map((l) => `[D.${l}]`),
        );
      return build(
        n,
        n,
        (i, j) => (j === 0 ? 1 : diff(i, j - 1)),
        labels.map((l) => `[D.${l}]`),
      );
    }
    case 'Poly': {
      const q = orthogonalPolynomials(spec.scores ?? labels.map((_, i) => i));
      const names = ['.Constant', '.Linear', '.Quadratic', '.Cubic'];
      for (let k = 4; k < n; k++) names.push(`^${k}`);
      const first = fullRank ? 0 : 1;
      return build(n, n - first, (i, j) => q[i * n + j + first]!, names.slice(first, n), false);
    }
    case 'Custom': {
      const { matrix, suffixes } = spec;
      if (matrix.length !== n) throw new RangeError(`the contrast matrix has ${matrix.length} rows for ${n} levels`);
      return build(n, suffixes.length, (i, j) => matrix[i]![j]!, suffixes);
    }
    default: {
      const unreachable: never = spec;
      return unreachable;
    }
  }
}

function build(
  levels: number,
  columns: number,
  entry: (level: number, column: number) => number,
  suffixes: readonly string[],
  unitEntries?: boolean,
  column?: (column: number) => Float64Array,
): ContrastMatrix {
  // Treatment and Sum are 0/±1 by construction; Helmert and Diff only for two levels.
  const unit = unitEntries ?? isUnit(levels, Math.max(columns, 0), entry);
  const dense = (j: number): Float64Array => Float64Array.from({ length: levels }, (_, i) => entry(i, j));
  return { levels, columns: Math.max(columns, 0), entry, column: column ?? dense, suffixes, unitEntries: unit };
}

function unitVector(length: number, index: number): Float64Array {
  const v = new Float64Array(length);
  v[index] = 1;
  return v;
}

function isUnit(levels: number, columns: number, entry: (level: number, column: number) => number): boolean {
  if (levels * columns > 1_000_000) return false;
  for (let i = 0; i < levels; i++) {
    for (let j = 0; j < columns; j++) {
      const v = entry(i, j);
      if (v !== 0 && v !== 1 && v !== -1) return false;
    }
  }
  return true;
}

/**
 * patsy's Poly: the Q of a QR decomposition of the Vandermonde matrix of the centred scores,
 * signed so that R has a positive diagonal, with the constant column set to ones. The same
 * Q comes from orthonormalising the Krylov vectors 1, x·q0, x·q1, … (equal spans, same
 * signs), which is far better conditioned than raw powers; it is done here in double-double
 * with two Gram-Schmidt passes, so the result is the exact Q rounded to double (patsy's
 * LAPACK QR agrees to about 1e-15 for the usual handful of levels).
 * Returns `n × n` row-major.
 */
export function orthogonalPolynomials(rawScores: readonly number[]): Float64Array {
  const n = rawScores.length;
  const reg = new DoubleDouble();
  // Centre the scores (exactly, in double-double).
  let meanHi = 0;
  let meanLo = 0;
  for (const s of rawScores) {
    ddAdd(meanHi, meanLo, s, 0, reg);
    meanHi = reg.hi;
    meanLo = reg.lo;
  }
  ddDiv(meanHi, meanLo, n, 0, reg);
  meanHi = reg.hi;
  meanLo = reg.lo;
  const xHi = new Float64Array(n);
  const xLo = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ddAdd(rawScores[i]!, 0, -meanHi, -meanLo, reg);
    xHi[i] = reg.hi;
    xLo[i] = reg.lo;
  }
  const qHi: Float64Array[] = [];
  const qLo: Float64Array[] = [];
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const vHi = new Float64Array(n);
    const vLo = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (k === 0) {
        vHi[i] = 1;
      } else {
        ddMul(xHi[i]!, xLo[i]!, qHi[k - 1]![i]!, qLo[k - 1]![i]!, reg);
        vHi[i] = reg.hi;
        vLo[i] = reg.lo;
      }
    }
    for (let pass = 0; pass < 2; pass++) {
      for (let m = 0; m < k; m++) {
        const [dHi, dLo] = dot(qHi[m]!, qLo[m]!, vHi, vLo, reg);
        for (let i = 0; i < n; i++) {
          ddMul(dHi, dLo, qHi[m]![i]!, qLo[m]![i]!, reg);
          ddAdd(vHi[i]!, vLo[i]!, -reg.hi, -reg.lo, reg);
          vHi[i] = reg.hi;
          vLo[i] = reg.lo;
        }
      }
    }
    const [nnHi, nnLo] = dot(vHi, vLo, vHi, vLo, reg);
    if (!(nnHi > 0)) throw new RangeError('Poly scores must be distinct');
    ddSqrt(nnHi, nnLo, reg);
    const normHi = reg.hi;
    const normLo = reg.lo;
    for (let i = 0; i < n; i++) {
      ddDiv(vHi[i]!, vLo[i]!, normHi, normLo, reg);
      vHi[i] = reg.hi;
      vLo[i] = reg.lo;
      out[i * n + k] = k === 0 ? 1 : reg.hi + reg.lo;
    }
    qHi.push(vHi);
    qLo.push(vLo);
  }
  return out;
}

function dot(
  aHi: Float64Array,
  aLo: Float64Array,
  bHi: Float64Array,
  bLo: Float64Array,
  reg: DoubleDouble,
): [number, number] {
  let sHi = 0;
  let sLo = 0;
  for (let i = 0; i < aHi.length; i++) {
    ddMul(aHi[i]!, aLo[i]!, bHi[i]!, bLo[i]!, reg);
    ddAdd(sHi, sLo, reg.hi, reg.lo, reg);
    sHi = reg.hi;
    sLo = reg.lo;
  }
  return [sHi, sLo];
}
