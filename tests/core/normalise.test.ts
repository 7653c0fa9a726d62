import { describe, expect, it } from 'vitest';
import { normaliseColumn } from '../../src/core/normalise.js';

describe('min–max normalisation (methods.md §1)', () => {
  const x = Float64Array.of(2, 4, 6);
  const all = [0, 1, 2];

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
});
