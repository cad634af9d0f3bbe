/**
 * The stored model document (models/document.ts) ↔ the model as the service computes with it:
 * the formula module's design spec and the stats module's fitted model. Every field is mapped by
 * name, in both directions, so that a change to an in-memory type is a compile error here rather
 * than a silent change of what is stored (and a new field is stored only once it is added to the
 * document's interfaces and to MODEL_SCHEMA_VERSION's history).
 */
import type {
  CategoricalFactorSpec,
  ContrastSpec,
  DesignSpec,
  FactorSpec,
  LaidOutTermSpec,
  MissingPolicy,
  TransformState,
} from '../formula/index.js';
import {
  MODEL_SCHEMA_VERSION,
  type ContrastDocument,
  type DesignDocument,
  type DiagnosticPointsDocument,
  type FactorDocument,
  type FitDocument,
  type ModelDocument,
  type TransformDocument,
} from '../models/index.js';
import type { CovarianceType, DiagnosticPointSet, LinearModel } from '../stats/index.js';

/** The settings a model was fitted with, as the service names them. */
export interface ModelSettings {
  readonly weights: string | null;
  readonly covType: CovarianceType;
  readonly useT: boolean;
  readonly missing: MissingPolicy;
}

/** A model as the service holds it in memory: what a document stores, in the modules' own types. */
export interface StoredModel {
  readonly id: string;
  /** The tenant that owns the model; undefined in single-tenant mode. */
  readonly tenant: string | undefined;
  readonly name: string | null;
  readonly formula: string;
  readonly createdAt: string;
  readonly settings: ModelSettings;
  readonly rowsDropped: number;
  readonly warnings: readonly string[];
  readonly design: DesignSpec;
  readonly fit: LinearModel;
  /** The rows' diagnostics (`row`: input rows from 1); null for models stored before they were kept. */
  readonly diagnosticPoints: DiagnosticPointSet | null;
}

/** The document that stores `model`, in the current MODEL_SCHEMA_VERSION. */
export function toDocument(model: StoredModel): ModelDocument {
  const { settings } = model;
  return {
    schemaVersion: MODEL_SCHEMA_VERSION,
    id: model.id,
    ...(model.tenant === undefined ? {} : { tenant: model.tenant }),
    name: model.name,
    formula: model.formula,
    createdAt: model.createdAt,
    settings: { weights: settings.weights, covType: settings.covType, useT: settings.useT, missing: settings.missing },
    rowsDropped: model.rowsDropped,
    warnings: [...model.warnings],
    design: designDocument(model.design),
    fit: fitDocument(model.fit),
    ...(model.diagnosticPoints === null ? {} : { diagnosticPoints: pointsDocument(model.diagnosticPoints) }),
  };
}

/** Mapped models by document: a caching repository hands out the same object on every hit. */
const mapped = new WeakMap<ModelDocument, StoredModel>();

/** The model a document stores (memoized per document object: documents are never mutated). */
export function fromDocument(document: ModelDocument): StoredModel {
  const known = mapped.get(document);
  if (known !== undefined) return known;
  const { settings } = document;
  const model: StoredModel = {
    id: document.id,
    tenant: document.tenant,
    name: document.name,
    formula: document.formula,
    createdAt: document.createdAt,
    settings: { weights: settings.weights, covType: settings.covType, useT: settings.useT, missing: settings.missing },
    rowsDropped: document.rowsDropped,
    warnings: document.warnings,
    design: designSpec(document.design),
    fit: linearModel(document.fit),
    diagnosticPoints: document.diagnosticPoints === undefined ? null : pointsDocument(document.diagnosticPoints),
  };
  mapped.set(document, model);
  return model;
}

/** The diagnostic points, whose document and in-memory shapes are the same (so one mapping serves both ways). */
function pointsDocument(
  points: DiagnosticPointSet & DiagnosticPointsDocument,
): DiagnosticPointSet & DiagnosticPointsDocument {
  // Arrays are shared, not copied: both sides are read-only.
  return {
    totalRows: points.totalRows,
    rows: points.rows,
    fitted: points.fitted,
    residuals: points.residuals,
    leverage: points.leverage,
    weights: points.weights,
    qqRanks: points.qqRanks,
    qqCount: points.qqCount,
  };
}

