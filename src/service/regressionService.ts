import { buildPredictionDesign, DEFAULT_FORMULA_LIMITS, type FormulaLimits } from '../formula/index.js';
import {
  assertModelId,
  newModelId,
  type ModelDocument,
  type ModelOrder,
  type ModelRepository,
  type Tenant,
} from '../models/index.js';
import { predictWithIntervals, type CovarianceType } from '../stats/index.js';
import type { DataTable } from '../data/index.js';
import { rowCountOf, toDataTable, type DataInput } from './dataInput.js';
import { checkBudget, DEFAULT_BUDGET, type FitBudget } from './fitBudget.js';
import { estimatePredictionCost } from './fitCost.js';
import { inThreadFitRunner, type FitRunner } from './fitRunner.js';
import { checkLimit, DEFAULT_LIMITS, type Limits } from './limits.js';
import { InvalidArgumentError, ModelNotFoundError } from './errors.js';
import { fromDocument, toDocument } from './modelDocuments.js';
import { ModelView } from './modelView.js';
import { toPublicError } from './publicErrors.js';
import { NO_METRICS, type ServiceMetrics, type ServiceOperation } from './serviceMetrics.js';

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

/** A page of models to list. */
export interface ListRequest {
  readonly first: number;
  readonly after?: string | undefined;
  readonly order?: ModelOrder | undefined;
  readonly name?: string | undefined;
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
  /** Standard error of the predicted mean; null when the model cannot give this row one (see `stdErrorReason`). */
  readonly stdErrorMean: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  /** Why `stdErrorMean` (and so the interval) is null; null when it is a number. */
  readonly stdErrorReason: StdErrorReason | null;
}

/**
 * Why a prediction has no standard error: its model's robust covariance is unbounded (HC2 and
 * HC3 divide by 1 − hᵢ, and a training row of leverage 1 — a level seen in one row only —
 * makes that 0), or the variance overflows (inputs far beyond the training data).
 */
export type StdErrorReason = 'UNBOUNDED_COVARIANCE' | 'OVERFLOW';

/** Predictions for every requested row, in order. */
export interface PredictionOutcome {
  readonly modelId: string;
  readonly interval: IntervalKind;
  readonly level: number;
  readonly rows: readonly PredictedRow[];
}

/** A page of models, oldest first. */
export interface ModelViewPage {
  readonly models: readonly ModelView[];
  readonly hasNextPage: boolean;
  /** The id to list after for the next page (the last model looked at, which a name filter may have passed over). */
  readonly endCursor?: string | undefined;
}

/** What the service needs from its surroundings. */
export interface RegressionServiceDependencies {
  readonly repository: ModelRepository;
  readonly limits?: Limits;
  /** The most work one fit or prediction may take (default: DEFAULT_BUDGET). */
  readonly budget?: FitBudget;
  /** Where fits are computed (default: this thread). */
  readonly runner?: FitRunner;
  readonly now?: () => Date;
  readonly newId?: () => string;
  /** Where fits, predictions and failures are counted (default: nowhere). */
  readonly metrics?: ServiceMetrics;
}

/**
 * Fit, predict, look up, list and delete models: the one place where the formula, stats and
 * models modules meet. Transports (GraphQL, REST) call this and nothing below it.
 */
export class RegressionService {
  private readonly repository: ModelRepository;
  private readonly limits: Limits;
  private readonly budget: FitBudget;
  private readonly runner: FitRunner;
  private readonly formulaLimits: FormulaLimits;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly metrics: ServiceMetrics;

  constructor(dependencies: RegressionServiceDependencies) {
    this.repository = dependencies.repository;
    this.limits = dependencies.limits ?? DEFAULT_LIMITS;
    this.budget = dependencies.budget ?? DEFAULT_BUDGET;
    this.runner = dependencies.runner ?? inThreadFitRunner;
    // The service's limits are the public ones: the formula module enforces them, not its own defaults.
    this.formulaLimits = {
      ...DEFAULT_FORMULA_LIMITS,
      maxColumns: this.limits.maxDesignColumns,
      maxLength: this.limits.maxFormulaLength,
    };
    this.now = dependencies.now ?? (() => new Date());
    this.newId = dependencies.newId ?? newModelId;
    this.metrics = dependencies.metrics ?? NO_METRICS;
  }

  /** Fits the model and stores it; resolves with the model only once it is durably stored. */
  async fit(request: FitRequest, caller: Caller): Promise<ModelView> {
    const started = performance.now();
    const model = await this.counted('fit', () => this.fitAndStore(request, caller));
    this.metrics.fitted(model.nobs, (performance.now() - started) / 1000);
    return model;
  }

  /** Predicts new rows from a stored model. */
  async predict(request: PredictRequest, caller: Caller): Promise<PredictionOutcome> {
    const outcome = await this.counted('predict', () => this.predictRows(request, caller));
    this.metrics.predicted(outcome.rows.length);
    return outcome;
  }

