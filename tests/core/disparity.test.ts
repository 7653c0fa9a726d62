import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { disparity, DisparityRangeError, DisparityValueError, PopulationError, sigmaConvergence, theilDecomposition } from '../../src/core/disparity.js';

describe('disparity measures (methods.md §8)', () => {
  it('match hand-worked values for y = (1, 2, 3)', () => {
    // mean 2; σ = √(2/3) = 0.816497; CV = 0.408248; Gini = Σ|yi−yj| / (2n²ȳ) = 8/36
    // Y = (1/6, 1/3, 1/2), s = 1/3: T = (1/6)ln(1/2) + (1/2)ln(3/2) = 0.087208
    // L = (1/3)[ln 2 + ln(2/3)] = 0.095894; max/min = 3
    const m = disparity([1, 2, 3]);
    expect(m.mean).toBe(2);
    expect(m.sd).toBeCloseTo(Math.sqrt(2 / 3), 15);
    expect(m.cv).toBeCloseTo(Math.sqrt(2 / 3) / 2, 15);
    expect(m.gini).toBeCloseTo(8 / 36, 15);
    expect(m.theilT).toBeCloseTo(Math.log(0.5) / 6 + Math.log(1.5) / 2, 15);
    expect(m.theilL).toBeCloseTo((Math.log(2) + Math.log(2 / 3)) / 3, 15);
    expect(m.maxMinRatio).toBe(3);
    expect([m.maxIndex, m.minIndex]).toEqual([2, 0]);
  });

  it('weights the CV by population (Williamson)', () => {
    // y = (1, 3), s = (0.75, 0.25): ȳw = 1.5, Σ s(y − ȳw)² = 0.75, CVw = √0.75 / 1.5
    expect(disparity([1, 3], [3, 1]).cvWeighted).toBeCloseTo(Math.sqrt(0.75) / 1.5, 15);
  });

  it('treats zeros as ordinary for Theil T and leaves Theil L and max/min undefined', () => {
    const m = disparity([0, 1]);
    expect(m.theilT).toBeCloseTo(Math.log(2), 15); // Y = (0, 1), s = 1/2: 0·ln0 + 1·ln 2
    expect(m.theilL).toBeNull();
    expect(m.maxMinRatio).toBeNull();
  });

  it('reproduces the golden Theil decomposition (recomputed from methods.md §8)', () => {
    const values = [10, 20, 30, 40, 100];
    const d = theilDecomposition(values, ['1', '1', '2', '2', '2']);
    expect(disparity(values).theilT).toBeCloseTo(0.276364, 6);
    expect(d.between).toBeCloseTo(0.148936, 6);
    expect(d.within).toBeCloseTo(0.127427, 6);
    expect(d.groups.map((g) => [g.name, g.n, g.mean])).toEqual([
      ['1', 2, 15],
      ['2', 3, 170 / 3],
    ]);
  });

  it('calls a falling CV converging and a rising one diverging', () => {
    expect(sigmaConvergence([{ year: 2015, cv: 0.4 }, { year: 2016, cv: 0.35 }, { year: 2019, cv: 0.3 }])).toEqual({ averageAnnualChange: (0.3 - 0.4) / 4, verdict: 'converging' });
    expect(sigmaConvergence([{ year: 2015, cv: 0.3 }, { year: 2017, cv: 0.4 }]).verdict).toBe('diverging');
    expect(sigmaConvergence([{ year: 2015, cv: 0.3 }]).verdict).toBeNull();
  });
});

