/** GraphQL documents the integration tests send (the README shows the same operations). */

export const FIT_MODEL = /* GraphQL */ `
  mutation Fit($input: FitModelInput!) {
    fitModel(input: $input) {
      id
      name
      formula
      response
      nobs
      dfModel
      dfResid
      rSquared
      adjRSquared
      residualStdError
      predictors {
        name
        kind
        levels
      }
      coefficients {
        name
        term
        estimate
        stdError
        tValue
        pValue
      }
      modelInfo
    }
  }
`;

export const PREDICT = /* GraphQL */ `
  mutation Predict($input: PredictInput!) {
    predict(input: $input) {
      modelId
      predictions
      rows {
        fit
        stdErrorMean
        lower
        upper
      }
    }
  }
`;

export const MODEL = /* GraphQL */ `
  query Model($id: ID!) {
    model(id: $id) {
      id
      name
      formula
      createdAt
      nobs
    }
  }
`;

export const MODELS = /* GraphQL */ `
  query Models($first: Int, $after: String) {
    models(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          name
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const DELETE_MODEL = /* GraphQL */ `
  mutation Delete($id: ID!) {
    deleteModel(id: $id) {
      id
      deleted
    }
  }
`;
