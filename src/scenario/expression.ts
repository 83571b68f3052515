import { create, parseDependencies, type MathNode } from 'mathjs/number';
import { exp } from '../core/exp.js';
import { log } from '../core/log.js';
import { pow } from '../core/pow.js';

// only the parser: nothing that could evaluate, and a small bundle for the page's worker
const { parse } = create({ parseDependencies: parseDependencies! });

/**
 * Expressions in scenario files (knob formulas, year schedules, targets), parsed with mathjs
 * and compiled here into plain closures over a whitelist of node types, operators and
 * functions. Nothing is ever handed to mathjs's evaluator, so `import`, `createUnit`,
 * `evaluate`, `parse`, assignments, function definitions, matrices, strings and units are
 * not merely blocked — they have no meaning here: such an expression is a validation error.
 */

export type CompiledExpression = {
  readonly source: string;
  /** names the expression reads, in the order `evaluate` expects their values */
  readonly symbols: readonly string[];
  /** evaluates with `values[i]` the value of `symbols[i]`; booleans are 1 and 0 */
  readonly evaluate: (values: ArrayLike<number>) => number;
};

export type CompileResult = { readonly ok: true; readonly expression: CompiledExpression } | { readonly ok: false; readonly message: string };

/** Longest expression text accepted, in characters. */
export const MAX_EXPRESSION_LENGTH = 500;
/** Most syntax-tree nodes accepted in one expression. */
const MAX_NODES = 200;

type Evaluator = (values: ArrayLike<number>) => number;

const BINARY: Readonly<Record<string, (a: number, b: number) => number>> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  pow,
  mod: (a, b) => a - b * Math.floor(a / b),
  larger: (a, b) => (a > b ? 1 : 0),
  largerEq: (a, b) => (a >= b ? 1 : 0),
  smaller: (a, b) => (a < b ? 1 : 0),
  smallerEq: (a, b) => (a <= b ? 1 : 0),
  equal: (a, b) => (a === b ? 1 : 0),
  unequal: (a, b) => (a !== b ? 1 : 0),
  and: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  or: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
  xor: (a, b) => ((a !== 0) !== (b !== 0) ? 1 : 0),
};

const UNARY: Readonly<Record<string, (a: number) => number>> = {
  unaryMinus: (a) => -a,
  unaryPlus: (a) => a,
  not: (a) => (a === 0 ? 1 : 0),
};

const FUNCTIONS: Readonly<Record<string, { arity: [number, number]; fn: (...args: number[]) => number }>> = {
  min: { arity: [1, 16], fn: Math.min },
  max: { arity: [1, 16], fn: Math.max },
  abs: { arity: [1, 1], fn: Math.abs },
  exp: { arity: [1, 1], fn: exp },
  log: { arity: [1, 1], fn: log },
  sqrt: { arity: [1, 1], fn: Math.sqrt },
  floor: { arity: [1, 1], fn: Math.floor },
  ceil: { arity: [1, 1], fn: Math.ceil },
  round: { arity: [1, 1], fn: Math.round },
  sign: { arity: [1, 1], fn: Math.sign },
};

const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

const RELATIONS: Readonly<Record<string, string>> = {
  larger: 'larger',
  largerEq: 'largerEq',
  smaller: 'smaller',
  smallerEq: 'smallerEq',
  equal: 'equal',
  unequal: 'unequal',
};

class ExpressionError extends Error {}

/**
 * `table[name]` when `name` is the table's own entry, else undefined: names come from the
 * scenario, and `constructor` or `toString` must not find Object.prototype's members.
 */
function ownEntry<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/**
 * Compiles `source`. `isKnown(name)` says which names may be read (knobs, `year`, series
 * names such as `share.cars.china`); `pi` and `e` are constants unless known otherwise.
 */
