import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A reference case from test/fixtures/cases (see test/fixtures/PROVENANCE.md). */
export interface ReferenceCase {
  readonly name: string;
  readonly file: string;
  readonly formula: string;
  readonly options: { readonly weights: string | null };
  readonly data: readonly Record<string, unknown>[];
  readonly rank_deficient?: boolean;
  readonly ill_conditioned?: boolean;
  readonly tolerance?: number;
  readonly predict_data?: readonly Record<string, unknown>[];
  readonly r_lm?: { readonly coefficients: Readonly<Record<string, number | null>> };
  readonly expected?: {
    readonly columns: readonly string[];
    readonly nobs: number;
    readonly params?: Readonly<Record<string, number>>;
    readonly predict?: { readonly data: readonly Record<string, unknown>[]; readonly mean: readonly number[] };
  };
  readonly expected_error?: { readonly stage: 'fit' | 'predict'; readonly statsmodels_message: string };
}

const CASES_DIR = join(import.meta.dirname, '../../../fixtures/cases');
const NIST_DIR = join(import.meta.dirname, '../../../fixtures/nist-strd');

/** Every reference case, sorted by file name. */
export function loadCases(): ReferenceCase[] {
  return readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      ...(JSON.parse(readFileSync(join(CASES_DIR, file), 'utf8')) as Omit<ReferenceCase, 'file'>),
      file,
    }));
}

/** A NIST StRD dataset. */
export interface NistCase {
  readonly name: string;
  readonly formula: string;
  readonly data: readonly Record<string, number>[];
  readonly certified: { readonly params: readonly number[] };
}

/** Every NIST dataset. */
export function loadNist(): NistCase[] {
  return readdirSync(NIST_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(NIST_DIR, file), 'utf8')) as NistCase);
}
