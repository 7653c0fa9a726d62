import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoordixError } from '../../src/errors.js';
import {
  evaluateExpression,
  type Expr,
  expressionColumns,
  ExpressionRowError,
  MAX_EXPRESSION_DEPTH,
  MAX_EXPRESSION_LENGTH,
  MAX_EXPRESSION_NODES,
  parseExpression,
} from '../../src/model/expr.js';

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, none was thrown');
}

const columns: Record<string, Float64Array> = {
  a: Float64Array.of(6, 1),
  b: Float64Array.of(3, 0),
  人口: Float64Array.of(2, 4),
};
const run = (source: string, row = 0) => evaluateExpression(parseExpression(source), (n) => columns[n], 1 + row)[row];

describe('the expression language of derived indicators', () => {
  it('follows the usual precedence: * / before + −, ^ before unary minus, ^ right-associative', () => {
    expect(run('1 + 2 * 3')).toBe(7);
    expect(run('(1 + 2) * 3')).toBe(9);
    expect(run('-2^2')).toBe(-4);
    expect(run('2^3^2')).toBe(512);
    expect(run('10 - 4 - 3')).toBe(3);
    expect(run('a / b * 2')).toBe(4);
    expect(run('--a')).toBe(6);
    expect(run('2 * -a')).toBe(-12);
  });

  it('reads columns, including backtick-quoted CJK names', () => {
    expect(run('a * 10000 / `人口`')).toBe(30000);
    expect(expressionColumns(parseExpression('a / b + a * `人口`'))).toEqual(['a', 'b', '人口']);
  });

  it('has log (base 10), ln, sqrt, abs, min and max', () => {
    expect(run('log(100)')).toBe(2);
    expect(run('ln(1)')).toBe(0);
    expect(run('sqrt(a + 3)')).toBe(3);
    expect(run('abs(b - a)')).toBe(3);
    expect(run('min(a, b, 4)')).toBe(3);
    expect(run('max(a, b)')).toBe(6);
    expect(run('1e3 + .5')).toBe(1000.5);
  });

  it('reports syntax errors with their position', () => {
    expect(() => parseExpression('a + * b')).toThrow(/at character 5: expected a number, a column or "\("/);
    expect(() => parseExpression('(a + b')).toThrow(/at character 7: expected "\)"/);
    expect(() => parseExpression('a b')).toThrow(/at character 3: unexpected "b"/);
    expect(() => parseExpression('foo(a)')).toThrow(/unknown function foo\(\)/);
    expect(() => parseExpression('min(a)')).toThrow(/two or more arguments/);
    expect(() => parseExpression('a # b')).toThrow(/at character 3: unexpected "#"/);
    expect(() => parseExpression('`x')).toThrow(/never closed/);
  });

  it('names the row on division by zero and on a non-finite result', () => {
    const expr = parseExpression('a / b');
    let error: unknown;
    try {
      evaluateExpression(expr, (n) => columns[n], 2);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExpressionRowError);
    expect((error as ExpressionRowError).row).toBe(1);
    expect((error as Error).message).toMatch(/division by zero/);
    expect(() => evaluateExpression(parseExpression('ln(b)'), (n) => columns[n], 2)).toThrow(/-Infinity, not a finite number/);
  });
});

