import type { FactorNode, SourceLocation, TermBinaryNode, TermNode } from './ast.js';
import { FormulaError } from './errors.js';

/** A factor of the model: identified by its normalised code; `node` is its first occurrence. */
export interface Factor {
  readonly code: string;
  readonly node: FactorNode;
}

/**
 * A term: a product of factors. Its identity is the SET of its factors (`a:b` is `b:a`); the
 * order is that of first appearance and decides column names. The intercept has no factors.
 */
export interface Term {
  readonly factors: readonly Factor[];
  readonly key: string;
}

/** A note about a formula that is valid but probably not what was meant. */
export interface FormulaWarning {
  readonly message: string;
  readonly position: number;
  readonly end: number;
}

/** What a formula asks for: response terms and model terms (the intercept first, if any). */
export interface ModelDescription {
  readonly lhs: readonly Term[];
  readonly rhs: readonly Term[];
  readonly warnings: readonly FormulaWarning[];
}

/** Limits on the size of the term expansion. */
export interface TermLimits {
  /** Most terms one (sub)expression may expand to. */
  readonly maxTerms: number;
}

/** Default term limits. */
export const DEFAULT_TERM_LIMITS: TermLimits = { maxTerms: 2_000 };

/** The term name patsy prints: factor codes joined by `:`, or `Intercept`. */
export function termName(term: Term): string {
  return term.factors.length === 0 ? 'Intercept' : term.factors.map((factor) => factor.code).join(':');
}

/** The intercept term. */
export const INTERCEPT: Term = { factors: [], key: '[]' };

interface Intermediate {
  readonly intercept: boolean;
  readonly interceptLoc: SourceLocation | null;
  readonly interceptRemoved: boolean;
  readonly terms: readonly Term[];
}

/**
 * Expands the term language into terms, with patsy's rules (desc.py): `+` unions, `-`
 * removes terms (and `- 1` the intercept), `a:b` interacts every pair, `a*b` is
 * `a + b + a:b`, `a/b` is `a + a:b` with all of a's factors in one term, `(…)**n` is
 * interaction up to order n; `0`/`-1` remove the intercept and `1`/`+0`… restore it;
 * duplicate terms keep their first place. The right-hand side gets an implicit intercept.
 */
export function describeModel(
  formula: string,
  root: TermNode,
  limits: TermLimits = DEFAULT_TERM_LIMITS,
): ModelDescription {
  return new TermEvaluator(formula, limits).describe(root);
}

class TermEvaluator {
  private readonly factors = new Map<string, Factor>();
  private readonly warnings: FormulaWarning[] = [];

  constructor(
    private readonly formula: string,
    private readonly limits: TermLimits,
  ) {}

  describe(root: TermNode): ModelDescription {
    if (root.kind !== 'Tilde') {
      const lhs: Intermediate = { intercept: false, interceptLoc: null, interceptRemoved: true, terms: [] };
      return this.finish(lhs, this.evaluate(root));
    }
    const lhs = root.lhs
      ? this.evaluate(root.lhs)
      : { intercept: false, interceptLoc: null, interceptRemoved: true, terms: [] };
    return this.finish(lhs, this.evaluate(root.rhs));
  }

  private finish(lhs: Intermediate, rhs: Intermediate): ModelDescription {
    return {
      lhs: lhs.intercept ? [INTERCEPT, ...lhs.terms] : lhs.terms,
      rhs: rhs.interceptRemoved ? rhs.terms : [INTERCEPT, ...rhs.terms],
      warnings: this.warnings,
    };
  }

  private evaluate(node: TermNode): Intermediate {
    switch (node.kind) {
      case 'Tilde':
        throw this.error('~ can only be used once, and only at the top level', node.loc);
      case 'Intercept':
        return node.value === 1
          ? { intercept: true, interceptLoc: node.loc, interceptRemoved: false, terms: [] }
          : { intercept: false, interceptLoc: null, interceptRemoved: true, terms: [] };
      case 'NumberTerm':
        throw this.error(
          'numbers other than 0 and 1 are only allowed as the exponent of ** (as in (a + b)**2); ' +
            `for arithmetic write I(...), for example I(x * ${node.text})`,
          node.loc,
        );
      case 'Factor':
        return {
          intercept: false,
          interceptLoc: null,
          interceptRemoved: false,
          terms: [this.term([this.factor(node)])],
        };
      case 'TermUnary':
        if (node.operator === '+') return this.evaluate(node.operand);
        if (node.operand.kind === 'Intercept') {
          return node.operand.value === 0
            ? { intercept: true, interceptLoc: node.loc, interceptRemoved: false, terms: [] }
            : { intercept: false, interceptLoc: null, interceptRemoved: true, terms: [] };
        }
        throw this.error(
          'unary minus applies only to 0 or 1 (write "- 1" to remove the intercept, "a - b" to remove a term)',
          node.loc,
        );
      case 'TermBinary':
        return this.binary(node);
      default: {
        const unreachable: never = node;
        return unreachable;
      }
    }
  }

  /**
   * Evaluates a chain of left-associative operators iteratively along its left spine, so a
   * formula of thousands of terms (`a + b + c + …`) cannot exhaust the stack.
   */
  private binary(root: TermBinaryNode): Intermediate {
    const spine: TermBinaryNode[] = [];
    let node: TermNode = root;
    while (node.kind === 'TermBinary') {
      spine.push(node);
      node = node.left;
    }
    let value = this.evaluate(node);
    for (let i = spine.length - 1; i >= 0; i--) value = this.combine(spine[i]!, value);
    return value;
  }

