import type { DataTable } from '../data/index.js';
import type { CallNode, ExpressionNode, FactorNode, SourceLocation } from './ast.js';
import { FormulaError, InvalidSpecError, UnknownFunctionError } from './errors.js';
import {
  type BoundArguments,
  bindArguments,
  CONSTANTS,
  FUNCTIONS,
  type Signature,
  supportedFunctionNames,
  UNSUPPORTED_FUNCTIONS,
} from './functions.js';
import type { LevelValue } from './levels.js';
import {
  applyTransform,
  learnTransform,
  standardDeviation,
  type StandardizeOptions,
  type TransformName,
  type TransformState,
} from './transforms.js';
import {
  arithmetic,
  booleanAsNumeric,
  type CategoricalVector,
  compare,
  type ContrastRequest,
  mapNumeric,
  negate,
  type NumericOperand,
  type NumericVector,
  type RowReader,
  type ScalarArgument,
  type Value,
  type VectorValue,
} from './values.js';
import { closestNames, type VariableResolver } from './variables.js';

/**
 * Where the stateful transforms of a factor evaluated over part of a table (a chunk of a dataset)
 * get their statistics: `state` answers the state of the factor's transform number `index` (in
 * the order they are met) once it is learnt, and otherwise may take `x` (the chunk's input) to
 * learn from and answers null; the factor's value is then pending (not yet computable).
 */
export interface TransformLearning {
  state(index: number, transform: TransformName, x: NumericVector): TransformState | null;
}

/** A factor's value, or that it is pending: a transform it needs has not learnt its statistics yet. */
export type FactorEvaluation =
  | { readonly pending: false; readonly value: VectorValue; readonly states: TransformState[] }
  | { readonly pending: true };

/**
 * Evaluates factor expressions over a data table: an interpreter over the AST with a fixed
 * function table. Training learns stateful-transform statistics; prediction replays them.
 */
export class Interpreter {
  private states: TransformState[] = [];
  private replay: readonly TransformState[] | null = null;
  private learning: TransformLearning | null = null;
  private pending = false;
  private readonly rows: number;

  constructor(
    private readonly formula: string,
    private readonly table: DataTable,
    private readonly variables: VariableResolver,
  ) {
    this.rows = table.rowCount;
  }

  /**
   * Evaluates a factor. With `replay` (prediction) stateful transforms use those statistics,
   * in the order they are met; otherwise they learn them, and the learnt states are returned.
   */
  evaluateFactor(
    factor: FactorNode,
    replay: readonly TransformState[] | null,
  ): { value: VectorValue; states: TransformState[] } {
    this.learning = null;
    const evaluation = this.evaluateWith(factor, replay);
    if (evaluation.pending) throw new Error('unreachable: a factor pending without a TransformLearning');
    return evaluation;
  }

  /** Evaluates a factor whose transforms learn through `learning` (over chunks of a table). */
  evaluateLearning(factor: FactorNode, learning: TransformLearning): FactorEvaluation {
    this.learning = learning;
    try {
      return this.evaluateWith(factor, null);
    } finally {
      this.learning = null;
    }
  }

  private evaluateWith(factor: FactorNode, replay: readonly TransformState[] | null): FactorEvaluation {
    this.states = [];
    this.replay = replay;
    this.pending = false;
    const value = this.evaluate(factor.expression);
    if (this.pending) return { pending: true };
    if (replay && this.states.length !== replay.length)
      throw new InvalidSpecError(
        `factor ${factor.code} has ${replay.length} transform states, expected ${this.states.length}`,
      );
    if (value.kind === 'numeric' || value.kind === 'categorical') return { pending: false, value, states: this.states };
    const what = value.kind === 'scalar' ? 'a constant' : value.kind === 'string' ? 'a string' : `a ${value.kind}`;
    const hint =
      value.kind === 'string'
        ? `; a column name goes in Q(${factor.code})`
        : value.kind === 'scalar'
          ? '; the intercept is written 1, and a constant column is redundant with it'
          : '';
    throw this.error('INVALID_TERM', `the factor ${factor.code} is ${what}, not a column of values${hint}`, factor.loc);
  }

