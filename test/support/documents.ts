import { MODEL_SCHEMA_VERSION, newModelId, type ModelDocument } from '../../src/models/index.js';

/**
 * A small, well-formed model document for storage tests (stores do not interpret the
 * statistics, so these are plain illustrative numbers of the seed's A/B model).
 */
export function sampleDocument(overrides: Partial<ModelDocument> = {}): ModelDocument {
  return {
    schemaVersion: MODEL_SCHEMA_VERSION,
    id: newModelId(),
    name: 'ab-test',
    formula: 'Outcome ~ Treatment',
    createdAt: '2026-11-25T12:00:00.000Z',
    settings: { weights: null, covType: 'nonrobust', useT: true, missing: 'drop' },
    rowsDropped: 0,
    design: {
      version: 1,
      formula: 'Outcome ~ Treatment',
      response: 'Outcome',
      intercept: true,
      columns: ['Intercept', 'Treatment[T.B]'],
      terms: [
        { name: 'Intercept', factors: [], start: 0, end: 1 },
        { name: 'Treatment', factors: ['Treatment'], start: 1, end: 2 },
      ],
      variables: [{ name: 'Treatment', kind: 'categorical', levels: ['A', 'B'] }],
      factors: [],
    },
    fit: {
      method: 'OLS',
      covType: 'nonrobust',
      useT: true,
      nobs: 10,
      rank: 2,
      dfModel: 1,
      dfResid: 8,
      hasConstant: true,
      coefficients: [
        { name: 'Intercept', aliased: false, estimate: 100, stdError: 7.0710678118654755 },
        { name: 'Treatment[T.B]', aliased: false, estimate: -10, stdError: 10 },
      ],
      covariance: [50, -50, -50, 100],
      scale: 250,
      ssr: 2000,
      ess: 250,
      centeredTss: 2250,
      uncenteredTss: 92250,
      rSquared: 0.1111111111111111,
      adjRSquared: 0,
      fValue: 1,
      fPValue: 0.3465935070873342,
      logLikelihood: -40.68097216478691,
      aic: 85.36194432957382,
      bic: 85.9671145155619,
      residualStdError: 15.811388300841896,
      conditionNumber: 2.6180339887498945,
      diagnostics: {
        omnibus: 1.346580168897346,
        omnibusPValue: 0.5100277798522581,
        durbinWatson: 2.95,
        jarqueBera: 0.7041666666666667,
        jarqueBeraPValue: 0.7032215177413865,
        skew: 0,
        kurtosis: 1.7,
      },
    },
    ...overrides,
  };
}
