import { CoordixError } from '../errors.js';

/**
 * The expression language of derived indicators (`expr: "gdp * 10000 / population"`).
 *
 * Grammar, loosest first:  sum := product (('+' | '-') product)*
 *                          product := unary (('*' | '/') unary)*
 *                          unary := '-' unary | '+' unary | power
 *                          power := atom ('^' unary)?            (right-associative; -2^2 = -4)
 *                          atom := number | column | `quoted column` | fn '(' sum (',' sum)* ')' | '(' sum ')'
 * Functions: log (base 10), ln, sqrt, abs, min, max (two or more arguments). Parsed once into a
 * tree and evaluated per row; never `eval`, and nothing but the row's columns is reachable.
 */

export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'column'; name: string }
  | { kind: 'negate'; operand: Expr }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | '^'; left: Expr; right: Expr; position: number }
  | { kind: 'call'; fn: FunctionName; args: Expr[] };

type FunctionName = 'log' | 'ln' | 'sqrt' | 'abs' | 'min' | 'max';
const FUNCTIONS = new Set<string>(['log', 'ln', 'sqrt', 'abs', 'min', 'max']);

interface Token {
  type: 'number' | 'name' | 'quoted' | 'op' | 'end';
  text: string;
  position: number;
}

/** The longest expression accepted, in characters. */
export const MAX_EXPRESSION_LENGTH = 10_000;
/** The most nodes (numbers, columns, operations, function calls) an expression may have. */
export const MAX_EXPRESSION_NODES = 1_000;
/** The deepest nesting accepted: parentheses, function calls, signs and powers, each one level. */
export const MAX_EXPRESSION_DEPTH = 64;

/** The expression as shown in messages: whole when short, else its first 60 characters and "…". */
function shown(source: string): string {
  return source.length <= 80 ? source : `${source.slice(0, 60)}…`;
}

/** A parse error with the 1-based character position in the expression. */
function syntaxError(source: string, position: number, what: string): CoordixError {
  return new CoordixError(`expression "${shown(source)}", at character ${position + 1}: ${what}`);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/\s/u.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9.]/.test(ch)) {
      const match = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(source.slice(i));
      if (!match) throw syntaxError(source, i, `"${ch}" does not start a number`);
      tokens.push({ type: 'number', text: match[0], position: start });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      tokens.push({ type: 'name', text: match[0], position: start });
      i += match[0].length;
    } else if (ch === '`') {
      const end = source.indexOf('`', i + 1);
      if (end < 0) throw syntaxError(source, i, 'a column name opened with ` is never closed');
      if (end === i + 1) throw syntaxError(source, i, 'an empty column name ``');
      tokens.push({ type: 'quoted', text: source.slice(i + 1, end), position: start });
      i = end + 1;
    } else if ('+-*/^(),'.includes(ch)) {
      tokens.push({ type: 'op', text: ch, position: start });
      i++;
    } else {
      throw syntaxError(source, i, `unexpected "${ch}" (column names with spaces or CJK characters go in backticks: \`人口\`)`);
    }
  }
  tokens.push({ type: 'end', text: '', position: source.length });
  return tokens;
}

/**
 * Parses an expression once. Left-associative chains (a + b + c …) are built by loops; recursion
 * happens only for nesting, which is bounded by MAX_EXPRESSION_DEPTH.
 * @throws CoordixError naming the position of the first error, or the limit an expression goes
 * past: MAX_EXPRESSION_LENGTH characters, MAX_EXPRESSION_NODES nodes, MAX_EXPRESSION_DEPTH levels.
 * @example parseExpression('-2^2') // => { kind: 'negate', operand: { kind: 'binary', op: '^', left: { kind: 'number', value: 2 }, right: { kind: 'number', value: 2 }, position: 2 } }
 */