  private evaluate(node: ExpressionNode): Value {
    switch (node.kind) {
      case 'Name':
        return this.variables.value(node.name, node.loc);
      case 'NumberLiteral':
        return { kind: 'scalar', hi: node.value, lo: 0, integer: node.isInteger };
      case 'StringLiteral':
        return { kind: 'string', value: node.value };
      case 'Constant':
        return { kind: 'constant', value: node.value };
      case 'List':
        return { kind: 'list', items: node.items.map((item) => this.evaluate(item)) };
      case 'Attribute': {
        const constant = CONSTANTS.get(node.path);
        if (constant === undefined)
          throw this.error(
            'UNKNOWN_VARIABLE',
            `${node.path} is not supported; the constants available are np.pi and np.e`,
            node.loc,
          );
        return { kind: 'scalar', hi: constant, lo: 0, integer: false };
      }
      case 'UnaryOp': {
        const operand = this.numeric(this.evaluate(node.operand), node.operand.loc, `unary ${node.operator}`);
        return node.operator === '-' ? negate(operand) : operand;
      }
      case 'BinaryOp': {
        const left = this.numeric(this.evaluate(node.left), node.left.loc, node.operator);
        const right = this.numeric(this.evaluate(node.right), node.right.loc, node.operator);
        return arithmetic(node.operator, left, right, this.rows);
      }
      case 'Compare': {
        const ordering = node.operator !== '==' && node.operator !== '!=';
        const left = this.reader(this.evaluate(node.left), node.left.loc);
        const right = this.reader(this.evaluate(node.right), node.right.loc);
        if (ordering && left.type !== right.type) {
          throw this.error(
            'TYPE_MISMATCH',
            `cannot order ${left.type} values against ${right.type} values with ${node.operator}`,
            node.loc,
          );
        }
        return compare(node.operator, left.read, right.read, this.rows);
      }
      case 'Call':
        return this.call(node);
      default: {
        const unreachable: never = node;
        return unreachable;
      }
    }
  }

  private call(node: CallNode): Value {
    const definition = FUNCTIONS.get(node.callee);
    if (!definition) throw this.unknownFunction(node);
    const args = this.bind(node, definition);
    switch (definition.kind) {
      case 'identity':
        return this.evaluate(args[0]!);
      case 'quote': {
        const arg = args[0]!;
        if (arg.kind !== 'StringLiteral')
          throw this.error(
            'INVALID_ARGUMENT',
            'Q() takes a column name as a string literal, as in Q("my var")',
            arg.loc,
          );
        return this.variables.value(arg.value, node.loc);
      }
      case 'categorical':
        return this.categorical(args);
      case 'contrast':
        throw this.error(
          'INVALID_ARGUMENT',
          `${node.callee}(...) is a contrast: use it as the second argument of C(), as in C(g, ${node.callee})`,
          node.loc,
        );
      case 'math':
        return mapNumeric(
          this.numericArgument(args[0]!, node.callee),
          definition.apply,
          this.rows,
          definition.keepsIntegers,
        );
      case 'square': {
        const x = this.numericArgument(args[0]!, node.callee);
        return arithmetic('*', x, x, this.rows);
      }
      case 'power':
        return arithmetic(
          '**',
          this.numericArgument(args[0]!, node.callee),
          this.numericArgument(args[1]!, node.callee),
          this.rows,
        );
      case 'stateful':
        return this.stateful(node, args, definition.transform);
      default: {
        const unreachable: never = definition;
        return unreachable;
      }
    }
  }

  private bind(node: CallNode, signature: Signature): BoundArguments {
    const bound = bindArguments(node, signature);
    if ('error' in bound) throw this.error('INVALID_ARGUMENT', bound.error, bound.loc);
    return bound;
  }

  private numericArgument(node: ExpressionNode, callee: string): NumericOperand {
    return this.numeric(this.evaluate(node), node.loc, `${callee}()`);
  }

  /** C(data, contrast=None, levels=None) */
  private categorical([dataNode, contrastNode, levelsNode]: BoundArguments): CategoricalVector {
    const data = this.evaluate(dataNode!);
    let base: CategoricalVector;
    if (data.kind === 'categorical') base = data;
    else if (data.kind === 'numeric') {
      base = {
        kind: 'categorical',
        data: { form: 'numbers', values: data.hi, integer: data.integer },
        contrast: null,
        levels: null,
        column: columnOf(dataNode!),
      };
    } else
      throw this.error(
        'TYPE_MISMATCH',
        'C() needs a column (or an expression over columns) as its first argument',
        dataNode!.loc,
      );
    const contrast = contrastNode ? this.contrast(contrastNode) : undefined;
    const levels = levelsNode ? this.levels(levelsNode) : undefined;
    // patsy names the columns after the levels as given: C(k, levels=[1, 2]) prints 2 even where
    // pandas holds k as floats (a column with a missing value), and levels=[1.0, 2.0] prints 2.0.
    if (levels && base.data.form === 'numbers') {
      base = {
        ...base,
        data: {
          ...base.data,
          integer: this.literalList(levelsNode!).every((item) => item.kind === 'number' && item.integer),
        },
      };
    }
    return {
      ...base,
      contrast: contrast === undefined ? base.contrast : contrast,
      levels: levels === undefined ? base.levels : levels,
    };
  }

