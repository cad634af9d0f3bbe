import { buildPredictionDesign, buildTrainingDesign, DEFAULT_FORMULA_LIMITS, type FormulaLimits } from '../formula/index.js';
import {
  assertModelId,
  MODEL_SCHEMA_VERSION,
  newModelId,
  type ModelDocument,
  type ModelPage,
  type ModelRepository,
  type Tenant,
} from '../models/index.js';
import { predictWithIntervals, type CovarianceType, type LinearModel } from '../stats/index.js';
import type { DataTable } from '../data/index.js';
import { rowCountOf, toDataTable, type DataInput } from './dataInput.js';
import { fitDesign } from './fitDesign.js';
import { checkLimit, DEFAULT_LIMITS, type Limits } from './limits.js';
import { InvalidArgumentError, ModelNotFoundError } from './errors.js';

/** Who is asking: the tenant whose models a request may see. */
export interface Caller {
  readonly tenant: Tenant;
}

/** A fit as clients ask for it; absent options take statsmodels' defaults. */
export interface FitRequest {
  readonly formula: string;
  readonly data: DataInput;
  readonly name?: string | null | undefined;
  readonly weights?: string | null | undefined;
  readonly covType?: CovarianceType | undefined;
  readonly useT?: boolean | null | undefined;
  readonly missing?: 'drop' | 'raise' | undefined;
}

/** Which interval a prediction reports. */
export type IntervalKind = 'none' | 'confidence' | 'prediction';

/** A prediction request. */
export interface PredictRequest {
  readonly modelId: string;
  readonly data: DataInput;
  readonly interval?: IntervalKind | undefined;
  readonly level?: number | undefined;
}

/** One predicted row. */
export interface PredictedRow {
  readonly fit: number;
  readonly stdErrorMean: number;
  readonly lower: number | null;
  readonly upper: number | null;
}

/** Predictions for every requested row, in order. */
export interface PredictionOutcome {
  readonly modelId: string;
  readonly interval: IntervalKind;
  readonly level: number;
  readonly rows: readonly PredictedRow[];
}

/** What the service needs from its surroundings. */
export interface RegressionServiceDependencies {
  readonly repository: ModelRepository;
  readonly limits?: Limits;
  readonly now?: () => Date;
  readonly newId?: () => string;
}

/**
 * Fit, predict, look up, list and delete models: the one place where the formula, stats and
 * models modules meet. Transports (GraphQL, REST) call this and nothing below it.
 */
export class RegressionService {
  private readonly repository: ModelRepository;
  private readonly limits: Limits;
  private readonly formulaLimits: FormulaLimits;
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(dependencies: RegressionServiceDependencies) {
    this.repository = dependencies.repository;
    this.limits = dependencies.limits ?? DEFAULT_LIMITS;
    this.formulaLimits = { ...DEFAULT_FORMULA_LIMITS, maxColumns: this.limits.maxDesignColumns };
    this.now = dependencies.now ?? (() => new Date());
    this.newId = dependencies.newId ?? newModelId;
  }

  /** Fits the model and stores it; resolves with the document only once it is durably stored. */
  async fit(request: FitRequest, caller: Caller): Promise<ModelDocument> {
    const covType = request.covType ?? 'nonrobust';
    const useT = request.useT ?? covType === 'nonrobust';
    const missing = request.missing ?? 'drop';
    const weights = request.weights ?? null;
    checkLimit(this.limits, 'maxFormulaLength', request.formula.length, 'the formula length');
    const table = this.tableOf(request.data, 'maxRows', 'the number of data rows');
    const design = buildTrainingDesign(request.formula, table, { missing, weights: weights ?? undefined }, this.formulaLimits);
    const fit = fitDesign(design, { covType, useT });
    checkFiniteSummary(fit);
    const document: ModelDocument = {
      schemaVersion: MODEL_SCHEMA_VERSION,
      id: this.newId(),
      ...(caller.tenant === undefined ? {} : { tenant: caller.tenant }),
      name: request.name ?? null,
      formula: request.formula,
      createdAt: this.now().toISOString(),
      settings: { weights, covType, useT, missing },
      rowsDropped: design.droppedRows,
      warnings: design.warnings.map((warning) => warning.message),
      design: design.spec,
      fit,
    };
    await this.repository.save(document);
    return document;
  }

