import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BalanceValueError, BalanceZeroTotalError, distributionBalance, flagRatios } from '../../src/core/balance.js';
import { InvalidBandError } from '../../src/core/band.js';

describe('distributionBalance (methods.md §13)', () => {
  it('matches the hand-worked shares, consistency ratios and Hoover index', () => {
    // GDP X = (50, 30, 20), ΣX = 100 → e = (0.5, 0.3, 0.2)
    // population Y = (10, 30, 60), ΣY = 100 → p = (0.1, 0.3, 0.6)
    // R = e/p = (5, 1, 1/3)
    // H = ½(|0.5 − 0.1| + |0.3 − 0.3| + |0.2 − 0.6|) = ½(0.4 + 0 + 0.4) = 0.4
    const b = distributionBalance([
      { region: 'A', of: 50, per: 10 },
      { region: 'B', of: 30, per: 30 },
      { region: 'C', of: 20, per: 60 },
    ]);
    expect(b.regions.map((r) => r.region)).toEqual(['A', 'B', 'C']);
    expect(b.regions.map((r) => r.ofShare)).toEqual([0.5, 0.3, 0.2]);
    expect(b.regions.map((r) => r.perShare)).toEqual([0.1, 0.3, 0.6]);
    expect(b.regions[0].ratio).toBeCloseTo(5, 14);
    expect(b.regions[1].ratio).toBe(1);
    expect(b.regions[2].ratio).toBeCloseTo(1 / 3, 15);
    expect(b.dissimilarity).toBeCloseTo(0.4, 15);
  });

  it('a region with none of the second total has no ratio, but counts in H', () => {
    // X = (1, 1) → e = (0.5, 0.5); Y = (0, 4) → p = (0, 1); H = ½(0.5 + 0.5) = 0.5
    const b = distributionBalance([
      { region: 'A', of: 1, per: 0 },
      { region: 'B', of: 1, per: 4 },
    ]);
    expect(b.regions.map((r) => r.ratio)).toEqual([null, 0.5]);
    expect(b.dissimilarity).toBe(0.5);
  });

  it('H is 1 when the two totals sit in different regions', () => {
    const b = distributionBalance([
      { region: 'A', of: 7, per: 0 },
      { region: 'B', of: 0, per: 3 },
    ]);
    expect(b.dissimilarity).toBe(1);
    expect(b.regions.map((r) => r.ratio)).toEqual([null, 0]);
  });

  it('refuses a negative or non-finite value, naming the region and the column', () => {
    const names = { of: 'gdp', per: 'population' };
    expect(() => distributionBalance([{ region: '河北', of: -1, per: 2 }], names)).toThrow(BalanceValueError);
    expect(() => distributionBalance([{ region: '河北', of: -1, per: 2 }], names)).toThrow(/河北: column "gdp" is -1/);
    expect(() => distributionBalance([{ region: '山西', of: 1, per: Number.NaN }], names)).toThrow(/山西: column "population" is NaN/);
    expect(() => distributionBalance([{ region: 'A', of: Number.POSITIVE_INFINITY, per: 1 }])).toThrow(/column "of" is Infinity/);
    try {
      distributionBalance([{ region: '河北', of: 1, per: -3 }], names);
    } catch (e) {
      expect(e).toMatchObject({ region: '河北', column: 'population', value: -3 });
    }
  });

  it('refuses a column whose total is zero, or no rows at all', () => {
    expect(() =>
      distributionBalance([
        { region: 'A', of: 0, per: 1 },
        { region: 'B', of: 0, per: 2 },
      ]),
    ).toThrow(BalanceZeroTotalError);
    expect(() => distributionBalance([{ region: 'A', of: 1, per: 0 }], { per: 'population' })).toThrow(/column "population" sums to 0/);
    expect(() => distributionBalance([])).toThrow(BalanceZeroTotalError);
  });

  const rows = fc
    .array(fc.tuple(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 30 })
    .filter((xs) => xs.some(([x]) => x > 0) && xs.some(([, y]) => y > 0))
    .map((xs) => xs.map(([of, per], i) => ({ region: `R${i}`, of, per })));

  it('H is zero and every ratio is one when the two distributions are the same', () => {
    fc.assert(
      fc.property(rows, (rs) => {
        const b = distributionBalance(rs.map((r) => ({ region: r.region, of: r.of, per: r.of })));
        expect(b.dissimilarity).toBe(0);
        for (const r of b.regions) expect(r.ratio === null || r.ratio === 1).toBe(true);
      }),
    );
  });

  it('H is (nearly) zero when one distribution is a multiple of the other', () => {
    fc.assert(
      fc.property(rows, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (rs, k) => {
        const b = distributionBalance(rs.map((r) => ({ region: r.region, of: r.of, per: r.of * k })));
        expect(b.dissimilarity).toBeLessThan(1e-14);
      }),
    );
  });

  it('H lies in [0, 1] and equals the sum of the positive gaps Σ max(e − p, 0)', () => {
    fc.assert(
      fc.property(rows, (rs) => {
        const b = distributionBalance(rs);
        expect(b.dissimilarity).toBeGreaterThanOrEqual(0);
        expect(b.dissimilarity).toBeLessThanOrEqual(1);
        const positive = b.regions.reduce((sum, r) => sum + Math.max(r.ofShare - r.perShare, 0), 0);
        expect(b.dissimilarity).toBeCloseTo(positive, 12);
      }),
    );
  });

  it('the order of the rows changes no bit of any share, ratio or H', () => {
    fc.assert(
      fc.property(rows, (rs) => {
        const forward = distributionBalance(rs);
        const backward = distributionBalance([...rs].reverse());
        expect(backward.dissimilarity).toBe(forward.dissimilarity);
        expect([...backward.regions].reverse()).toEqual(forward.regions);
      }),
    );
  });
});

describe('flagRatios', () => {
  it('lists the ratios outside the band and skips undefined ones', () => {
    // band [0.8, 1.25]: 5 is above by 3.75, 1 inside, 0.5 below by 0.3 (0.8 − 0.5), null skipped
    const r = flagRatios(
      [
        { region: 'A', ratio: 5 },
        { region: 'B', ratio: 1 },
        { region: 'C', ratio: 0.5 },
        { region: 'D', ratio: null },
      ],
      [0.8, 1.25],
    );
    expect(r.count).toBe(2);
    expect(r.regions.map((x) => [x.region, x.side])).toEqual([
      ['A', 'above'],
      ['C', 'below'],
    ]);
    expect(r.regions[0].distance).toBe(3.75);
    expect(r.regions[1].distance).toBeCloseTo(0.3, 15);
  });

  it('takes the regions of a balance result directly', () => {
    const b = distributionBalance([
      { region: 'A', of: 50, per: 10 },
      { region: 'B', of: 30, per: 30 },
      { region: 'C', of: 20, per: 60 },
    ]);
    expect(flagRatios(b.regions, [0.5, 2]).regions.map((x) => x.region)).toEqual(['A', 'C']);
    expect(() => flagRatios(b.regions, [2, 0.5])).toThrow(InvalidBandError);
  });
});