  private contrast(node: ExpressionNode): ContrastRequest | null {
    if (node.kind === 'Constant' && node.value === null) return null;
    const name = node.kind === 'Name' ? node.name : node.kind === 'Call' ? node.callee : undefined;
    const definition = name === undefined ? undefined : FUNCTIONS.get(name);
    if (definition?.kind !== 'contrast') {
      throw this.error(
        'INVALID_ARGUMENT',
        'the contrast must be Treatment, Sum, Helmert, Diff or Poly (optionally called, as in Treatment("b"))',
        node.loc,
      );
    }
    const type = definition.contrast;
    if (node.kind !== 'Call') return { type };
    const arg = this.bind(node, definition)[0];
    if (!arg || (arg.kind === 'Constant' && arg.value === null)) return { type };
    if (type === 'Poly') {
      const scores = this.literalList(arg).map((item) => {
        if (item.kind !== 'number') throw this.error('INVALID_ARGUMENT', 'Poly scores must be numbers', arg.loc);
        return item.value;
      });
      return { type, scores };
    }
    return { type, level: this.scalarArgument(arg) };
  }

  private levels(node: ExpressionNode): readonly LevelValue[] | null {
    if (node.kind === 'Constant' && node.value === null) return null;
    const levels = this.literalList(node).map((item) => item.value);
    const seen = new Set(levels.map((level) => (typeof level === 'string' ? `s${level}` : `v${Number(level)}`)));
    if (seen.size !== levels.length) throw this.error('INVALID_ARGUMENT', 'levels must not repeat a value', node.loc);
    if (levels.length === 0) throw this.error('INVALID_ARGUMENT', 'levels must list at least one level', node.loc);
    return levels;
  }

  private literalList(node: ExpressionNode): ScalarArgument[] {
    if (node.kind !== 'List')
      throw this.error('INVALID_ARGUMENT', "expected a list of literals, as in ['b', 'a', 'c']", node.loc);
    return node.items.map((item) => this.scalarArgument(item));
  }

  private scalarArgument(node: ExpressionNode): ScalarArgument {
    if (node.kind === 'StringLiteral') return { kind: 'string', value: node.value };
    if (node.kind === 'Constant' && node.value !== null) return { kind: 'boolean', value: node.value };
    if (node.kind === 'NumberLiteral') return { kind: 'number', value: node.value, integer: node.isInteger };
    if (node.kind === 'UnaryOp' && node.operand.kind === 'NumberLiteral') {
      const value = node.operator === '-' ? -node.operand.value : node.operand.value;
      return { kind: 'number', value, integer: node.operand.isInteger };
    }
    throw this.error('INVALID_ARGUMENT', 'expected a literal (a string, a number, True or False)', node.loc);
  }

  /** center(x), standardize(x, center=True, rescale=True, ddof=0), scale(...) */
  private stateful(node: CallNode, args: BoundArguments, transform: 'center' | 'standardize'): Value {
    const options: StandardizeOptions = {
      center: this.flag(args[1], true),
      rescale: this.flag(args[2], true),
      ddof: this.ddof(args[3]),
    };
    const arg = args[0]!;
    const x = this.numericArgument(arg, node.callee);
    if (x.kind === 'scalar')
      throw this.error('INVALID_ARGUMENT', `${node.callee}() needs a column, not a constant`, arg.loc);
    const index = this.states.length;
    let state: TransformState;
    if (this.replay) {
      const stored = this.replay[index];
      if (!stored || stored.transform !== transform)
        throw new InvalidSpecError(`the transform state of ${node.callee}() does not match the formula`);
      state = stored;
    } else {
      const learnt = this.learning === null ? learnTransform(transform, x) : this.learning.state(index, transform, x);
      if (learnt === null) {
        // Not learnt yet: whatever depends on it is pending too; NaN stands in for its values.
        this.pending = true;
        this.states.push({ transform: 'center', count: 0, mean: [Number.NaN, 0] });
        return { kind: 'numeric', hi: new Float64Array(this.rows).fill(Number.NaN), lo: null, integer: false };
      }
      state = learnt;
      if (state.count === 0)
        throw this.error(
          'NO_ROWS',
          `${node.callee}() has no values to learn from: its argument is missing in every row`,
          node.loc,
        );
    }
    if (state.transform === 'standardize' && options.rescale && !standardDeviation(state, options.ddof)) {
      throw this.error(
        'NON_FINITE_VALUE',
        `${node.callee}() cannot rescale: its argument has no spread in the training data ` +
          '(standard deviation 0, or too few rows for ddof)',
        node.loc,
      );
    }
    this.states.push(state);
    return applyTransform(state, x, options);
  }

