import type { Level } from '../data/index.js';
import { rowLabel } from '../data/errors.js';

/** Why a formula, or data read through it, was refused: stable strings clients may branch on. */
export type FormulaErrorReason =
  | 'FORMULA_SYNTAX'
  | 'FORMULA_TOO_LONG'
  | 'FORMULA_TOO_DEEP'
  | 'TOO_MANY_TERMS'
  | 'DESIGN_TOO_LARGE'
  | 'MISSING_RESPONSE'
  | 'INVALID_RESPONSE'
  | 'INVALID_TERM'
  | 'UNKNOWN_VARIABLE'
  | 'UNKNOWN_FUNCTION'
  | 'INVALID_ARGUMENT'
  | 'TYPE_MISMATCH'
  | 'NON_FINITE_VALUE'
  | 'MISSING_VALUE'
  | 'NO_ROWS'
  | 'INVALID_WEIGHTS'
  | 'UNSEEN_LEVEL'
  | 'UNDECLARED_LEVEL'
  | 'INVALID_SPEC';

/** Where in the formula an error is, as UTF-16 offsets `[position, end)` into the formula string. */
export interface FormulaSpan {
  readonly formula: string;
  readonly position: number;
  readonly end: number;
}

/** Options shared by every formula error. */
export interface FormulaErrorOptions {
  readonly span?: FormulaSpan | undefined;
  readonly cause?: unknown;
}

/**
 * Base error of the formula module. When the error has a place in the formula, `position` and
 * `end` are its offsets and the message ends with patsy's two-line excerpt: the formula, then
 * carets under the offending span.
 */
export class FormulaError extends Error {
  override name = 'FormulaError';
  /** The message without the excerpt. */
  readonly description: string;
  readonly formula: string | undefined;
  readonly position: number | undefined;
  readonly end: number | undefined;

  constructor(
    readonly reason: FormulaErrorReason,
    description: string,
    options: FormulaErrorOptions = {},
  ) {
    const { span } = options;
    super(span ? `${description}\n${caretExcerpt(span)}` : description, { cause: options.cause });
    this.description = description;
    this.formula = span?.formula;
    this.position = span?.position;
    this.end = span?.end;
  }
}

/** The formula cannot be parsed. */
export class FormulaSyntaxError extends FormulaError {
  override name = 'FormulaSyntaxError';
  constructor(description: string, span: FormulaSpan) {
    super('FORMULA_SYNTAX', description, { span });
  }
}

/**
 * The one factory of syntax errors: `description` at `[position, end)` of `formula`
 * (a one-character span when `end` is omitted).
 */
export function syntaxError(formula: string, position: number, description: string, end?: number): FormulaSyntaxError {
  return new FormulaSyntaxError(description, {
    formula,
    position,
    end: end ?? Math.min(position + 1, Math.max(formula.length, position + 1)),
  });
}

/** A variable the formula names is not a column of the data. */
export class UnknownVariableError extends FormulaError {
  override name = 'UnknownVariableError';
  constructor(
    readonly column: string,
    readonly suggestions: readonly string[],
    description: string,
    span: FormulaSpan | undefined,
  ) {
    super('UNKNOWN_VARIABLE', description, { span });
  }
}

/** A function the formula calls is not one we support. */
export class UnknownFunctionError extends FormulaError {
  override name = 'UnknownFunctionError';
  constructor(
    readonly functionName: string,
    description: string,
    span: FormulaSpan,
  ) {
    super('UNKNOWN_FUNCTION', description, { span });
  }
}

/** A value of the data, or of a transform, is not usable where the formula uses it; names column and row. */
export class FormulaDataError extends FormulaError {
  override name = 'FormulaDataError';
  constructor(
    reason: 'TYPE_MISMATCH' | 'NON_FINITE_VALUE' | 'MISSING_VALUE' | 'NO_ROWS' | 'INVALID_WEIGHTS' | 'UNDECLARED_LEVEL',
    description: string,
    /** The data column (or factor) concerned. */
    readonly column: string | undefined,
    /** Zero-based index of the input row; messages count rows from 1. */
    readonly row: number | undefined,
    span?: FormulaSpan,
  ) {
    super(reason, description, { span });
  }
}

/** A row to predict holds a categorical level the model never saw in training. */
export class UnseenLevelError extends FormulaError {
  override name = 'UnseenLevelError';
  constructor(
    readonly column: string,
    readonly level: Level | number,
    /** Zero-based index of the input row; the message counts rows from 1. */
    readonly row: number,
    readonly knownLevels: readonly (Level | number)[],
    span?: FormulaSpan,
  ) {
    super(
      'UNSEEN_LEVEL',
      `${rowLabel(row)}, column ${JSON.stringify(column)}: level ${JSON.stringify(level)} was not seen in training; ` +
        `the model knows ${formatLevelList(knownLevels)}`,
      { span },
    );
  }
}

/** A stored design spec is malformed (not written by this module, or corrupted). */
export class InvalidSpecError extends FormulaError {
  override name = 'InvalidSpecError';
  constructor(description: string) {
    super('INVALID_SPEC', `invalid design spec: ${description}`);
  }
}

function formatLevelList(levels: readonly (Level | number)[]): string {
  const shown = levels
    .slice(0, 20)
    .map((level) => JSON.stringify(level))
    .join(', ');
  return levels.length > 20 ? `${shown}, … (${levels.length} levels)` : shown;
}

/** Widest excerpt printed whole; longer formulas show a window around the span. */
const EXCERPT_WIDTH = 120;

/**
 * patsy's excerpt: the formula indented by four spaces and a line of carets under the span.
 * Newlines and tabs print as spaces so the carets line up; columns count code points, so a
 * character outside the BMP takes one column as it does on screen. A long formula is cut to
 * a window around the span, marked with "…".
 */
export function caretExcerpt(span: FormulaSpan): string {
  const points = [...span.formula.replace(/[\n\r\t]/g, ' ')];
  const start = Math.max(0, Math.min(span.position, span.formula.length));
  const end = Math.max(start, Math.min(span.end, span.formula.length));
  let column = [...span.formula.slice(0, start)].length;
  const width = Math.max(1, [...span.formula.slice(start, end)].length);
  let from = 0;
  let to = points.length;
  if (points.length > EXCERPT_WIDTH) {
    from = Math.max(0, Math.min(column - EXCERPT_WIDTH / 2, points.length - EXCERPT_WIDTH));
    to = Math.min(points.length, from + EXCERPT_WIDTH);
  }
  const prefix = from > 0 ? '…' : '';
  const suffix = to < points.length ? '…' : '';
  column = column - from + prefix.length;
  const carets = '^'.repeat(Math.max(1, Math.min(width, to - from + prefix.length - column + 1)));
  return `    ${prefix}${points.slice(from, to).join('')}${suffix}\n    ${' '.repeat(column)}${carets}`;
}
