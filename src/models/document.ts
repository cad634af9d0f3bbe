import type { DesignSpec } from '../formula/design.js';
import type { CovarianceType, LinearModel } from '../stats/model.js';
import { CorruptModelDocumentError } from './errors.js';

/** The version of the stored model document; bump it when the shape changes incompatibly. */
export const MODEL_SCHEMA_VERSION = 1;

/** How the model was fitted, as the client asked. */
export interface FitSettings {
  readonly weights: string | null;
  readonly covType: CovarianceType;
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
  readonly design: DesignSpec;
  readonly fit: LinearModel;
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
 * object is reported as such instead of failing somewhere deep in prediction.
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
  const problem = shapeProblem(value, id);
  if (problem) throw new CorruptModelDocumentError(id, problem);
  return value as ModelDocument;
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

function shapeProblem(value: unknown, id: string): string | undefined {
  if (!isObject(value)) return 'not a JSON object';
  if (value.schemaVersion !== MODEL_SCHEMA_VERSION) {
    return `schemaVersion ${JSON.stringify(value.schemaVersion)} is not ${MODEL_SCHEMA_VERSION}`;
  }
  if (value.id !== id) return `it holds id ${JSON.stringify(value.id)}`;
  if (typeof value.formula !== 'string' || typeof value.createdAt !== 'string') return 'formula or createdAt missing';
  if (!isObject(value.settings) || !isObject(value.design) || !isObject(value.fit)) {
    return 'settings, design or fit missing';
  }
  if (!Array.isArray(value.design.columns) || !Array.isArray(value.fit.coefficients)) {
    return 'design columns or coefficients missing';
  }
  if (value.design.columns.length !== value.fit.coefficients.length) {
    return 'design columns and coefficients disagree in number';
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