  private flag(node: ExpressionNode | undefined, fallback: boolean): boolean {
    if (!node) return fallback;
    if (node.kind === 'Constant' && typeof node.value === 'boolean') return node.value;
    if (node.kind === 'NumberLiteral' && node.isInteger) return node.value !== 0;
    throw this.error('INVALID_ARGUMENT', 'expected True or False', node.loc);
  }

  private ddof(node: ExpressionNode | undefined): number {
    if (!node) return 0;
    const value = this.scalarArgument(node);
    if (value.kind === 'number' && Number.isFinite(value.value)) return value.value;
    throw this.error('INVALID_ARGUMENT', 'ddof must be a number, as in ddof=1', node.loc);
  }

  /** The value as a numeric operand: booleans count 0/1 as in numpy; other categoricals are refused. */
  private numeric(value: Value, loc: SourceLocation, where: string): NumericOperand {
    switch (value.kind) {
      case 'numeric':
      case 'scalar':
        return value;
      case 'categorical':
        if (value.data.form === 'numbers')
          return { kind: 'numeric', hi: value.data.values, lo: null, integer: value.data.integer };
        if (value.data.levels.every((level) => typeof level === 'boolean'))
          return booleanAsNumeric(value.data.codes, value.data.levels);
        break;
      case 'constant':
        if (value.value !== null) return { kind: 'scalar', hi: value.value ? 1 : 0, lo: 0, integer: true };
        break;
      default:
        break;
    }
    const text = this.formula.slice(loc.start, loc.end);
    const what =
      value.kind === 'categorical'
        ? 'categorical (it holds strings)'
        : value.kind === 'string'
          ? 'a string'
          : `a ${value.kind}`;
    throw this.error('TYPE_MISMATCH', `${where} needs numbers, but ${text} is ${what}`, loc);
  }

  private reader(value: Value, loc: SourceLocation): { read: RowReader; type: string } {
    switch (value.kind) {
      case 'numeric': {
        const { hi, lo } = value;
        return {
          read: (row) => (Number.isNaN(hi[row]!) ? null : lo ? hi[row]! + lo[row]! : hi[row]!),
          type: 'numeric',
        };
      }
      case 'scalar':
        return { read: () => value.hi, type: 'numeric' };
      case 'string':
        return { read: () => value.value, type: 'string' };
      case 'constant':
        if (value.value === null) break;
        return { read: () => value.value, type: 'boolean' };
      case 'categorical': {
        const { data } = value;
        if (data.form === 'numbers')
          return { read: (row) => (Number.isNaN(data.values[row]!) ? null : data.values[row]!), type: 'numeric' };
        const type = typeof data.levels[0] === 'boolean' ? 'boolean' : 'string';
        return { read: (row) => (data.codes[row]! < 0 ? null : data.levels[data.codes[row]!]!), type };
      }
      default:
        break;
    }
    throw this.error('TYPE_MISMATCH', `${this.formula.slice(loc.start, loc.end)} cannot be compared`, loc);
  }

  private unknownFunction(node: CallNode): FormulaError {
    const span = { formula: this.formula, position: node.calleeLoc.start, end: node.calleeLoc.end };
    const unsupported = UNSUPPORTED_FUNCTIONS.get(node.callee);
    if (unsupported) return new UnknownFunctionError(node.callee, unsupported, span);
    const supported = supportedFunctionNames();
    const near = closestNames(node.callee, [...FUNCTIONS.keys()]);
    const hint = near.length > 0 ? `did you mean ${near.join(' or ')}? ` : '';
    return new UnknownFunctionError(
      node.callee,
      `unknown function ${node.callee}; ${hint}supported functions are ${supported.join(', ')} ` +
        '(numpy functions also without the np. prefix)',
      span,
    );
  }

  private error(
    reason: ConstructorParameters<typeof FormulaError>[0],
    description: string,
    loc: SourceLocation,
  ): FormulaError {
    return new FormulaError(reason, description, {
      span: { formula: this.formula, position: loc.start, end: loc.end },
    });
  }
}

/** The column an expression reads directly (`g`, `Q("my g")`), or null. */
export function columnOf(node: ExpressionNode): string | null {
  if (node.kind === 'Name') return node.name;
  if (node.kind === 'Call' && node.callee === 'Q' && node.args[0]?.kind === 'StringLiteral') return node.args[0].value;
  if (node.kind === 'Call' && (node.callee === 'C' || node.callee === 'I') && node.args[0])
    return columnOf(node.args[0]);
  return null;
}
