/**
 * The most work one fit (or prediction) may take: seconds of computation and bytes held at
 * once, as estimated by fitCost.ts before the work starts. A request within every size limit
 * can still ask for hours of work (530,000 rows of a 499-level factor is ~10¹¹ operations), so
 * the estimate, not the size, decides. The defaults follow the deployment (config.ts): a share
 * of the function's timeout and memory.
 */
import type { DesignSpec } from '../formula/index.js';
import { InvalidArgumentError } from './errors.js';
import type { FitCost } from './fitCost.js';

/** The work a request may take. */
export interface FitBudget {
  /** Seconds of estimated computation (FIT_TIME_BUDGET_MS). */
  readonly seconds: number;
  /** Bytes of estimated working memory (FIT_MEMORY_BUDGET_MB). */
  readonly bytes: number;
}

/**
 * Shares of the deployment's time limit and memory a request's computation may take. Time: the
 * rest is for reading the body, storing the model and answering, and covers an estimate that
 * is low by up to 2× (docs/reliability.md) or a slower CPU. Memory: the rest is the runtime,
 * the request body and its parsed table.
 */
export const TIME_SHARE = 0.4;
export const MEMORY_SHARE = 0.5;

/** The budget of a deployment with this time limit and memory. */
export function budgetFor(timeoutSeconds: number, memoryMegabytes: number): FitBudget {
  return { seconds: TIME_SHARE * timeoutSeconds, bytes: MEMORY_SHARE * memoryMegabytes * 1024 * 1024 };
}

/** The template's function: 29 s (API Gateway's HTTP API answers within 30 s) and 1,769 MB. */
export const DEFAULT_BUDGET: FitBudget = Object.freeze(budgetFor(29, 1769));

/** A fit or prediction whose estimated work is beyond the budget. */
export class FitTooLargeError extends InvalidArgumentError {
  override name = 'FitTooLargeError';
  constructor(message: string) {
    super('data', message, 'FIT_TOO_LARGE');
  }
}

/** What the work is, for the message: "this fit (500,000 rows × 200 design columns)". */
export interface WorkDescription {
  readonly what: string;
  /** What the user can do instead. */
  readonly advice: string;
}

/** Throws FitTooLargeError when `cost` is beyond `budget`, naming the estimate and what to do instead. */
export function checkBudget(cost: FitCost, budget: FitBudget, work: WorkDescription): void {
  if (cost.seconds > budget.seconds) {
    throw new FitTooLargeError(
      `${work.what} would take about ${seconds(cost.seconds)} of computation, beyond this service's ` +
        `budget of ${seconds(budget.seconds)} per request (FIT_TIME_BUDGET_MS); ${work.advice}`,
    );
  }
  if (cost.bytes > budget.bytes) {
    throw new FitTooLargeError(
      `${work.what} would hold about ${megabytes(cost.bytes)} of memory at once, beyond this service's ` +
        `budget of ${megabytes(budget.bytes)} per request (FIT_MEMORY_BUDGET_MB); ${work.advice}`,
    );
  }
}

/** The budget left after `spent`. */
export function remaining(budget: FitBudget, spent: FitCost): FitBudget {
  return { seconds: budget.seconds - spent.seconds, bytes: budget.bytes };
}

/** The description of a fit of this design, naming its widest term (a factor with many levels makes many columns). */
export function describeFit(rows: number, spec: DesignSpec): WorkDescription {
  const widest = [...spec.terms].sort((a, b) => b.end - b.start - (a.end - a.start))[0];
  const wide =
    widest !== undefined && widest.end - widest.start > 1
      ? `; the widest term, ${widest.name}, has ${count(widest.end - widest.start)}`
      : '';
  return {
    what: `this fit (${count(rows)} rows × ${count(spec.columns.length)} design columns${wide})`,
    advice:
      'fit fewer rows or fewer design columns (merge rare levels of a factor, or drop an interaction), ' +
      'or run the service where FIT_TIME_BUDGET_MS and FIT_MEMORY_BUDGET_MB allow more',
  };
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

function seconds(value: number): string {
  return `${Number(value.toPrecision(value >= 10 ? 3 : 2)).toLocaleString('en-US')} s`;
}

function megabytes(bytes: number): string {
  return `${Math.ceil(bytes / 1e6).toLocaleString('en-US')} MB`;
}
