import { describe, expect, it } from 'vitest';
import { obstacleDegrees, topObstacles } from '../../src/core/obstacles.js';
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
});
