import { describe, expect, it } from 'vitest';
import { normaliseColumn } from '../../src/core/normalise.js';
import { entropyOfColumn, weightsFromDivergence } from '../../src/core/weights/entropy.js';

/**
 * Published example: mathmodels `entropy_weight` (R package by Zhang Jingxin, github
 * zhjx19/mathmodels, docs/reference/entropy_weight.md), as recomputed in ../shared/docs/golden.md.
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
