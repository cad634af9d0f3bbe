import type { DataTable } from '../data/index.js';
import type { ExpressionNode, SourceLocation } from './ast.js';
import { expressionChildren } from './ast.js';
import { UnknownVariableError } from './errors.js';
import { bindArguments, FUNCTIONS } from './functions.js';
import type { VectorValue } from './values.js';

/** A data column a factor reads, with where the formula names it. */
export interface VariableReference {
  readonly name: string;
  readonly loc: SourceLocation;
}

/**
 * The data columns an expression reads, in order of appearance: bare names and `Q("…")`.
 * Arguments that are not data (a contrast, `levels=`, `ddof=`) are skipped.
 */
export function collectVariables(node: ExpressionNode, into: VariableReference[] = []): VariableReference[] {
  switch (node.kind) {
    case 'Name':
      into.push({ name: node.name, loc: node.loc });
      return into;
    case 'Call': {
      const definition = FUNCTIONS.get(node.callee);
      if (!definition) {
        for (const child of expressionChildren(node)) collectVariables(child, into);
        return into;
      }
      const bound = bindArguments(node, definition);
      if ('error' in bound) return into;
      if (definition.kind === 'quote') {
        const arg = bound[0];
        if (arg?.kind === 'StringLiteral') into.push({ name: arg.value, loc: node.loc });
        return into;
      }
      // C(data, contrast, levels) and the stateful transforms read data only in their first argument.
      const data = definition.dataParams === 'all' ? bound : definition.dataParams === 'first' ? bound.slice(0, 1) : [];
      for (const arg of data) if (arg) collectVariables(arg, into);
      return into;
    }
    default:
      for (const child of expressionChildren(node)) collectVariables(child, into);
      return into;
  }
}

/**
 * Resolves variable names to typed data columns, once each. A name absent from the data is
 * an `UnknownVariableError` pointing at the name in the formula, listing the columns and
 * suggesting near names. Python reads identifiers in NFKC form, so `ﬁ` finds a column `fi`.
 */
export class VariableResolver {
  private readonly cache = new Map<string, VectorValue>();

  constructor(
    private readonly formula: string,
    private readonly table: DataTable,
    private readonly stage: 'train' | 'predict',
  ) {}

  /** The name of the data column `name` refers to. */
  resolve(name: string, loc: SourceLocation): string {
    if (this.table.hasColumn(name)) return name;
    const normalized = name.normalize('NFKC');
    if (normalized !== name && this.table.hasColumn(normalized)) return normalized;
    throw this.unknown(name, loc);
  }

  /** The column as an interpreter value (numeric columns are shared, never copied). */
  value(name: string, loc: SourceLocation): VectorValue {
    const column = this.resolve(name, loc);
    const cached = this.cache.get(column);
    if (cached) return cached;
    const value = this.read(column);
    this.cache.set(column, value);
    return value;
  }

  private read(name: string): VectorValue {
    const column = this.table.column(name);
    switch (column.kind) {
      case 'numeric': {
        const { values, missingCount } = column;
        let integer = column.integer;
        return {
          kind: 'numeric',
          hi: values,
          lo: null,
          raw: true,
          // Only C() asks, so the scan is lazy: pandas holds whole numbers without gaps as int64.
          get integer(): boolean {
            integer ??= missingCount === 0 && values.every((v) => Number.isInteger(v));
            return integer;
          },
        };
      }
      case 'categorical':
        return {
          kind: 'categorical',
          data: { form: 'coded', codes: column.codes, levels: column.levels },
          contrast: null,
          levels: null,
          column: name,
        };
      case 'empty':
        return { kind: 'numeric', hi: new Float64Array(column.length).fill(Number.NaN), lo: null, integer: false };
      default: {
        const unreachable: never = column;
        return unreachable;
      }
    }
  }

  private unknown(name: string, loc: SourceLocation): UnknownVariableError {
    const available = this.table.columnNames();
    const suggestions = closestNames(name, available);
    const shown = available
      .slice(0, 20)
      .map((n) => JSON.stringify(n))
      .join(', ');
    const more = available.length > 20 ? `, … (${available.length} in all)` : '';
    const where = this.stage === 'train' ? 'the data' : 'the rows to predict';
    let description =
      `column ${JSON.stringify(name)} is not in ${where}; ` +
      `${where === 'the data' ? 'the data has' : 'they have'} ${shown || 'no columns'}${more}`;
    if (suggestions.length > 0)
      description += `; did you mean ${suggestions.map((s) => JSON.stringify(s)).join(' or ')}?`;
    if (this.stage === 'train' && FUNCTIONS.has(name))
      description += ` (${name} is a function: call it, as in ${name}(x))`;
    return new UnknownVariableError(name, suggestions, description, {
      formula: this.formula,
      position: loc.start,
      end: loc.end,
    });
  }
}

/** Up to three names close to `name`: same letters ignoring case, or a small edit distance. */
export function closestNames(name: string, candidates: readonly string[]): string[] {
  const lower = name.toLowerCase();
  const limit = Math.max(1, Math.floor(name.length / 3));
  const scored: { candidate: string; distance: number }[] = [];
  for (const candidate of candidates) {
    if (candidate === name) continue;
    if (candidate.toLowerCase() === lower) {
      scored.push({ candidate, distance: 0 });
      continue;
    }
    if (Math.abs(candidate.length - name.length) > limit) continue;
    const distance = editDistance(lower, candidate.toLowerCase(), limit);
    if (distance <= limit) scored.push({ candidate, distance });
  }
  scored.sort((a, b) => a.distance - b.distance);
  return scored.slice(0, 3).map((s) => s.candidate);
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (a.length > 64 || b.length > 64) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}
