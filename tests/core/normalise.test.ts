import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  normalise,
  normaliseColumn,
  NormaliseSpecError,
  NormaliseValueError,
  zeroRangeWarning,
  type Bounds,
  type NormaliseSpec,
} from '../../src/core/normalise.js';

/** The error a call throws (fails the test when it throws none). */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

const all = [0, 1, 2];
const minMax = (direction: 'benefit' | 'cost', range?: [number, number]): NormaliseSpec => ({ method: 'min-max', direction, range });

/** Finite doubles of an ordinary size (statistics, not the edges of the double range). */
const value = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const column = fc.array(value, { minLength: 1, maxLength: 30 });
const membersOf = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('min–max normalisation (methods.md §1)', () => {
  const x = Float64Array.of(2, 4, 6);

  it('scales a benefit indicator as (x − min)/(max − min)', () => {
    // min 2, max 6: (2−2)/4 = 0, (4−2)/4 = 0.5, (6−2)/4 = 1
    expect(Array.from(normaliseColumn(x, all, 'benefit').out)).toEqual([0, 0.5, 1]);
  });

  it('scales a cost indicator as (max − x)/(max − min)', () => {
    expect(Array.from(normaliseColumn(x, all, 'cost').out)).toEqual([1, 0.5, 0]);
  });

  it('gives every observation z = 1 when the range is zero', () => {
    const r = normaliseColumn(Float64Array.of(5, 5, 5), all, 'cost');
    expect(r.zeroRange).toBe(true);
    expect(Array.from(r.out)).toEqual([1, 1, 1]);
  });

  it('handles negative and zero raw values', () => {
    // min −4, max 4: (−4+4)/8 = 0, (0+4)/8 = 0.5, (4+4)/8 = 1
    expect(Array.from(normaliseColumn(Float64Array.of(-4, 0, 4), all, 'benefit').out)).toEqual([0, 0.5, 1]);
  });

  it('uses only the members of the group', () => {
    const r = normaliseColumn(Float64Array.of(100, 1, 3), [1, 2], 'benefit');
    expect(r.bounds).toEqual({ min: 1, max: 3 });
    expect(Array.from(r.out)).toEqual([0, 1]);
  });

  it('clamps to [0, 1] against frozen bounds and names the clamped observations', () => {
    // frozen min 0, max 10: 12 → 1.2 clamped to 1; −5 → −0.5 clamped to 0; 5 → 0.5
    const r = normaliseColumn(Float64Array.of(12, -5, 5), all, 'benefit', { min: 0, max: 10 });
    expect(Array.from(r.out)).toEqual([1, 0, 0.5]);
    expect(r.clamped).toEqual([0, 1]);
  });

  it('writes into the given array when one is passed', () => {
    const into = new Float64Array(4);
    const r = normaliseColumn(x, all, 'benefit', undefined, into);
    expect(r.out).toBe(into);
    expect(Array.from(into)).toEqual([0, 0.5, 1, 0]);
  });

  it('refuses a target or interval direction, which needs normalise() and its t or [q1, q2]', () => {
    const e = thrown(() => normaliseColumn(x, all, 'target'));
    expect(e).toBeInstanceOf(NormaliseSpecError);
    expect((e as NormaliseSpecError).setting).toBe('target');
    expect(thrown(() => normaliseColumn(x, all, 'interval'))).toBeInstanceOf(NormaliseSpecError);
  });

  it('normalise with plain min–max gives exactly what normaliseColumn gives, bounds and flags included', () => {
    fc.assert(
      fc.property(column, fc.boolean(), fc.option(fc.tuple(value, value), { nil: undefined }), (xs, cost, frozenPair) => {
        const values = Float64Array.from(xs);
        const members = membersOf(xs.length);
        const direction = cost ? 'cost' : 'benefit';
        const frozen = frozenPair && { min: Math.min(...frozenPair), max: Math.max(...frozenPair) };
        const a = normaliseColumn(values, members, direction, frozen);
        const b = normalise(values, members, minMax(direction), frozen);
        const c = normalise(values, members, minMax(direction, [0, 1]), frozen);
        for (const r of [b, c]) {
          expect(r.bounds).toEqual(a.bounds);
          expect(r.zeroRange).toBe(a.zeroRange);
          expect(r.clamped).toEqual(a.clamped);
          r.out.forEach((z, k) => expect(Object.is(z, a.out[k])).toBe(true));
        }
      }),
    );
  });
});

