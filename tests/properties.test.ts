import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { couplingDegree } from '../src/core/coordination.js';
import { evaluate, type CoordinationResult, type EvaluationInput } from '../src/core/pipeline.js';
import type { Model } from '../src/model/schema.js';
import { DEFAULTS } from '../src/model/schema.js';

/** Runs per property: 200, or FC_RUNS (`npm run soak`; the seed is set in tests/setup.ts). */
const RUNS = Number(process.env.FC_RUNS ?? 200);

/** A random model: 2–4 dimensions of 1–3 indicators, random directions, weightings and methods. */
const modelArb = fc
  .record({
    sizes: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 4 }),
    directions: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    manual: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 12, maxLength: 12 }),
    indicators: fc.constantFrom('entropy', 'equal', 'manual', 'critic', 'sd', 'variance' as const),
    dimensions: fc.constantFrom('equal', 'manual', 'entropy' as const),
    coupling: fc.constantFrom('classic', 'wang2021', 'fan' as const),
    scope: fc.constantFrom('pooled', 'per-year' as const),
    aggregation: fc.constantFrom('weighted-sum', 'topsis' as const),
    shift: fc.constantFrom(0, 0.0001, 0.01),
    range: fc.constantFrom<[number, number]>([0, 1], [0.01, 0.99], [0.0001, 1]),
  })
  .map((r): Model => {
    let j = 0;
    return {
      name: 'random',
      columns: DEFAULTS.columns,
      normalization: { ...DEFAULTS.normalization, range: r.range, scope: r.scope, shift: r.shift },
      weights: { ...DEFAULTS.weights, indicators: r.indicators, dimensions: r.dimensions },
      coupling: r.coupling,
      couplingExponent: null,
      levels: null,
      aggregation: r.aggregation,
      combine: DEFAULTS.combine,
      ahp: { method: 'eigen', ri: 'saaty', dimensions: null, indicators: Object.create(null) },
      dimensions: r.sizes.map((n, k) => ({
        id: `d${k}`,
        label: {},
        weight: r.manual[k],
        indicators: Array.from({ length: n }, () => {
          const id = `x${j}`;
          const ind = { id, column: id, expr: null, direction: r.directions[j] ? ('benefit' as const) : ('cost' as const), weight: r.manual[j], label: {}, unit: null };
          j++;
          return ind;
        }),
      })),
    };
  });

/**
 * A random panel for a model: 2–8 regions × 1–3 years, values from a few scales (ties likely).
 * Values have at most 3 decimals and |x| ≤ 1000, so ranges are ≥ 0.001 at magnitudes ≤ 2000: the
 * rounding error of (x + c − min − c) stays near 1e-10 of the range. With 1e6-scale values a
 * millionth apart (cancellation), or subnormal ranges that underflow when scaled, no floating-point
 * implementation keeps scores invariant to 1e-9 — those are conditioning limits, not method bugs.
 */
function panelArb(model: Model) {
  const J = model.dimensions.reduce((s, d) => s + d.indicators.length, 0);
  return fc
    .record({
      regions: fc.integer({ min: 2, max: 8 }),
      years: fc.integer({ min: 1, max: 3 }),
      cells: fc.array(fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true }).map((x) => Math.round(x * 1000) / 1000)), { minLength: 8 * 3 * J, maxLength: 8 * 3 * J }),
    })
    .map(({ regions, years, cells }): EvaluationInput => {
      const m = regions * years;
      return {
        regions: Array.from({ length: m }, (_, i) => `r${i % regions}`),
        years: Array.from({ length: m }, (_, i) => 2000 + Math.floor(i / regions)),
        values: Array.from({ length: J }, (_, j) => Float64Array.from({ length: m }, (_, i) => cells[j * m + i])),
      };
    });
}

const caseArb = modelArb.chain((model) => fc.tuple(fc.constant(model), panelArb(model)));

function byKey(r: CoordinationResult) {
  const out = new Map<string, number[]>();
  r.regions.forEach((region, i) => out.set(`${region}|${r.years[i]}`, [...r.scores.map((s) => s[i]), r.T[i], r.C[i], r.D[i], r.level[i], r.rank[i]]));
  return out;
}

