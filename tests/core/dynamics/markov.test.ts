import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyStates, markovTransitions, MarkovInputError } from '../../../src/core/dynamics/markov.js';
import { spatialWeights } from '../../../src/core/spatial/weights.js';

type Row = { region: string; year: number; value: number };

describe('state classification (methods.md §12)', () => {
  it('uses the ten D levels, level = min(⌊10·D⌋, 9) + 1, half-open with D = 1 in level 10', () => {
    const { states, bounds, classify } = classifyStates([0, 1], 'levels');
    expect(states).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(bounds).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect([0, 0.0999, 0.1, 0.55, 0.9, 0.99, 1].map(classify)).toEqual([0, 0, 1, 5, 9, 9, 9]);
  });

  it('cuts quantile classes at the pooled type-7 quantiles', () => {
    // values 1..8: type-7 quartiles at h = 7p: 2.75, 4.5, 6.25
    const { states, bounds, classify } = classifyStates([8, 1, 2, 3, 4, 5, 6, 7], { quantile: 4 });
    expect(states).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
    expect(bounds).toEqual([2.75, 4.5, 6.25]);
    expect([1, 2.75, 4.4, 4.5, 8].map(classify)).toEqual([0, 1, 1, 2, 3]);
  });

  it('rejects levels outside [0, 1] and a Q below 2', () => {
    expect(() => classifyStates([0.5, 1.2], 'levels')).toThrow(MarkovInputError);
    expect(() => classifyStates([1, 2], { quantile: 1 })).toThrow(MarkovInputError);
  });
});

describe('Markov transition matrix', () => {
  it('matches a hand-worked 3×3 example', () => {
    // three regions over 2019–2021, three quantile classes of the pooled 9 values
    // values: a 1 → 4 → 7, b 2 → 2 → 8, c 5 → 3 → 9
    // pooled sorted 1 2 2 3 4 5 7 8 9: type-7 tertiles at h = 8/3 → 2 + (2/3)(3 − 2) = 2.6667,
    // h = 16/3 → 5 + (1/3)(7 − 5) = 5.6667. Classes: Q1 < 2.667 ≤ Q2 < 5.667 ≤ Q3
    // a: Q1 → Q2 → Q3; b: Q1 → Q1 → Q3; c: Q2 → Q2 → Q3
    // transitions: Q1→Q2 (a), Q2→Q3 (a), Q1→Q1 (b), Q1→Q3 (b), Q2→Q2 (c), Q2→Q3 (c)
    // counts  Q1: [1, 1, 1]  Q2: [0, 1, 2]  Q3: [0, 0, 0]
    // P       Q1: ⅓ ⅓ ⅓     Q2: 0 ⅓ ⅔    Q3: empty
    const panel: Row[] = [
      { region: 'a', year: 2019, value: 1 },
      { region: 'a', year: 2020, value: 4 },
      { region: 'a', year: 2021, value: 7 },
      { region: 'b', year: 2019, value: 2 },
      { region: 'b', year: 2020, value: 2 },
      { region: 'b', year: 2021, value: 8 },
      { region: 'c', year: 2019, value: 5 },
      { region: 'c', year: 2020, value: 3 },
      { region: 'c', year: 2021, value: 9 },
    ];
    const m = markovTransitions(panel, { states: { quantile: 3 } });
    expect(m.states).toEqual(['Q1', 'Q2', 'Q3']);
    expect(m.bounds[0]).toBeCloseTo(8 / 3, 14);
    expect(m.bounds[1]).toBeCloseTo(17 / 3, 14);
    expect(m.counts).toEqual([
      [1, 1, 1],
      [0, 1, 2],
      [0, 0, 0],
    ]);
    expect(m.probabilities).toEqual([
      [1 / 3, 1 / 3, 1 / 3],
      [0, 1 / 3, 2 / 3],
      [null, null, null],
    ]);
    expect(m.spatial).toBeUndefined();
  });

  it('counts consecutive years only: a gap breaks the chain', () => {
    const m = markovTransitions(
      [
        { region: 'a', year: 2015, value: 0.15 },
        { region: 'a', year: 2016, value: 0.25 },
        { region: 'a', year: 2018, value: 0.35 },
      ],
      { states: 'levels' },
    );
    expect(m.counts.flat().reduce((s, c) => s + c, 0)).toBe(1);
    expect(m.counts[1][2]).toBe(1);
  });

  it('does not depend on the order of the panel rows (property)', () => {
    const row = fc.record({ region: fc.constantFrom('a', 'b', 'c', 'd'), year: fc.integer({ min: 2010, max: 2015 }), value: fc.double({ min: 0, max: 1, noNaN: true }) });
    fc.assert(
      fc.property(fc.uniqueArray(row, { selector: (r) => `${r.region}${r.year}`, minLength: 1, maxLength: 24 }), (panel) => {
        const a = markovTransitions(panel, { states: 'levels' });
        const b = markovTransitions([...panel].reverse(), { states: 'levels' });
        expect(b).toEqual(a);
      }),
    );
  });

  it('has rows that sum to 1 wherever a state was left from (property)', () => {
    const row = fc.record({ region: fc.constantFrom('a', 'b', 'c', 'd', 'e'), year: fc.integer({ min: 2000, max: 2006 }), value: fc.double({ min: 0, max: 100, noNaN: true }) });
    fc.assert(
      fc.property(fc.uniqueArray(row, { selector: (r) => `${r.region}${r.year}`, minLength: 2, maxLength: 35 }), fc.integer({ min: 2, max: 5 }), (panel, Q) => {
        const m = markovTransitions(panel, { states: { quantile: Q } });
        m.probabilities.forEach((p, a) => {
          const n = m.counts[a].reduce((s, c) => s + c, 0);
          if (n === 0) expect(p.every((x) => x === null)).toBe(true);
          else expect((p as number[]).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 14);
        });
      }),
    );
  });

  it('rejects a region-year given twice and a non-finite value', () => {
    expect(() =>
      markovTransitions(
        [
          { region: 'a', year: 1, value: 0.1 },
          { region: 'a', year: 1, value: 0.2 },
        ],
        { states: 'levels' },
      ),
    ).toThrow(/a 1 appears twice/);
    expect(() => markovTransitions([{ region: 'a', year: 1, value: NaN }], { states: 'levels' })).toThrow(MarkovInputError);
  });
});

