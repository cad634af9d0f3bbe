import { documentShapeProblem } from './documentShape.js';
import { CorruptModelDocumentError } from './errors.js';

/**
 * The version of the stored model document. Its shape is the interfaces below, owned by this
 * module: the formula and stats modules' in-memory types are mapped to and from it in
 * service/modelDocuments.ts, so changing them changes the mapping, not what is stored.
 *
 * Bump it when the stored shape changes, and then: readers first, writers after. A new version
 * must be readable by every running instance before any instance writes it (a gradual
 * deployment runs both versions at once, and a rollback reads what the new one wrote), and the
 * reader keeps migrating every earlier version on read (`parseModelDocument`), with a fixture of
 * each in test/fixtures/documents/.
 */
export const MODEL_SCHEMA_VERSION = 1;

/** Covariance estimators (statsmodels' cov_type). */
export type StoredCovarianceType = 'nonrobust' | 'HC0' | 'HC1' | 'HC2' | 'HC3';

/** How the model was fitted, as the client asked. */
export interface FitSettings {
  readonly weights: string | null;
  readonly covType: StoredCovarianceType;
  readonly useT: boolean;
  readonly missing: 'drop' | 'raise';
}

/**
 * A stored model: versioned JSON holding everything the `model` query and `predict` need
 * (design recipe, coefficients, covariance, statistics) and nothing that executes. Its size
 * depends on the number of design columns, never on the number of training rows.
 */
export interface ModelDocument {
  readonly schemaVersion: typeof MODEL_SCHEMA_VERSION;
  readonly id: string;
  /** The tenant that owns the model; absent in single-tenant mode. */
  readonly tenant?: string;
  readonly name: string | null;
  readonly formula: string;
  readonly createdAt: string;
  readonly settings: FitSettings;
  /** Input rows dropped for missing values before fitting. */
  readonly rowsDropped: number;
  /** Notes on a formula that is valid but probably not what was meant. */
  readonly warnings: readonly string[];
  readonly design: DesignDocument;
  readonly fit: FitDocument;
  /**
   * Per-row diagnostics for the diagnostic plots, at most a few thousand rows whatever n.
   * Absent in documents written before them (added without a version change, as readers that
   * do not know the field ignore it): such models have none.
   */
  readonly diagnosticPoints?: DiagnosticPointsDocument;
}

/**
 * Diagnostics of the fit's rows (all of them, or a deterministic sample beyond a limit): columns
 * of equal length in row order. R's standardized residuals, Cook's distances and Q–Q positions
 * follow from these and the fit's scale and rank (stats/diagnosticPoints.ts).
 */
export interface DiagnosticPointsDocument {
  /** Rows of the fit, of which these are all or a sample. */
  readonly totalRows: number;
  /** Each point's input row, counted from 1. */
  readonly rows: readonly number[];
  readonly fitted: readonly number[];
  /** Raw residuals y − fitted. */
  readonly residuals: readonly number[];
  /** Hat values. */
  readonly leverage: readonly number[];
  /** WLS weights of the points; null for OLS. */
  readonly weights: readonly number[] | null;
  /** Rank of each point's standardized residual among all rows' finite ones; null where it is not finite. */
  readonly qqRanks: readonly (number | null)[];
  /** Rows whose standardized residual is finite. */
  readonly qqCount: number;
}

/** A categorical level: a string or boolean from the data, or a number for `C(x)`. */
export type StoredLevel = string | number | boolean;

/**
 * The recipe that encodes new rows exactly as the training rows were encoded: patsy's column
 * names and terms, the data columns prediction reads, and each factor's transform statistics,
 * levels and contrast.
 */
export interface DesignDocument {
  /** The recipe's own version, always 1 (the formula module's spec version, stored as written). */
  readonly version: 1;
  readonly formula: string;
  /** The response expression as patsy names it (`y`, `np.log(y)`). */
  readonly response: string;
  readonly intercept: boolean;
  /** Design column names in order. */
  readonly columns: readonly string[];
  readonly terms: readonly TermDocument[];
  readonly variables: readonly VariableDocument[];
  readonly factors: readonly FactorDocument[];
}

