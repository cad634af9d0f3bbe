/**
 * The formula module: R/patsy-style formulas → design matrices, statsmodels-compatible.
 * Parses (never evaluates as code), expands terms with patsy's rules, codes categorical
 * factors with patsy's contrasts and names, and builds column-major designs with
 * double-double low parts where arithmetic makes columns inexact.
 */
export type {
  DesignSpec,
  MissingPolicy,
  PredictionDesign,
  TermSpec,
  TrainingDesign,
  TrainingOptions,
  VariableSpec,
} from './design.js';
export {
  buildPredictionDesign,
  buildTrainingDesign,
  DEFAULT_FORMULA_LIMITS,
  formulaColumns,
  type FormulaLimits,
  type TrainingDesignWithWarnings,
} from './designMatrix.js';
export { buildChunkedTrainingDesign, datasetColumns, type ChunkedTrainingDesign } from './chunkedDesign.js';
export { parseFormula, DEFAULT_PARSE_LIMITS, type ParseLimits } from './parser.js';
export { tokenize } from './lexer.js';
export { TokenKind, type Token } from './tokenKind.js';
export type * from './ast.js';
export {
  describeModel,
  termName,
  type FormulaWarning,
  type ModelDescription,
  type Term,
  type Factor,
} from './terms.js';
export { contrastMatrix, type ContrastMatrix, type ContrastSpec } from './contrasts.js';
export { prettyUntokenize } from './untokenize.js';
export { pythonFloatRepr, levelLabel, compareCodePoints, type LevelValue } from './levels.js';
export type { FactorSpec, NumericFactorSpec, CategoricalFactorSpec, LaidOutTermSpec } from './spec.js';
export type { TransformState } from './transforms.js';
export {
  FormulaError,
  FormulaSyntaxError,
  UnknownVariableError,
  UnknownFunctionError,
  FormulaDataError,
  UnseenLevelError,
  InvalidSpecError,
  caretExcerpt,
  type FormulaErrorReason,
  type FormulaSpan,
} from './errors.js';