describe('disparity properties (fast-check)', () => {
  const positive = fc.array(fc.double({ min: 0.01, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 40 });

  it('the Theil decomposition adds up: between + within = total, to 1e-12', () => {
    fc.assert(
      fc.property(positive.chain((ys) => fc.tuple(fc.constant(ys), fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: ys.length, maxLength: ys.length }), fc.array(fc.double({ min: 1, max: 1e4, noNaN: true }), { minLength: ys.length, maxLength: ys.length }))), ([ys, groups, pops]) => {
        const d = theilDecomposition(ys, groups, pops);
        expect(Math.abs(d.between + d.within - disparity(ys, pops).theilT!)).toBeLessThan(1e-12);
      }),
    );
  });

  it('equal populations reproduce the unweighted measures', () => {
    fc.assert(
      fc.property(positive, fc.double({ min: 1, max: 1e6, noNaN: true }), (ys, p) => {
        const w = disparity(ys, ys.map(() => p));
        const u = disparity(ys);
        expect(w.theilT!).toBeCloseTo(u.theilT!, 12);
        expect(w.theilL!).toBeCloseTo(u.theilL!, 12);
        expect(w.cvWeighted!).toBeCloseTo(u.cv!, 12);
      }),
    );
  });

  it('scaling every value by a constant leaves CV, Gini and Theil unchanged', () => {
    fc.assert(
      fc.property(positive, fc.double({ min: 0.001, max: 1000, noNaN: true }), (ys, k) => {
        const a = disparity(ys);
        const b = disparity(ys.map((y) => y * k));
        for (const key of ['cv', 'gini', 'theilT', 'theilL'] as const) expect(Math.abs(b[key]! - a[key]!)).toBeLessThan(1e-9 * Math.max(1, a[key]!));
      }),
    );
  });
});

describe('disparity and region order', () => {
  it('permuting the regions changes no bit of any measure or of the decomposition', () => {
    // values within 300 orders of magnitude of each other (a wider span is refused, see below)
    const row = fc.record({ y: fc.oneof(fc.constant(0), fc.double({ min: 1e-250, max: 1e6, noNaN: true })), p: fc.double({ min: 0.5, max: 1e5, noNaN: true }), g: fc.constantFrom('east', 'west', 'north') });
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 2, maxLength: 40 }).chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }))),
        ([rows, shuffled]) => {
          const measure = (rs: typeof rows) => {
            const { maxIndex, minIndex, ...m } = disparity(rs.map((r) => r.y), rs.map((r) => r.p));
            const d = theilDecomposition(rs.map((r) => r.y), rs.map((r) => r.g), rs.map((r) => r.p));
            return { m, extremes: [rs[maxIndex].y, rs[minIndex].y], between: d.between, within: d.within, groups: new Map(d.groups.map((g) => [g.name, g])) };
          };
          expect(measure(shuffled)).toEqual(measure(rows));
        },
      ),
    );
  });
});

/** Real-looking vectors: GDP per capita (yuan) and population (10k) of 11 provinces, a D column with a zero, small shares. */
const GDP = [164889, 101614, 48564, 155768, 121231, 100620, 105818, 60498, 41046, 72072, 112612];
const POP = [2189, 1387, 7464, 2488, 8477, 6468, 4161, 10165, 3992, 4220, 12601];
const D = [0.6123, 0.5481, 0.4012, 0.7395, 0.6877, 0.4419, 0.3906, 0.5553, 0.4772, 0.0, 0.3321];
const SHARE = [0.012, 0.0345, 0.0871, 0.112, 0.0033, 0.0456];

