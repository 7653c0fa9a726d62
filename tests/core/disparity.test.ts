import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { disparity, sigmaConvergence, theilDecomposition } from '../../src/core/disparity.js';

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
    const row = fc.record({ y: fc.double({ min: 0, max: 1e6, noNaN: true }), p: fc.double({ min: 0.5, max: 1e5, noNaN: true }), g: fc.constantFrom('east', 'west', 'north') });
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
