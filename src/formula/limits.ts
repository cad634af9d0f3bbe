import { DEFAULT_LAYOUT_LIMITS, type LayoutLimits } from './layout.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from './parser.js';
import { DEFAULT_TERM_LIMITS, type TermLimits } from './terms.js';

/**
 * Every limit the formula module enforces. The design is never built whole (its rows are
 * generated in blocks), so its size in cells is no limit here: the service bounds a fit's work.
 */
export interface FormulaLimits extends ParseLimits, TermLimits, LayoutLimits {}

/** The defaults: far beyond any hand-written model. */
export const DEFAULT_FORMULA_LIMITS: FormulaLimits = {
  ...DEFAULT_PARSE_LIMITS,
  ...DEFAULT_TERM_LIMITS,
  ...DEFAULT_LAYOUT_LIMITS,
};
