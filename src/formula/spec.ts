import type { ContrastSpec } from './contrasts.js';
import type { DesignSpec, TermSpec } from './design.js';
import { InvalidSpecError } from './errors.js';
import type { SubtermLayout } from './layout.js';
import type { LevelType, LevelValue } from './levels.js';
import type { TransformState } from './transforms.js';

/**
 * The formula module's entries in `DesignSpec.factors`: one per factor of the right-hand
 * side, in order of first use, with what prediction needs to encode new rows exactly as the
 * training rows were: the factor's kind, its stateful-transform statistics and, for a
 * categorical factor, its levels and resolved contrast. Plain JSON.
 */
export type FactorSpec = NumericFactorSpec | CategoricalFactorSpec;

/** A numeric factor (`x`, `np.log(w + 1)`, `center(x)`). */
export interface NumericFactorSpec {
  readonly code: string;
  readonly kind: 'numeric';
  readonly transforms: readonly TransformState[];
}

/** A categorical factor (`g`, `C(k)`, `C(g, Sum)`, `x > 0`). */
export interface CategoricalFactorSpec {
  readonly code: string;
  readonly kind: 'categorical';
  readonly transforms: readonly TransformState[];
  readonly levels: readonly LevelValue[];
  readonly levelType: LevelType;
  /** Whether numeric levels print as integers in column names (pandas int64). */
  readonly integerLevels: boolean;
  readonly contrast: ContrastSpec;
  /** The data column the levels come from directly, if any (for messages). */
  readonly column: string | null;
}

/** `TermSpec` with the subterm layout prediction needs (which factors are coded full rank). */
export interface LaidOutTermSpec extends TermSpec {
  readonly subterms: readonly SubtermLayout[];
}

/** Checks that a spec from storage has the shape this module writes; returns its typed parts. */
export function readSpec(spec: DesignSpec): { factors: readonly FactorSpec[]; terms: readonly LaidOutTermSpec[] } {
  if (!isObject(spec) || spec.version !== 1) throw new InvalidSpecError('unsupported version (expected 1)');
  if (typeof spec.formula !== 'string') throw new InvalidSpecError('formula must be a string');
  if (!Array.isArray(spec.columns) || !spec.columns.every((c) => typeof c === 'string'))
    throw new InvalidSpecError('columns must be strings');
  if (!Array.isArray(spec.factors)) throw new InvalidSpecError('factors must be an array');
  if (!Array.isArray(spec.terms)) throw new InvalidSpecError('terms must be an array');
  const factors = spec.factors.map((factor, i) => readFactor(factor, i));
  const codes = new Set(factors.map((f) => f.code));
  let column = 0;
  const terms = spec.terms.map((term, i) => {
    if (!isObject(term) || typeof term.name !== 'string' || !Array.isArray((term as { subterms?: unknown }).subterms)) {
      throw new InvalidSpecError(`term ${i} has no subterm layout`);
    }
    const laidOut = term as unknown as LaidOutTermSpec;
    if (laidOut.start !== column)
      throw new InvalidSpecError(`term ${laidOut.name} starts at ${laidOut.start}, expected ${column}`);
    for (const subterm of laidOut.subterms) {
      if (
        !isObject(subterm) ||
        !Array.isArray(subterm.factors) ||
        !Number.isInteger(subterm.columns) ||
        subterm.columns < 0
      ) {
        throw new InvalidSpecError(`term ${laidOut.name} has a malformed subterm`);
      }
      for (const f of subterm.factors) {
        if (!isObject(f) || typeof f.code !== 'string' || !codes.has(f.code))
          throw new InvalidSpecError(`term ${laidOut.name} uses an unknown factor`);
      }
      column += subterm.columns;
    }
    if (laidOut.end !== column)
      throw new InvalidSpecError(`term ${laidOut.name} ends at ${laidOut.end}, expected ${column}`);
    return laidOut;
  });
  if (column !== spec.columns.length)
    throw new InvalidSpecError(`the terms cover ${column} columns but the spec names ${spec.columns.length}`);
  return { factors, terms };
}

function readFactor(value: unknown, index: number): FactorSpec {
  if (!isObject(value) || typeof value.code !== 'string' || !Array.isArray(value.transforms))
    throw new InvalidSpecError(`factor ${index} is malformed`);
  for (const state of value.transforms as unknown[]) {
    if (
      !isObject(state) ||
      (state.transform !== 'center' && state.transform !== 'standardize') ||
      !isPair(state.mean)
    ) {
      throw new InvalidSpecError(`factor ${value.code} has a malformed transform state`);
    }
    if (state.transform === 'standardize' && (!isPair(state.m2) || typeof state.count !== 'number')) {
      throw new InvalidSpecError(`factor ${value.code} has a malformed standardize state`);
    }
  }
  if (value.kind === 'numeric') return value as unknown as NumericFactorSpec;
  if (value.kind !== 'categorical') throw new InvalidSpecError(`factor ${value.code} has an unknown kind`);
  const levels = value.levels;
  const type = value.levelType;
  if (
    !Array.isArray(levels) ||
    levels.length === 0 ||
    (type !== 'string' && type !== 'boolean' && type !== 'number') ||
    !levels.every((l) => typeof l === type)
  ) {
    throw new InvalidSpecError(`factor ${value.code} has malformed levels`);
  }
  const contrast = value.contrast;
  if (
    !isObject(contrast) ||
    !['Treatment', 'Sum', 'Helmert', 'Diff', 'Poly', 'Custom'].includes(contrast.type as string)
  ) {
    throw new InvalidSpecError(`factor ${value.code} has a malformed contrast`);
  }
  if (contrast.type === 'Custom') {
    const { matrix, suffixes } = contrast;
    const width = Array.isArray(suffixes) ? suffixes.length : -1;
    if (
      width < 1 ||
      !(suffixes as unknown[]).every((s) => typeof s === 'string') ||
      !Array.isArray(matrix) ||
      matrix.length !== levels.length ||
      !matrix.every(
        (row: unknown) =>
          Array.isArray(row) &&
          row.length === width &&
          row.every((v: unknown) => typeof v === 'number' && Number.isFinite(v)),
      )
    )
      throw new InvalidSpecError(`factor ${value.code} has a malformed contrast matrix`);
  }
  const index2 = contrast.type === 'Treatment' ? contrast.reference : contrast.type === 'Sum' ? contrast.omit : 0;
  if (!Number.isInteger(index2) || (index2 as number) < 0 || (index2 as number) >= levels.length) {
    throw new InvalidSpecError(`factor ${value.code} has a contrast level out of range`);
  }
  if (
    contrast.type === 'Poly' &&
    contrast.scores !== null &&
    (!Array.isArray(contrast.scores) || contrast.scores.length !== levels.length)
  ) {
    throw new InvalidSpecError(`factor ${value.code} has malformed Poly scores`);
  }
  return value as unknown as CategoricalFactorSpec;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPair(value: unknown): boolean {
  return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number');
}