export function parseExpression(source: string): Expr {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new CoordixError(
      `expression "${shown(source)}": ${source.length} characters, more than the limit of ${MAX_EXPRESSION_LENGTH}; split it into several derived indicators (each one's expr can use the ones before)`,
    );
  }
  const tokens = tokenize(source);
  let p = 0;
  let nodes = 0;
  let depth = 0;
  const peek = () => tokens[p];
  const take = () => tokens[p++];
  const expectOp = (text: string, what: string) => {
    const t = take();
    if (t.type !== 'op' || t.text !== text) throw syntaxError(source, t.position, `expected ${what}, found ${describe(t)}`);
  };
  /** Counts a node of the tree; past the limit, an error at its position. */
  const node = <T extends Expr>(e: T, position: number): T => {
    if (++nodes > MAX_EXPRESSION_NODES) {
      throw syntaxError(source, position, `more than ${MAX_EXPRESSION_NODES} terms and operations, the limit; split the expression into several derived indicators`);
    }
    return e;
  };
  /** One level deeper (a parenthesis, a call, a sign, a power) for the duration of `parse`. */
  const nested = <T>(position: number, parse: () => T): T => {
    if (++depth > MAX_EXPRESSION_DEPTH) {
      throw syntaxError(source, position, `nested more than ${MAX_EXPRESSION_DEPTH} levels deep (parentheses, functions, signs and powers), the limit; simplify the expression`);
    }
    const result = parse();
    depth--;
    return result;
  };

  function sum(): Expr {
    let left = product();
    for (let t = peek(); t.type === 'op' && (t.text === '+' || t.text === '-'); t = peek()) {
      take();
      left = node({ kind: 'binary', op: t.text as '+' | '-', left, right: product(), position: t.position }, t.position);
    }
    return left;
  }
  function product(): Expr {
    let left = unary();
    for (let t = peek(); t.type === 'op' && (t.text === '*' || t.text === '/'); t = peek()) {
      take();
      left = node({ kind: 'binary', op: t.text as '*' | '/', left, right: unary(), position: t.position }, t.position);
    }
    return left;
  }
  function unary(): Expr {
    const t = peek();
    if (t.type === 'op' && t.text === '-') {
      take();
      return node({ kind: 'negate', operand: nested(t.position, unary) }, t.position);
    }
    if (t.type === 'op' && t.text === '+') {
      take();
      return nested(t.position, unary);
    }
    return power();
  }
  function power(): Expr {
    const base = atom();
    const t = peek();
    if (t.type === 'op' && t.text === '^') {
      take();
      return node({ kind: 'binary', op: '^', left: base, right: nested(t.position, unary), position: t.position }, t.position);
    }
    return base;
  }
  function atom(): Expr {
    const t = take();
    if (t.type === 'number') {
      const value = Number(t.text);
      if (!Number.isFinite(value)) throw syntaxError(source, t.position, `${t.text} is not a finite number`);
      return node({ kind: 'number', value }, t.position);
    }
    if (t.type === 'quoted') return node({ kind: 'column', name: t.text }, t.position);
    if (t.type === 'name') {
      const next = peek();
      if (next.type === 'op' && next.text === '(') {
        if (!FUNCTIONS.has(t.text)) {
          throw syntaxError(source, t.position, `unknown function ${t.text}() (known: log, ln, sqrt, abs, min, max)`);
        }
        take();
        const args = nested(t.position, () => {
          const list = [sum()];
          while (peek().type === 'op' && peek().text === ',') {
            take();
            list.push(sum());
          }
          return list;
        });
        expectOp(')', '")" to close the arguments');
        const fn = t.text as FunctionName;
        const variadic = fn === 'min' || fn === 'max';
        if (variadic ? args.length < 2 : args.length !== 1) {
          throw syntaxError(source, t.position, `${fn}() takes ${variadic ? 'two or more arguments' : 'one argument'}, got ${args.length}`);
        }
        return node({ kind: 'call', fn, args }, t.position);
      }
      return node({ kind: 'column', name: t.text }, t.position);
    }
    if (t.type === 'op' && t.text === '(') {
      const inner = nested(t.position, sum);
      expectOp(')', '")"');
      return inner;
    }
    throw syntaxError(source, t.position, `expected a number, a column or "(", found ${describe(t)}`);
  }

  const tree = sum();
  const rest = peek();
  if (rest.type !== 'end') throw syntaxError(source, rest.position, `unexpected ${describe(rest)} after a complete expression`);
  return tree;
}

function describe(t: Token): string {
  return t.type === 'end' ? 'the end of the expression' : `"${t.text}"`;
}

/**
 * The nodes of a tree in evaluation order (children before their parent, left before right),
 * by an explicit stack: no recursion, whatever the depth of a tree built by hand.
 */
