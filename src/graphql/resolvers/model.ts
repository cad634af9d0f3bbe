import { summaryText } from '../../stats/index.js';
import { aliasedColumns, coefficientViews, modelInfo } from '../../service/index.js';
import type { CoefficientResolvers, ModelResolvers, PredictionResultResolvers } from '../__generated__/resolvers-types.js';
import { fromCovarianceType, fromIntervalKind } from '../enums.js';

/** A stored model document seen through the GraphQL `Model` type. */
export const Model: ModelResolvers = {
  id: (document) => document.id,
  name: (document) => document.name,
  formula: (document) => document.formula,
  createdAt: (document) => document.createdAt,
  method: (document) => document.fit.method,
  response: (document) => document.design.response,
  weights: (document) => document.settings.weights,
  covType: (document) => fromCovarianceType(document.settings.covType),
  useT: (document) => document.settings.useT,
  predictors: (document) =>
    document.design.variables.map((variable) => ({
      name: variable.name,
      kind: variable.kind === 'numeric' ? 'NUMERIC' : 'CATEGORICAL',
      levels: variable.levels ? [...variable.levels] : null,
    })),
  terms: (document) =>
    document.design.terms.map((term) => ({
      name: term.name,
      factors: [...term.factors],
      columns: document.design.columns.slice(term.start, term.end),
    })),
  columns: (document) => [...document.design.columns],
  nobs: (document) => document.fit.nobs,
  rowsDropped: (document) => document.rowsDropped,
  warnings: (document) => [...document.warnings],
  // Documents written before the rule existed have no flag.
  perfectFit: (document) => document.fit.perfectFit === true,
  rank: (document) => document.fit.rank,
  dfModel: (document) => document.fit.dfModel,
  dfResid: (document) => document.fit.dfResid,
  coefficients: (document) => coefficientViews(document).map((view, column) => ({ document, column, view })),
  aliased: (document) => aliasedColumns(document),
  modelInfo: (document) => modelInfo(document),
  rSquared: (document) => finiteOrNull(document.fit.rSquared),
  adjRSquared: (document) => finiteOrNull(document.fit.adjRSquared),
  fStatistic: (document) => finiteOrNull(document.fit.fValue),
  fPValue: (document) => finiteOrNull(document.fit.fPValue),
  logLikelihood: (document) => finiteOrNull(document.fit.logLikelihood),
  aic: (document) => finiteOrNull(document.fit.aic),
  bic: (document) => finiteOrNull(document.fit.bic),
  residualStdError: (document) => document.fit.residualStdError,
  scale: (document) => document.fit.scale,
  ssr: (document) => document.fit.ssr,
  ess: (document) => document.fit.ess,
  centeredTss: (document) => document.fit.centeredTss,
  uncenteredTss: (document) => document.fit.uncenteredTss,
  conditionNumber: (document) => finiteOrNull(document.fit.conditionNumber),
  diagnostics: ({ fit: { diagnostics } }) => ({
    omnibus: finiteOrNull(diagnostics.omnibus),
    omnibusPValue: finiteOrNull(diagnostics.omnibusPValue),
    durbinWatson: finiteOrNull(diagnostics.durbinWatson),
    jarqueBera: finiteOrNull(diagnostics.jarqueBera),
    jarqueBeraPValue: finiteOrNull(diagnostics.jarqueBeraPValue),
    skew: finiteOrNull(diagnostics.skew),
    kurtosis: finiteOrNull(diagnostics.kurtosis),
  }),
  summary: (document) =>
    summaryText(document.fit, {
      dependentVariable: document.design.response,
      timestamp: new Date(document.createdAt),
      droppedRows: document.rowsDropped,
    }),
};

/** GraphQL's Float has no infinities or NaN: statistics that are undefined or infinite are null. */
function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

/** One coefficient: its 95% view, and intervals at any level from its model. */
export const Coefficient: CoefficientResolvers = {
  name: ({ view }) => view.name,
  term: ({ view }) => view.term,
  aliased: ({ view }) => view.aliased,
  estimate: ({ view }) => finiteOrNull(view.estimate),
  stdError: ({ view }) => finiteOrNull(view.stdError),
  tValue: ({ view }) => finiteOrNull(view.statistic),
  pValue: ({ view }) => finiteOrNull(view.pValue),
  confInt: ({ document, column, view }, { level }) => {
    const chosen = level == null || level === 0.95 ? view : coefficientViews(document, level)[column]!;
    const [lower, upper] = chosen.confInt ?? [Number.NaN, Number.NaN];
    return Number.isFinite(lower) && Number.isFinite(upper) ? { lower, upper } : null;
  },
};

/** Predictions, with the seed-shaped list of means beside the per-row detail. */
export const PredictionResult: PredictionResultResolvers = {
  modelId: (outcome) => outcome.modelId,
  predictions: (outcome) => outcome.rows.map((row) => row.fit),
  rows: (outcome) => [...outcome.rows],
  interval: (outcome) => fromIntervalKind(outcome.interval),
  level: (outcome) => outcome.level,
};