function designDocument(spec: DesignSpec): DesignDocument {
  // The formula module's entries, as its spec.ts declares them (DesignSpec keeps them opaque).
  const terms = spec.terms as readonly LaidOutTermSpec[];
  const factors = spec.factors as readonly FactorSpec[];
  return {
    version: spec.version,
    formula: spec.formula,
    response: spec.response,
    intercept: spec.intercept,
    columns: spec.columns,
    terms: terms.map((term) => ({
      name: term.name,
      factors: term.factors,
      start: term.start,
      end: term.end,
      subterms: term.subterms.map((subterm) => ({
        factors: subterm.factors.map((factor) => ({ code: factor.code, fullRank: factor.fullRank })),
        columns: subterm.columns,
      })),
    })),
    variables: spec.variables.map((variable) =>
      variable.levels === undefined
        ? { name: variable.name, kind: variable.kind }
        : { name: variable.name, kind: variable.kind, levels: variable.levels },
    ),
    factors: factors.map(factorDocument),
  };
}

function designSpec(design: DesignDocument): DesignSpec {
  const terms: LaidOutTermSpec[] = design.terms.map((term) => ({
    name: term.name,
    factors: term.factors,
    start: term.start,
    end: term.end,
    subterms: term.subterms.map((subterm) => ({
      factors: subterm.factors.map((factor) => ({ code: factor.code, fullRank: factor.fullRank })),
      columns: subterm.columns,
    })),
  }));
  const factors: FactorSpec[] = design.factors.map(factorSpec);
  return {
    version: design.version,
    formula: design.formula,
    response: design.response,
    intercept: design.intercept,
    columns: design.columns,
    terms,
    variables: design.variables.map((variable) =>
      variable.levels === undefined
        ? { name: variable.name, kind: variable.kind }
        : { name: variable.name, kind: variable.kind, levels: variable.levels },
    ),
    factors,
  };
}

function factorDocument(factor: FactorSpec): FactorDocument {
  const transforms = factor.transforms.map(transformDocument);
  if (factor.kind === 'numeric') return { code: factor.code, kind: 'numeric', transforms };
  return {
    code: factor.code,
    kind: 'categorical',
    transforms,
    levels: factor.levels,
    levelType: factor.levelType,
    integerLevels: factor.integerLevels,
    contrast: contrastDocument(factor.contrast),
    column: factor.column,
  };
}

function factorSpec(factor: FactorDocument): FactorSpec {
  const transforms = factor.transforms.map(transformState);
  if (factor.kind === 'numeric') return { code: factor.code, kind: 'numeric', transforms };
  const categorical: CategoricalFactorSpec = {
    code: factor.code,
    kind: 'categorical',
    transforms,
    levels: factor.levels,
    levelType: factor.levelType,
    integerLevels: factor.integerLevels,
    contrast: contrastSpec(factor.contrast),
    column: factor.column,
  };
  return categorical;
}

function transformDocument(state: TransformState): TransformDocument {
  return state.transform === 'center'
    ? { transform: 'center', count: state.count, mean: state.mean }
    : { transform: 'standardize', count: state.count, mean: state.mean, m2: state.m2 };
}

function transformState(state: TransformDocument): TransformState {
  return state.transform === 'center'
    ? { transform: 'center', count: state.count, mean: state.mean }
    : { transform: 'standardize', count: state.count, mean: state.mean, m2: state.m2 };
}

function contrastDocument(contrast: ContrastSpec): ContrastDocument {
  switch (contrast.type) {
    case 'Treatment':
      return { type: 'Treatment', reference: contrast.reference };
    case 'Sum':
      return { type: 'Sum', omit: contrast.omit };
    case 'Poly':
      return { type: 'Poly', scores: contrast.scores };
    case 'Custom':
      return { type: 'Custom', matrix: contrast.matrix, suffixes: contrast.suffixes };
    case 'Helmert':
    case 'Diff':
      return { type: contrast.type };
  }
}

