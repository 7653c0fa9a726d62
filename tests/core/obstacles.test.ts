import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { obstacleDegrees, obstacleShares, topObstacles } from '../../src/core/obstacles.js';
import { evaluate } from '../../src/core/pipeline.js';
import { parseModel } from '../../src/model/load.js';

describe('obstacle degree (methods.md §7)', () => {
  it('matches a hand-worked example', async () => {
    // equal weights: within a: (0.5, 0.5); W = (0.5, 0.5) → g = (0.25, 0.25, 0.5)
    // region B: z = (0.5, 1, 0) → g(1 − z) = (0.125, 0, 0.5), Σ = 0.625 → O = (0.2, 0, 0.8)
    const model = await parseModel(
      `weights: { indicators: equal }
dimensions:
  - { id: a, indicators: [{ column: p, direction: benefit }, { column: q, direction: benefit }] }
  - { id: b, indicators: [{ column: r, direction: benefit }] }`,
      'm',
    );
    const result = evaluate({ regions: ['A', 'B', 'C'], years: [1, 1, 1], values: [Float64Array.of(0, 1, 2), Float64Array.of(0, 5, 5), Float64Array.of(1, 0, 3)] }, model);
    const [a, b, c] = obstacleDegrees(result);
    expect(Array.from(b.indicators)).toEqual([0.2, 0, 0.8]);
    expect(Array.from(b.dimensions)).toEqual([0.2, 0.8]);
    expect(topObstacles(b, 2)).toEqual([2, 0]);
    // C is at the best value everywhere: the sum is 0 and every O is 0
    expect(Array.from(c.indicators)).toEqual([0, 0, 0]);
    // A: z = (0, 0, 1/3): g(1 − z) = (0.25, 0.25, 1/3) → sums to 1 after normalising
    expect(a.indicators.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 15);
  });

  it('unscaled gives g_j (1 − z_ij) itself, and dimension sums likewise (hand-worked)', async () => {
    // same model and data as above: region B, g = (0.25, 0.25, 0.5), z = (0.5, 1, 0)
    // → O = (0.125, 0, 0.5); dimensions a = 0.125, b = 0.5; C (all z = 1) → 0
    const model = await parseModel(
      `weights: { indicators: equal }
dimensions:
  - { id: a, indicators: [{ column: p, direction: benefit }, { column: q, direction: benefit }] }
  - { id: b, indicators: [{ column: r, direction: benefit }] }`,
      'm',
    );
    const result = evaluate({ regions: ['A', 'B', 'C'], years: [1, 1, 1], values: [Float64Array.of(0, 1, 2), Float64Array.of(0, 5, 5), Float64Array.of(1, 0, 3)] }, model);
    const [a, b, c] = obstacleDegrees(result, { unscaled: true });
    expect(Array.from(b.indicators)).toEqual([0.125, 0, 0.5]);
    expect(Array.from(b.dimensions)).toEqual([0.125, 0.5]);
    expect(Array.from(c.indicators)).toEqual([0, 0, 0]);
    // A: z = (0, 0, 1/3) → (0.25, 0.25, 0.5·2/3)
    expect(a.indicators[2]).toBeCloseTo(1 / 3, 15);
    expect(Array.from(a.dimensions)).toEqual([0.5, a.indicators[2]]);
    expect(topObstacles(b, 1)).toEqual([2]);
    // the default is the scaled form of the first test
    expect(Array.from(obstacleDegrees(result, {})[1].indicators)).toEqual([0.2, 0, 0.8]);
  });
});

describe('obstacle shares of one observation (methods.md §7)', () => {
  it('match a hand-worked example, scaled and unscaled', () => {
    // g = (0.5, 0.5), z = (0, 0.5): g(1 − z) = (0.5, 0.25), Σ = 0.75 → (2/3, 1/3)
    expect(obstacleShares([0.5, 0.5], [0, 0.5])).toEqual([2 / 3, 1 / 3]);
    expect(obstacleShares([0.5, 0.5], [0, 0.5], { unscaled: true })).toEqual([0.5, 0.25]);
    expect(obstacleShares([0.5, 0.5], [1, 1])).toEqual([0, 0]);
  });

  it('scaled shares are the unscaled degrees over their sum (fast-check)', () => {
    const observation = fc.integer({ min: 1, max: 8 }).chain((J) =>
      fc.tuple(fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: J, maxLength: J }), fc.array(fc.double({ min: 0, max: 0.99, noNaN: true }), { minLength: J, maxLength: J })),
    );
    fc.assert(
      fc.property(observation, ([g, z]) => {
        const raw = obstacleShares(g, z, { unscaled: true });
        const total = raw.reduce((s, x) => s + x, 0);
        const shares = obstacleShares(g, z);
        shares.forEach((o, j) => expect(o).toBe(raw[j] / total));
        expect(Math.abs(shares.reduce((s, x) => s + x, 0) - 1)).toBeLessThan(1e-14);
      }),
    );
  });
});
