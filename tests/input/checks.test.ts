import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asWritten, dataChecks, DataCheckError } from '../../src/input/checks.js';
import { CELL_OK } from '../../src/input/panel.js';

/** A panel of one column from { region: values by year from `first` }. */
function panelOf(series: Record<string, number[]>, first = 2011) {
  const regions: string[] = [];
  const years: number[] = [];
  const values: number[] = [];
  for (const [region, vs] of Object.entries(series)) {
    vs.forEach((v, k) => {
      regions.push(region);
      years.push(first + k);
      values.push(v);
    });
  }
  const column = { name: 'x', values: Float64Array.from(values), status: new Uint8Array(values.length).fill(CELL_OK) };
  return { regions, years, columns: new Map([['x', column]]) } as unknown as Parameters<typeof dataChecks>[0];
}

describe('data checks: a value far from its region series', () => {
  it('catches 江苏 GDP 102,719 → 21,372 (a 4.8× drop that a 5× rule misses)', () => {
    // 江苏 GDP (亿元) 2017–2021 as published, with 2020 mistyped as a tenth-ish value.
    const checks = dataChecks(panelOf({ 江苏: [85869.8, 93207.6, 98656.8, 21372, 116364.2] }, 2017));
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ kind: 'outlier', region: '江苏', year: 2020, value: 21372 });
    // median of 93207.6, 98656.8, 116364.2 (two years either side, three exist) = 98656.8
    expect(checks[0].reference).toBe(98656.8);
    expect(checks[0].ratio).toBeCloseTo(21372 / 98656.8, 12);
    expect(98656.8 / 21372).toBeLessThan(5);
    expect(checks[0].message).toContain('江苏 2020: 21372');
  });

  it('one bad neighbour neither hides nor causes a flag (the median)', () => {
    const checks = dataChecks(panelOf({ a: [10, 11, 500, 12, 13, 14] }));
    expect(checks.map((c) => `${c.region} ${c.year}`)).toEqual(['a 2013']);
  });

  it('smooth growth up to 30 % a year is never flagged (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e9, noNaN: true }), fc.array(fc.double({ min: 0.77, max: 1.3, noNaN: true }), { minLength: 2, maxLength: 20 }), (start, growth) => {
        const vs = [start];
        for (const g of growth) vs.push(vs[vs.length - 1] * g);
        return dataChecks(panelOf({ a: vs })).length === 0;
      }),
    );
  });
});

describe('data checks: a level shift of the whole panel', () => {
  it('SO₂ halving from 2015 to 2016 is one line, not one per region', () => {
    const series: Record<string, number[]> = {};
    for (let r = 0; r < 31; r++) series[`r${r}`] = [100 + r, 98 + r, 45 + r / 2, 40 + r / 2];
    const checks = dataChecks(panelOf(series, 2014));
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ kind: 'shift', region: null, year: 2016, regions: 31 });
    // the median over regions of v2016 / v2015 = (45 + 15/2) / (98 + 15) for the median region r15
    expect(checks[0].ratio).toBeCloseTo(52.5 / 113, 12);
    expect(checks[0].message).toContain('from 2015 to 2016');
  });

  it('a shift needs five regions', () => {
    expect(dataChecks(panelOf({ a: [10, 10, 3, 3], b: [10, 10, 3, 3] })).filter((c) => c.kind === 'shift')).toEqual([]);
  });

  it('only the named columns are checked', () => {
    expect(dataChecks(panelOf({ a: [10, 11, 500, 12, 13] }), ['y'])).toEqual([]);
  });
});

describe('DataCheckError and numbers as written', () => {
  it('names the first check on its first line', () => {
    const checks = dataChecks(panelOf({ a: [10, 11, 500, 12, 13] }));
    expect(new DataCheckError(checks).message.split('\n')[0]).toBe(`1 suspect value in the input (--strict), the first: ${checks[0].message}`);
  });
  it('prints 6.47, not 6.470000000000001', () => {
    expect(asWritten(6.470000000000001)).toBe('6.47');
    expect(asWritten(102719)).toBe('102719');
  });
});
