import type { Level } from '../data/index.js';
import type { DesignRows } from '../numeric/designRows.js';

/**
 * The contract between the formula module and the rest of the service.
 *
 * `buildTrainingDesign(formula, table, options)` parses the formula (never evaluating it as
 * code), reads the columns it names from the table, drops rows with missing values (or
 * refuses them), and returns the design matrix with a `DesignSpec`: the serialisable recipe
 * that `buildPredictionDesign(spec, table)` later uses to encode new rows exactly as the
 * training rows were encoded (levels, contrasts, stateful-transform statistics).
 */

/** How rows with a missing value in a variable the formula uses are treated. */
export type MissingPolicy = 'drop' | 'raise';

/** Options for building a training design. */
export interface TrainingOptions {
  readonly missing: MissingPolicy;
  /** Column holding WLS weights: numeric, finite and positive in every row used. */
  readonly weights?: string | undefined;
}

/** A data column the right-hand side reads: what a client must send to predict. */
export interface VariableSpec {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  /** Levels seen in training, in patsy's order; present for categorical variables. */
  readonly levels?: readonly (Level | number)[];
}

/** One model term and the design columns it occupies, `[start, end)`. */
export interface TermSpec {
  /** patsy's term name: `Intercept`, `x`, `g:x`, `C(g, Sum)`. */
  readonly name: string;
  /** Names of the factors the term multiplies. */
  readonly factors: readonly string[];
  readonly start: number;
  readonly end: number;
}

/**
 * Everything needed to rebuild design rows for new data. JSON-serialisable; stored in the
 * model document. `factors` is the formula module's own business (opaque to callers).
 */
export interface DesignSpec {
  readonly version: 1;
  readonly formula: string;
  /** The response expression as patsy names it (`y`, `np.log(y)`). */
  readonly response: string;
  readonly intercept: boolean;
  /** Design column names in order, as patsy names them. */
  readonly columns: readonly string[];
  readonly terms: readonly TermSpec[];
  readonly variables: readonly VariableSpec[];
  readonly factors: readonly unknown[];
}

/** A training design matrix: `n` rows used, `p` columns. */
export interface TrainingDesign {
  readonly spec: DesignSpec;
  readonly rowCount: number;
  readonly columnCount: number;
  /**
   * The design's rows, generated in blocks on demand (never held whole), with the low-order
   * parts of columns computed by arithmetic (`I(x**3)`, `x:z`), so that x + xLo is the exact
   * design to about 106 bits.
   */
  readonly rows: DesignRows;
  readonly y: Float64Array;
  readonly yLo: Float64Array | null;
  /** WLS weights of the rows used, or null for OLS. */
  readonly weights: Float64Array | null;
  /** Rows of the input dropped because a variable the formula uses was missing there. */
  readonly droppedRows: number;
  /** The input row (from 0) of each design row when rows were dropped; null when they are the input's rows. */
  readonly sourceRows: Int32Array | null;
}

/** New rows encoded with a stored design. */
export interface PredictionDesign {
  readonly rowCount: number;
  readonly columnCount: number;
  /** The new rows' design, generated in blocks on demand. */
  readonly rows: DesignRows;
}