function contrastSpec(contrast: ContrastDocument): ContrastSpec {
  switch (contrast.type) {
    case 'Treatment':
      return { type: 'Treatment', reference: contrast.reference };
    case 'Sum':
      return { type: 'Sum', omit: contrast.omit };
    case 'Poly':
      return { type: 'Poly', scores: contrast.scores };
    case 'Custom':
      return { type: 'Custom', matrix: contrast.matrix, suffixes: contrast.suffixes };
    case 'Helmert':
    case 'Diff':
      return { type: contrast.type };
  }
}

function fitDocument(fit: LinearModel): FitDocument {
  return { ...fitHeader(fit), perfectFit: fit.perfectFit, ...fitNumbers(fit) };
}

function linearModel(fit: FitDocument): LinearModel {
  // Documents written before R's rule was applied have no flag: their fits were reported as ordinary.
  return { ...fitHeader(fit), perfectFit: fit.perfectFit ?? false, ...fitNumbers(fit) };
}

/**
 * The parts the document and the model name and shape alike. Each helper takes and returns the
 * intersection of both types, so a field added to either one fails to compile here until mapped.
 */
type Shared<K extends keyof FitDocument & keyof LinearModel> = Pick<FitDocument, K> & Pick<LinearModel, K>;

function fitHeader(fit: Shared<HeaderKey>): Shared<HeaderKey> {
  return {
    method: fit.method,
    covType: fit.covType,
    useT: fit.useT,
    nobs: fit.nobs,
    rank: fit.rank,
    dfModel: fit.dfModel,
    dfResid: fit.dfResid,
    hasConstant: fit.hasConstant,
    constantColumn: fit.constantColumn,
  };
}

type HeaderKey =
  'method' | 'covType' | 'useT' | 'nobs' | 'rank' | 'dfModel' | 'dfResid' | 'hasConstant' | 'constantColumn';

type NumberKey =
  | 'coefficients'
  | 'covariance'
  | 'covarianceFactor'
  | 'scale'
  | 'ssr'
  | 'ess'
  | 'centeredTss'
  | 'uncenteredTss'
  | 'rSquared'
  | 'adjRSquared'
  | 'fValue'
  | 'fPValue'
  | 'logLikelihood'
  | 'aic'
  | 'bic'
  | 'residualStdError'
  | 'conditionNumber'
  | 'smallestEigenvalue'
  | 'diagnostics'
  | 'numerics';

function fitNumbers(fit: Shared<NumberKey>): Shared<NumberKey> {
  const { covarianceFactor: factor, diagnostics: d, numerics } = fit;
  return {
    coefficients: fit.coefficients.map((c) => ({
      name: c.name,
      aliased: c.aliased,
      estimate: c.estimate,
      stdError: c.stdError,
    })),
    // Arrays are shared, not copied: both sides are read-only, and a wide model's are rank² long.
    covariance: fit.covariance,
    covarianceFactor: { columnScale: factor.columnScale, r: factor.r, rLo: factor.rLo, meat: factor.meat },
    scale: fit.scale,
    ssr: fit.ssr,
    ess: fit.ess,
    centeredTss: fit.centeredTss,
    uncenteredTss: fit.uncenteredTss,
    rSquared: fit.rSquared,
    adjRSquared: fit.adjRSquared,
    fValue: fit.fValue,
    fPValue: fit.fPValue,
    logLikelihood: fit.logLikelihood,
    aic: fit.aic,
    bic: fit.bic,
    residualStdError: fit.residualStdError,
    conditionNumber: fit.conditionNumber,
    smallestEigenvalue: fit.smallestEigenvalue,
    diagnostics: {
      omnibus: d.omnibus,
      omnibusPValue: d.omnibusPValue,
      durbinWatson: d.durbinWatson,
      jarqueBera: d.jarqueBera,
      jarqueBeraPValue: d.jarqueBeraPValue,
      skew: d.skew,
      kurtosis: d.kurtosis,
    },
    numerics: {
      scaledConditionNumber: numerics.scaledConditionNumber,
      refinementIterations: numerics.refinementIterations,
      covarianceRefined: numerics.covarianceRefined,
    },
  };
}