describe('the range [a, b] (methods.md §1a)', () => {
  it("maps z to a + (b − a)·z: SPSSAU's [0.01, 0.99]", () => {
    // z = 0, 0.5, 1 → 0.01 + 0.98·0 = 0.01, 0.01 + 0.98·0.5 = 0.5, and b = 0.99 for z = 1
    const r = normalise(Float64Array.of(2, 4, 6), all, minMax('benefit', [0.01, 0.99]));
    expect(Array.from(r.out)).toEqual([0.01, 0.5, 0.99]);
    expect(r.bounds).toEqual({ min: 2, max: 6 });
  });

  it('gives a zero-range indicator b exactly', () => {
    // 0.1 + (0.7 − 0.1)·1 need not round to 0.7; the contract says b
    const r = normalise(Float64Array.of(3, 3, 3), all, minMax('cost', [0.1, 0.7]));
    expect(r.zeroRange).toBe(true);
    expect(Array.from(r.out)).toEqual([0.7, 0.7, 0.7]);
  });

  it('clamps against frozen bounds first, then applies the range', () => {
    // frozen [0, 10]: 12 → 1.2 → 1 → b = 0.9; −5 → −0.5 → 0 → a = 0.1; 5 → 0.5 → 0.1 + 0.8·0.5 = 0.5
    const r = normalise(Float64Array.of(12, -5, 5), all, minMax('benefit', [0.1, 0.9]), { min: 0, max: 10 });
    expect(Array.from(r.out)).toEqual([0.9, 0.1, 0.5]);
    expect(r.clamped).toEqual([0, 1]);
  });

  it('keeps the order of the values and maps every one into [a, b]', () => {
    const range = fc
      .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
      .filter(([p, q]) => p !== q)
      .map(([p, q]) => [Math.min(p, q), Math.max(p, q)] as [number, number]);
    fc.assert(
      fc.property(column, fc.boolean(), range, (xs, cost, [a, b]) => {
        const values = Float64Array.from(xs);
        const r = normalise(values, membersOf(xs.length), minMax(cost ? 'cost' : 'benefit', [a, b]));
        for (let i = 0; i < xs.length; i++) {
          expect(r.out[i]).toBeGreaterThanOrEqual(a);
          expect(r.out[i]).toBeLessThanOrEqual(b);
          for (let k = 0; k < xs.length; k++) {
            // benefit: x_i < x_k ⇒ z'_i ≤ z'_k; cost reverses it
            if (xs[i] < xs[k]) expect(cost ? r.out[i] >= r.out[k] : r.out[i] <= r.out[k]).toBe(true);
          }
        }
      }),
    );
  });

  it('is refused outside 0 ≤ a < b ≤ 1, and with methods other than min–max', () => {
    for (const range of [[0.5, 0.5], [0.6, 0.4], [-0.1, 1], [0, 1.5], [Number.NaN, 1]] as [number, number][]) {
      expect((thrown(() => normalise(Float64Array.of(1, 2), [0, 1], minMax('benefit', range))) as NormaliseSpecError).setting).toBe('range');
    }
    for (const method of ['none', 'vector'] as const) {
      const e = thrown(() => normalise(Float64Array.of(0.1, 0.2), [0, 1], { method, direction: 'benefit', range: [0.01, 0.99] }));
      expect(e).toBeInstanceOf(NormaliseSpecError);
      expect((e as Error).message).toContain('min-max only');
    }
  });

  it('accepts the identity range [0, 1] with every method', () => {
    expect(Array.from(normalise(Float64Array.of(0.25, 0.5), [0, 1], { method: 'none', direction: 'benefit', range: [0, 1] }).out)).toEqual([0.25, 0.5]);
    expect(Array.from(normalise(Float64Array.of(3, 4), [0, 1], { method: 'vector', direction: 'benefit', range: [0, 1] }).out)).toEqual([0.6, 0.8]);
  });
});

