import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centre, cvWeights, sdWeights, varianceWeights, ZeroMeanError } from '../../../src/core/weights/dispersion.js';

const columns = fc
  .record({ m: fc.integer({ min: 1, max: 15 }), n: fc.integer({ min: 1, max: 5 }) })
  .chain(({ m, n }) => fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: m, maxLength: m }), { minLength: n, maxLength: n }));

describe('the mean and deviations of a column', () => {
  it('takes the mean and the sum of squared deviations', () => {
    // (1, 2, 6): mean 3, deviations −2, −1, 3, Σd² = 4 + 1 + 9 = 14
    const into = new Float64Array(3);
    expect(centre([1, 2, 6], into)).toEqual({ mean: 3, sumOfSquares: 14, constant: false });
    expect(Array.from(into)).toEqual([-2, -1, 3]);
  });

  it('sets the mean of a constant column to its value and every deviation to 0', () => {
    // an exactly rounded 0.1 + 0.1 + 0.1 is 0.30000000000000004, and / 3 is not 0.1; the mean is set, not computed
    const into = Float64Array.of(9, 9, 9);
    expect(centre([0.1, 0.1, 0.1], into)).toEqual({ mean: 0.1, sumOfSquares: 0, constant: true });
    expect(Array.from(into)).toEqual([0, 0, 0]);
  });
});

describe('standard-deviation and variance weights (methods.md §2b)', () => {
  it('weighs by the population σ of z', () => {
    // (0, 0, 1, 1): mean 0.5, Σd² = 1, σ = sqrt(1/4) = 0.5; (0, 0.5, 0.5, 1): Σd² = 0.5, σ = sqrt(0.125) = √2/4
    // w = 0.5 / (0.5 + √2/4) = 2 − √2 and √2 − 1
    const r = sdWeights([
      [0, 0, 1, 1],
      [0, 0.5, 0.5, 1],
    ]);
    expect(r.measure).toEqual([0.5, Math.sqrt(0.125)]);
    expect(r.weights[0]).toBeCloseTo(2 - Math.SQRT2, 15);
    expect(r.weights[1]).toBeCloseTo(Math.SQRT2 - 1, 15);
    expect(r.allZero).toBe(false);
  });

  it('weighs by the population variance σ² of z', () => {
    // the same columns: σ² = 0.25 and 0.125 → w = 2/3, 1/3
    const r = varianceWeights([
      [0, 0, 1, 1],
      [0, 0.5, 0.5, 1],
    ]);
    expect(r.measure).toEqual([0.25, 0.125]);
    expect(r.weights).toEqual([0.25 / 0.375, 0.125 / 0.375]);
  });

  it('reproduces the standard-deviation weights of Sałabun et al. (2020)', () => {
    // Sałabun, W., Wątróbski, J., Shekhovtsov, A. (2020). Are MCDA methods benchmarkable? A comparative
    // study of TOPSIS, VIKOR, COPRAS, and PROMETHEE II methods. Symmetry 12(9): 1549; weights (0.217,
    // 0.294, 0.488) to 3 d.p., as in the test suite of pyrepo-mcda.
    const matrix = [
      [0.619, 0.449, 0.447],
      [0.862, 0.466, 0.006],
      [0.458, 0.698, 0.771],
      [0.777, 0.631, 0.491],
      [0.567, 0.992, 0.968],
    ];
    const r = sdWeights([0, 1, 2].map((j) => matrix.map((row) => row[j])));
    [0.217, 0.294, 0.488].forEach((w, j) => expect(r.weights[j]).toBeCloseTo(w, 3));
  });

  it('gives a zero-range indicator σ = 0 exactly, one indicator the weight 1, and equal weights when every σ is 0', () => {
    expect(sdWeights([[0.3, 0.3, 0.3], [0, 1, 0.5]]).measure[0]).toBe(0);
    expect(sdWeights([[0.3, 0.3, 0.3]])).toEqual({ weights: [1], measure: [0], allZero: false });
    expect(varianceWeights([[0.3, 0.3], [1, 1]])).toEqual({ weights: [0.5, 0.5], measure: [0, 0], allZero: true });
    // one observation: every σ is 0
    expect(sdWeights([[0.2], [0.7], [1]])).toMatchObject({ weights: [1 / 3, 1 / 3, 1 / 3], allZero: true });
  });

  it('gives weights that sum to 1, σ² measures that are the σ measures squared, and no dependence on row order', () => {
    fc.assert(
      fc.property(columns, (cols) => {
        const sd = sdWeights(cols);
        const variance = varianceWeights(cols);
        expect(sd.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
        expect(variance.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
        sd.measure.forEach((s, j) => expect(s * s).toBeCloseTo(variance.measure[j], 14));
        expect(sdWeights(cols.map((c) => [...c].reverse()))).toEqual(sd);
      }),
    );
  });
});

describe('coefficient-of-variation weights (变异系数法, methods.md §2b)', () => {
  it('weighs by σ / |mean| of the raw values, population σ', () => {
    // (2, 4, 6, 8): mean 5, Σd² = 9 + 1 + 1 + 9 = 20, σ = sqrt(20/4) = √5, CV = √5 / 5
    // (−1, −3): mean −2, σ = 1, CV = 1 / |−2| = 0.5
    const r = cvWeights([
      [2, 4, 6, 8],
      [-1, -3],
    ]);
    expect(r.measure[0]).toBeCloseTo(Math.sqrt(5) / 5, 15);
    expect(r.measure[1]).toBe(0.5);
    const total = Math.sqrt(5) / 5 + 0.5;
    expect(r.weights[0]).toBeCloseTo(Math.sqrt(5) / 5 / total, 15);
    expect(r.weights[1]).toBeCloseTo(0.5 / total, 15);
  });

  it('names the column whose mean is 0', () => {
    let caught: unknown;
    try {
      cvWeights([[1, 2], [-1, 1], [3, 4]]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ZeroMeanError);
    expect((caught as ZeroMeanError).column).toBe(1);
    expect((caught as Error).message).toMatch(/^column 1: the mean of the raw values is 0/);
    expect(new ZeroMeanError(1, 'indicator "so2" in 2019').message).toMatch(/^indicator "so2" in 2019: /);
    // an all-zero column has mean 0 too
    expect(() => cvWeights([[0, 0, 0]])).toThrow(ZeroMeanError);
  });

  it('does not change when a column is multiplied by a constant', () => {
    const raw = fc
      .record({ m: fc.integer({ min: 2, max: 15 }), n: fc.integer({ min: 2, max: 5 }) })
      .chain(({ m, n }) => fc.array(fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: m, maxLength: m }), { minLength: n, maxLength: n }));
    fc.assert(
      fc.property(raw, fc.nat(), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (cols, pick, c) => {
        const j = pick % cols.length;
        const before = cvWeights(cols);
        const scaled = cvWeights(cols.map((col, l) => (l === j ? col.map((v) => v * c) : col)));
        scaled.weights.forEach((w, l) => expect(w).toBeCloseTo(before.weights[l], 10));
        // by −1 or a power of two the CV is the same to the last bit
        expect(cvWeights(cols.map((col, l) => (l === j ? col.map((v) => -v) : col)))).toEqual(before);
        expect(cvWeights(cols.map((col, l) => (l === j ? col.map((v) => v * 8) : col)))).toEqual(before);
      }),
    );
  });
});
