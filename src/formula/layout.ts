import type { ContrastMatrix } from './contrasts.js';
import { FormulaError } from './errors.js';
import { type Term, termName } from './terms.js';

/** What the layout needs to know about a factor once it has been evaluated. */
export type FactorCoding =
  | { readonly kind: 'numeric' }
  | {
      readonly kind: 'categorical';
      /** Columns of the full-rank (true) or reduced-rank (false) coding, known before building it. */
      readonly columns: (fullRank: boolean) => number;
      readonly matrix: (fullRank: boolean) => ContrastMatrix;
    };

/** One factor of a subterm: numeric, or categorical coded full- or reduced-rank. */
export interface SubtermFactor {
  readonly code: string;
  /** null for a numeric factor; whether a categorical factor is coded full rank. */
  readonly fullRank: boolean | null;
}

/** A block of columns: the product of its factors' columns, leftmost varying fastest. */
export interface SubtermLayout {
  readonly factors: readonly SubtermFactor[];
  readonly columns: number;
}

/** A term's place in the design: its subterms and its columns `[start, end)`. */
export interface TermLayout {
  readonly term: Term;
  readonly name: string;
  readonly subterms: readonly SubtermLayout[];
  readonly start: number;
  readonly end: number;
}

/** The design's columns: terms in design order and every column's name. */
export interface DesignLayout {
  readonly terms: readonly TermLayout[];
  readonly columnNames: readonly string[];
}

/** Limits on the design's shape. */
export interface LayoutLimits {
  /** Most categorical factors one term may interact (patsy's redundancy search is exponential in it). */
  readonly maxCategoricalFactorsPerTerm: number;
  readonly maxColumns: number;
}

/** Default layout limits. */
export const DEFAULT_LAYOUT_LIMITS: LayoutLimits = { maxCategoricalFactorsPerTerm: 10, maxColumns: 10_000 };

/**
 * patsy's `_make_subterm_infos`: orders the terms and decides, for each, which categorical
 * factors are coded full rank so that the design has no structural redundancy.
 *
 * Terms are bucketed by their set of numeric factors (buckets in order of first appearance,
 * the no-numeric bucket first) and sorted stably by degree within a bucket. Within a bucket a
 * term is expanded into the subterms of its categorical factors (all subsets, shortest first),
 * those already spanned by earlier terms are dropped, and the rest are merged greedily:
 * `1 + a-` becomes `a+` (a coded full rank), `a- + a-:b-` becomes `a-:b+`.
 */
export function layoutDesign(
  terms: readonly Term[],
  coding: (code: string) => FactorCoding,
  formula: string,
  limits: LayoutLimits = DEFAULT_LAYOUT_LIMITS,
): DesignLayout {
  const isNumeric = (code: string): boolean => coding(code).kind === 'numeric';
  const buckets = new Map<string, Term[]>();
  for (const term of terms) {
    const key = JSON.stringify(
      term.factors
        .filter((f) => isNumeric(f.code))
        .map((f) => f.code)
        .sort(),
    );
    const bucket = buckets.get(key);
    if (bucket) bucket.push(term);
    else buckets.set(key, [term]);
  }
  const order = [...buckets.keys()];
  const noNumeric = JSON.stringify([]);
  if (buckets.has(noNumeric)) order.splice(0, order.length, noNumeric, ...order.filter((key) => key !== noNumeric));

  const layouts: TermLayout[] = [];
  const columnNames: string[] = [];
  for (const key of order) {
    // Array.prototype.sort is stable, as Python's sort is.
    const bucket = [...buckets.get(key)!].sort((a, b) => a.factors.length - b.factors.length);
    const used = new Set<string>();
    for (const term of bucket) {
      const categorical = term.factors.filter((f) => !isNumeric(f.code)).map((f) => f.code);
      if (categorical.length > limits.maxCategoricalFactorsPerTerm) {
        const loc = term.factors[0]!.node.loc;
        throw new FormulaError(
          'DESIGN_TOO_LARGE',
          `the term ${termName(term)} interacts ${categorical.length} categorical factors; ` +
            `at most ${limits.maxCategoricalFactorsPerTerm} are supported`,
          { span: { formula, position: loc.start, end: loc.end } },
        );
      }
      const start = columnNames.length;
      const subterms: SubtermLayout[] = [];
      for (const { minus, plus } of pickContrasts(categorical, used)) {
        const factors: SubtermFactor[] = [];
        let columns = 1;
        for (const factor of term.factors) {
          const index = categorical.indexOf(factor.code);
          if (index < 0) {
            factors.push({ code: factor.code, fullRank: null });
          } else if ((minus | plus) & (1 << index)) {
            const fullRank = (plus & (1 << index)) !== 0;
            factors.push({ code: factor.code, fullRank });
            const info = coding(factor.code);
            if (info.kind === 'categorical') columns *= info.columns(fullRank);
          }
        }
        // Checked before any contrast matrix or name is built: C(x) of a continuous x must fail fast.
        if (columnNames.length + columns > limits.maxColumns) {
          throw new FormulaError(
            'DESIGN_TOO_LARGE',
            `the design would have more than ${limits.maxColumns} columns, the limit (MAX_DESIGN_COLUMNS); ` +
              `term ${termName(term)} alone adds ${columns}`,
          );
        }
        const matrices = factors.map((factor) => {
          const info = coding(factor.code);
          return info.kind === 'categorical' && factor.fullRank !== null ? info.matrix(factor.fullRank) : null;
        });
        const names = subtermColumnNames(factors, matrices);
        columnNames.push(...names);
        subterms.push({ factors, columns });
      }
      layouts.push({ term, name: termName(term), subterms, start, end: columnNames.length });
    }
  }
  return { terms: layouts, columnNames };
}

