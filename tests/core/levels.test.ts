import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_LEVELS, coordinationLevel, levelName, levelNameOf, levelOf, type LevelTable } from '../../src/core/levels.js';
import { validateLevelTable } from '../../src/model/levels.js';

/** A five-class table of the kind papers use: [0, 0.2), [0.2, 0.4), [0.4, 0.6), [0.6, 0.8), [0.8, 1]. */
const FIVE: LevelTable = {
  bounds: [0.2, 0.4, 0.6, 0.8],
  names: { en: ['severe imbalance', 'mild imbalance', 'transition', 'primary coordination', 'good coordination'], zh: ['严重失调', '轻度失调', '过渡', '初级协调', '良好协调'] },
};

describe('custom level tables (methods.md §6, custom levels)', () => {
  it('counts the bounds at or below D: level = 1 + #{b ≤ D}', () => {
    // D = 0.2 is on a bound: closed below → level 2; D = 1 → 1 + 4 = 5; D = 0 → 1
    expect([0, 0.1999, 0.2, 0.5, 0.79, 0.8, 1].map((d) => levelOf(d, FIVE))).toEqual([1, 1, 2, 3, 4, 5, 5]);
    expect(levelNameOf(levelOf(0.65, FIVE), 'zh', FIVE)).toBe('初级协调');
    expect(levelNameOf(3, 'en', FIVE)).toBe('transition');
  });

  it('without a table gives exactly the built-in levels and names', () => {
    for (const d of [0, 0.05, 0.1, 0.35, 0.5, 0.8999999999999999, 0.9, 1]) expect(levelOf(d)).toBe(coordinationLevel(d));
    for (let level = 1; level <= 10; level++) {
      expect(levelNameOf(level)).toBe(levelName(level));
      expect(levelNameOf(level, 'zh')).toBe(levelName(level, 'zh'));
    }
  });

  it('bounds 0.1, 0.2, …, 0.9 with ten names equal the built-in levels for every D (fast-check)', () => {
    const copy: LevelTable = { bounds: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], names: { en: [...BUILTIN_LEVELS.names.en], zh: [...BUILTIN_LEVELS.names.zh] } };
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (d) => {
        expect(levelOf(d, copy)).toBe(coordinationLevel(d));
      }),
    );
    // Every double within 1000 steps of each bound, where rounding would show.
    const buffer = new Float64Array(1);
    const bits = new BigInt64Array(buffer.buffer);
    for (const b of [...copy.bounds, 1]) {
      buffer[0] = b;
      const base = bits[0];
      for (let step = -1000n; step <= 1000n; step++) {
        bits[0] = base + step;
        const d = buffer[0];
        if (d <= 1) expect(levelOf(d, copy)).toBe(coordinationLevel(d));
      }
    }
  });

  it('the built-in rule and the counting rule differ at exactly one double, 0.8999999999999999', () => {
    // 10 · 0.8999999999999999 rounds to 9, so ⌊10·D⌋ + 1 = 10, while 0.8999999999999999 < 0.9 counts 8 bounds → 9.
    // A table with the built-in bounds therefore follows the built-in rule.
    const shifted: LevelTable = { bounds: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9000000000000001], names: BUILTIN_LEVELS.names };
    expect(coordinationLevel(0.8999999999999999)).toBe(10);
    expect(levelOf(0.8999999999999999, BUILTIN_LEVELS)).toBe(10);
    expect(levelOf(0.8999999999999999, shifted)).toBe(9);
    expect(levelOf(0.9, shifted)).toBe(9);
  });
});

describe('level table validation names each problem', () => {
  it('accepts a table and fills the missing language from the given one', () => {
    expect(validateLevelTable({ bounds: [0.5], names: { en: ['low', 'high'] } })).toEqual({ table: { bounds: [0.5], names: { en: ['low', 'high'], zh: ['low', 'high'] } }, problems: [] });
    expect(validateLevelTable({ bounds: [0.5], names: { zh: ['低', '高'] } }).table!.names).toEqual({ en: ['低', '高'], zh: ['低', '高'] });
    expect(validateLevelTable(FIVE)).toEqual({ table: FIVE, problems: [] });
  });

  it.each([
    [{ bounds: [0.6, 0.4], names: { en: ['a', 'b', 'c'] } }, ['levels.bounds must increase strictly: bound 2 (0.4) is not above bound 1 (0.6)']],
    [{ bounds: [0.3, 0.3], names: { en: ['a', 'b', 'c'] } }, ['levels.bounds must increase strictly: bound 2 (0.3) is not above bound 1 (0.3)']],
    [{ bounds: [0, 0.5], names: { en: ['a', 'b', 'c'] } }, ['levels.bounds: bound 1 is 0, but bounds must lie strictly between 0 and 1']],
    [{ bounds: [0.5, 1], names: { en: ['a', 'b', 'c'] } }, ['levels.bounds: bound 2 is 1, but bounds must lie strictly between 0 and 1']],
    [{ bounds: [0.5, '0.7'], names: { en: ['a', 'b', 'c'] } }, ['levels.bounds: bound 2 is "0.7", not a number']],
    [{ bounds: [], names: { en: ['a'] } }, ['levels.bounds must be a non-empty list of numbers between 0 and 1, e.g. [0.3, 0.5, 0.8]']],
    [{ bounds: [0.5], names: { en: ['a', 'b', 'c'] } }, ['levels.names.en has 3 names, but 1 bound makes 2 levels']],
    [{ bounds: [0.3, 0.6], names: { en: ['a', 'b', 'c'], zh: ['甲', '乙'] } }, ['levels.names.zh has 2 names, but 2 bounds make 3 levels']],
    [{ bounds: [0.5], names: {} }, ['levels.names must give `en`, `zh` or both']],
    [{ bounds: [0.5], names: { fr: ['a', 'b'], en: ['a', 'b'] } }, ['levels.names.fr: unknown language (use en or zh)']],
    [{ bounds: [0.5], names: { en: ['a', ''] } }, ['levels.names.en must be a list of non-empty names']],
    [{ bounds: [0.5] }, ['levels.names must be a mapping with `en`, `zh` or both, each a list of level names']],
    [[0.5], ['levels must be a mapping with `bounds` and `names`']],
  ])('rejects %j', (raw, problems) => {
    expect(validateLevelTable(raw)).toEqual({ table: null, problems });
  });

  it('reports every problem at once', () => {
    expect(validateLevelTable({ bounds: [0.7, 0.2, 1.5], names: { en: ['a'] } }).problems).toEqual([
      'levels.bounds: bound 3 is 1.5, but bounds must lie strictly between 0 and 1',
      'levels.bounds must increase strictly: bound 2 (0.2) is not above bound 1 (0.7)',
      'levels.names.en has 1 name, but 3 bounds make 4 levels',
    ]);
  });
});