  /** Predicts new rows from a stored model. */
  async predict(request: PredictRequest, caller: Caller): Promise<PredictionOutcome> {
    const interval = request.interval ?? 'none';
    const level = request.level ?? 0.95;
    if (!(level > 0 && level < 1)) {
      throw new InvalidArgumentError('level', `level must be between 0 and 1 (exclusive); got ${level}`);
    }
    const table = this.tableOf(request.data, 'maxPredictionRows', 'the number of rows to predict');
    const document = await this.require(request.modelId, caller);
    const design = buildPredictionDesign(document.design, table, this.formulaLimits);
    const rows = predictWithIntervals(document.fit, design.rows, design.rowCount, { interval, level });
    // Inputs far beyond the training data can overflow the prediction or, sooner, its variance.
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index]!;
      const what = !Number.isFinite(row.fit)
        ? 'the prediction'
        : !Number.isFinite(row.stdErrorMean) || (row.lower !== null && !Number.isFinite(row.lower)) || (row.upper !== null && !Number.isFinite(row.upper))
          ? 'the standard error of the prediction'
          : undefined;
      if (what) throw new InvalidArgumentError('data', `row ${index + 1}: ${what} is not a finite number (the inputs are too large)`);
    }
    return { modelId: document.id, interval, level, rows };
  }

  /** The model, or undefined when the caller has none with this id. */
  async get(id: string, caller: Caller): Promise<ModelDocument | undefined> {
    return this.repository.get(caller.tenant, assertModelId(id));
  }

  /** A page of the caller's models, oldest first. */
  async list(first: number, after: string | undefined, caller: Caller): Promise<ModelPage> {
    if (!Number.isInteger(first) || first < 1 || first > 100) {
      throw new InvalidArgumentError('first', `first must be an integer from 1 to 100; got ${first}`);
    }
    return this.repository.list(caller.tenant, { first, after: after === undefined ? undefined : assertModelId(after) });
  }

  /** Deletes the model; true if the caller had it. */
  async delete(id: string, caller: Caller): Promise<boolean> {
    return this.repository.delete(caller.tenant, assertModelId(id));
  }

  /** The table of an input, its rows checked against a limit before and after parsing. */
  private tableOf(input: DataInput, limit: 'maxRows' | 'maxPredictionRows', what: string): DataTable {
    const known = rowCountOf(input);
    if (known !== undefined) checkLimit(this.limits, limit, known, what);
    const table = toDataTable(input, this.limits.maxColumns);
    checkLimit(this.limits, limit, table.rowCount, what);
    return table;
  }

  private async require(id: string, caller: Caller): Promise<ModelDocument> {
    const document = await this.get(id, caller);
    if (!document) throw new ModelNotFoundError(id);
    return document;
  }
}

/** The sums of squares every model reports (the API promises them as numbers), as messages name them. */
const SUMMARY_STATISTICS = {
  ssr: 'residual sum of squares',
  ess: 'explained sum of squares',
  centeredTss: 'total sum of squares',
  uncenteredTss: 'uncentered total sum of squares',
  scale: 'residual variance',
} as const;

/**
 * Refuses a fit whose sums of squares overflow (a response near 1e300 squares to infinity): such
 * a model has no usable statistics, and storing it would break every later read of it.
 */
function checkFiniteSummary(fit: LinearModel): void {
  for (const [key, label] of Object.entries(SUMMARY_STATISTICS) as [keyof typeof SUMMARY_STATISTICS, string][]) {
    if (!Number.isFinite(fit[key])) {
      throw new InvalidArgumentError(
        'data',
        `the ${label} is ${fit[key]}, beyond double precision: the response (or the weights) are too large; rescale them`,
        'NUMERIC_OVERFLOW',
      );
    }
  }
}
