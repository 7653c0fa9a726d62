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

/** A parse error with the 1-based character position in the expression. */
function syntaxError(source: string, position: number, what: string): CoordixError {
  return new CoordixError(`expression "${source}", at character ${position + 1}: ${what}`);
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
 * Parses an expression once. @throws CoordixError naming the position of the first error.
 * @example parseExpression('-2^2') // => negate(binary ^ (2, 2)), which evaluates to -4
 */
export function parseExpression(source: string): Expr {
  const tokens = tokenize(source);
  let p = 0;
  const peek = () => tokens[p];
  const take = () => tokens[p++];
  const expectOp = (text: string, what: string) => {
    const t = take();
    if (t.type !== 'op' || t.text !== text) throw syntaxError(source, t.position, `expected ${what}, found ${describe(t)}`);
  };

  function sum(): Expr {
    let left = product();
    for (let t = peek(); t.type === 'op' && (t.text === '+' || t.text === '-'); t = peek()) {
      take();
      left = { kind: 'binary', op: t.text as '+' | '-', left, right: product(), position: t.position };
    }
    return left;
  }
  function product(): Expr {
    let left = unary();
    for (let t = peek(); t.type === 'op' && (t.text === '*' || t.text === '/'); t = peek()) {
      take();
      left = { kind: 'binary', op: t.text as '*' | '/', left, right: unary(), position: t.position };
    }
    return left;
  }
  function unary(): Expr {
    const t = peek();
    if (t.type === 'op' && t.text === '-') {
      take();
      return { kind: 'negate', operand: unary() };
    }
    if (t.type === 'op' && t.text === '+') {
      take();
      return unary();
    }
    return power();
  }
  function power(): Expr {
    const base = atom();
    const t = peek();
    if (t.type === 'op' && t.text === '^') {
      take();
      return { kind: 'binary', op: '^', left: base, right: unary(), position: t.position };
    }
    return base;
  }
  function atom(): Expr {
    const t = take();
    if (t.type === 'number') {
      const value = Number(t.text);
      if (!Number.isFinite(value)) throw syntaxError(source, t.position, `${t.text} is not a finite number`);
      return { kind: 'number', value };
    }
    if (t.type === 'quoted') return { kind: 'column', name: t.text };
    if (t.type === 'name') {
      const next = peek();
      if (next.type === 'op' && next.text === '(') {
        if (!FUNCTIONS.has(t.text)) {
          throw syntaxError(source, t.position, `unknown function ${t.text}() (known: log, ln, sqrt, abs, min, max)`);
        }
        take();
        const args = [sum()];
        while (peek().type === 'op' && peek().text === ',') {
          take();
          args.push(sum());
        }
        expectOp(')', '")" to close the arguments');
        const fn = t.text as FunctionName;
        const variadic = fn === 'min' || fn === 'max';
        if (variadic ? args.length < 2 : args.length !== 1) {
          throw syntaxError(source, t.position, `${fn}() takes ${variadic ? 'two or more arguments' : 'one argument'}, got ${args.length}`);
        }
        return { kind: 'call', fn, args };
      }
      return { kind: 'column', name: t.text };
    }
    if (t.type === 'op' && t.text === '(') {
      const inner = sum();
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

/** The column names an expression reads, in first-use order, each once. */
export function expressionColumns(expr: Expr): string[] {
  const names: string[] = [];
  const visit = (e: Expr): void => {
    if (e.kind === 'column') {
      if (!names.includes(e.name)) names.push(e.name);
    } else if (e.kind === 'negate') visit(e.operand);
    else if (e.kind === 'binary') {
      visit(e.left);
      visit(e.right);
    } else if (e.kind === 'call') e.args.forEach(visit);
  };
  visit(expr);
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
 * Evaluates an expression for rows 0..length−1, reading columns through `column(name)`.
 * @throws ExpressionRowError for division by zero or a non-finite result, naming the row.
 * @example evaluateExpression(parseExpression('a / b'), (n) => (n === 'a' ? Float64Array.of(6) : Float64Array.of(3)), 1) // => Float64Array [2]
 */
export function evaluateExpression(expr: Expr, column: (name: string) => Float64Array, length: number): Float64Array {
  const out = new Float64Array(length);
  const evaluate = compile(expr, column);
  for (let row = 0; row < length; row++) {
    const value = evaluate(row);
    if (!Number.isFinite(value)) throw new ExpressionRowError(row, `the result is ${value}, not a finite number`);
    out[row] = value;
  }
  return out;
}

function compile(expr: Expr, column: (name: string) => Float64Array): (row: number) => number {
  switch (expr.kind) {
    case 'number': {
      const value = expr.value;
      return () => value;
    }
    case 'column': {
      const values = column(expr.name);
      return (row) => values[row];
    }
    case 'negate': {
      const operand = compile(expr.operand, column);
      return (row) => -operand(row);
    }
    case 'call': {
      const args = expr.args.map((a) => compile(a, column));
      const f = args[0];
      switch (expr.fn) {
        case 'log':
          return (row) => Math.log10(f(row));
        case 'ln':
          return (row) => Math.log(f(row));
        case 'sqrt':
          return (row) => Math.sqrt(f(row));
        case 'abs':
          return (row) => Math.abs(f(row));
        case 'min':
          return (row) => args.reduce((m, g) => Math.min(m, g(row)), Infinity);
        case 'max':
          return (row) => args.reduce((m, g) => Math.max(m, g(row)), -Infinity);
      }
    }
    case 'binary': {
      const b = expr;
      const left = compile(b.left, column);
      const right = compile(b.right, column);
      switch (b.op) {
        case '+':
          return (row) => left(row) + right(row);
        case '-':
          return (row) => left(row) - right(row);
        case '*':
          return (row) => left(row) * right(row);
        case '/':
          return (row) => {
            const divisor = right(row);
            if (divisor === 0) throw new ExpressionRowError(row, `division by zero (the divisor at character ${b.position + 1} is 0)`);
            return left(row) / divisor;
          };
        case '^':
          return (row) => left(row) ** right(row);
      }
    }
  }
}