describe('spatial Markov', () => {
  it('splits the transitions by the class of the neighbours’ lag in year t, worked by hand', () => {
    // 北京, 天津 and 河北 all touch one another (a triangle); row-standardised, each lag is the
    // mean of the other two.
    // 2020: 北京 0.15, 天津 0.55, 河北 0.95 → lags 0.75, 0.55, 0.35 → lag levels 8, 6, 4
    // 2021: 北京 0.25, 天津 0.55, 河北 0.85
    // transitions: 北京 2→3 under lag level 8, 天津 6→6 under 6, 河北 10→9 under 4
    const w = spatialWeights(['北京', '天津', '河北'], { kind: 'queen' });
    const panel: Row[] = [
      { region: '北京', year: 2020, value: 0.15 },
      { region: '天津', year: 2020, value: 0.55 },
      { region: '河北', year: 2020, value: 0.95 },
      { region: '北京', year: 2021, value: 0.25 },
      { region: '天津', year: 2021, value: 0.55 },
      { region: '河北', year: 2021, value: 0.85 },
    ];
    const m = markovTransitions(panel, { states: 'levels', spatial: { weights: w } });
    const spatial = m.spatial!;
    expect(spatial.map((s) => s.lagClass)).toEqual(m.states);
    expect(spatial[7].counts[1][2]).toBe(1);
    expect(spatial[5].counts[5][5]).toBe(1);
    expect(spatial[3].counts[9][8]).toBe(1);
    const total = spatial.reduce((s, x) => s + x.counts.flat().reduce((a, b) => a + b, 0), 0);
    expect(total).toBe(3);
    // the spatial matrices add up to the classic one
    const summed = m.counts.map((row, a) => row.map((_, b) => spatial.reduce((s, x) => s + x.counts[a][b], 0)));
    expect(summed).toEqual(m.counts);
  });

  it('re-standardises over the neighbours observed in year t, and gives an island lag 0', () => {
    // 海南 has no neighbour under queen-strict → lag 0 → lag class Q1 whatever its value
    const w = spatialWeights(['广东', '广西', '海南'], { kind: 'queen-strict' });
    const panel: Row[] = [
      { region: '广东', year: 1, value: 10 },
      { region: '广西', year: 1, value: 1 },
      { region: '海南', year: 1, value: 9 },
      { region: '广东', year: 2, value: 10 },
      { region: '广西', year: 2, value: 2 },
      { region: '海南', year: 2, value: 8 },
    ];
    const m = markovTransitions(panel, { states: { quantile: 2 } });
    const s = markovTransitions(panel, { states: { quantile: 2 }, spatial: { weights: w } }).spatial!;
    // pooled median of (1, 2, 8, 9, 10, 10) = 8.5; 海南 goes 9 → 8, Q2 → Q1, counted under lag class Q1
    expect(m.bounds).toEqual([8.5]);
    expect(s[0].counts[1][0]).toBe(1);
  });

  it('names the regions the weights lack', () => {
    const w = spatialWeights(['北京', '天津'], { kind: 'queen' });
    expect(() =>
      markovTransitions([{ region: '上海', year: 1, value: 0.5 }], { states: 'levels', spatial: { weights: w } }),
    ).toThrow(/上海/);
  });
});