function postOrder(expr: Expr): Expr[] {
  const order: Expr[] = [];
  const stack: { e: Expr; expanded: boolean }[] = [{ e: expr, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    const e = top.e;
    if (top.expanded || e.kind === 'number' || e.kind === 'column') {
      order.push(e);
      continue;
    }
    stack.push({ e, expanded: true });
    const children = e.kind === 'negate' ? [e.operand] : e.kind === 'binary' ? [e.left, e.right] : e.args;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ e: children[i], expanded: false });
  }
  return order;
}

/**
 * The column names an expression reads, in first-use order, each once.
 * @example expressionColumns(parseExpression('a / b + a * `人口`')) // => ['a', 'b', '人口']
 */
export function expressionColumns(expr: Expr): string[] {
  const names: string[] = [];
  for (const e of postOrder(expr)) if (e.kind === 'column' && !names.includes(e.name)) names.push(e.name);
  return names;
}

/** Why a row's value could not be computed. */
export class ExpressionRowError extends Error {
  constructor(
    readonly row: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Evaluates an expression for rows 0..length−1, reading columns through `column(name)`. Node by
 * node over whole columns (children before parents, by an explicit stack), so neither a long
 * chain nor a deep tree built by hand can exhaust the call stack. The first failing row is
 * reported as a row-by-row evaluation would: the lowest row, and in it the first division by zero
 * in evaluation order, else a non-finite result.
 * @throws ExpressionRowError for division by zero or a non-finite result, naming the row.
 * @example Array.from(evaluateExpression(parseExpression('a / b'), (n) => Float64Array.of(n === 'a' ? 6 : 3), 1)) // => [2]
 */
export function evaluateExpression(expr: Expr, column: (name: string) => Float64Array, length: number): Float64Array {
  const stack: Float64Array[] = [];
  /** Per row, the first division by zero met (its message), if any. */
  const divisionByZero: (string | undefined)[] = [];
  const unary = (f: (x: number) => number) => {
    const x = stack.pop()!;
    const out = new Float64Array(length);
    for (let row = 0; row < length; row++) out[row] = f(x[row]);
    stack.push(out);
  };
  for (const e of postOrder(expr)) {
    switch (e.kind) {
      case 'number':
        stack.push(new Float64Array(length).fill(e.value));
        break;
      case 'column': {
        const values = column(e.name);
        const out = new Float64Array(length);
        for (let row = 0; row < length; row++) out[row] = values[row];
        stack.push(out);
        break;
      }
      case 'negate':
        unary((x) => -x);
        break;
      case 'call': {
        if (e.fn === 'min' || e.fn === 'max') {
          const args = stack.splice(stack.length - e.args.length);
          const out = new Float64Array(length).fill(e.fn === 'min' ? Infinity : -Infinity);
          const pick = e.fn === 'min' ? Math.min : Math.max;
          for (const a of args) for (let row = 0; row < length; row++) out[row] = pick(out[row], a[row]);
          stack.push(out);
        } else {
          unary(e.fn === 'log' ? Math.log10 : e.fn === 'ln' ? Math.log : e.fn === 'sqrt' ? Math.sqrt : Math.abs);
        }
        break;
      }
      case 'binary': {
        const right = stack.pop()!;
        const left = stack.pop()!;
        const out = left; // reused: the left operand is not needed afterwards
        switch (e.op) {
          case '+':
            for (let row = 0; row < length; row++) out[row] = left[row] + right[row];
            break;
          case '-':
            for (let row = 0; row < length; row++) out[row] = left[row] - right[row];
            break;
          case '*':
            for (let row = 0; row < length; row++) out[row] = left[row] * right[row];
            break;
          case '/':
            for (let row = 0; row < length; row++) {
              if (right[row] === 0) divisionByZero[row] ??= `division by zero (the divisor at character ${e.position + 1} is 0)`;
              out[row] = left[row] / right[row];
            }
            break;
          case '^':
            for (let row = 0; row < length; row++) out[row] = left[row] ** right[row];
            break;
        }
        stack.push(out);
        break;
      }
    }
  }
  const out = stack.pop()!;
  for (let row = 0; row < length; row++) {
    const reason = divisionByZero[row];
    if (reason !== undefined) throw new ExpressionRowError(row, reason);
    if (!Number.isFinite(out[row])) throw new ExpressionRowError(row, `the result is ${out[row]}, not a finite number`);
  }
  return out;
}
