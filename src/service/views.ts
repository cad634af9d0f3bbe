import type { ModelDocument } from '../models/index.js';
import { coefficientInference, type CoefficientInference } from '../stats/index.js';
import { InvalidArgumentError } from './errors.js';

/** One coefficient as clients read it, with the term its column belongs to. */
export interface CoefficientView extends CoefficientInference {
  readonly term: string;
}

/** The seed service's per-column statistics. */
export interface SeedCoefficientInfo {
  readonly estimate: number | null;
  readonly se: number | null;
  readonly t: number | null;
  readonly p: number | null;
}

/** Every coefficient with its test and its interval at `level`. */
export function coefficientViews(document: ModelDocument, level = 0.95): CoefficientView[] {
  if (!(level > 0 && level < 1)) {
    throw new InvalidArgumentError('level', `level must be between 0 and 1 (exclusive); got ${level}`);
  }
  const terms = document.design.terms;
  return coefficientInference(document.fit, level).map((coefficient, column) => ({
    ...coefficient,
    term: terms.find((term) => column >= term.start && column < term.end)?.name ?? coefficient.name,
  }));
}

/** The seed's `modelInfo` map: design column → {estimate, se, t, p}. */
export function modelInfo(document: ModelDocument): Record<string, SeedCoefficientInfo> {
  // fromEntries defines own properties, so a column named "__proto__" stays a plain key.
  return Object.fromEntries(
    coefficientViews(document).map((coefficient) => [
      coefficient.name,
      { estimate: coefficient.estimate, se: coefficient.stdError, t: coefficient.statistic, p: coefficient.pValue },
    ]),
  );
}

/** Names of the aliased design columns. */
export function aliasedColumns(document: ModelDocument): string[] {
  return document.fit.coefficients.filter((coefficient) => coefficient.aliased).map((coefficient) => coefficient.name);
}
