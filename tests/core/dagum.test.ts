import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dagumGini, DagumInputError } from '../../src/core/dagum.js';
import { fourRegionOf } from '../../src/regions/names.js';

/** The plain Gini Σ_i Σ_j |y_i − y_j| / (2 n² ȳ), summed naively. */
function plainGini(y: number[]): number {
  const n = y.length;
  const mean = y.reduce((a, b) => a + b, 0) / n;
  let s = 0;
  for (const a of y) for (const b of y) s += Math.abs(a - b);
  return s / (2 * n * n * mean);
}

describe('Dagum Gini decomposition (methods.md §8a)', () => {
  it('matches a hand-worked example with two groups of two', () => {
    // y = (1, 3 | 2, 6), groups a, b. n = 4, ȳ = 3, ȳ_a = 2, ȳ_b = 4.
    // Σ_ij |y_i − y_j| over ordered pairs = 2·(2 + 1 + 5 + 1 + 3 + 4) = 32 → G = 32 / (2·16·3) = 1/3
    // G_aa = 2·2 / (2·2²·2) = 0.25; G_bb = 2·4 / (2·2²·4) = 0.25
    // p = (½, ½), s_a = 2·2/(4·3) = 1/3, s_b = 2·4/12 = 2/3 → G_w = 0.25·½·⅓ + 0.25·½·⅔ = 0.125
    // between: |1−2| + |1−6| + |3−2| + |3−6| = 10 → G_ab = 10 / (2·2·(2 + 4)) = 5/12
    // b is richer: d = (2−1) + (6−1) + (6−3) = 9, q = (3−2) = 1 → D_ab = 8/10 = 0.8
    // p_a s_b + p_b s_a = ½·⅔ + ½·⅓ = ½ → G_nb = 5/12 · ½ · 0.8 = 1/6, G_t = 5/12 · ½ · 0.2 = 1/24
    const d = dagumGini([1, 3, 2, 6], ['a', 'a', 'b', 'b']);
    expect(d.G).toBeCloseTo(1 / 3, 15);
    expect(d.Gw).toBeCloseTo(0.125, 15);
    expect(d.Gnb).toBeCloseTo(1 / 6, 15);
    expect(d.Gt).toBeCloseTo(1 / 24, 15);
    expect(d.shares.within).toBeCloseTo(0.375, 15);
    expect(d.shares.between).toBeCloseTo(0.5, 15);
    expect(d.shares.transvariation).toBeCloseTo(0.125, 15);
    expect(d.groups).toEqual([
      { name: 'a', n: 2, mean: 2, Gjj: 0.25 },
      { name: 'b', n: 2, mean: 4, Gjj: 0.25 },
    ]);
    expect(d.pairs).toHaveLength(1);
    expect(d.pairs[0].a).toBe('a');
    expect(d.pairs[0].b).toBe('b');
    expect(d.pairs[0].Gjh).toBeCloseTo(5 / 12, 15);
    expect(d.pairs[0].Djh).toBeCloseTo(0.8, 15);
  });

  it('puts all inequality between groups when each group is constant and the groups do not overlap', () => {
    // y = (1, 1, 3, 3): G_jj = 0, D = 1 (no transvariation), so G = G_nb = 2·2·2·2 / (2·16·2) = 0.25
    const d = dagumGini([1, 1, 3, 3], ['x', 'x', 'y', 'y']);
    expect(d.Gw).toBe(0);
    expect(d.Gt).toBe(0);
    expect(d.Gnb).toBeCloseTo(0.25, 15);
    expect(d.G).toBeCloseTo(0.25, 15);
    expect(d.pairs[0].Djh).toBe(1);
  });

  it('reports groups in order of first appearance and pairs a before b', () => {
    const d = dagumGini([5, 1, 2, 7, 3], ['W', 'E', 'W', 'C', 'E']);
    expect(d.groups.map((g) => g.name)).toEqual(['W', 'E', 'C']);
    expect(d.pairs.map((p) => `${p.a}-${p.b}`)).toEqual(['W-E', 'W-C', 'E-C']);
  });

  it('has the four NBS regions as groups for the 31 provinces', () => {
    const provinces = ['北京', '山西', '内蒙古', '辽宁', '上海', '河南', '四川', '吉林'];
    const d = dagumGini([9, 4, 5, 6, 10, 4.5, 5.5, 5], provinces.map((p) => fourRegionOf(p)!));
    expect(d.groups.map((g) => g.name)).toEqual(['East', 'Central', 'West', 'Northeast']);
    expect(d.pairs).toHaveLength(6);
  });

  it('decomposes exactly: G = G_w + G_nb + G_t to 1e-12 (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.constantFrom('E', 'C', 'W', 'NE')), { minLength: 1, maxLength: 40 }),
        (rows) => {
          const values = rows.map((r) => r[0]);
          fc.pre(values.some((v) => v > 0));
          const d = dagumGini(
            values,
            rows.map((r) => r[1]),
          );
          expect(Math.abs(d.Gw + d.Gnb + d.Gt - d.G)).toBeLessThan(1e-12);
        },
      ),
    );
  });

  it('has G equal to the plain Gini Σ|yi − yj| / (2n²ȳ) (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.constantFrom('a', 'b', 'c')), { minLength: 1, maxLength: 40 }),
        (rows) => {
          const values = rows.map((r) => r[0]);
          fc.pre(values.some((v) => v > 0));
          const d = dagumGini(
            values,
            rows.map((r) => r[1]),
          );
          expect(d.G).toBeCloseTo(plainGini(values), 12);
          expect(d.shares.within ?? 0).toBeGreaterThanOrEqual(0);
          for (const p of d.pairs) {
            expect(p.Djh).toBeGreaterThanOrEqual(0);
            expect(p.Djh).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });

  it('does not depend on the order of the values within the input (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 2, maxLength: 20 }), (values) => {
        fc.pre(values.some((v) => v > 0));
        const groups = values.map((_, i) => (i % 2 === 0 ? 'even' : 'odd'));
        const evens = values.filter((_, i) => i % 2 === 0);
        const odds = values.filter((_, i) => i % 2 === 1);
        const a = dagumGini(values, groups);
        const b = dagumGini([...evens.reverse(), ...odds.reverse()], [...evens.map(() => 'even'), ...odds.map(() => 'odd')]);
        expect(b).toEqual(a);
      }),
    );
  });

  it('is zero with null shares when every value is the same', () => {
    const d = dagumGini([2, 2, 2], ['a', 'b', 'a']);
    expect(d.G).toBe(0);
    expect(d.shares).toEqual({ within: null, between: null, transvariation: null });
  });

  it('treats a group of zeros as equal within (G_jj = 0)', () => {
    const d = dagumGini([0, 0, 4, 6], ['z', 'z', 'p', 'p']);
    expect(d.groups[0].Gjj).toBe(0);
    expect(Math.abs(d.Gw + d.Gnb + d.Gt - d.G)).toBeLessThan(1e-15);
  });

  it('rejects a negative value, a zero mean and mismatched lengths with a typed error', () => {
    expect(() => dagumGini([1, -2], ['a', 'b'])).toThrow(DagumInputError);
    expect(() => dagumGini([1, -2], ['a', 'b'])).toThrow(/value 2 \(group b\) is -2/);
    expect(() => dagumGini([0, 0], ['a', 'b'])).toThrow(/zero mean/);
    expect(() => dagumGini([1, 2], ['a'])).toThrow(DagumInputError);
    expect(() => dagumGini([1, Infinity], ['a', 'b'])).toThrow(DagumInputError);
  });
});
