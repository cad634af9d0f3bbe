/**
 * A stored model as clients read it: every field and statistic of the GraphQL `Model` type and
 * of REST's `modelInfo`, computed from the stored numbers on first use (coefficient tests and
 * intervals, the summary text). Transports read models through this and nothing below it.
 */
import type { LevelValue } from '../formula/index.js';
import {
  coefficientInference,
  influenceMeasures,
  normalScore,
  summaryText,
  type CoefficientInference,
  type CovarianceType,
} from '../stats/index.js';
import { InvalidArgumentError } from './errors.js';
import type { StoredModel } from './modelDocuments.js';

/**
 * One coefficient as clients read it, with the term its column belongs to. Statistics that are
 * undefined or infinite (a perfect fit's t, an aliased column's estimate) are null.
 */
export interface CoefficientView {
  readonly name: string;
  readonly term: string;
  readonly aliased: boolean;
  readonly estimate: number | null;
  readonly stdError: number | null;
  /** t, or z when the model does not use t. */
  readonly statistic: number | null;
  readonly pValue: number | null;
  readonly confInt: { readonly lower: number; readonly upper: number } | null;
}

/** A data column that predict needs, with its levels when categorical. */
export interface PredictorView {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  readonly levels: readonly LevelValue[] | null;
}

/** A model term in design order with the design columns it spans. */
export interface TermView {
  readonly name: string;
  readonly factors: readonly string[];
  readonly columns: readonly string[];
}

/** Residual diagnostics as statsmodels prints them; null where undefined. */
export interface DiagnosticsView {
  readonly omnibus: number | null;
  readonly omnibusPValue: number | null;
  readonly durbinWatson: number | null;
  readonly jarqueBera: number | null;
  readonly jarqueBeraPValue: number | null;
  readonly skew: number | null;
  readonly kurtosis: number | null;
}

/**
 * One row's diagnostics, as R's `influence.measures` and `plot.lm` compute them; nulls where R
 * has NaN (a row of leverage 1, or a perfect fit).
 */
export interface DiagnosticPointView {
  /** The input row, counted from 1. */
  readonly row: number;
  readonly fitted: number;
  readonly residual: number;
  readonly standardizedResidual: number | null;
  readonly leverage: number;
  readonly cooksDistance: number | null;
  /** Where R's `qqnorm` of every row's standardized residual puts this one on the normal axis. */
  readonly normalQuantile: number | null;
}

/** The seed service's per-column statistics. */
export interface SeedCoefficientInfo {
  readonly estimate: number | null;
  readonly se: number | null;
  readonly t: number | null;
  readonly p: number | null;
}

/** A fitted model for reading: immutable, its derived answers computed once. */
export class ModelView {
  private coefficients95: readonly CoefficientView[] | undefined;
  private summaryCache: string | undefined;
  private pointsCache: readonly DiagnosticPointView[] | null | undefined;

  constructor(private readonly model: StoredModel) {}

  get id(): string {
    return this.model.id;
  }

  get name(): string | null {
    return this.model.name;
  }

  get formula(): string {
    return this.model.formula;
  }

  /** When the model was fitted, ISO 8601 in UTC. */
  get createdAt(): string {
    return this.model.createdAt;
  }

  /** OLS, or WLS when fitted with weights. */
  get method(): 'OLS' | 'WLS' {
    return this.model.fit.method;
  }

  /** The left-hand side as patsy names it. */
  get response(): string {
    return this.model.design.response;
  }

  get weights(): string | null {
    return this.model.settings.weights;
  }

  get covType(): CovarianceType {
    return this.model.settings.covType;
  }

  get useT(): boolean {
    return this.model.settings.useT;
  }

  get predictors(): readonly PredictorView[] {
    return this.model.design.variables.map((variable) => ({
      name: variable.name,
      kind: variable.kind,
      levels: variable.levels ? [...variable.levels] : null,
    }));
  }

  get terms(): readonly TermView[] {
    const { terms, columns } = this.model.design;
    return terms.map((term) => ({
      name: term.name,
      factors: [...term.factors],
      columns: columns.slice(term.start, term.end),
    }));
  }

  /** Design column names in order. */
  get columns(): readonly string[] {
    return [...this.model.design.columns];
  }

  get nobs(): number {
    return this.model.fit.nobs;
  }

  get rowsDropped(): number {
    return this.model.rowsDropped;
  }

  get warnings(): readonly string[] {
    return [...this.model.warnings];
  }

  /** R's "essentially perfect fit" (then t, p and F are null). */
  get perfectFit(): boolean {
    return this.model.fit.perfectFit;
  }

  get rank(): number {
    return this.model.fit.rank;
  }

  get dfModel(): number {
    return this.model.fit.dfModel;
  }

  get dfResid(): number {
    return this.model.fit.dfResid;
  }

  /** Names of the aliased design columns (their estimates are null). */
  get aliased(): readonly string[] {
    return this.model.fit.coefficients.filter((c) => c.aliased).map((c) => c.name);
  }

  /** R² (uncentered without a constant); null when undefined (a constant response). */
  get rSquared(): number | null {
    return finiteOrNull(this.model.fit.rSquared);
  }