describe('method none: the values are scores already (methods.md §1a)', () => {
  it('takes z = x for benefit and z = 1 − x for cost', () => {
    const x = Float64Array.of(0, 0.25, 1);
    expect(Array.from(normalise(x, all, { method: 'none', direction: 'benefit' }).out)).toEqual([0, 0.25, 1]);
    // 1 − 0 = 1, 1 − 0.25 = 0.75, 1 − 1 = 0
    expect(Array.from(normalise(x, all, { method: 'none', direction: 'cost' }).out)).toEqual([1, 0.75, 0]);
  });

  it('names the observation of a value outside [0, 1]', () => {
    const e = thrown(() => normalise(Float64Array.of(0.5, 9, 1.2, 0.3), [0, 2, 3], { method: 'none', direction: 'benefit' }));
    expect(e).toBeInstanceOf(NormaliseValueError);
    expect(e).toMatchObject({ index: 2, value: 1.2, rule: 'score' });
    expect((e as Error).message).toMatch(/^observation 2: the value 1\.2 is outside \[0, 1\]/);
  });

  it('lets the caller rethrow the error with the region, year and indicator', () => {
    const e = thrown(() => normalise(Float64Array.of(-0.5), [0], { method: 'none', direction: 'cost' })) as NormaliseValueError;
    const named = new NormaliseValueError(e.index, e.value, e.rule, '河北 2019, indicator "u1"');
    expect(named.message).toMatch(/^河北 2019, indicator "u1": the value -0\.5 is outside \[0, 1\]/);
  });

  it('reproduces min–max scores exactly when given them', () => {
    fc.assert(
      fc.property(column, (xs) => {
        const members = membersOf(xs.length);
        const z = normaliseColumn(Float64Array.from(xs), members, 'benefit').out;
        expect(Array.from(normalise(z, members, { method: 'none', direction: 'benefit' }).out)).toEqual(Array.from(z));
      }),
    );
  });

  it('is refused with a target or interval direction', () => {
    expect((thrown(() => normalise(Float64Array.of(0.5), [0], { method: 'none', direction: 'target', target: 0.5 })) as NormaliseSpecError).setting).toBe('target');
    expect((thrown(() => normalise(Float64Array.of(0.5), [0], { method: 'none', direction: 'interval', interval: [0, 1] })) as NormaliseSpecError).setting).toBe('interval');
  });
});

