/**
 * Errors the stats module raises for mathematical or data problems. Shape and type
 * mistakes by the caller are `RangeError` / `TypeError` instead: they are programming
 * errors, not something a client can fix by sending other data.
 */

/** Machine-readable reasons; the service maps them to its public error codes. */
export type StatsErrorReason = 'NOT_ENOUGH_ROWS' | 'NON_FINITE' | 'BAD_WEIGHTS' | 'EMPTY_DESIGN';

/** Base class of every stats error. */
export class StatsError extends Error {
  override readonly name: string = 'StatsError';
  readonly reason: StatsErrorReason;

  constructor(reason: StatsErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/**
 * The design leaves no residual degrees of freedom (rows ≤ rank). statsmodels fits such a
 * model with df_resid = 0 and NaN for every standard error and test; we refuse instead.
 */
export class NotEnoughRowsError extends StatsError {
  override readonly name = 'NotEnoughRowsError';
  readonly rows: number;
  readonly rank: number;

  constructor(rows: number, rank: number) {
    super(
      'NOT_ENOUGH_ROWS',
      `the model has ${rank} estimable coefficient${rank === 1 ? '' : 's'} ` +
        `but only ${rows} row${rows === 1 ? '' : 's'}; ` +
        `at least ${rank + 1} rows are needed to estimate the residual variance`,
    );
    this.rows = rows;
    this.rank = rank;
  }
}

/** A value of the response, the design or the weights is NaN or infinite. */
export class NonFiniteInputError extends StatsError {
  override readonly name = 'NonFiniteInputError';
  /** `y`, `weights`, or the design column's name. */
  readonly variable: string;
  /** Zero-based row of the first offending value (its message counts from 1, as data/ and formula/ do). */
  readonly row: number;

  constructor(variable: string, row: number, value: number) {
    super('NON_FINITE', `${variable} is ${value} in row ${row + 1}; every value must be a finite number`);
    this.variable = variable;
    this.row = row;
  }
}

/** A WLS weight is zero or negative (weights are inverse variances and must be positive). */
export class InvalidWeightError extends StatsError {
  override readonly name = 'InvalidWeightError';
  /** Zero-based row of the weight (its message counts from 1). */
  readonly row: number;

  constructor(row: number, value: number) {
    super(
      'BAD_WEIGHTS',
      `weight ${value} in row ${row + 1} is not positive; WLS weights are inverse variances and must be > 0`,
    );
    this.row = row;
  }
}

/** No column of the design can be estimated (no columns, or all of them zero). */
export class EmptyDesignError extends StatsError {
  override readonly name = 'EmptyDesignError';

  constructor(detail: string) {
    super('EMPTY_DESIGN', `nothing to estimate: ${detail}`);
  }
}
