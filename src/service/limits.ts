import { InvalidArgumentError } from './errors.js';

/** Bounds on what one request may ask for, checked before any heavy work. */
export interface Limits {
  /** Training rows of one fit. */
  readonly maxRows: number;
  /** Distinct data columns of one request. */
  readonly maxColumns: number;
  /** Characters of a formula. */
  readonly maxFormulaLength: number;
  /** Columns of a design matrix (a factor with many levels makes many). */
  readonly maxDesignColumns: number;
  /** Rows of one prediction request. */
  readonly maxPredictionRows: number;
}

/** Defaults sized for a Lambda function behind API Gateway (request bodies of at most 6 MB). */
export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxRows: 1_000_000,
  maxColumns: 1_000,
  maxFormulaLength: 10_000,
  // The fit is O(n·p²) plus O(p³) dense work: p = 501 takes ~0.5–1.2 s on one core, p = 1001 ~13–17 s
  // (docs/performance.md), too close to API Gateway's 30 s for a default.
  maxDesignColumns: 500,
  maxPredictionRows: 100_000,
});

/** The configuration variable that sets each limit, named in messages so operators can act. */
export const LIMIT_VARIABLES: Readonly<Record<keyof Limits, string>> = {
  maxRows: 'MAX_ROWS',
  maxColumns: 'MAX_COLUMNS',
  maxFormulaLength: 'MAX_FORMULA_LENGTH',
  maxDesignColumns: 'MAX_DESIGN_COLUMNS',
  maxPredictionRows: 'MAX_PREDICTION_ROWS',
};

/** A request beyond one of the limits. */
export class LimitExceededError extends InvalidArgumentError {
  override name = 'LimitExceededError';
  constructor(
    readonly limit: string,
    message: string,
  ) {
    super(limit, message, 'LIMIT_EXCEEDED');
  }
}

/** Throws LimitExceededError when `actual` exceeds the limit `name`. */
export function checkLimit(limits: Limits, name: keyof Limits, actual: number, what: string): void {
  const maximum = limits[name];
  if (actual > maximum) {
    throw new LimitExceededError(
      LIMIT_VARIABLES[name],
      `${what} is ${actual.toLocaleString('en-US')}, ` +
        `beyond the limit of ${maximum.toLocaleString('en-US')} (${LIMIT_VARIABLES[name]})`,
    );
  }
}
