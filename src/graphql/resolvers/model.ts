import { modelInfo } from '../../service/index.js';
import type {
  CoefficientResolvers,
  ModelResolvers,
  PredictionResultResolvers,
} from '../__generated__/resolvers-types.js';
import { fromCovarianceType, fromIntervalKind } from '../enums.js';

/** A model (the service's view of a stored model) seen through the GraphQL `Model` type. */
export const Model: ModelResolvers = {
  id: (model) => model.id,
  name: (model) => model.name,
  formula: (model) => model.formula,
  createdAt: (model) => model.createdAt,
  method: (model) => model.method,
  response: (model) => model.response,
  weights: (model) => model.weights,
  covType: (model) => fromCovarianceType(model.covType),
  useT: (model) => model.useT,
  predictors: (model) =>
    model.predictors.map((predictor) => ({
      name: predictor.name,
      kind: predictor.kind === 'numeric' ? 'NUMERIC' : 'CATEGORICAL',
      levels: predictor.levels === null ? null : [...predictor.levels],
    })),
  terms: (model) =>
    model.terms.map((term) => ({ name: term.name, factors: [...term.factors], columns: [...term.columns] })),
  columns: (model) => [...model.columns],
  nobs: (model) => model.nobs,
  rowsDropped: (model) => model.rowsDropped,
  warnings: (model) => [...model.warnings],
  perfectFit: (model) => model.perfectFit,
  rank: (model) => model.rank,
  dfModel: (model) => model.dfModel,
  dfResid: (model) => model.dfResid,
  coefficients: (model) => model.coefficients().map((coefficient, column) => ({ model, column, coefficient })),
  aliased: (model) => [...model.aliased],
  modelInfo: (model) => modelInfo(model),
  rSquared: (model) => model.rSquared,
  adjRSquared: (model) => model.adjRSquared,
  fStatistic: (model) => model.fStatistic,
  fPValue: (model) => model.fPValue,
  logLikelihood: (model) => model.logLikelihood,
  aic: (model) => model.aic,
  bic: (model) => model.bic,
  residualStdError: (model) => model.residualStdError,
  scale: (model) => model.scale,
  ssr: (model) => model.ssr,
  ess: (model) => model.ess,
  centeredTss: (model) => model.centeredTss,
  uncenteredTss: (model) => model.uncenteredTss,
  conditionNumber: (model) => model.conditionNumber,
  diagnostics: (model) => model.diagnostics,
  summary: (model) => model.summary,
  diagnosticPoints: (model) => (model.diagnosticPoints === null ? null : [...model.diagnosticPoints]),
};

/** One coefficient: its 95% view, and intervals at any level from its model. */
export const Coefficient: CoefficientResolvers = {
  name: ({ coefficient }) => coefficient.name,
  term: ({ coefficient }) => coefficient.term,
  aliased: ({ coefficient }) => coefficient.aliased,
  estimate: ({ coefficient }) => coefficient.estimate,
  stdError: ({ coefficient }) => coefficient.stdError,
  tValue: ({ coefficient }) => coefficient.statistic,
  pValue: ({ coefficient }) => coefficient.pValue,
  confInt: ({ model, column, coefficient }, { level }) =>
    (level == null || level === 0.95 ? coefficient : model.coefficients(level)[column]!).confInt,
};

/** Predictions, with the seed-shaped list of means beside the per-row detail. */
export const PredictionResult: PredictionResultResolvers = {
  modelId: (outcome) => outcome.modelId,
  predictions: (outcome) => outcome.rows.map((row) => row.fit),
  rows: (outcome) => [...outcome.rows],
  interval: (outcome) => fromIntervalKind(outcome.interval),
  level: (outcome) => outcome.level,
};