describe('method vector: z = x / sqrt(Σ x²) (methods.md §1a)', () => {
  it('divides by the Euclidean norm of the group', () => {
    // sqrt(3² + 4²) = 5: 3/5 = 0.6, 4/5 = 0.8; cost 1 − 0.6 = 0.4, 1 − 0.8
    const r = normalise(Float64Array.of(3, 4), [0, 1], { method: 'vector', direction: 'benefit' });
    expect(Array.from(r.out)).toEqual([0.6, 0.8]);
    expect(r.bounds).toEqual({ min: 3, max: 4, norm: 5 });
    expect(Array.from(normalise(Float64Array.of(3, 4), [0, 1], { method: 'vector', direction: 'cost' }).out)).toEqual([0.4, 1 - 0.8]);
  });

  it('scores a constant group 1/√m, and flags it as zero range', () => {
    // four values 2: norm sqrt(16) = 4, z = 2/4 = 0.5 = 1/√4
    const r = normalise(Float64Array.of(2, 2, 2, 2), [0, 1, 2, 3], { method: 'vector', direction: 'benefit' });
    expect(Array.from(r.out)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(r.zeroRange).toBe(true);
  });

  it('scores an all-zero group 0 (benefit) or 1 (cost): a zero always scores so', () => {
    const benefit = normalise(Float64Array.of(0, 0, 0), all, { method: 'vector', direction: 'benefit' });
    expect(Array.from(benefit.out)).toEqual([0, 0, 0]);
    expect(benefit.bounds.norm).toBe(0);
    expect(benefit.zeroRange).toBe(true);
    expect(Array.from(normalise(Float64Array.of(0, 0, 0), all, { method: 'vector', direction: 'cost' }).out)).toEqual([1, 1, 1]);
  });

  it('names the observation of a negative value', () => {
    const e = thrown(() => normalise(Float64Array.of(1, -2, 3), all, { method: 'vector', direction: 'benefit' }));
    expect(e).toMatchObject({ index: 1, value: -2, rule: 'non-negative' });
  });

  it('copes with squares that would overflow or underflow, and names the largest value when the norm itself overflows', () => {
    // (3·2^700)² overflows and (5e-324)² underflows; scaled by a power of two first, the norms are 5·2^700 and 5e-324
    const huge = normalise(Float64Array.of(3 * 2 ** 700, 4 * 2 ** 700), [0, 1], { method: 'vector', direction: 'benefit' });
    expect(Array.from(huge.out)).toEqual([0.6, 0.8]);
    expect(huge.bounds.norm).toBe(5 * 2 ** 700);
    const tiny = normalise(Float64Array.of(5e-324, 0), [0, 1], { method: 'vector', direction: 'benefit' });
    expect(Array.from(tiny.out)).toEqual([1, 0]);
    expect(tiny.bounds.norm).toBe(5e-324);
    // sqrt(2) · 1.5e308 is beyond the largest double
    expect(thrown(() => normalise(Float64Array.of(1, 1.5e308, 1.5e308), all, { method: 'vector', direction: 'benefit' }))).toMatchObject({ index: 1, rule: 'magnitude' });
  });

  it('gives scores whose squares sum to 1, unchanged bit for bit when the values are doubled', () => {
    const positive = fc.array(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(positive, (xs) => {
        const members = membersOf(xs.length);
        const z = normalise(Float64Array.from(xs), members, { method: 'vector', direction: 'benefit' }).out;
        expect(z.reduce((s, v) => s + v * v, 0)).toBeCloseTo(1, 12);
        const doubled = normalise(Float64Array.from(xs, (v) => v * 2), members, { method: 'vector', direction: 'benefit' }).out;
        expect(Array.from(doubled)).toEqual(Array.from(z));
      }),
    );
  });

  it('uses a frozen norm, clamps above it, and needs it recorded', () => {
    // frozen norm 10: 5 → 0.5, 20 → 2 clamped to 1
    const r = normalise(Float64Array.of(5, 20), [0, 1], { method: 'vector', direction: 'benefit' }, { min: 3, max: 8, norm: 10 });
    expect(Array.from(r.out)).toEqual([0.5, 1]);
    expect(r.clamped).toEqual([1]);
    expect(r.bounds).toEqual({ min: 3, max: 8, norm: 10 });
    expect((thrown(() => normalise(Float64Array.of(5), [0], { method: 'vector', direction: 'benefit' }, { min: 3, max: 8 })) as NormaliseSpecError).setting).toBe('frozen');
    // a frozen norm of 0: a zero still scores 0, a positive value is off the scale (clamped)
    const zero = normalise(Float64Array.of(0, 2), [0, 1], { method: 'vector', direction: 'cost' }, { min: 0, max: 0, norm: 0 });
    expect(Array.from(zero.out)).toEqual([1, 0]);
    expect(zero.clamped).toEqual([1]);
  });
});

describe('target and interval directions (适度指标, methods.md §1a)', () => {
  it('scores a target indicator 1 − |x − t| / max|x_i − t|', () => {
    // t = 4: deviations 4, 2, 0, 4 → max 4 → z = 0, 0.5, 1, 0
    const r = normalise(Float64Array.of(0, 2, 4, 8), [0, 1, 2, 3], { method: 'min-max', direction: 'target', target: 4 });
    expect(Array.from(r.out)).toEqual([0, 0.5, 1, 0]);
    expect(r.bounds).toEqual({ min: 0, max: 8, maxDeviation: 4 });
    expect(r.zeroRange).toBe(false);
  });

  it('gives every z = 1 when every value is at the target, and 0 when every value misses it equally', () => {
    const at = normalise(Float64Array.of(5, 5), [0, 1], { method: 'min-max', direction: 'target', target: 5 });
    expect(Array.from(at.out)).toEqual([1, 1]);
    expect(at.zeroRange).toBe(true);
    // all 7, t = 5: max deviation 2, z = 1 − 2/2 = 0 for every one (the formula, methods.md §1a)
    const off = normalise(Float64Array.of(7, 7), [0, 1], { method: 'min-max', direction: 'target', target: 5 });
    expect(Array.from(off.out)).toEqual([0, 0]);
    expect(off.zeroRange).toBe(true);
    expect(zeroRangeWarning('x', 2020, 0).message).toContain('every z is 0');
  });

  it('with the target at the max is benefit min–max, and at the min is cost min–max', () => {
    fc.assert(
      fc.property(column, (xs) => {
        const values = Float64Array.from(xs);
        const members = membersOf(xs.length);
        const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
        const atMax = normalise(values, members, { method: 'min-max', direction: 'target', target: hi }).out;
        const atMin = normalise(values, members, { method: 'min-max', direction: 'target', target: lo }).out;
        const benefit = normaliseColumn(values, members, 'benefit').out;
        const cost = normaliseColumn(values, members, 'cost').out;
        xs.forEach((_, k) => {
          expect(atMax[k]).toBeCloseTo(benefit[k], 9);
          expect(atMin[k]).toBeCloseTo(cost[k], 9);
        });
      }),
    );
  });

  it('scores an interval indicator by the distance to [q1, q2] over M = max(q1 − min, max − q2)', () => {
    // [3, 6], min 0, max 12: M = max(3, 6) = 6; 0 → 1 − 3/6 = 0.5; 3, 5 inside → 1; 9 → 1 − 3/6 = 0.5; 12 → 1 − 6/6 = 0
    const r = normalise(Float64Array.of(0, 3, 5, 9, 12), [0, 1, 2, 3, 4], { method: 'min-max', direction: 'interval', interval: [3, 6] });
    expect(Array.from(r.out)).toEqual([0.5, 1, 1, 0.5, 0]);
    expect(r.bounds).toEqual({ min: 0, max: 12, maxDeviation: 6 });
  });

  it('gives every z = 1 when every value lies in the interval (M ≤ 0), flagged like a zero range', () => {
    // [0, 10], values 2..5: M = max(0 − 2, 5 − 10) = −2 ≤ 0
    const r = normalise(Float64Array.of(2, 5, 4), all, { method: 'min-max', direction: 'interval', interval: [0, 10] });
    expect(Array.from(r.out)).toEqual([1, 1, 1]);
    expect(r.zeroRange).toBe(true);
  });

  it('with a one-point interval [t, t] is exactly the target t', () => {
    fc.assert(
      fc.property(column, value, (xs, t) => {
        const values = Float64Array.from(xs);
        const members = membersOf(xs.length);
        const target = normalise(values, members, { method: 'min-max', direction: 'target', target: t });
        const interval = normalise(values, members, { method: 'min-max', direction: 'interval', interval: [t, t] });
        expect(Array.from(interval.out)).toEqual(Array.from(target.out));
      }),
    );
  });

  it('applies the range after the target or interval score', () => {
    // target 4 on 0, 2, 4, 8 → 0, 0.5, 1, 0 → [0.01, 0.99]: 0.01, 0.5, 0.99, 0.01
    const r = normalise(Float64Array.of(0, 2, 4, 8), [0, 1, 2, 3], { method: 'min-max', direction: 'target', target: 4, range: [0.01, 0.99] });
    expect(Array.from(r.out)).toEqual([0.01, 0.5, 0.99, 0.01]);
  });

  it('clamps at 0 against frozen bounds, with the deviation recorded or derived from them', () => {
    // frozen min 2, max 6, t = 4: max deviation 2; 1 → 1 − 3/2 < 0 → 0 (clamped); 5 → 0.5
    const spec: NormaliseSpec = { method: 'min-max', direction: 'target', target: 4 };
    const derived = normalise(Float64Array.of(1, 5), [0, 1], spec, { min: 2, max: 6 });
    expect(Array.from(derived.out)).toEqual([0, 0.5]);
    expect(derived.clamped).toEqual([0]);
    expect(derived.bounds).toEqual({ min: 2, max: 6, maxDeviation: 2 });
    // a recorded deviation wins: 4 → 1 − 1/4 = 0.75 for x = 5
    expect(Array.from(normalise(Float64Array.of(5), [0], spec, { min: 2, max: 6, maxDeviation: 4 }).out)).toEqual([0.75]);
    // interval [3, 4], frozen min 2, max 6: M = max(1, 2) = 2; 0 → 1 − 3/2 → 0 (clamped); 5 → 0.5
    const interval = normalise(Float64Array.of(0, 5), [0, 1], { method: 'min-max', direction: 'interval', interval: [3, 4] }, { min: 2, max: 6 });
    expect(Array.from(interval.out)).toEqual([0, 0.5]);
    expect(interval.clamped).toEqual([0]);
  });

  it('needs a finite target, and an interval with q1 ≤ q2', () => {
    expect((thrown(() => normalise(Float64Array.of(1), [0], { method: 'min-max', direction: 'target' })) as NormaliseSpecError).setting).toBe('target');
    expect((thrown(() => normalise(Float64Array.of(1), [0], { method: 'min-max', direction: 'interval', interval: [5, 3] })) as NormaliseSpecError).setting).toBe('interval');
    expect((thrown(() => normalise(Float64Array.of(1), [0], { method: 'vector', direction: 'target', target: 1 })) as NormaliseSpecError).setting).toBe('target');
  });
});

describe('every method', () => {
  const specs: NormaliseSpec[] = [
    { method: 'min-max', direction: 'benefit' },
    { method: 'min-max', direction: 'cost', range: [0.01, 0.99] },
    { method: 'min-max', direction: 'target', target: 3.5 },
    { method: 'min-max', direction: 'interval', interval: [-2, 7], range: [0.0001, 1] },
    { method: 'vector', direction: 'benefit' },
    { method: 'vector', direction: 'cost' },
  ];

  it('gives the same z again, bit for bit, against the bounds it returned (a frozen run reproduces)', () => {
    const nonNegative = fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(nonNegative, fc.constantFrom(...specs), (xs, spec) => {
        const values = Float64Array.from(xs);
        const members = membersOf(xs.length);
        const first = normalise(values, members, spec);
        const again = normalise(values, members, spec, first.bounds as Bounds);
        expect(again.clamped).toEqual([]);
        first.out.forEach((z, k) => expect(Object.is(again.out[k], z)).toBe(true));
      }),
    );
  });

  it('does not depend on the order of the rows', () => {
    const nonNegative = fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(nonNegative, fc.constantFrom(...specs), (xs, spec) => {
        const forward = normalise(Float64Array.from(xs), membersOf(xs.length), spec);
        const backward = normalise(Float64Array.from(xs).reverse(), membersOf(xs.length), spec);
        expect(Array.from(backward.out).reverse()).toEqual(Array.from(forward.out));
        expect(backward.bounds).toEqual(forward.bounds);
      }),
    );
  });

  it('names the observation of a value that is not finite', () => {
    for (const spec of specs) {
      expect(thrown(() => normalise(Float64Array.of(1, 2, Number.NaN), all, spec))).toMatchObject({ index: 2, rule: 'finite' });
    }
    expect((thrown(() => normalise(Float64Array.of(Infinity), [0], specs[0])) as Error).message).toBe('observation 0: the value Infinity is not a finite number; every raw value must be a finite number');
  });

  it('refuses an unknown method or direction', () => {
    expect((thrown(() => normalise(Float64Array.of(1), [0], { method: 'zscore' as 'none', direction: 'benefit' })) as NormaliseSpecError).setting).toBe('method');
    expect((thrown(() => normalise(Float64Array.of(1), [0], { method: 'none', direction: 'up' as 'cost' })) as NormaliseSpecError).setting).toBe('direction');
  });
});

describe('the zero-range warning', () => {
  it('names the indicator and the year, and says every z is 1 unless told otherwise', () => {
    expect(zeroRangeWarning('gdp', 2019)).toEqual({
      code: 'zero-range',
      message: 'indicator "gdp" has the same value for every observation in 2019: every z is 1 and its entropy divergence is 0',
    });
    expect(zeroRangeWarning('gdp', null).message).toBe('indicator "gdp" has the same value for every observation: every z is 1 and its entropy divergence is 0');
  });
});