  /** Applies one binary operator to its evaluated left operand and its right operand. */
  private combine(node: TermBinaryNode, left: Intermediate): Intermediate {
    switch (node.operator) {
      case '+': {
        if (node.right.kind === 'Intercept' && node.right.value === 0) {
          return { intercept: false, interceptLoc: null, interceptRemoved: true, terms: left.terms };
        }
        const right = this.evaluate(node.right);
        const terms = this.unique([...left.terms, ...right.terms]);
        if (right.intercept)
          return { intercept: true, interceptLoc: right.interceptLoc, interceptRemoved: false, terms };
        return { ...left, terms };
      }
      case '-': {
        if (node.right.kind === 'Intercept') {
          return node.right.value === 0
            ? { intercept: true, interceptLoc: node.right.loc, interceptRemoved: false, terms: left.terms }
            : { intercept: false, interceptLoc: null, interceptRemoved: true, terms: left.terms };
        }
        const right = this.evaluate(node.right);
        const removed = new Set(right.terms.map((term) => term.key));
        const terms = left.terms.filter((term) => !removed.has(term.key));
        if (right.intercept) return { intercept: false, interceptLoc: null, interceptRemoved: true, terms };
        return { ...left, terms };
      }
      case '*': {
        const right = this.evaluate(node.right);
        const product = this.interaction(left, right);
        return plain(this.unique([...left.terms, ...right.terms, ...product]));
      }
      case '/': {
        const right = this.evaluate(node.right);
        this.checkInteractable(left);
        const combined = this.term(left.terms.flatMap((term) => term.factors));
        const nested = this.interaction(plain([combined]), right);
        return plain(this.unique([...left.terms, ...nested]));
      }
      case ':':
        return plain(this.unique(this.interaction(left, this.evaluate(node.right))));
      case '**':
        return this.power(node, left);
      default: {
        const unreachable: never = node.operator;
        return unreachable;
      }
    }
  }

  private power(node: TermBinaryNode, left: Intermediate): Intermediate {
    this.checkInteractable(left);
    const exponentNode = node.right;
    const text =
      exponentNode.kind === 'Intercept'
        ? String(exponentNode.value)
        : exponentNode.kind === 'NumberTerm'
          ? exponentNode.text
          : '';
    const power = /^[0-9](_?[0-9])*$/.test(text) ? Number(text.replaceAll('_', '')) : -1;
    if (power < 1) {
      throw this.error(
        `${node.lexeme} on terms needs a positive integer exponent (the order of interactions); ` +
          `for an arithmetic power write I(x**${text || 'k'})`,
        exponentNode.loc,
      );
    }
    if (power > 1 && left.terms.length === 1) {
      this.warnings.push({
        message:
          `${this.formula.slice(node.loc.start, node.loc.end)} is the same as ${termName(left.terms[0]!)}: ` +
          `${node.lexeme} on terms makes interactions, and one term has none. ` +
          `For the arithmetic power write I(${termName(left.terms[0]!)}**${text}).`,
        position: node.loc.start,
        end: node.loc.end,
      });
    }
    let all = left.terms;
    let big = left;
    // (a + b)**100 is (a + b)**2: interactions stop growing at the number of terms.
    const rounds = Math.min(left.terms.length, power);
    for (let i = 1; i < rounds; i++) {
      big = plain(this.unique(this.interaction(left, big)));
      all = this.unique([...all, ...big.terms]);
    }
    return plain(all);
  }

  private interaction(left: Intermediate, right: Intermediate): Term[] {
    this.checkInteractable(left);
    this.checkInteractable(right);
    const count = left.terms.length * right.terms.length;
    if (count > this.limits.maxTerms) {
      const at = left.terms[0]?.factors[0]?.node.loc ?? { start: 0, end: this.formula.length };
      throw new FormulaError('TOO_MANY_TERMS', `the formula expands to more than ${this.limits.maxTerms} terms`, {
        span: { formula: this.formula, position: at.start, end: at.end },
      });
    }
    const terms: Term[] = [];
    for (const l of left.terms) for (const r of right.terms) terms.push(this.term([...l.factors, ...r.factors]));
    return terms;
  }

  private checkInteractable(expr: Intermediate): void {
    if (expr.intercept) {
      throw this.error(
        'the intercept cannot interact with anything else (1 in a product or interaction)',
        expr.interceptLoc ?? { start: 0, end: 0 },
      );
    }
  }

  private factor(node: FactorNode): Factor {
    const known = this.factors.get(node.code);
    if (known) return known;
    const factor: Factor = { code: node.code, node };
    this.factors.set(node.code, factor);
    return factor;
  }

  private term(factors: readonly Factor[]): Term {
    const unique: Factor[] = [];
    for (const factor of factors) if (!unique.includes(factor)) unique.push(factor);
    const key = JSON.stringify(unique.map((factor) => factor.code).sort());
    return { factors: unique, key };
  }

  private unique(terms: readonly Term[]): Term[] {
    const seen = new Set<string>();
    const out: Term[] = [];
    for (const term of terms) {
      if (seen.has(term.key)) continue;
      seen.add(term.key);
      out.push(term);
    }
    if (out.length > this.limits.maxTerms) {
      throw new FormulaError('TOO_MANY_TERMS', `the formula expands to more than ${this.limits.maxTerms} terms`);
    }
    return out;
  }

  private error(description: string, loc: SourceLocation): FormulaError {
    return new FormulaError('INVALID_TERM', description, {
      span: { formula: this.formula, position: loc.start, end: loc.end },
    });
  }
}

function plain(terms: readonly Term[]): Intermediate {
  return { intercept: false, interceptLoc: null, interceptRemoved: false, terms };
}
