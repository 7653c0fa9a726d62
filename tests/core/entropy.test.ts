import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalise, normaliseColumn } from '../../src/core/normalise.js';
import { entropyOfColumn, entropyOfRawColumn, RawProportionError, TooFewObservationsError, weightsFromDivergence } from '../../src/core/weights/entropy.js';

/**
 * Published example: mathmodels `entropy_weight` (R package by Zhang Jingxin, github
 * zhjx19/mathmodels, docs/reference/entropy_weight.md); e and w recomputed independently (numpy, float64).
 * x1 (benefit) = 3, 5, 2, 7; x2 (cost) = 10, 20, 15, 25.
 */
const x1 = Float64Array.of(3, 5, 2, 7);
const x2 = Float64Array.of(10, 20, 15, 25);
const rows = [0, 1, 2, 3];

function weightsWithShift(shift: number): number[] {
  const z1 = normaliseColumn(x1, rows, 'benefit');
  const z2 = normaliseColumn(x2, rows, 'cost');
  const d = [entropyOfColumn(z1.out, shift, false).divergence, entropyOfColumn(z2.out, shift, false).divergence];
  return weightsFromDivergence(d).weights;
}

describe('entropy weights (methods.md §2)', () => {
  it('reproduces the golden e and w with shift 0 and 0·ln 0 = 0', () => {
    const z1 = normaliseColumn(x1, rows, 'benefit').out; // (1/5, 3/5, 0, 1)
    const z2 = normaliseColumn(x2, rows, 'cost').out; // (1, 1/3, 2/3, 0)
    expect(entropyOfColumn(z1, 0, false).entropy).toBeCloseTo(0.67582206, 8);
    expect(entropyOfColumn(z2, 0, false).entropy).toBeCloseTo(0.72957396, 8);
    const w = weightsWithShift(0);
    expect(w[0]).toBeCloseTo(0.54519975, 8);
    expect(w[1]).toBeCloseTo(0.45480025, 8);
  });

  it('reproduces the golden w with shift 0.0001', () => {
    const w = weightsWithShift(0.0001);
    expect(w[0]).toBeCloseTo(0.54520991, 8);
    expect(w[1]).toBeCloseTo(0.45479009, 8);
  });

  it("reproduces the package's published weights: its rescaling 0.002 + 0.996·z is shift 0.002/0.996", () => {
    // p = (0.002 + 0.996 z) / Σ(…) = (z + 0.002/0.996) / Σ(z + 0.002/0.996)
    const w = weightsWithShift(0.002 / 0.996);
    expect(w[0]).toBeCloseTo(0.5452618, 7);
    expect(w[1]).toBeCloseTo(0.4547382, 7);
  });

  it("reproduces the package's published weights with the range [0.002, 0.998] (methods.md §1a) and shift 0", () => {
    // mathmodels rescales z to 0.002 + 0.996·z before the entropy: that is coordix's range [0.002, 0.998]
    const spec = (direction: 'benefit' | 'cost') => ({ method: 'min-max' as const, direction, range: [0.002, 0.998] as [number, number] });
    const z1 = normalise(x1, rows, spec('benefit')).out; // 0.002 + 0.996·(1/5, 3/5, 0, 1)
    const z2 = normalise(x2, rows, spec('cost')).out;
    expect(Array.from(z1)).toEqual([0.002 + 0.996 * 0.2, 0.002 + 0.996 * 0.6, 0.002, 0.998]);
    const w = weightsFromDivergence([entropyOfColumn(z1, 0, false).divergence, entropyOfColumn(z2, 0, false).divergence]).weights;
    expect(w[0]).toBeCloseTo(0.5452618, 7);
    expect(w[1]).toBeCloseTo(0.4547382, 7);
  });

  it('gives the exact value its documentation shows for the golden z1', () => {
    expect(entropyOfColumn(Float64Array.of(0.2, 0.6, 0, 1), 0, false).entropy).toBe(0.6758220575766961);
  });

  it('gives e = 0, d = 1 when all the mass sits on one observation', () => {
    // p = (0, 1): −(0·ln0 + 1·ln1)/ln2 = 0
    expect(entropyOfColumn([0, 1], 0, false)).toEqual({ entropy: -0, divergence: 1 });
  });

  it('gives e = 1, d = 0 for a uniform column', () => {
    const r = entropyOfColumn([0.5, 0.5, 0.5, 0.5], 0, false);
    expect(r.entropy).toBeCloseTo(1, 15);
    expect(r.divergence).toBeGreaterThanOrEqual(0);
    expect(r.divergence).toBeLessThan(1e-15);
  });

  it('sets d = 0 exactly for a zero-range indicator, and for an all-zero column with shift 0', () => {
    expect(entropyOfColumn([1, 1, 1], 0, true)).toEqual({ entropy: 1, divergence: 0 });
    expect(entropyOfColumn([0, 0, 0], 0, false)).toEqual({ entropy: 1, divergence: 0 });
  });

  it('falls back to equal weights when every divergence is 0', () => {
    expect(weightsFromDivergence([0, 0, 0])).toEqual({ weights: [1 / 3, 1 / 3, 1 / 3], allZero: true });
    expect(weightsFromDivergence([1, 3]).weights).toEqual([0.25, 0.75]);
  });
});