export function compileExpression(source: string, isKnown: (name: string) => boolean, describeKnown?: string): CompileResult {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return { ok: false, message: `expression is ${source.length} characters long; at most ${MAX_EXPRESSION_LENGTH} are allowed` };
  }
  let root: MathNode;
  try {
    root = parse(source);
  } catch (error) {
    return { ok: false, message: `cannot parse expression "${source}": ${(error as Error).message}` };
  }
  const symbols: string[] = [];
  let nodes = 0;

  const build = (node: MathNode): Evaluator => {
    if (++nodes > MAX_NODES) throw new ExpressionError(`expression has more than ${MAX_NODES} parts`);
    const n = node as MathNode & Record<string, unknown>;
    switch (node.type) {
      case 'ConstantNode': {
        const value = n.value;
        if (typeof value === 'number' && Number.isFinite(value)) return () => value;
        if (typeof value === 'boolean') return value ? () => 1 : () => 0;
        throw new ExpressionError(`only finite numbers and true/false are allowed as constants, not ${JSON.stringify(value)}`);
      }
      case 'SymbolNode':
      case 'AccessorNode': {
        const name = dottedName(node);
        if (name === null) throw new ExpressionError('indexing (a[...]) is not allowed; write series names with dots, like share.cars.china');
        if (isKnown(name)) {
          let index = symbols.indexOf(name);
          if (index < 0) index = symbols.push(name) - 1;
          return (values) => values[index]!;
        }
        const constant = ownEntry(CONSTANTS, name);
        if (constant !== undefined) return () => constant;
        throw new ExpressionError(`unknown name "${name}"${describeKnown ? `; known: ${describeKnown}` : ''}`);
      }
      case 'ParenthesisNode':
        return build(n.content as MathNode);
      case 'OperatorNode': {
        const fn = String(n.fn);
        const args = (n.args as MathNode[]).map(build);
        const unary = args.length === 1 ? ownEntry(UNARY, fn) : undefined;
        if (unary) {
          const [a] = args as [Evaluator];
          return (values) => unary(a(values));
        }
        const binary = args.length === 2 ? ownEntry(BINARY, fn) : undefined;
        if (binary) {
          const [a, b] = args as [Evaluator, Evaluator];
          return (values) => binary(a(values), b(values));
        }
        throw new ExpressionError(`operator "${String(n.op)}" is not allowed`);
      }
      case 'RelationalNode': {
        const conditionals = n.conditionals as string[];
        const params = (n.params as MathNode[]).map(build);
        const ops = conditionals.map((c) => {
          const op = ownEntry(RELATIONS, c) ? ownEntry(BINARY, c) : undefined;
          if (!op) throw new ExpressionError(`comparison "${c}" is not allowed`);
          return op;
        });
        return (values) => {
          for (let i = 0; i < ops.length; i++) if (ops[i]!(params[i]!(values), params[i + 1]!(values)) === 0) return 0;
          return 1;
        };
      }
      case 'ConditionalNode': {
        const condition = build(n.condition as MathNode);
        const whenTrue = build(n.trueExpr as MathNode);
        const whenFalse = build(n.falseExpr as MathNode);
        return (values) => (condition(values) !== 0 ? whenTrue(values) : whenFalse(values));
      }
      case 'FunctionNode': {
        const callee = n.fn as MathNode & { name?: string };
        const name = callee.type === 'SymbolNode' ? String(callee.name) : '';
        const spec = ownEntry(FUNCTIONS, name);
        if (!spec) {
          throw new ExpressionError(`function "${name || callee.type}" is not allowed; allowed: ${Object.keys(FUNCTIONS).join(', ')}`);
        }
        const args = (n.args as MathNode[]).map(build);
        if (args.length < spec.arity[0] || args.length > spec.arity[1]) {
          throw new ExpressionError(`${name}() takes ${spec.arity.join('–')} argument(s), got ${args.length}`);
        }
        const fn = spec.fn;
        if (args.length === 1) {
          const [a] = args as [Evaluator];
          return (values) => fn(a(values));
        }
        return (values) => fn(...args.map((a) => a(values)));
      }
      default:
        throw new ExpressionError(`${describeNode(node.type)} is not allowed in an expression`);
    }
  };

  try {
    const evaluate = build(root);
    return { ok: true, expression: { source, symbols, evaluate } };
  } catch (error) {
    if (error instanceof ExpressionError) return { ok: false, message: `${error.message} (in "${source}")` };
    throw error;
  }
}

/** `a`, `a.b`, `a.b.c` (dot notation only) as one name; null for anything else. */
function dottedName(node: MathNode): string | null {
  const n = node as MathNode & Record<string, unknown>;
  if (node.type === 'SymbolNode') return String(n.name);
  if (node.type !== 'AccessorNode') return null;
  const index = n.index as MathNode & { dotNotation?: boolean; dimensions?: MathNode[] };
  const dimension = index.dimensions?.[0] as (MathNode & { value?: unknown }) | undefined;
  if (!index.dotNotation || index.dimensions?.length !== 1 || typeof dimension?.value !== 'string') return null;
  const object = dottedName(n.object as MathNode);
  return object === null ? null : `${object}.${dimension.value}`;
}

function describeNode(type: string): string {
  switch (type) {
    case 'AssignmentNode':
      return 'assignment (=)';
    case 'FunctionAssignmentNode':
      return 'defining a function';
    case 'BlockNode':
      return 'a block of several statements (; or newline)';
    case 'ArrayNode':
      return 'a matrix or list ([...])';
    case 'ObjectNode':
      return 'an object ({...})';
    case 'RangeNode':
      return 'a range (a:b)';
    case 'IndexNode':
      return 'indexing';
    default:
      return type;
  }
}
