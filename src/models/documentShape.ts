/**
 * Whether a parsed JSON value has the shape of a stored model document (document.ts): every
 * field the interfaces declare, of its type, and the sizes that must agree (one coefficient per
 * design column, rank × rank covariances). What a problem names is the field's path, so that a
 * damaged or foreign document is reported as such, never met deep in prediction as a TypeError.
 * The formula module checks the design's semantics (known factor codes, contiguous terms) when
 * it encodes rows; this checks the structure.
 */
type Json = Record<string, unknown>;

/** A problem found at a path. */
class ShapeProblem extends Error {}

const COVARIANCE_TYPES = new Set(['nonrobust', 'HC0', 'HC1', 'HC2', 'HC3']);

/** The first problem with `value` (an object of the current schemaVersion) as a document, or undefined. */
export function documentShapeProblem(value: Record<string, unknown>): string | undefined {
  try {
    checkDocument(value);
    return undefined;
  } catch (error) {
    if (error instanceof ShapeProblem) return error.message;
    throw error;
  }
}

function checkDocument(document: Json): void {
  if (document.tenant !== undefined) string(document, 'tenant', '');
  nullable(document, 'name', '', 'a string', (v) => typeof v === 'string');
  string(document, 'formula', '');
  string(document, 'createdAt', '');
  const settings = object(document, 'settings', '');
  nullable(settings, 'weights', 'settings.', 'a string', (v) => typeof v === 'string');
  oneOf(settings, 'covType', 'settings.', COVARIANCE_TYPES);
  boolean(settings, 'useT', 'settings.');
  oneOf(settings, 'missing', 'settings.', new Set(['drop', 'raise']));
  count(document, 'rowsDropped', '');
  array(document, 'warnings', '', (v) => typeof v === 'string', 'a string');
  const columns = checkDesign(object(document, 'design', ''));
  const fit = object(document, 'fit', '');
  checkFit(fit, columns, settings);
  if (document.diagnosticPoints !== undefined) {
    checkDiagnosticPoints(object(document, 'diagnosticPoints', ''), fit);
  }
}

/** The most diagnostic points a document may hold: the fit keeps 5,000 (stats/diagnosticPoints.ts). */
const MAX_DIAGNOSTIC_POINTS = 100_000;

function checkDiagnosticPoints(points: Json, fit: Json): void {
  const at = 'diagnosticPoints.';
  const total = count(points, 'totalRows', at);
  if (total !== fit.nobs) fail(`${at}totalRows is ${total} but fit.nobs is ${String(fit.nobs)}`);
  const rows = points.rows;
  if (!Array.isArray(rows)) fail(`${at}rows is missing or not an array`);
  const length = rows.length;
  if (length > Math.min(total, MAX_DIAGNOSTIC_POINTS))
    fail(`${at}rows has ${length} entries, more than the fit's rows`);
  for (let i = 0; i < length; i++) {
    if (!Number.isInteger(rows[i]) || rows[i] < 1 || (i > 0 && rows[i] <= rows[i - 1])) {
      fail(`${at}rows[${i}] is not a row number after the one before it`);
    }
  }
  numbers(points, 'fitted', at, length);
  numbers(points, 'residuals', at, length);
  numbers(points, 'leverage', at, length);
  if (points.weights !== null) numbers(points, 'weights', at, length);
  if ((points.weights !== null) !== (fit.method === 'WLS')) fail(`${at}weights and fit.method disagree`);
  const qqCount = count(points, 'qqCount', at);
  if (qqCount > total) fail(`${at}qqCount is more than the fit's rows`);
  const isRank = (v: unknown) => v === null || (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= qqCount);
  const ranks = array(points, 'qqRanks', at, isRank, 'a rank or null');
  if (ranks.length !== length) fail(`${at}qqRanks has ${ranks.length} entries, not ${length}`);
}

