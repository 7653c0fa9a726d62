import { describe, expect, it } from 'vitest';
import { dropWarnings, yearRanges } from '../../src/input/drop.js';

describe('--missing drop, worded', () => {
  it('years as ranges', () => {
    expect(yearRanges([2019, 2015, 2016, 2017, 2021])).toBe('2015–2017, 2019, 2021');
    expect(yearRanges([])).toBe('');
  });

  it('one line per region, every region (no list cut after ten), and the unbalanced panel said', () => {
    const dropped = Array.from({ length: 12 }, (_, r) => ({ region: `r${r}`, year: 2015 }));
    const kept = Array.from({ length: 12 }, (_, r) => ({ region: `r${r}`, year: 2016 })).concat([{ region: 'x', year: 2015 }, { region: 'x', year: 2016 }]);
    const w = dropWarnings(dropped, kept);
    expect(w[0].message).toBe('--missing drop removed 12 region-years with missing values, in 12 regions:');
    expect(w.filter((x) => x.message.startsWith('  dropped '))).toHaveLength(12);
    expect(w[12].message).toBe('  dropped r11 2015');
    expect(w.at(-1)!.code).toBe('unbalanced');
    expect(w.at(-1)!.message).toContain('12 of 13 regions have fewer than the 2 years kept');
  });

  it('a whole year dropped is said; a balanced result is not called unbalanced', () => {
    const w = dropWarnings(
      [{ region: 'a', year: 2015 }, { region: 'b', year: 2015 }],
      [{ region: 'a', year: 2016 }, { region: 'b', year: 2016 }],
    );
    expect(w.map((x) => x.code)).toEqual(['dropped', 'dropped', 'dropped', 'dropped-years']);
    expect(w[3].message).toBe('--missing drop removed every region of 2015');
  });

  it('nothing dropped, nothing said', () => {
    expect(dropWarnings([], [{ region: 'a', year: 1 }])).toEqual([]);
  });
});