interface Subterm {
  /** Categorical factors (bits, by index in the term) coded reduced rank. */
  readonly minus: number;
  /** Categorical factors coded full rank. */
  readonly plus: number;
}

/** patsy's `pick_contrasts_for_term`, on bitmasks; `used` holds the bucket's spanned subterms. */
function pickContrasts(categorical: readonly string[], used: Set<string>): Subterm[] {
  const subterms: Subterm[] = [];
  for (const subset of sortedSubsets(categorical.length)) {
    const key = JSON.stringify(subset.map((i) => categorical[i]!).sort());
    if (used.has(key)) continue;
    subterms.push({ minus: subset.reduce((mask, i) => mask | (1 << i), 0), plus: 0 });
  }
  for (const subterm of subterms)
    used.add(
      JSON.stringify(
        indices(subterm.minus)
          .map((i) => categorical[i]!)
          .sort(),
      ),
    );
  while (simplifyOnce(subterms));
  return subterms;
}

/** All subsets of 0..k-1 as ascending index lists: shorter first, then lexicographically. */
function sortedSubsets(k: number): number[][] {
  const subsets: number[][] = [];
  for (let mask = 0; mask < 1 << k; mask++) subsets.push(indices(mask));
  return subsets.sort((a, b) => {
    if (a.length !== b.length) return a.length - b.length;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return 0;
  });
}

/** One greedy merge, left to right: a later subterm one factor longer absorbs an earlier one. */
function simplifyOnce(subterms: Subterm[]): boolean {
  for (let s = 0; s < subterms.length; s++) {
    const short = subterms[s]!;
    for (let l = s + 1; l < subterms.length; l++) {
      const long = subterms[l]!;
      const extraMinus = long.minus & ~short.minus;
      const extraPlus = long.plus & ~short.plus;
      const contained = (short.minus & ~long.minus) === 0 && (short.plus & ~long.plus) === 0;
      if (!contained || extraPlus !== 0 || popcount(extraMinus) !== 1) continue;
      subterms[l] = { minus: short.minus, plus: short.plus | extraMinus };
      subterms.splice(s, 1);
      return true;
    }
  }
  return false;
}

function indices(mask: number): number[] {
  const out: number[] = [];
  for (let i = 0; mask >> i; i++) if (mask & (1 << i)) out.push(i);
  return out;
}

function popcount(mask: number): number {
  let count = 0;
  for (let m = mask; m; m &= m - 1) count += 1;
  return count;
}

/** Column names of a subterm: factor names (with contrast suffixes) joined by `:`, leftmost fastest. */
function subtermColumnNames(factors: readonly SubtermFactor[], matrices: readonly (ContrastMatrix | null)[]): string[] {
  const counts = matrices.map((m) => (m ? m.columns : 1));
  const total = counts.reduce((a, b) => a * b, 1);
  const names: string[] = [];
  for (let column = 0; column < total; column++) {
    let rest = column;
    const pieces = factors.map((factor, f) => {
      const index = rest % counts[f]!;
      rest = Math.floor(rest / counts[f]!);
      const matrix = matrices[f];
      return matrix ? `${factor.code}${matrix.suffixes[index]!}` : factor.code;
    });
    names.push(pieces.length === 0 ? 'Intercept' : pieces.join(':'));
  }
  return names;
}