  get adjRSquared(): number | null {
    return finiteOrNull(this.model.fit.adjRSquared);
  }

  /** The F statistic of the test that all non-constant coefficients are zero; null when undefined. */
  get fStatistic(): number | null {
    return finiteOrNull(this.model.fit.fValue);
  }

  get fPValue(): number | null {
    return finiteOrNull(this.model.fit.fPValue);
  }

  /** null for an exact fit, where it is infinite; so are AIC and BIC then. */
  get logLikelihood(): number | null {
    return finiteOrNull(this.model.fit.logLikelihood);
  }

  get aic(): number | null {
    return finiteOrNull(this.model.fit.aic);
  }

  get bic(): number | null {
    return finiteOrNull(this.model.fit.bic);
  }

  get residualStdError(): number {
    return this.model.fit.residualStdError;
  }

  /** σ²: SSR / dfResid. */
  get scale(): number {
    return this.model.fit.scale;
  }

  get ssr(): number {
    return this.model.fit.ssr;
  }

  get ess(): number {
    return this.model.fit.ess;
  }

  get centeredTss(): number {
    return this.model.fit.centeredTss;
  }

  get uncenteredTss(): number {
    return this.model.fit.uncenteredTss;
  }

  get conditionNumber(): number | null {
    return finiteOrNull(this.model.fit.conditionNumber);
  }

  get diagnostics(): DiagnosticsView {
    const d = this.model.fit.diagnostics;
    return {
      omnibus: finiteOrNull(d.omnibus),
      omnibusPValue: finiteOrNull(d.omnibusPValue),
      durbinWatson: finiteOrNull(d.durbinWatson),
      jarqueBera: finiteOrNull(d.jarqueBera),
      jarqueBeraPValue: finiteOrNull(d.jarqueBeraPValue),
      skew: finiteOrNull(d.skew),
      kurtosis: finiteOrNull(d.kurtosis),
    };
  }

  /**
   * The rows' diagnostics for the plots: every row up to a limit, beyond it a deterministic sample
   * (stats/diagnosticPoints.ts); null for a model stored before they were kept.
   */
  get diagnosticPoints(): readonly DiagnosticPointView[] | null {
    if (this.pointsCache !== undefined) return this.pointsCache;
    const points = this.model.diagnosticPoints;
    const { scale, rank } = this.model.fit;
    this.pointsCache =
      points === null
        ? null
        : points.rows.map((row, i) => {
            const residual = points.residuals[i] as number;
            const leverage = points.leverage[i] as number;
            const weight = points.weights === null ? 1 : (points.weights[i] as number);
            const rankOfPoint = points.qqRanks[i] ?? null;
            return {
              row,
              fitted: points.fitted[i] as number,
              residual,
              leverage,
              ...influenceMeasures(residual, weight, leverage, scale, rank),
              normalQuantile: rankOfPoint === null ? null : normalScore(rankOfPoint, points.qqCount),
            };
          });
    return this.pointsCache;
  }

  /** A text report in the layout of statsmodels' summary(). */
  get summary(): string {
    this.summaryCache ??= summaryText(this.model.fit, {
      dependentVariable: this.model.design.response,
      timestamp: new Date(this.model.createdAt),
      droppedRows: this.model.rowsDropped,
    });
    return this.summaryCache;
  }

  /** Every coefficient with its test and its interval at `level` (between 0 and 1). */
  coefficients(level = 0.95): readonly CoefficientView[] {
    if (!(level > 0 && level < 1)) {
      throw new InvalidArgumentError('level', `level must be between 0 and 1 (exclusive); got ${level}`);
    }
    if (level === 0.95) {
      this.coefficients95 ??= this.coefficientsAt(level);
      return this.coefficients95;
    }
    return this.coefficientsAt(level);
  }

  private coefficientsAt(level: number): readonly CoefficientView[] {
    const terms = this.model.design.terms;
    return coefficientInference(this.model.fit, level).map((coefficient, column) =>
      coefficientView(
        coefficient,
        terms.find((term) => column >= term.start && column < term.end)?.name ?? coefficient.name,
      ),
    );
  }
}

/** The seed's `modelInfo` map: design column → {estimate, se, t, p}. */
export function modelInfo(model: ModelView): Record<string, SeedCoefficientInfo> {
  // fromEntries defines own properties, so a column named "__proto__" stays a plain key.
  return Object.fromEntries(
    model.coefficients().map((c) => [c.name, { estimate: c.estimate, se: c.stdError, t: c.statistic, p: c.pValue }]),
  );
}

function coefficientView(coefficient: CoefficientInference, term: string): CoefficientView {
  const [lower, upper] = coefficient.confInt ?? [Number.NaN, Number.NaN];
  return {
    name: coefficient.name,
    term,
    aliased: coefficient.aliased,
    estimate: finiteOrNull(coefficient.estimate),
    stdError: finiteOrNull(coefficient.stdError),
    statistic: finiteOrNull(coefficient.statistic),
    pValue: finiteOrNull(coefficient.pValue),
    confInt: Number.isFinite(lower) && Number.isFinite(upper) ? { lower, upper } : null,
  };
}

/** JSON and GraphQL's Float have no infinities or NaN: an undefined or infinite statistic is null. */
function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}