describe('disparity of ordinary inputs is unchanged by the scale handling and the new measures', () => {
  // Every number below was printed by the code before the new measures and the scaling were added;
  // these are bit-for-bit comparisons.
  it('GDP per capita, unweighted and population-weighted', () => {
    expect(disparity(GDP)).toMatchObject({ n: 11, mean: 98612, sd: 38621.39537284295, cv: 0.3916500565128275, cvWeighted: 0.3916500565128275, gini: 0.22066749290063437, theilT: 0.07925693475305379, theilL: 0.08688466955947498, maxMinRatio: 4.017175851483701, maxIndex: 0, minIndex: 8 });
    expect(disparity(GDP, POP)).toMatchObject({ n: 11, mean: 98612, sd: 38621.39537284295, cv: 0.3916500565128275, cvWeighted: 0.3642914211124858, gini: 0.22066749290063437, theilT: 0.0685740098767531, theilL: 0.07435731770978397, maxMinRatio: 4.017175851483701, maxIndex: 0, minIndex: 8 });
  });

  it('a D column with a zero, and small shares', () => {
    expect(disparity(D)).toMatchObject({ n: 11, mean: 0.47144545454545456, sd: 0.19198039844846077, cv: 0.4072165647106709, cvWeighted: 0.4072165647106709, gini: 0.2173515949716802, theilT: 0.12509118828230936, theilL: null, maxMinRatio: null, maxIndex: 3, minIndex: 9 });
    expect(disparity(SHARE)).toMatchObject({ n: 6, mean: 0.04908333333333333, sd: 0.038944123076816384, cv: 0.7934286535174815, cvWeighted: 0.7934286535174815, gini: 0.4413695529145445, theilT: 0.3430245770537383, theilL: 0.5226442148683128, maxMinRatio: 33.93939393939394, maxIndex: 3, minIndex: 4 });
  });

  it('the weighted Theil decomposition by groups', () => {
    expect(theilDecomposition(GDP, ['e', 'e', 'e', 'e', 'e', 'e', 'c', 'c', 'w', 'w', 'w'], POP)).toEqual({
      between: 0.00784088708903721,
      within: 0.060733122787715976,
      betweenShare: 0.11434196575538592,
      withinShare: 0.885658034244614,
      groups: [
        { name: 'e', n: 6, mean: 115447.66666666667, theilT: 0.07176123342404366 },
        { name: 'c', n: 2, mean: 83158, theilT: 0.03642077296156357 },
        { name: 'w', n: 3, mean: 75243.33333333333, theilT: 0.05720341330088304 },
      ],
    });
  });
});