describe('entropy on raw proportions (methods.md §2a)', () => {
  it('takes p = x / Σx of a benefit indicator', () => {
    // x = (1, 1, 2): p = (1/4, 1/4, 1/2); e = −(2·¼·ln¼ + ½·ln½) / ln 3 = (ln 2 + ½ ln 2) / ln 3 = 1.5 ln 2 / ln 3
    const r = entropyOfRawColumn([1, 1, 2], 'benefit');
    expect(r.entropy).toBeCloseTo((1.5 * Math.LN2) / Math.log(3), 15);
    expect(r.divergence).toBeCloseTo(1 - (1.5 * Math.LN2) / Math.log(3), 15);
  });

  it('takes 1/x of a cost indicator: the cost (1, 1, 0.5) is the benefit (1, 1, 2)', () => {
    expect(entropyOfRawColumn([1, 1, 0.5], 'cost')).toEqual(entropyOfRawColumn([1, 1, 2], 'benefit'));
  });

  it("reproduces Xu (2004)'s entropy weights", () => {
    // Xu, X. (2004). A note on the subjective and objective integrated approach to determine attribute
    // weights. European Journal of Operational Research 156(2): 530–532; weights (0.4630, 0.3992,
    // 0.1378, 0.0000) to 4 d.p., as in the test suite of the Python package pyrepo-mcda.
    const matrix = [
      [30, 30, 38, 29],
      [19, 54, 86, 29],
      [19, 15, 85, 28.9],
      [68, 70, 60, 29],
    ];
    const d = [0, 1, 2, 3].map((j) => entropyOfRawColumn(matrix.map((row) => row[j]), 'benefit').divergence);
    const w = weightsFromDivergence(d).weights;
    [0.463, 0.3992, 0.1378, 0].forEach((published, j) => expect(w[j]).toBeCloseTo(published, 4));
  });

  it('reproduces the entropy weights of Zavadskas and Podvezko (2016) on the raw proportions of every column', () => {
    // Zavadskas, E. K., Podvezko, V. (2016). Integrated determination of objective criteria weights in
    // MCDM. Int. J. of Information Technology & Decision Making 15(2): 267–283; weights (0.1146, 0.1981,
    // 0.4185, 0.2689), as in pyrepo-mcda's tests, which take p = x / Σx for every column.
    const matrix = [
      [3.0, 100, 10, 7],
      [2.5, 80, 8, 5],
      [1.8, 50, 20, 11],
      [2.2, 70, 12, 9],
    ];
    const d = [0, 1, 2, 3].map((j) => entropyOfRawColumn(matrix.map((row) => row[j]), 'benefit').divergence);
    const w = weightsFromDivergence(d).weights;
    [0.1146, 0.1981, 0.4185, 0.2689].forEach((published, j) => expect(w[j]).toBeCloseTo(published, 4));
  });

  it('sets e = 1, d = 0 exactly for equal values', () => {
    expect(entropyOfRawColumn([0.1, 0.1, 0.1], 'benefit')).toEqual({ entropy: 1, divergence: 0 });
    expect(entropyOfRawColumn([7, 7], 'cost')).toEqual({ entropy: 1, divergence: 0 });
  });

  it('names the observation of a value that is not positive', () => {
    for (const [x, index, value] of [
      [[1, 0, 2], 1, 0],
      [[1, 2, -3], 2, -3],
      [[Number.NaN, 2], 0, Number.NaN],
    ] as [number[], number, number][]) {
      let caught: unknown;
      try {
        entropyOfRawColumn(x, 'benefit');
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(RawProportionError);
      expect(caught).toMatchObject({ index, value });
    }
    // 1/5e-324 overflows: not usable as a cost value
    expect(() => entropyOfRawColumn([1, 5e-324], 'cost')).toThrow(/^observation 1: the value 5e-324 cannot enter the entropy on raw proportions/);
  });

  it('needs at least 2 observations', () => {
    expect(() => entropyOfRawColumn([5], 'benefit')).toThrow(TooFewObservationsError);
    expect(() => entropyOfRawColumn([5], 'benefit')).toThrow('entropy weights need at least 2 observations, but the group has 1');
  });

  it('gives the same bits for values near the largest double, whose sum overflows, as for the same values scaled down', () => {
    // (1e308, 1e308, 5e307) sums beyond the largest double; p is (0.4, 0.4, 0.2) either way
    expect(entropyOfRawColumn([1e308, 1e308, 5e307], 'benefit')).toEqual(entropyOfRawColumn([2, 2, 1], 'benefit'));
  });

  it('gives d in [0, 1] that does not depend on the order of the rows, nor on a power-of-two scale', () => {
    const positive = fc.array(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), { minLength: 2, maxLength: 40 });
    fc.assert(
      fc.property(positive, fc.constantFrom('benefit' as const, 'cost' as const), (xs, direction) => {
        const r = entropyOfRawColumn(xs, direction);
        expect(r.divergence).toBeGreaterThanOrEqual(0);
        expect(r.divergence).toBeLessThanOrEqual(1);
        expect(entropyOfRawColumn([...xs].reverse(), direction)).toEqual(r);
        expect(entropyOfRawColumn(xs.map((v) => v * 1024), direction)).toEqual(r);
      }),
    );
  });
});
