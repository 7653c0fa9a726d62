import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/pipeline.js';
import { parseModel } from '../../src/model/load.js';
import { TWO_DIM_MODEL } from '../helpers.js';

/**
 * Hand-worked panel: regions A, B, C in one year; x (benefit) = 1, 2, 3 → z = 0, 0.5, 1;
 * y (cost) = 30, 10, 20 → z = 0, 1, 0.5. One indicator per dimension, so w = 1 and U = z.
 *   T = (U1 + U2)/2:            A 0,   B 0.75, C 0.75
 *   C = 2√(U1U2)/(U1+U2):       A 0,   B = C = 2√0.5/1.5 = 0.942809
 *   D = √(C·T):                 A 0,   B = C = √0.707107 = 0.840896 (level 9)
 *   rank: B and C tie at 1, A is 3. lagging: A first dimension (tie at 0), B first, C second.
 */
const input = {
  regions: ['A', 'B', 'C'],
  years: [2020, 2020, 2020],
  values: [Float64Array.of(1, 2, 3), Float64Array.of(30, 10, 20)],
};

describe('evaluate, the whole pipeline', () => {
  it('matches the hand-worked two-dimension example', async () => {
    const model = await parseModel(TWO_DIM_MODEL, 'model');
    const r = evaluate(input, model);
    expect(Array.from(r.scores[0])).toEqual([0, 0.5, 1]);
    expect(Array.from(r.scores[1])).toEqual([0, 1, 0.5]);
    expect(Array.from(r.T)).toEqual([0, 0.75, 0.75]);
    expect(r.C[0]).toBe(0);
    expect(r.C[1]).toBeCloseTo((2 * Math.sqrt(0.5)) / 1.5, 15);
    expect(r.D[1]).toBeCloseTo(0.840896, 6);
    expect(r.D[2]).toBe(r.D[1]);
    expect(Array.from(r.level)).toEqual([1, 9, 9]);
    expect(Array.from(r.rank)).toEqual([3, 1, 1]);
    expect(Array.from(r.lagging)).toEqual([0, 0, 1]);
    // A's U = (0, 0) makes its C = 0: a warning per dimension names A 2020 and suggests a range.
    expect(r.warnings.map((w) => w.code)).toEqual(['zero-dimension-score', 'zero-dimension-score']);
    expect(r.warnings[0].message).toBe('dimension "first" scores U = 0 for A 2020, which makes C = 0 and D = 0 there; set normalization.range (e.g. [0.01, 0.99]) so that no score is exactly 0');
  });

  it('gives the normalised z per observation on request, per year under per-year scope and clamped under frozen bounds', async () => {
    const model = await parseModel(TWO_DIM_MODEL, 'model');
    expect(evaluate(input, model).normalised.map((z) => Array.from(z))).toEqual([
      [0, 0.5, 1],
      [0, 1, 0.5],
    ]);
    // Two years, in mixed order, per-year: x 2020 = (1, 2, 3) → (0, .5, 1); 2021 = (4, 8) → (0, 1).
    const panel = { regions: ['A', 'A', 'B', 'C', 'B'], years: [2021, 2020, 2020, 2020, 2021], values: [Float64Array.of(4, 1, 2, 3, 8), Float64Array.of(1, 30, 10, 20, 3)] };
    const perYear = evaluate(panel, { ...model, normalization: { ...model.normalization, scope: 'per-year', shift: 0 } });
    expect(Array.from(perYear.normalised[0])).toEqual([0, 0, 0.5, 1, 1]);
    expect(Array.from(perYear.normalised[1])).toEqual([1, 0, 1, 0.5, 0]);
    // Frozen at x in [2, 3], y in [10, 30]: x = 1 clamps to 0, x = 4 and 8 to 1.
    const frozen = evaluate(panel, model, { frozen: { bounds: [{ min: 2, max: 3 }, { min: 10, max: 30 }], indicatorWeights: [1, 1], dimensionWeights: [0.5, 0.5] } });
    expect(Array.from(frozen.normalised[0])).toEqual([1, 0, 0, 1, 1]);
    expect(frozen.clamped).toHaveLength(3 + 2);
  });

  it('records the weights it used: one indicator per dimension gets weight 1, dimensions 1/2', async () => {
    const model = await parseModel(TWO_DIM_MODEL, 'model');
    const r = evaluate(input, model);
    expect(r.groups).toHaveLength(1);
    expect(r.groups[0].indicators.map((i) => i.weight)).toEqual([1, 1]);
    expect(r.groups[0].dimensions.map((d) => d.weight)).toEqual([0.5, 0.5]);
    expect(r.groups[0].indicators[0]).toMatchObject({ id: 'x', dimension: 'first', min: 1, max: 3 });
    // no AHP in the model: no AHP weight reported, even for a one-indicator dimension
    expect(r.groups[0].indicators.map((i) => i.ahpWeight)).toEqual([null, null]);
  });

  it('rescales manual weights within the dimension and warns when dimension weights do not sum to 1', async () => {
    const model = await parseModel(
      `weights: { indicators: manual, dimensions: manual }
dimensions:
  - { id: a, weight: 3, indicators: [{ column: x, direction: benefit, weight: 1 }, { column: z, direction: benefit, weight: 3 }] }
  - { id: b, weight: 1, indicators: [{ column: y, direction: cost }] }`,
      'model',
    );
    const r = evaluate({ ...input, values: [input.values[0], Float64Array.of(0, 1, 1), input.values[1]] }, model);
    // within a: w = (0.25, 0.75); U_a = 0.25·(0, .5, 1) + 0.75·(0, 1, 1) = (0, 0.875, 1)
    expect(Array.from(r.scores[0])).toEqual([0, 0.875, 1]);
    expect(r.groups[0].dimensions.map((d) => d.weight)).toEqual([0.75, 0.25]);
    // A scores U = 0 in both dimensions (C = 0): warned per dimension.
    expect(r.warnings.map((w) => w.code)).toEqual(['dimension-weights-rescaled', 'zero-dimension-score', 'zero-dimension-score']);
  });

  it('normalises per year when asked, with one weight group per year', async () => {
    const model = await parseModel(`normalization: { scope: per-year }\n${TWO_DIM_MODEL}`, 'model');
    const r = evaluate({ regions: ['A', 'B', 'A', 'B'], years: [2019, 2019, 2020, 2020], values: [Float64Array.of(1, 2, 10, 30), Float64Array.of(5, 1, 1, 5)] }, model);
    expect(r.groups.map((g) => g.year)).toEqual([2019, 2020]);
    expect(Array.from(r.scores[0])).toEqual([0, 1, 0, 1]);
    expect(Array.from(r.rank)).toEqual([2, 1, 1, 1]);
  });

  it('refuses entropy weights with a single observation', async () => {
    const model = await parseModel(TWO_DIM_MODEL, 'model');
    expect(() => evaluate({ regions: ['A'], years: [2020], values: [Float64Array.of(1), Float64Array.of(2)] }, model)).toThrow(/entropy weights need at least 2 observations/);
  });

  it('scores a single observation with equal weights (zero range: every z is 1)', async () => {
    const model = await parseModel(`weights: { indicators: equal }\n${TWO_DIM_MODEL}`, 'model');
    const r = evaluate({ regions: ['A'], years: [null], values: [Float64Array.of(1), Float64Array.of(2)] }, model);
    expect(r.D[0]).toBe(1);
    expect(r.level[0]).toBe(10);
    expect(r.warnings.map((w) => w.code)).toEqual(['zero-range', 'zero-range']);
  });

  it('warns about a constant indicator and gives it entropy weight 0', async () => {
    const model = await parseModel(
      `dimensions:
  - { id: a, indicators: [{ column: x, direction: benefit }, { column: c, direction: benefit }] }
  - { id: b, indicators: [{ column: y, direction: cost }] }`,
      'model',
    );
    const r = evaluate({ ...input, values: [input.values[0], Float64Array.of(7, 7, 7), input.values[1]] }, model);
    expect(r.groups[0].indicators[1]).toMatchObject({ id: 'c', divergence: 0, weight: 0 });
    expect(r.warnings[0].message).toMatch(/indicator "c" has the same value for every observation/);
  });

  it('warns when every indicator of a dimension is constant, and weighs them equally', async () => {
    const model = await parseModel(
      `dimensions:
  - { id: a, indicators: [{ column: p, direction: benefit }, { column: q, direction: benefit }] }
  - { id: b, indicators: [{ column: y, direction: cost }] }`,
      'model',
    );
    const r = evaluate({ ...input, values: [Float64Array.of(1, 1, 1), Float64Array.of(2, 2, 2), input.values[1]] }, model);
    expect(r.groups[0].indicators.slice(0, 2).map((i) => i.weight)).toEqual([0.5, 0.5]);
    expect(r.warnings.some((w) => w.code === 'dimension-constant')).toBe(true);
  });

  it('computes TOPSIS closeness inside each dimension', async () => {
    const model = await parseModel(`aggregation: topsis\n${TWO_DIM_MODEL}`, 'model');
    const r = evaluate(input, model);
    // one indicator with w = 1: D+ = 1 − z, D− = z, closeness = z
    expect(Array.from(r.scores[0])).toEqual([0, 0.5, 1]);
  });
});