describe('the limits of an expression', () => {
  it('exports its limits: 10,000 characters, 1,000 nodes, 64 levels of nesting', () => {
    expect([MAX_EXPRESSION_LENGTH, MAX_EXPRESSION_NODES, MAX_EXPRESSION_DEPTH]).toEqual([10_000, 1_000, 64]);
  });

  it('refuses a flat sum of 5,000 terms by the node limit, not with a RangeError', () => {
    const source = Array(5000).fill('1').join('+'); // 9,999 characters: within the length limit
    expect(source.length).toBe(9999);
    const error = thrown(() => parseExpression(source));
    expect(error).toBeInstanceOf(CoordixError);
    // nodes in the order made: 1, 1, +, 1, +, … — the 1,001st is the 500th "+", at character 2 × 500 = 1000
    expect(error.message).toBe(`expression "${source.slice(0, 60)}…", at character 1000: more than 1000 terms and operations, the limit; split the expression into several derived indicators`);
  });

  it('refuses an expression longer than 10,000 characters before reading it', () => {
    const source = Array(10_000).fill('a').join('+');
    expect(thrown(() => parseExpression(source)).message).toBe(
      `expression "${source.slice(0, 60)}…": 19999 characters, more than the limit of 10000; split it into several derived indicators (each one's expr can use the ones before)`,
    );
  });

  it('accepts 999 nodes and evaluates a 500-term sum (500 × 6 = 3000)', () => {
    const source = Array(500).fill('a').join(' + '); // 500 columns + 499 additions = 999 nodes
    expect(run(source)).toBe(3000);
  });

  it('accepts 64 levels of parentheses and refuses 65, naming the limit and the position', () => {
    expect(run('('.repeat(64) + 'a' + ')'.repeat(64))).toBe(6);
    const error = thrown(() => parseExpression('('.repeat(65) + 'a' + ')'.repeat(65)));
    expect(error.message).toBe(
      `expression "${'('.repeat(60)}…", at character 65: nested more than 64 levels deep (parentheses, functions, signs and powers), the limit; simplify the expression`,
    );
  });

  it('refuses deep nesting of any kind with the depth limit, never "Maximum call stack size exceeded"', () => {
    for (const source of ['('.repeat(4000) + '1' + ')'.repeat(4000), '-'.repeat(9000) + '1', Array(3000).fill('2').join('^'), 'abs('.repeat(1500) + '1' + ')'.repeat(1500)]) {
      expect(thrown(() => parseExpression(source)).message).toMatch(/nested more than 64 levels deep/);
    }
    expect(run('-'.repeat(64) + 'a')).toBe(6); // an even number of signs
    expect(run(Array(60).fill('1').join('^'))).toBe(1);
  });

  it('evaluates a tree built by hand 100,000 levels deep without recursion', () => {
    let deep: Expr = { kind: 'column', name: 'a' };
    for (let i = 0; i < 100_000; i++) deep = { kind: 'negate', operand: deep };
    expect(Array.from(evaluateExpression(deep, (n) => columns[n], 2))).toEqual([6, 1]); // an even number of negations
    expect(expressionColumns(deep)).toEqual(['a']);
  });
});

/** Row by row, by recursion over the tree: the reference the column-wise evaluator must match. */
function reference(e: Expr, row: number): number {
  switch (e.kind) {
    case 'number':
      return e.value;
    case 'column':
      return columns[e.name][row];
    case 'negate':
      return -reference(e.operand, row);
    case 'call': {
      const args = e.args.map((a) => reference(a, row));
      const f = { log: Math.log10, ln: Math.log, sqrt: Math.sqrt, abs: Math.abs, min: Math.min, max: Math.max }[e.fn];
      return f(...(args as [number]));
    }
    case 'binary': {
      const l = reference(e.left, row);
      const r = reference(e.right, row);
      if (e.op === '/' && r === 0) throw new ExpressionRowError(row, 'division by zero');
      return e.op === '+' ? l + r : e.op === '-' ? l - r : e.op === '*' ? l * r : e.op === '/' ? l / r : l ** r;
    }
  }
}

describe('column-wise evaluation', () => {
  const source: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('a', 'b', '`人口`', '2', '0.5', '0'),
      fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '^'), tie('e')).map(([l, op, r]) => `(${l} ${op} ${r})`),
      tie('e').map((x) => `-${x}`),
      fc.tuple(fc.constantFrom('log', 'ln', 'sqrt', 'abs'), tie('e')).map(([f, x]) => `${f}(${x})`),
      fc.tuple(fc.constantFrom('min', 'max'), fc.array(tie('e'), { minLength: 2, maxLength: 3 })).map(([f, xs]) => `${f}(${xs.join(', ')})`),
    ),
  })).e;

  it('gives what a row-by-row recursive evaluation gives, value for value, and fails on the same row', () => {
    fc.assert(
      fc.property(source, (text) => {
        const expr = parseExpression(text);
        let expected: number[] | { row: number; division: boolean };
        try {
          expected = [0, 1].map((row) => {
            const v = reference(expr, row);
            if (!Number.isFinite(v)) throw new ExpressionRowError(row, 'non-finite');
            return v;
          });
        } catch (e) {
          expected = { row: (e as ExpressionRowError).row, division: (e as Error).message === 'division by zero' };
        }
        let actual: number[] | { row: number; division: boolean };
        try {
          actual = Array.from(evaluateExpression(expr, (n) => columns[n], 2));
        } catch (e) {
          actual = { row: (e as ExpressionRowError).row, division: /division by zero/.test((e as Error).message) };
        }
        expect(actual).toEqual(expected);
      }),
    );
  });
});
