import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalise } from '../../../src/core/normalise.js';
import { criticWeights } from '../../../src/core/weights/critic.js';

/** Min–max z of each column of a row-major matrix, with the given directions. */
function zColumns(matrix: number[][], directions: readonly ('benefit' | 'cost')[]): number[][] {
  const rows = matrix.map((_, i) => i);
  return directions.map((direction, j) =>
    Array.from(normalise(Float64Array.from(matrix, (row) => row[j]), rows, { method: 'min-max', direction }).out),
  );
}

describe('CRITIC weights (methods.md §2b)', () => {
  it('weighs by σ_j · Σ_l (1 − r_jl): a duplicated indicator shares its weight, an opposed one gains', () => {
    // z1 = z2 = (0, 0.5, 1), z3 = (1, 0.5, 0). Each mean 0.5, deviations ±0.5 and 0, Σd² = 0.5,
    // sample σ = sqrt(0.5 / 2) = 0.5. r12 = 1, r13 = r23 = −1.
    // C1 = 0.5·((1−1) + (1−1) + (1+1)) = 1 = C2; C3 = 0.5·(2 + 2 + 0) = 2; Σ C = 4 → w = (1/4, 1/4, 1/2)
    const r = criticWeights([
      [0, 0.5, 1],
      [0, 0.5, 1],
      [1, 0.5, 0],
    ]);
    expect(r.sd).toEqual([0.5, 0.5, 0.5]);
    expect(r.correlations).toEqual([
      [1, 1, -1],
      [1, 1, -1],
      [-1, -1, 1],
    ]);
    expect(r.information).toEqual([1, 1, 2]);
    expect(r.weights).toEqual([0.25, 0.25, 0.5]);
    expect(r.allZero).toBe(false);
  });

  it('reports the sample standard deviation (m − 1), as Diakoulaki et al. (1995)', () => {
    // (0, 0, 1, 1): Σd² = 4·0.25 = 1; sample σ = sqrt(1/3), population would be sqrt(1/4) = 0.5
    expect(criticWeights([[0, 0, 1, 1], [0, 1, 0, 1]]).sd).toEqual([Math.sqrt(1 / 3), Math.sqrt(1 / 3)]);
  });

  it('reproduces the CRITIC example of the Julia package JMcDM', () => {
    // JMcDM (Satman, Altunkaynak, github jbytecode/JMcDM), test set "CRITIC": decision matrix below,
    // directions max, max, min, max; published w = (0.16883925, 0.418444976, 0.249124763, 0.163591012)
    // (checked to 1e-4 there; they agree with the exact weights to 2e-6), scores C_j and the matrix
    // 1 − r_jl to 16 digits.
    const matrix = [
      [12.9918, 0.7264, -1.1009, 1.598139592],
      [4.1201, 5.8824, 3.4483, 1.021563567],
      [4.1039, 0.0, -0.5076, 0.984469444],
    ];
    const r = criticWeights(zColumns(matrix, ['benefit', 'benefit', 'cost', 'benefit']));
    [0.16883925, 0.418444976, 0.249124763, 0.163591012].forEach((w, j) => expect(r.weights[j]).toBeCloseTo(w, 5));
    [1.0380664664796384, 2.572718248762683, 1.5316754449023655, 1.005800182228836].forEach((c, j) => expect(r.information[j]).toBeCloseTo(c, 13));
    const oneMinusR = [
      [0.0, 1.3972590509606788, 0.4009928509605405, 0.0013698033055495884],
      [1.3972590509606788, 0.0, 1.9728086997410341, 1.348697428776955],
      [0.4009928509605405, 1.9728086997410341, 0.0, 0.44371094387732823],
      [0.0013698033055495884, 1.348697428776955, 0.44371094387732823, 0.0],
    ];
    oneMinusR.forEach((row, j) => row.forEach((v, l) => expect(1 - r.correlations[j][l]).toBeCloseTo(v, 13)));
  });

  it('reproduces the CRITIC weights of Tuş and Aytaç Adalı (2019)', () => {
    // Tuş, A., Aytaç Adalı, E. (2019). The new combination with CRITIC and WASPAS methods for the time
    // and attendance software selection problem. Opsearch 56(2): 528–538. Published weights (0.157,
    // 0.249, 0.168, 0.121, 0.154, 0.151), as in the tests of pyrepo-mcda and crispyn; they come out of
    // min–max scores taken as benefit for every criterion (price included), which is what we do here.
    const matrix = [
      [5000, 3, 3, 4, 3, 2],
      [680, 5, 3, 2, 2, 1],
      [2000, 3, 2, 3, 4, 3],
      [600, 4, 3, 1, 2, 2],
      [800, 2, 4, 3, 3, 4],
    ];
    const r = criticWeights(zColumns(matrix, ['benefit', 'benefit', 'benefit', 'benefit', 'benefit', 'benefit']));
    [0.157, 0.249, 0.168, 0.121, 0.154, 0.151].forEach((w, j) => expect(r.weights[j]).toBeCloseTo(w, 3));
  });

  it('gives a zero-range indicator σ = 0, correlations 0 and no weight', () => {
    // z2 constant: σ2 = 0, r_2l = 0 (the diagonal too), C2 = 0. z1 and z3 as in the first example (r = −1):
    // C1 = C3 = 0.5·((1 − 1) + (1 − 0) + (1 + 1)) = 1.5 → w = (0.5, 0, 0.5)
    const r = criticWeights([
      [0, 0.5, 1],
      [1, 1, 1],
      [1, 0.5, 0],
    ]);
    expect(r.sd).toEqual([0.5, 0, 0.5]);
    expect(r.correlations[1]).toEqual([0, 0, 0]);
    expect(r.correlations.map((row) => row[1])).toEqual([0, 0, 0]);
    expect(r.information).toEqual([1.5, 0, 1.5]);
    expect(r.weights).toEqual([0.5, 0, 0.5]);
  });

  it('falls back to equal weights, flagged, when every C is zero', () => {
    expect(criticWeights([[1, 1], [0.3, 0.3], [0, 0]])).toMatchObject({ weights: [1 / 3, 1 / 3, 1 / 3], information: [0, 0, 0], allZero: true });
    // one observation: every indicator has zero range
    expect(criticWeights([[0.4], [0.9]])).toMatchObject({ weights: [0.5, 0.5], sd: [0, 0], allZero: true });
  });

  it('gives one indicator the weight 1 without the all-zero flag', () => {
    // its C = σ·(1 − r11) = 0 by construction; §2b: one indicator ⇒ w = 1
    expect(criticWeights([[0, 0.5, 1]])).toEqual({ weights: [1], sd: [0.5], correlations: [[1]], information: [0], allZero: false });
    expect(criticWeights([])).toEqual({ weights: [], sd: [], correlations: [], information: [], allZero: false });
  });

  it('refuses columns of unequal length (a bug in the caller)', () => {
    expect(() => criticWeights([[0, 1], [0, 1, 0.5]])).toThrow('column 1 has 3 values, column 0 has 2 (this is a bug)');
  });

  const matrix = fc
    .record({ m: fc.integer({ min: 2, max: 12 }), n: fc.integer({ min: 2, max: 5 }) })
    .chain(({ m, n }) => fc.array(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: n, maxLength: n }), { minLength: m, maxLength: m }));

  it('gives weights in [0, 1] that sum to 1, and a symmetric correlation matrix', () => {
    fc.assert(
      fc.property(matrix, (raw) => {
        const n = raw[0].length;
        const r = criticWeights(zColumns(raw, Array(n).fill('benefit')));
        expect(r.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
        for (const w of r.weights) expect(w >= 0 && w <= 1).toBe(true);
        r.correlations.forEach((row, j) => row.forEach((v, l) => expect(v).toBe(r.correlations[l][j])));
      }),
    );
  });

  it('does not change when an indicator is multiplied by a positive constant and shifted before normalisation', () => {
    const transform = fc.record({ scale: fc.double({ min: 0.01, max: 100, noNaN: true }), shift: fc.double({ min: -1000, max: 1000, noNaN: true }) });
    fc.assert(
      fc.property(matrix, transform, fc.nat(), fc.boolean(), (raw, { scale, shift }, pick, cost) => {
        const n = raw[0].length;
        const j = pick % n;
        const directions = Array.from({ length: n }, (_, l) => (l === 0 && cost ? 'cost' : 'benefit') as 'benefit' | 'cost');
        const moved = raw.map((row) => row.map((v, l) => (l === j ? v * scale + shift : v)));
        const before = criticWeights(zColumns(raw, directions)).weights;
        const after = criticWeights(zColumns(moved, directions)).weights;
        after.forEach((w, l) => expect(w).toBeCloseTo(before[l], 9));
      }),
    );
  });

  it('does not depend on the order of the rows, to the last bit', () => {
    fc.assert(
      fc.property(matrix, (raw) => {
        const n = raw[0].length;
        const forward = criticWeights(zColumns(raw, Array(n).fill('benefit')));
        const backward = criticWeights(zColumns([...raw].reverse(), Array(n).fill('benefit')));
        expect(backward).toEqual(forward);
      }),
    );
  });
});