function expectSameScores(a: CoordinationResult, b: CoordinationResult, tolerance: number) {
  const ka = byKey(a);
  const kb = byKey(b);
  for (const [key, values] of ka) {
    const other = kb.get(key)!;
    values.forEach((v, t) => {
      if (t >= values.length - 2) {
        // level and rank: equal unless D sits within the tolerance of a boundary or a tie
        return;
      }
      expect(Math.abs(v - other[t])).toBeLessThanOrEqual(tolerance);
    });
  }
}

describe('properties of the whole computation (fast-check)', () => {
  it('weights are ≥ 0 and sum to 1 within each dimension and over dimensions (1e-12)', () => {
    fc.assert(
      fc.property(caseArb, ([model, input]) => {
        const r = evaluate(input, model);
        for (const g of r.groups) {
          for (const d of model.dimensions) {
            const ws = g.indicators.filter((i) => i.dimension === d.id).map((i) => i.weight);
            ws.forEach((w) => expect(w).toBeGreaterThanOrEqual(0));
            expect(Math.abs(ws.reduce((s, w) => s + w, 0) - 1)).toBeLessThan(1e-12);
          }
          expect(Math.abs(g.dimensions.reduce((s, d) => s + d.weight, 0) - 1)).toBeLessThan(1e-12);
          expect(Math.abs(g.indicators.reduce((s, i) => s + i.globalWeight, 0) - 1)).toBeLessThan(1e-12);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('U, T, C and D lie in [0, 1] and are never NaN', () => {
    fc.assert(
      fc.property(caseArb, ([model, input]) => {
        const r = evaluate(input, model);
        for (const column of [...r.scores, r.T, r.C, r.D]) {
          for (const v of column) {
            expect(Number.isNaN(v)).toBe(false);
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('classic C is 1 when every U is equal and positive', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1, noNaN: true }), fc.integer({ min: 2, max: 10 }), (u, K) => {
        expect(Math.abs(couplingDegree(Array(K).fill(u), 'classic') - 1)).toBeLessThan(1e-12);
      }),
    );
  });

  it('permuting the rows leaves every number unchanged, to the last bit', () => {
    fc.assert(
      fc.property(
        caseArb.chain(([model, input]) => fc.tuple(fc.constant(model), fc.constant(input), fc.shuffledSubarray([...input.regions.keys()], { minLength: input.regions.length, maxLength: input.regions.length }))),
        ([model, input, order]) => {
          const permuted: EvaluationInput = { regions: order.map((i) => input.regions[i]), years: order.map((i) => input.years[i]), values: input.values.map((v) => Float64Array.from(order, (i) => v[i])) };
          // Bit for bit, level and rank included: every sum over regions is exactly rounded (fsum.ts).
          expect(byKey(evaluate(permuted, model))).toEqual(byKey(evaluate(input, model)));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('regression (CI, 2026-11-28): a region at the top of every indicator scores U = 1 exactly, in any row order', () => {
    // fast-check counterexample: entropy weights summing to 1 − 2^-53 gave U = 0.9999999999999999
    // in one row order and 1 in another; with fan coupling C = 1 − 2σ went 0 → 1.1e-16, D 0 → 7.5e-9.
    const ind = (id: string, direction: 'benefit' | 'cost') => ({ id, column: id, expr: null, direction, weight: 1, label: {}, unit: null });
    const model: Model = {
      ...DEFAULTS,
      name: 'ci',
      normalization: { ...DEFAULTS.normalization, scope: 'per-year', shift: 0 },
      weights: { ...DEFAULTS.weights, indicators: 'entropy', dimensions: 'equal' },
      coupling: 'fan',
      aggregation: 'weighted-sum',
      ahp: { method: 'eigen', ri: 'saaty', dimensions: null, indicators: Object.create(null) },
      dimensions: [
        { id: 'd0', label: {}, weight: 1, indicators: [ind('x0', 'cost'), ind('x1', 'cost')] },
        { id: 'd1', label: {}, weight: 1, indicators: [ind('x2', 'benefit'), ind('x3', 'cost'), ind('x4', 'cost')] },
      ],
    };
    const input: EvaluationInput = {
      regions: ['r0', 'r1', 'r2', 'r3', 'r0', 'r1', 'r2', 'r3', 'r0', 'r1', 'r2', 'r3'],
      years: [2000, 2000, 2000, 2000, 2001, 2001, 2001, 2001, 2002, 2002, 2002, 2002],
      values: [
        [-2, -0, -0, 1000, -1, 0, 39, -38, -40, 6, 0, 11],
        [-0, 0, -3, 7, -0, -4, -1000, -0, -0, -4, 1000, -7],
        [-33, 5, -45, 1000, -35, -0, 21, 4, -48, -16, -0, -44],
        [0, 1, -0, -28, 4, 0, 0, 14, -1, 0, 47, 1000],
        [37, -0, 0, -1000, -0, -37, -36, 1000, 0, -0, 21, 45],
      ].map((v) => Float64Array.from(v)),
    };
    const order = [10, 2, 9, 6, 4, 7, 1, 8, 3, 5, 0, 11];
    const permuted: EvaluationInput = { regions: order.map((i) => input.regions[i]), years: order.map((i) => input.years[i]), values: input.values.map((v) => Float64Array.from(order, (i) => v[i])) };
    for (const r of [evaluate(input, model), evaluate(permuted, model)]) {
      const i = r.regions.findIndex((region, p) => region === 'r3' && r.years[p] === 2000);
      expect([r.scores[0][i], r.scores[1][i], r.C[i], r.D[i]]).toEqual([0, 1, 0, 0]);
    }
    expect(byKey(evaluate(permuted, model))).toEqual(byKey(evaluate(input, model)));
  });

  it('multiplying an indicator by a positive constant, or adding a constant, leaves every score unchanged', () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 0.01, max: 100, noNaN: true }), fc.integer({ min: -1000, max: 1000 }), fc.nat(), ([model, input], scale, offset, pick) => {
        const j = pick % input.values.length;
        const scaled = { ...input, values: input.values.map((v, t) => (t === j ? v.map((x) => x * scale) : v)) };
        const shifted = { ...input, values: input.values.map((v, t) => (t === j ? v.map((x) => x + offset) : v)) };
        const base = evaluate(input, model);
        expectSameScores(base, evaluate(scaled, model), 1e-9);
        expectSameScores(base, evaluate(shifted, model), 1e-9);
      }),
      { numRuns: RUNS },
    );
  });

  it('with manual weights, raising a region’s benefit indicator in a cross-section never lowers its U', () => {
    fc.assert(
      fc.property(caseArb, fc.nat(), fc.nat(), fc.double({ min: 0, max: 1e6, noNaN: true }), ([model, input], pickRegion, pickIndicator, raise) => {
        const manual: Model = { ...model, weights: { ...model.weights, indicators: 'manual', dimensions: 'manual' }, aggregation: 'weighted-sum' };
        const flat = manual.dimensions.flatMap((d, k) => d.indicators.map((ind) => ({ ind, k })));
        const benefit = flat.map((f, j) => ({ ...f, j })).filter((f) => f.ind.direction === 'benefit');
        if (benefit.length === 0) return;
        const { j, k } = benefit[pickIndicator % benefit.length];
        const year = input.years[0];
        const members = input.regions.map((_, i) => i).filter((i) => input.years[i] === year);
        const cross: EvaluationInput = { regions: members.map((i) => input.regions[i]), years: members.map(() => year), values: input.values.map((v) => Float64Array.from(members, (i) => v[i])) };
        const i = pickRegion % members.length;
        const raised = { ...cross, values: cross.values.map((v, t) => (t === j ? v.map((x, p) => (p === i ? x + raise : x)) : v)) };
        expect(evaluate(raised, manual).scores[k][i]).toBeGreaterThanOrEqual(evaluate(cross, manual).scores[k][i] - 1e-12);
      }),
      { numRuns: RUNS },
    );
  });
});