/** One model term: its factors, its design columns `[start, end)` and how they are laid out. */
export interface TermDocument {
  readonly name: string;
  readonly factors: readonly string[];
  readonly start: number;
  readonly end: number;
  readonly subterms: readonly SubtermDocument[];
}

/** A block of a term's columns: the product of its factors' columns, leftmost varying fastest. */
export interface SubtermDocument {
  /** `fullRank` is null for a numeric factor, else whether the categorical one is coded full rank. */
  readonly factors: readonly { readonly code: string; readonly fullRank: boolean | null }[];
  readonly columns: number;
}

/** A data column the right-hand side reads (what a client must send to predict). */
export interface VariableDocument {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  /** Levels seen in training, for a categorical variable. */
  readonly levels?: readonly StoredLevel[];
}

/** A factor of the right-hand side, by its code (`x`, `np.log(w + 1)`, `C(g, Sum)`). */
export type FactorDocument = NumericFactorDocument | CategoricalFactorDocument;

export interface NumericFactorDocument {
  readonly code: string;
  readonly kind: 'numeric';
  readonly transforms: readonly TransformDocument[];
}

export interface CategoricalFactorDocument {
  readonly code: string;
  readonly kind: 'categorical';
  readonly transforms: readonly TransformDocument[];
  readonly levels: readonly StoredLevel[];
  readonly levelType: 'string' | 'boolean' | 'number';
  /** Whether numeric levels print as integers in column names. */
  readonly integerLevels: boolean;
  /** Level indices refer to `levels`. */
  readonly contrast: ContrastDocument;
  /** The data column the levels come from directly, if any. */
  readonly column: string | null;
}

/** A stateful transform's training statistics, double-doubles as [hi, lo]. */
export type TransformDocument =
  | { readonly transform: 'center'; readonly count: number; readonly mean: readonly [number, number] }
  | {
      readonly transform: 'standardize';
      readonly count: number;
      readonly mean: readonly [number, number];
      /** Sum of squared deviations from the mean. */
      readonly m2: readonly [number, number];
    };

export type ContrastDocument =
  | { readonly type: 'Treatment'; readonly reference: number }
  | { readonly type: 'Sum'; readonly omit: number }
  | { readonly type: 'Helmert' }
  | { readonly type: 'Diff' }
  | { readonly type: 'Poly'; readonly scores: readonly number[] | null }
  /** A matrix given whole (`C(g, [[1, 0], [0, 1], [-1, -1]])`): a row per level, its columns' suffixes. */
  | { readonly type: 'Custom'; readonly matrix: readonly (readonly number[])[]; readonly suffixes: readonly string[] };

/**
 * The fitted model: every statistic statsmodels and R report, and what prediction needs. Any
 * number may be ±Infinity or NaN (an exact fit's log-likelihood, a constant response's R²).
 */
export interface FitDocument {
  readonly method: 'OLS' | 'WLS';
  readonly covType: StoredCovarianceType;
  readonly useT: boolean;
  readonly nobs: number;
  readonly rank: number;
  readonly dfModel: number;
  readonly dfResid: number;
  readonly hasConstant: boolean;
  /** Index of the explicit constant column, or null. */
  readonly constantColumn: number | null;
  /** R's "essentially perfect fit". Absent in documents written before the rule (commit 8ee424b): false. */
  readonly perfectFit?: boolean;
  readonly coefficients: readonly CoefficientDocument[];
  /** Covariance of the non-aliased estimates, row-major rank × rank. */
  readonly covariance: readonly number[];
  readonly covarianceFactor: CovarianceFactorDocument;
  readonly scale: number;
  readonly ssr: number;
  readonly ess: number;
  readonly centeredTss: number;
  readonly uncenteredTss: number;
  readonly rSquared: number;
  readonly adjRSquared: number;
  readonly fValue: number | null;
  readonly fPValue: number | null;
  readonly logLikelihood: number;
  readonly aic: number;
  readonly bic: number;
  readonly residualStdError: number;
  readonly conditionNumber: number | null;
  readonly smallestEigenvalue: number | null;
  readonly diagnostics: DiagnosticsDocument;
  readonly numerics: NumericsDocument;
}

