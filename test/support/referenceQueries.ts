/**
 * The GraphQL documents that read every statistic a reference case holds: the fit with both
 * interval levels, and the two kinds of prediction interval. Shared by the reference-case tests
 * and the differential fuzzer (scripts/accuracy/differential.ts).
 */
export const REFERENCE_FIT = /* GraphQL */ `
  mutation Fit($input: FitModelInput!) {
    fitModel(input: $input) {
      id
      columns
      nobs
      rowsDropped
      rank
      dfModel
      dfResid
      aliased
      rSquared
      adjRSquared
      fStatistic
      fPValue
      logLikelihood
      aic
      bic
      ssr
      ess
      centeredTss
      scale
      conditionNumber
      diagnostics {
        omnibus
        omnibusPValue
        durbinWatson
        jarqueBera
        jarqueBeraPValue
        skew
        kurtosis
      }
      coefficients {
        name
        aliased
        estimate
        stdError
        tValue
        pValue
        ci95: confInt(level: 0.95) {
          lower
          upper
        }
        ci90: confInt(level: 0.9) {
          lower
          upper
        }
      }
    }
  }
`;

export const REFERENCE_PREDICT = /* GraphQL */ `
  mutation Predict($confidence: PredictInput!, $prediction: PredictInput!) {
    confidence: predict(input: $confidence) {
      rows {
        fit
        stdErrorMean
        lower
        upper
      }
    }
    prediction: predict(input: $prediction) {
      rows {
        fit
        lower
        upper
      }
    }
  }
`;
