/**
 * The formula AST. Two layers, as in patsy: the term language (`~ + - * / : **`, `0`, `1`,
 * parentheses) whose leaves are factors, and inside each factor a small Python-expression
 * language (names, literals, calls, arithmetic, comparisons) that the interpreter evaluates
 * over data columns. Every node is readonly and carries its `[start, end)` source offsets.
 */

/** Offsets `[start, end)` into the formula string (UTF-16 units). */
export interface SourceLocation {
  readonly start: number;
  readonly end: number;
}

// ---------------------------------------------------------------- term language

/** `lhs ~ rhs`, or `~ rhs` (which the design builder refuses: we need a response). */
export interface TildeNode {
  readonly kind: 'Tilde';
  readonly lhs: TermNode | null;
  readonly rhs: TermNode;
  readonly operator: SourceLocation;
  readonly loc: SourceLocation;
}

/** The binary term operators; `^` parses as `**`. */
export type TermOperator = '+' | '-' | '*' | '/' | ':' | '**';

/** `left op right` on term lists. */
export interface TermBinaryNode {
  readonly kind: 'TermBinary';
  readonly operator: TermOperator;
  /** The operator as written (`^` for an aliased power). */
  readonly lexeme: string;
  readonly left: TermNode;
  readonly right: TermNode;
  readonly operatorLoc: SourceLocation;
  readonly loc: SourceLocation;
}

/** Unary `+` or `-` on a term list (`-1` removes the intercept). */
export interface TermUnaryNode {
  readonly kind: 'TermUnary';
  readonly operator: '+' | '-';
  readonly operand: TermNode;
  readonly loc: SourceLocation;
}

/** `0` or `1` standing alone: intercept control. */
export interface InterceptNode {
  readonly kind: 'Intercept';
  readonly value: 0 | 1;
  readonly loc: SourceLocation;
}

/** Any other number standing alone: only meaningful as the exponent of `**`. */
export interface NumberTermNode {
  readonly kind: 'NumberTerm';
  readonly text: string;
  readonly loc: SourceLocation;
}

/** A factor: a Python-like expression evaluated over the data (`x`, `C(g, Sum)`, `np.log(w + 1)`). */
export interface FactorNode {
  readonly kind: 'Factor';
  /** patsy's normalised code: the factor's identity and its name in column names. */
  readonly code: string;
  readonly expression: ExpressionNode;
  readonly loc: SourceLocation;
}

/** A node of the term language. */
export type TermNode = TildeNode | TermBinaryNode | TermUnaryNode | InterceptNode | NumberTermNode | FactorNode;

// ---------------------------------------------------------------- factor expressions

/** A bare name: a data column (or `True`, `False`, `None`, which parse as constants). */
export interface NameNode {
  readonly kind: 'Name';
  readonly name: string;
  readonly loc: SourceLocation;
}

/** A numeric literal as written (`2`, `2.5`, `1e-3`, `0x1F`). */
export interface NumberLiteralNode {
  readonly kind: 'NumberLiteral';
  readonly text: string;
  readonly value: number;
  /** Whether Python would read it as an int (no point, no exponent). */
  readonly isInteger: boolean;
  readonly loc: SourceLocation;
}

/** A string literal (adjacent literals concatenated, as in Python). */
export interface StringLiteralNode {
  readonly kind: 'StringLiteral';
  readonly value: string;
  readonly loc: SourceLocation;
}

/** `True`, `False` or `None`. */
export interface ConstantNode {
  readonly kind: 'Constant';
  readonly value: boolean | null;
  readonly loc: SourceLocation;
}

/** `[a, b]` or `(a, b)`: only meaningful as an argument (`levels=[...]`, `scores=[...]`). */
export interface ListNode {
  readonly kind: 'List';
  readonly items: readonly ExpressionNode[];
  readonly loc: SourceLocation;
}

/** A dotted name that is not called (`np.pi`). */
export interface AttributeNode {
  readonly kind: 'Attribute';
  readonly path: string;
  readonly loc: SourceLocation;
}

/** Arithmetic operators inside a factor (Python's meaning). */
export type ArithmeticOperator = '+' | '-' | '*' | '/' | '//' | '%' | '**';

/** `left op right` arithmetic. */
export interface BinaryOpNode {
  readonly kind: 'BinaryOp';
  readonly operator: ArithmeticOperator;
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
  readonly operatorLoc: SourceLocation;
  readonly loc: SourceLocation;
}

/** Unary `-x` or `+x`. */
export interface UnaryOpNode {
  readonly kind: 'UnaryOp';
  readonly operator: '+' | '-';
  readonly operand: ExpressionNode;
  readonly loc: SourceLocation;
}

/** Comparison operators; a comparison yields a boolean (categorical) factor, as in patsy. */
export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** `left op right`, one comparison (Python's chained comparisons are refused). */
export interface CompareNode {
  readonly kind: 'Compare';
  readonly operator: ComparisonOperator;
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
  readonly loc: SourceLocation;
}

/** `name=value` inside a call. */
export interface KeywordArgument {
  readonly name: string;
  readonly value: ExpressionNode;
  readonly loc: SourceLocation;
}

/** A call of a function from the fixed table (`np.log(x)`, `C(g, Sum)`, `Treatment('b')`). */
export interface CallNode {
  readonly kind: 'Call';
  /** The dotted function name as written, without spaces (`np.log`). */
  readonly callee: string;
  readonly calleeLoc: SourceLocation;
  readonly args: readonly ExpressionNode[];
  readonly keywords: readonly KeywordArgument[];
  readonly loc: SourceLocation;
}

/** A node of the factor-expression language. */
export type ExpressionNode =
  | NameNode
  | NumberLiteralNode
  | StringLiteralNode
  | ConstantNode
  | ListNode
  | AttributeNode
  | BinaryOpNode
  | UnaryOpNode
  | CompareNode
  | CallNode;

/** The children of an expression node, for walks that do not care about the node's kind. */
export function expressionChildren(node: ExpressionNode): readonly ExpressionNode[] {
  switch (node.kind) {
    case 'Name':
    case 'NumberLiteral':
    case 'StringLiteral':
    case 'Constant':
    case 'Attribute':
      return [];
    case 'List':
      return node.items;
    case 'BinaryOp':
    case 'Compare':
      return [node.left, node.right];
    case 'UnaryOp':
      return [node.operand];
    case 'Call':
      return [...node.args, ...node.keywords.map((keyword) => keyword.value)];
    default: {
      const unreachable: never = node;
      return unreachable;
    }
  }
}