/** Checks the design; returns its column names. */
function checkDesign(design: Json): readonly string[] {
  if (design.version !== 1) fail(`design.version ${JSON.stringify(design.version)} is not 1`);
  string(design, 'formula', 'design.');
  string(design, 'response', 'design.');
  boolean(design, 'intercept', 'design.');
  const columns = array(design, 'columns', 'design.', (v) => typeof v === 'string', 'a string') as string[];
  const terms = array(design, 'terms', 'design.', isObject, 'an object') as Json[];
  terms.forEach((term, i) => {
    const at = `design.terms[${i}].`;
    string(term, 'name', at);
    array(term, 'factors', at, (v) => typeof v === 'string', 'a string');
    count(term, 'start', at);
    count(term, 'end', at);
    const subterms = array(term, 'subterms', at, isObject, 'an object') as Json[];
    subterms.forEach((subterm, j) => {
      const sub = `${at}subterms[${j}].`;
      array(
        subterm,
        'factors',
        sub,
        (f) => isObject(f) && typeof f.code === 'string' && isBooleanOrNull(f.fullRank),
        '{code, fullRank}',
      );
      count(subterm, 'columns', sub);
    });
  });
  const variables = array(design, 'variables', 'design.', isObject, 'an object') as Json[];
  variables.forEach((variable, i) => {
    const at = `design.variables[${i}].`;
    string(variable, 'name', at);
    oneOf(variable, 'kind', at, new Set(['numeric', 'categorical']));
    if (variable.levels !== undefined) array(variable, 'levels', at, isLevel, 'a level');
  });
  const factors = array(design, 'factors', 'design.', isObject, 'an object') as Json[];
  factors.forEach((factor, i) => {
    const at = `design.factors[${i}].`;
    string(factor, 'code', at);
    const kind = oneOf(factor, 'kind', at, new Set(['numeric', 'categorical']));
    array(factor, 'transforms', at, (t) => isObject(t) && typeof t.transform === 'string', 'a transform state');
    if (kind === 'categorical') {
      array(factor, 'levels', at, isLevel, 'a level');
      oneOf(factor, 'levelType', at, new Set(['string', 'boolean', 'number']));
      boolean(factor, 'integerLevels', at);
      const contrast = object(factor, 'contrast', at);
      string(contrast, 'type', `${at}contrast.`);
      nullable(factor, 'column', at, 'a string', (v) => typeof v === 'string');
    }
  });
  return columns;
}

const STATISTICS = ['dfModel', 'dfResid', 'scale', 'ssr', 'ess', 'centeredTss', 'uncenteredTss', 'rSquared'] as const;
const MORE_STATISTICS = ['adjRSquared', 'logLikelihood', 'aic', 'bic', 'residualStdError'] as const;
const OPTIONAL_STATISTICS = ['fValue', 'fPValue', 'conditionNumber', 'smallestEigenvalue'] as const;
const DIAGNOSTICS = [
  'omnibus',
  'omnibusPValue',
  'durbinWatson',
  'jarqueBera',
  'jarqueBeraPValue',
  'skew',
  'kurtosis',
] as const;