  private async fitAndStore(request: FitRequest, caller: Caller): Promise<ModelView> {
    const covType = request.covType ?? 'nonrobust';
    const useT = request.useT ?? covType === 'nonrobust';
    const missing = request.missing ?? 'drop';
    const weights = request.weights ?? null;
    checkLimit(this.limits, 'maxFormulaLength', request.formula.length, 'the formula length');
    const table = this.tableOf(request.data, 'maxRows', 'the number of data rows');
    const computed = await this.runner.run(
      {
        formula: request.formula,
        missing,
        weights,
        covType,
        useT,
        formulaLimits: this.formulaLimits,
        budget: this.budget,
      },
      table,
    );
    const document = toDocument({
      id: this.newId(),
      tenant: caller.tenant,
      name: request.name ?? null,
      formula: request.formula,
      createdAt: this.now().toISOString(),
      settings: { weights, covType, useT, missing },
      rowsDropped: computed.rowsDropped,
      warnings: computed.warnings,
      design: computed.design,
      fit: computed.fit,
      diagnosticPoints: computed.diagnosticPoints,
    });
    await this.repository.save(document);
    return new ModelView(fromDocument(document));
  }

  /** Releases what fits run on (worker threads); fits after this are refused. */
  close(): Promise<void> {
    return this.runner.close();
  }

  private async predictRows(request: PredictRequest, caller: Caller): Promise<PredictionOutcome> {
    const interval = request.interval ?? 'none';
    const level = request.level ?? 0.95;
    if (!(level > 0 && level < 1)) {
      throw new InvalidArgumentError('level', `level must be between 0 and 1 (exclusive); got ${level}`);
    }
    const table = this.tableOf(request.data, 'maxPredictionRows', 'the number of rows to predict');
    const model = fromDocument(await this.require(request.modelId, caller));
    const design = buildPredictionDesign(model.design, table, this.formulaLimits);
    const fit = model.fit;
    checkBudget(estimatePredictionCost(design.rowCount, fit.rank), this.budget, {
      what:
        `predicting ${design.rowCount.toLocaleString('en-US')} rows ` +
        `from a model of ${fit.rank.toLocaleString('en-US')} coefficients`,
      advice: 'predict fewer rows per request',
    });
    const unbounded = fit.covarianceFactor.meat?.some((value) => !Number.isFinite(value)) ?? false;
    const rows = predictWithIntervals(fit, design.rows, design.rowCount, { interval, level }).map(
      (row, index): PredictedRow => {
        // Inputs far beyond the training data can overflow the prediction itself: then there is no answer.
        if (!Number.isFinite(row.fit)) {
          throw new InvalidArgumentError(
            'data',
            `row ${index + 1}: the prediction is not a finite number (the inputs are too large)`,
          );
        }
        const bounded =
          Number.isFinite(row.stdErrorMean) &&
          (row.lower === null || Number.isFinite(row.lower)) &&
          (row.upper === null || Number.isFinite(row.upper));
        if (bounded) return { ...row, stdErrorReason: null };
        return {
          fit: row.fit,
          stdErrorMean: null,
          lower: null,
          upper: null,
          stdErrorReason: unbounded ? 'UNBOUNDED_COVARIANCE' : 'OVERFLOW',
        };
      },
    );
    return { modelId: model.id, interval, level, rows };
  }

  /** The model, or undefined when the caller has none with this id. */
  async get(id: string, caller: Caller): Promise<ModelView | undefined> {
    const document = await this.repository.get(caller.tenant, assertModelId(id));
    return document === undefined ? undefined : new ModelView(fromDocument(document));
  }

  /** A page of the caller's models, in creation order (oldest first unless asked), by name when asked. */
  async list(request: ListRequest, caller: Caller): Promise<ModelViewPage> {
    const { first, after, order, name } = request;
    if (!Number.isInteger(first) || first < 1 || first > 100) {
      throw new InvalidArgumentError('first', `first must be an integer from 1 to 100; got ${first}`);
    }
    const start = after === undefined ? undefined : assertModelId(after);
    const page = await this.repository.list(caller.tenant, { first, after: start, order, name });
    const models = page.models.map((document) => new ModelView(fromDocument(document)));
    return { models, hasNextPage: page.hasNextPage, endCursor: page.endCursor };
  }

  /** How many models the caller has (named exactly `name`, when given). */
  async count(caller: Caller, name?: string): Promise<number> {
    return this.repository.count(caller.tenant, name);
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

  /** Runs an operation, counting its failure by the reason its client is told. */
  private async counted<T>(operation: ServiceOperation, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.metrics.failed(operation, toPublicError(error).reason);
      throw error;
    }
  }

  private async require(id: string, caller: Caller): Promise<ModelDocument> {
    const document = await this.repository.get(caller.tenant, assertModelId(id));
    if (!document) throw new ModelNotFoundError(id);
    return document;
  }
}
