import { describe, expect, it } from 'vitest';
import { evaluateExpression, expressionColumns, ExpressionRowError, parseExpression } from '../../src/model/expr.js';

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