function checkFit(fit: Json, columns: readonly string[], settings: Json): void {
  oneOf(fit, 'method', 'fit.', new Set(['OLS', 'WLS']));
  oneOf(fit, 'covType', 'fit.', COVARIANCE_TYPES);
  if (fit.covType !== settings.covType) fail('settings.covType and fit.covType disagree');
  if ((fit.method === 'WLS') !== (settings.weights !== null)) fail('fit.method and settings.weights disagree');
  boolean(fit, 'useT', 'fit.');
  count(fit, 'nobs', 'fit.');
  const rank = count(fit, 'rank', 'fit.');
  boolean(fit, 'hasConstant', 'fit.');
  nullable(fit, 'constantColumn', 'fit.', 'an index', (v) => Number.isInteger(v));
  if (fit.perfectFit !== undefined) boolean(fit, 'perfectFit', 'fit.');
  for (const key of [...STATISTICS, ...MORE_STATISTICS]) number(fit, key, 'fit.');
  for (const key of OPTIONAL_STATISTICS) nullable(fit, key, 'fit.', 'a number', isNumber);
  const coefficients = array(fit, 'coefficients', 'fit.', isObject, 'an object') as Json[];
  if (coefficients.length !== columns.length) fail('design columns and coefficients disagree in number');
  let estimated = 0;
  coefficients.forEach((coefficient, i) => {
    const at = `fit.coefficients[${i}].`;
    if (coefficient.name !== columns[i]) fail(`${at}name is not design column ${JSON.stringify(columns[i])}`);
    if (!boolean(coefficient, 'aliased', at)) estimated += 1;
    nullable(coefficient, 'estimate', at, 'a number', isNumber);
    nullable(coefficient, 'stdError', at, 'a number', isNumber);
  });
  if (estimated !== rank) fail(`fit.rank is ${rank} but ${estimated} coefficients are estimated`);
  numbers(fit, 'covariance', 'fit.', rank * rank);
  const factor = object(fit, 'covarianceFactor', 'fit.');
  numbers(factor, 'columnScale', 'fit.covarianceFactor.', rank);
  numbers(factor, 'r', 'fit.covarianceFactor.', rank * rank);
  if (factor.rLo !== null) numbers(factor, 'rLo', 'fit.covarianceFactor.', rank * rank);
  if (factor.meat !== null) numbers(factor, 'meat', 'fit.covarianceFactor.', rank * rank);
  const diagnostics = object(fit, 'diagnostics', 'fit.');
  for (const key of DIAGNOSTICS) nullable(diagnostics, key, 'fit.diagnostics.', 'a number', isNumber);
  const numerics = object(fit, 'numerics', 'fit.');
  number(numerics, 'scaledConditionNumber', 'fit.numerics.');
  count(numerics, 'refinementIterations', 'fit.numerics.');
  boolean(numerics, 'covarianceRefined', 'fit.numerics.');
}

function fail(message: string): never {
  throw new ShapeProblem(message);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number';
}

function isBooleanOrNull(value: unknown): boolean {
  return value === null || typeof value === 'boolean';
}

function isLevel(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function object(parent: Json, key: string, at: string): Json {
  const value = parent[key];
  return isObject(value) ? value : fail(`${at}${key} is missing or not an object`);
}

function string(parent: Json, key: string, at: string): string {
  const value = parent[key];
  return typeof value === 'string' ? value : fail(`${at}${key} is missing or not a string`);
}

function boolean(parent: Json, key: string, at: string): boolean {
  const value = parent[key];
  return typeof value === 'boolean' ? value : fail(`${at}${key} is missing or not a boolean`);
}

function number(parent: Json, key: string, at: string): number {
  const value = parent[key];
  return typeof value === 'number' ? value : fail(`${at}${key} is missing or not a number`);
}

/** A non-negative integer. */
function count(parent: Json, key: string, at: string): number {
  const value = parent[key];
  return Number.isInteger(value) && (value as number) >= 0 ? (value as number) : fail(`${at}${key} is not a count`);
}

function oneOf(parent: Json, key: string, at: string, allowed: ReadonlySet<string>): string {
  const value = parent[key];
  if (typeof value === 'string' && allowed.has(value)) return value;
  return fail(`${at}${key} is ${JSON.stringify(value)}, not one of ${[...allowed].join(', ')}`);
}

function nullable(parent: Json, key: string, at: string, what: string, test: (value: unknown) => boolean): void {
  const value = parent[key];
  if (value !== null && !test(value)) fail(`${at}${key} is missing or not ${what} or null`);
}

function array(parent: Json, key: string, at: string, test: (value: unknown) => boolean, what: string): unknown[] {
  const value = parent[key];
  if (!Array.isArray(value)) fail(`${at}${key} is missing or not an array`);
  const bad = value.findIndex((element) => !test(element));
  if (bad >= 0) fail(`${at}${key}[${bad}] is not ${what}`);
  return value;
}

/** An array of exactly `length` numbers (a plain loop: a wide model's arrays are rank² long). */
function numbers(parent: Json, key: string, at: string, length: number): void {
  const value = parent[key];
  if (!Array.isArray(value)) fail(`${at}${key} is missing or not an array`);
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'number') fail(`${at}${key}[${i}] is not a number`);
  }
  if (value.length !== length) fail(`${at}${key} has ${value.length} entries, not ${length}`);
}