describe('more inequality measures (methods.md §8, more measures)', () => {
  it('match hand-worked values for y = (1, 2, 3)', () => {
    // Gini = 8/36 = 2/9; unbiased = 2/9 · 3/2 = 1/3; without populations the weighted Gini is the Gini
    // ȳ = 2, r = y/ȳ = (0.5, 1, 1.5):
    //   A_0.5 = 1 − [(√0.5 + 1 + √1.5)/3]² = 1 − 0.977284² = 0.044916
    //   A_1   = 1 − (1·2·3)^(1/3) / 2 = 1 − 1.817121/2 = 0.091440
    //   A_2   = 1 − 1 / [(2 + 1 + 2/3)/3] = 1 − 9/11 = 2/11
    const m = disparity([1, 2, 3]);
    expect(m.giniUnbiased).toBeCloseTo(1 / 3, 15);
    expect(m.giniWeighted).toBe(m.gini);
    expect(m.atkinson05).toBeCloseTo(1 - ((Math.SQRT1_2 + 1 + Math.sqrt(1.5)) / 3) ** 2, 15);
    expect(m.atkinson05).toBeCloseTo(0.044916, 6);
    expect(m.atkinson1).toBeCloseTo(1 - Math.cbrt(6) / 2, 15);
    expect(m.atkinson1).toBeCloseTo(0.09144, 5);
    expect(m.atkinson2).toBeCloseTo(2 / 11, 15);
  });

  it('weight the Gini and Atkinson by population (hand-worked)', () => {
    // y = (1, 3), p = (3, 1): s = (0.75, 0.25), ȳ_w = 1.5
    //   Gini_w = Σ_i Σ_j s_i s_j |y_i − y_j| / (2 ȳ_w) = 2 · 0.75 · 0.25 · 2 / 3 = 0.25
    //   r = (2/3, 2): A_2 = 1 − 1 / (0.75 · 1.5 + 0.25 · 0.5) = 1 − 1/1.25 = 0.2
    //   A_1 = 1 − 1^0.75 · 3^0.25 / 1.5 = 0.122617;  A_0.5 = 1 − (0.75 √(2/3) + 0.25 √2)² = 0.066987
    const m = disparity([1, 3], [3, 1]);
    expect(m.giniWeighted).toBeCloseTo(0.25, 15);
    expect(m.atkinson2).toBeCloseTo(0.2, 15);
    expect(m.atkinson1).toBeCloseTo(1 - 3 ** 0.25 / 1.5, 15);
    expect(m.atkinson05).toBeCloseTo(1 - (0.75 * Math.sqrt(2 / 3) + 0.25 * Math.SQRT2) ** 2, 15);
    // the unweighted Gini stays unweighted: |1 − 3| · 2 / (2 · 4 · 2) = 0.25 as well here; the unbiased one doubles it
    expect(m.gini).toBeCloseTo(0.25, 15);
    expect(m.giniUnbiased).toBeCloseTo(0.5, 15);
  });

  it('leave Atkinson for ε ≥ 1 undefined with a zero, and everything undefined with a zero mean', () => {
    // y = (0, 2): ȳ = 1, r = (0, 2): A_0.5 = 1 − (½ √2)² = 0.5
    const m = disparity([0, 2]);
    expect(m.atkinson05).toBeCloseTo(0.5, 15);
    expect([m.atkinson1, m.atkinson2]).toEqual([null, null]);
    const zero = disparity([0, 0, 0]);
    expect([zero.gini, zero.giniUnbiased, zero.giniWeighted, zero.atkinson05, zero.atkinson1, zero.atkinson2]).toEqual([null, null, null, null, null, null]);
    expect(disparity([5]).giniUnbiased).toBeNull();
  });

  it('gives equal values an Atkinson of exactly 0 and a Gini of 0', () => {
    const m = disparity([0.3, 0.3, 0.3], [1, 2, 7]);
    expect([m.gini, m.giniUnbiased, m.giniWeighted, m.atkinson05, m.atkinson1, m.atkinson2]).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('more inequality measures: properties (fast-check)', () => {
  const positive = fc.array(fc.double({ min: 0.01, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 40 });
  const withPopulations = positive.chain((ys) => fc.tuple(fc.constant(ys), fc.array(fc.double({ min: 1, max: 1e5, noNaN: true }), { minLength: ys.length, maxLength: ys.length })));

  it('Atkinson indices lie in [0, 1) and grow with ε', () => {
    fc.assert(
      fc.property(withPopulations, ([ys, pops]) => {
        for (const m of [disparity(ys), disparity(ys, pops)]) {
          for (const a of [m.atkinson05!, m.atkinson1!, m.atkinson2!]) {
            expect(a).toBeGreaterThanOrEqual(0);
            expect(a).toBeLessThan(1);
          }
          // A_ε is non-decreasing in ε (power means); allow rounding
          expect(m.atkinson05!).toBeLessThanOrEqual(m.atkinson1! + 1e-12);
          expect(m.atkinson1!).toBeLessThanOrEqual(m.atkinson2! + 1e-12);
        }
      }),
    );
  });

  it('Atkinson indices of equal values are 0, with or without populations', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), fc.array(fc.double({ min: 1, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 30 }), (y, pops) => {
        const m = disparity(pops.map(() => y), pops);
        expect([m.atkinson05, m.atkinson1, m.atkinson2]).toEqual([0, 0, 0]);
      }),
    );
  });

  it('the unbiased Gini is at least the Gini', () => {
    fc.assert(
      fc.property(positive, (ys) => {
        const m = disparity(ys);
        expect(m.giniUnbiased!).toBeGreaterThanOrEqual(m.gini!);
        expect(m.giniUnbiased!).toBeCloseTo((m.gini! * ys.length) / (ys.length - 1), 14);
      }),
    );
  });

  it('equal populations give the unweighted Gini as the weighted Gini', () => {
    fc.assert(
      fc.property(positive, fc.double({ min: 1, max: 1e6, noNaN: true }), (ys, p) => {
        const m = disparity(ys, ys.map(() => p));
        expect(Math.abs(m.giniWeighted! - m.gini!)).toBeLessThan(1e-12);
      }),
    );
  });

  it('the weighted Gini is the double sum Σ_i Σ_j s_i s_j |y_i − y_j| / (2 ȳ_w)', () => {
    fc.assert(
      fc.property(withPopulations, ([ys, pops]) => {
        const total = pops.reduce((a, b) => a + b, 0);
        const s = pops.map((p) => p / total);
        const mean = ys.reduce((a, y, i) => a + s[i] * y, 0);
        let sum = 0;
        for (let i = 0; i < ys.length; i++) for (let j = 0; j < ys.length; j++) sum += s[i] * s[j] * Math.abs(ys[i] - ys[j]);
        expect(Math.abs(disparity(ys, pops).giniWeighted! - sum / (2 * mean))).toBeLessThan(1e-10);
      }),
    );
  });
});

describe('disparity at the ends of double precision', () => {
  it('values near 1e-300 give a positive σ beside a positive Gini, and the same scale-free measures', () => {
    const tiny = disparity([1e-300, 2e-300, 3e-300]);
    const plain = disparity([1, 2, 3]);
    expect(tiny.mean).toBeCloseTo(0, 15);
    expect(tiny.mean / 1e-300).toBeCloseTo(2, 14);
    expect(tiny.sd / 1e-300).toBeCloseTo(Math.sqrt(2 / 3), 14);
    for (const key of ['cv', 'cvWeighted', 'gini', 'giniUnbiased', 'theilT', 'theilL', 'atkinson05', 'atkinson1', 'atkinson2', 'maxMinRatio'] as const) {
      expect(Math.abs(tiny[key]! - plain[key]!)).toBeLessThanOrEqual(1e-15 * plain[key]!);
    }
  });

  it('values near 1e308 give a finite mean and σ', () => {
    const huge = disparity([0.5e308, 1e308, 1.5e308]);
    expect(huge.mean).toBeCloseTo(1e308, -293);
    expect(Number.isFinite(huge.sd)).toBe(true);
    expect(huge.sd / 1e308).toBeCloseTo(Math.sqrt(1 / 6), 14);
    expect(huge.gini).toBeCloseTo(2 / 9, 15);
    const d = theilDecomposition([0.5e308, 1e308, 1.5e308], ['a', 'a', 'b']);
    expect(d.groups.map((g) => g.mean)).toEqual([0.75e308, 1.5e308]);
    expect(Math.abs(d.between + d.within - huge.theilT!)).toBeLessThan(1e-15);
  });

  it('scaling by a power of two anywhere in range keeps every scale-free measure (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 2, maxLength: 20 }), fc.integer({ min: -1000, max: 1000 }), (ys, e) => {
        const a = disparity(ys);
        const b = disparity(ys.map((y) => y * 2 ** e));
        for (const key of ['cv', 'gini', 'giniUnbiased', 'theilT', 'theilL', 'atkinson05', 'atkinson1', 'atkinson2', 'maxMinRatio'] as const) {
          expect(Math.abs(b[key]! - a[key]!)).toBeLessThanOrEqual(1e-13 * Math.max(1, a[key]!));
        }
        expect(b.mean / 2 ** e).toBeCloseTo(a.mean, 10);
        expect(Number.isFinite(b.sd) && Number.isFinite(b.mean)).toBe(true);
        expect(b.sd > 0).toBe(a.sd > 0);
      }),
    );
  });

  it('refuses values more than 300 orders of magnitude apart, and a mean that underflows', () => {
    expect(() => disparity([1e200, 1e-120])).toThrow(DisparityRangeError);
    expect(() => disparity([1e200, 1e-120])).toThrow(/more than 300 orders of magnitude apart/);
    expect(() => theilDecomposition([1e200, 1e-120], ['a', 'b'])).toThrow(DisparityRangeError);
    // 5e-324 is the smallest double: the mean 5e-324/3 rounds to 0 beside a Gini of 2/3
    expect(() => disparity([5e-324, 0, 0])).toThrow(/mean or standard deviation underflows to 0/);
    // the span from 1e100 to 1e-199 is 299 orders: measured
    expect(disparity([1e100, 1e-199]).maxMinRatio).toBeCloseTo(1e299, -285);
  });

  it('refuses a value that is not finite and a population that is not positive, naming the position', () => {
    expect(() => disparity([1, Number.NaN, 3])).toThrow(DisparityValueError);
    expect(() => disparity([1, Number.NaN, 3])).toThrow(/value 2 is NaN/);
    expect(() => disparity([1, 2, Infinity])).toThrow(/value 3 is Infinity/);
    expect(() => disparity([1, 2], [1, 0])).toThrow(PopulationError);
    expect(() => disparity([1, 2], [1, 0])).toThrow(/population 2 is 0/);
    expect(() => disparity([1, 2], [-1, 1])).toThrow(/population 1 is -1/);
    expect(() => disparity([1, 2], [1])).toThrow(/1 populations for a different number of values/);
    expect(() => disparity([])).toThrow(/no values to measure/);
  });
});
