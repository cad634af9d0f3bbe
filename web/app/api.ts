// The page's GraphQL client: JSON POSTs to this server's /graphql (CSRF prevention lets JSON
// through), with the API key the user entered, if any. Errors keep their extensions, so that
// the formula editor can underline `extensions.formulaSpan`.

export interface FormulaSpan {
  readonly start: number;
  readonly end: number;
}

/** An error the API answered, as the page shows it. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly reason: string | undefined,
    readonly formulaSpan: FormulaSpan | undefined,
  ) {
    super(message);
  }
}

const KEY_STORAGE = 'serverless-regression.apiKey';

export function apiKey(): string {
  return localStorage.getItem(KEY_STORAGE) ?? '';
}

export function setApiKey(key: string): void {
  if (key) localStorage.setItem(KEY_STORAGE, key);
  else localStorage.removeItem(KEY_STORAGE);
}

interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; reason?: string; formulaSpan?: FormulaSpan };
}

/** Sends one operation; resolves its data, or rejects with the first error as an ApiError. */
export async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const key = apiKey();
  if (key) headers['x-api-key'] = key;
  const response = await fetch('graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  let body: { data?: T; errors?: GraphQLErrorBody[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new ApiError(`The server answered ${response.status} without JSON`, undefined, undefined, undefined);
  }
  const first = body.errors?.[0];
  if (first) {
    const { code, reason, formulaSpan } = first.extensions ?? {};
    throw new ApiError(first.message, code, reason, formulaSpan);
  }
  if (body.data === undefined) throw new ApiError('The server answered no data', undefined, undefined, undefined);
  return body.data;
}

export type CovarianceType = 'NONROBUST' | 'HC0' | 'HC1' | 'HC2' | 'HC3';
export type MissingPolicy = 'DROP' | 'RAISE';
export type IntervalKind = 'NONE' | 'CONFIDENCE' | 'PREDICTION';

export interface Coefficient {
  name: string;
  aliased: boolean;
  estimate: number | null;
  stdError: number | null;
  tValue: number | null;
  pValue: number | null;
  confInt: { lower: number; upper: number } | null;
}

export interface DiagnosticPoint {
  row: number;
  fitted: number;
  residual: number;
  standardizedResidual: number | null;
  leverage: number;
  cooksDistance: number | null;
  normalQuantile: number | null;
}

export interface Predictor {
  name: string;
  kind: 'NUMERIC' | 'CATEGORICAL';
  levels: (string | number | boolean)[] | null;
}

export interface Model {
  id: string;
  name: string | null;
  formula: string;
  createdAt: string;
  method: string;
  response: string;
  weights: string | null;
  covType: CovarianceType;
  useT: boolean;
  nobs: number;
  rowsDropped: number;
  rank: number;
  dfModel: number;
  dfResid: number;
  warnings: string[];
  rSquared: number | null;
  adjRSquared: number | null;
  fStatistic: number | null;
  fPValue: number | null;
  logLikelihood: number | null;
  aic: number | null;
  bic: number | null;
  residualStdError: number;
  conditionNumber: number | null;
  summary: string;
  predictors: Predictor[];
  coefficients: Coefficient[];
  diagnosticPoints: DiagnosticPoint[] | null;
}

const MODEL_FIELDS = `
  id name formula createdAt method response weights covType useT nobs rowsDropped rank dfModel dfResid
  warnings rSquared adjRSquared fStatistic fPValue logLikelihood aic bic residualStdError conditionNumber
  summary
  predictors { name kind levels }
  coefficients { name aliased estimate stdError tValue pValue confInt(level: $level) { lower upper } }
  diagnosticPoints { row fitted residual standardizedResidual leverage cooksDistance normalQuantile }`;

export interface FitInput {
  formula: string;
  csv: string;
  name?: string;
  weights?: string;
  covType: CovarianceType;
  missing: MissingPolicy;
}

export async function fitModel(input: FitInput, level: number): Promise<Model> {
  const query = `mutation Fit($input: FitModelInput!, $level: Float) { fitModel(input: $input) { ${MODEL_FIELDS} } }`;
  return (await graphql<{ fitModel: Model }>(query, { input, level })).fitModel;
}

export async function fetchModel(id: string, level: number): Promise<Model | null> {
  const query = `query Model($id: ID!, $level: Float) { model(id: $id) { ${MODEL_FIELDS} } }`;
  return (await graphql<{ model: Model | null }>(query, { id, level })).model;
}

export interface ModelListItem {
  id: string;
  name: string | null;
  formula: string;
  createdAt: string;
  nobs: number;
}

export interface ModelPage {
  totalCount: number;
  models: ModelListItem[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export async function listModels(after: string | null, first = 20): Promise<ModelPage> {
  const query = `query Models($first: Int, $after: String) {
    models(first: $first, after: $after, orderBy: NEWEST_FIRST) {
      totalCount edges { node { id name formula createdAt nobs } } pageInfo { hasNextPage endCursor } } }`;
  type Answer = {
    models: {
      totalCount: number;
      edges: { node: ModelListItem }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
  const { models } = await graphql<Answer>(query, { first, after });
  return {
    totalCount: models.totalCount,
    models: models.edges.map((edge) => edge.node),
    endCursor: models.pageInfo.endCursor,
    hasNextPage: models.pageInfo.hasNextPage,
  };
}

export async function deleteModel(id: string): Promise<boolean> {
  const query = 'mutation Delete($id: ID!) { deleteModel(id: $id) { deleted } }';
  return (await graphql<{ deleteModel: { deleted: boolean } }>(query, { id })).deleteModel.deleted;
}

export interface PredictionRow {
  fit: number;
  stdErrorMean: number | null;
  lower: number | null;
  upper: number | null;
}

export async function predict(
  modelId: string,
  row: Record<string, unknown>,
  interval: IntervalKind,
  level: number,
): Promise<PredictionRow> {
  const query = `mutation Predict($input: PredictInput!) {
    predict(input: $input) { rows { fit stdErrorMean lower upper } } }`;
  const input = { modelId, data: [row], interval, level };
  const answer = await graphql<{ predict: { rows: PredictionRow[] } }>(query, { input });
  const [first] = answer.predict.rows;
  if (!first) throw new ApiError('The server answered no prediction', undefined, undefined, undefined);
  return first;
}