/** One design column's estimate; nulls where the column is aliased. */
export interface CoefficientDocument {
  readonly name: string;
  readonly aliased: boolean;
  readonly estimate: number | null;
  readonly stdError: number | null;
}

/** Cov = S·R⁻¹·M·R⁻ᵀ·S over the retained columns (see stats/model.ts, CovarianceFactor). */
export interface CovarianceFactorDocument {
  /** rank powers of two. */
  readonly columnScale: readonly number[];
  /** R, row-major rank × rank. */
  readonly r: readonly number[];
  /** R's low parts after a refined fit, else null. */
  readonly rLo: readonly number[] | null;
  /** M (rank × rank) for robust covariances; null means M = scale·I. */
  readonly meat: readonly number[] | null;
}

export interface DiagnosticsDocument {
  readonly omnibus: number | null;
  readonly omnibusPValue: number | null;
  readonly durbinWatson: number | null;
  readonly jarqueBera: number | null;
  readonly jarqueBeraPValue: number | null;
  readonly skew: number | null;
  readonly kurtosis: number | null;
}

export interface NumericsDocument {
  readonly scaledConditionNumber: number;
  readonly refinementIterations: number;
  readonly covarianceRefined: boolean;
}

/**
 * The document as stored: compact JSON. Statistics may be infinite or NaN (an exact fit has an
 * infinite log-likelihood, a constant response an undefined R²), which JSON cannot spell, so
 * they are written as `{"$float": "Infinity"}` (or `"-Infinity"`, `"NaN"`) and read back as numbers.
 */
export function serializeModelDocument(document: ModelDocument): string {
  return JSON.stringify(document, encodeNonFinite);
}

/**
 * Reads a stored document back, checking its version and shape so that a damaged or foreign
 * object is reported as such instead of failing somewhere deep in prediction. A document of an
 * earlier version would be migrated here; version 1 is the first.
 */
export function parseModelDocument(id: string, text: string): ModelDocument {
  let value: unknown;
  try {
    // A reviver makes JSON.parse several times slower; only documents with a non-finite
    // statistic need it, and those spell the tag (or escape its '$').
    value = text.includes('$float') || text.includes('\\u0024') ? JSON.parse(text, decodeNonFinite) : JSON.parse(text);
  } catch (error) {
    throw new CorruptModelDocumentError(id, 'not valid JSON', { cause: error });
  }
  const problem = versionProblem(value, id) ?? documentShapeProblem(value as Record<string, unknown>);
  if (problem) throw new CorruptModelDocumentError(id, problem);
  return value as ModelDocument;
}

/** Whether `value` is an object of this version holding `id`. */
function versionProblem(value: unknown, id: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const { schemaVersion, id: held } = value as { schemaVersion?: unknown; id?: unknown };
  if (schemaVersion !== MODEL_SCHEMA_VERSION) {
    return `schemaVersion ${JSON.stringify(schemaVersion)} is not ${MODEL_SCHEMA_VERSION}`;
  }
  return held === id ? undefined : `it holds id ${JSON.stringify(held)}`;
}

const NON_FINITE: ReadonlyMap<string, number> = new Map([
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['NaN', Number.NaN],
]);

function encodeNonFinite(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? { $float: String(value) } : value;
}

function decodeNonFinite(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const tagged = (value as { $float?: unknown }).$float;
  if (typeof tagged !== 'string' || Object.keys(value).length !== 1) return value;
  return NON_FINITE.get(tagged) ?? value;
}
