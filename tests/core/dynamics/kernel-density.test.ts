import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandwidth, densityAt, kernelDensity, KernelDensityInputError } from '../../../src/core/dynamics/kernel-density.js';

// R datasets::precip (average yearly precipitation of 70 US cities), from the Rdatasets CSV export.
const PRECIP = [
  67, 54.7, 7, 48.5, 14, 17.2, 20.7, 13, 43.4, 40.2, 38.9, 54.5, 59.8, 48.3, 22.9, 11.5, 34.4, 35.1, 38.7, 30.8, 30.6, 43.1, 56.8, 40.8,
  41.8, 42.5, 31, 31.7, 30.2, 25.9, 49.2, 37, 35.9, 15, 30.2, 7.2, 36.2, 45.5, 7.8, 33.4, 36.1, 40.2, 42.7, 42.5, 16.2, 39, 35, 37, 31.4,
  37.6, 39.9, 36.2, 42.8, 46.4, 24.7, 49.1, 46, 35.9, 7.8, 48.2, 15.2, 32.5, 44.7, 42.6, 38.8, 17.4, 40.8, 29.1, 14.6, 59.2,
];

describe('Silverman bandwidth (methods.md §12)', () => {
  it('is 3.848 for R’s precip data, as R’s density(precip) prints', () => {
    // R: density(precip) → "Bandwidth 'bw' = 3.848" (bw.nrd0: s = 13.70665, IQR = 13.4, n = 70)
    expect(bandwidth(PRECIP)).toBeCloseTo(3.848, 3);
    expect(bandwidth(PRECIP)).toBeCloseTo(0.9 * (13.4 / 1.34) * 70 ** -0.2, 10);
  });

  it('uses IQR/1.34 when it is smaller than s, worked by hand for (1, 2, 3, 4, 5)', () => {
    // s = √2.5 = 1.581139; type-7 quartiles 2 and 4, IQR/1.34 = 1.492537 < s
    // h = 0.9 · 1.492537 · 5^(−1/5) = 0.9 · 1.492537 · 0.724780 = 0.973585
    expect(bandwidth([1, 2, 3, 4, 5])).toBeCloseTo(0.9 * (2 / 1.34) * 5 ** -0.2, 15);
  });

  it('falls back to s when the IQR is 0', () => {
    // (0, 0, 0, 0, 10): quartiles 0 and 0; s = √(80/4) = √20; h = 0.9 · √20 · 5^(−1/5)
    expect(bandwidth([0, 0, 0, 0, 10])).toBeCloseTo(0.9 * Math.sqrt(20) * 5 ** -0.2, 14);
  });

  it('is null for constant values and for fewer than two', () => {
    expect(bandwidth([3, 3, 3])).toBeNull();
    expect(bandwidth([3])).toBeNull();
  });

  it('scales with the data: h(a·x + b) = a·h(x) (property)', () => {
    fc.assert(
      fc.property(
        // values on a 0.01 grid: subnormal spreads would underflow when scaled, which is not the point here
        fc.array(fc.integer({ min: -10000, max: 10000 }).map((i) => i / 100), { minLength: 2, maxLength: 30 }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        (x, a, b) => {
          fc.pre(Math.max(...x) - Math.min(...x) > 1e-3);
          const h = bandwidth(x)!;
          expect(bandwidth(x.map((v) => a * v + b))! / (a * h)).toBeCloseTo(1, 9);
        },
      ),
    );
  });
});

describe('kernel density', () => {
  it('matches a hand computation at one point', () => {
    // values (0, 1): s = 0.707107, quartiles 0.25 and 0.75, IQR/1.34 = 0.373134 → h = 0.9·0.373134·2^(−1/5)
    // = 0.292349. At x = 0.5 both kernels sit 0.5/h = 1.710286 sd away:
    // f̂ = (1/(2h))·2·φ(1.710286) = φ(1.710286)/h = 0.0924113 / 0.292349 = 0.316100
    const h = 0.9 * (0.5 / 1.34) * 2 ** -0.2;
    expect(bandwidth([0, 1])).toBeCloseTo(h, 15);
    const phi = Math.exp(-0.5 * (0.5 / h) ** 2) / Math.sqrt(2 * Math.PI);
    expect(densityAt([0, 1], h, 0.5)).toBeCloseTo(phi / h, 15);
    expect(densityAt([0, 1], h, 0.5)).toBeCloseTo(0.3161, 4);
  });

  it('is the standard normal density for one value at 0 with h = 1', () => {
    expect(densityAt([0], 1, 0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
  });

  it('shares one grid of 512 points from min − 3h_max to max + 3h_max, and integrates to about 1', () => {
    const result = kernelDensity([
      { year: 2021, values: [0.2, 0.5, 0.4, 0.9] },
      { year: 2020, values: [0.1, 0.3, 0.35, 0.6, 0.7] },
    ]);
    expect(result.years.map((y) => y.year)).toEqual([2020, 2021]);
    const hMax = Math.max(...result.years.map((y) => y.bandwidth));
    expect(result.grid).toHaveLength(512);
    expect(result.grid[0]).toBeCloseTo(0.1 - 3 * hMax, 15);
    expect(result.grid[511]).toBe(0.9 + 3 * hMax);
    const step = result.grid[1] - result.grid[0];
    for (const y of result.years) {
      expect(y.density).toHaveLength(512);
      const area = y.density.reduce((s, f) => s + f, 0) * step;
      // ±3h_max leaves at most the normal tails beyond 3 sd: the mass is within (0.99, 1.001)
      expect(area).toBeGreaterThan(0.99);
      expect(area).toBeLessThan(1.001);
    }
  });

  it('skips a year whose values do not vary, or with fewer than two values, and says why', () => {
    const result = kernelDensity(
      [
        { year: 2019, values: [0.5, 0.5, 0.5] },
        { year: 2020, values: [0.1, 0.4, 0.6] },
        { year: 2021, values: [0.3] },
      ],
      { points: 16 },
    );
    expect(result.skipped).toEqual([
      { year: 2019, reason: 'zero-variance' },
      { year: 2021, reason: 'too-few-values' },
    ]);
    expect(result.years.map((y) => y.year)).toEqual([2020]);
    expect(result.grid).toHaveLength(16);
  });

  it('returns an empty grid when no year can be estimated', () => {
    expect(kernelDensity([{ year: 2020, values: [1, 1] }])).toEqual({ grid: [], years: [], skipped: [{ year: 2020, reason: 'zero-variance' }] });
  });

  it('rejects a non-finite value, a repeated year and too few points with a typed error', () => {
    expect(() => kernelDensity([{ year: 2020, values: [1, NaN] }])).toThrow(KernelDensityInputError);
    expect(() =>
      kernelDensity([
        { year: 2020, values: [1, 2] },
        { year: 2020, values: [1, 3] },
      ]),
    ).toThrow(/given twice/);
    expect(() => kernelDensity([{ year: 2020, values: [1, 2] }], { points: 1 })).toThrow(KernelDensityInputError);
  });

  it('gives non-negative, finite densities (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 31 }), (values) => {
        fc.pre(Math.max(...values) - Math.min(...values) > 1e-6);
        const r = kernelDensity([{ year: 1, values }], { points: 32 });
        for (const f of r.years[0].density) {
          expect(Number.isFinite(f)).toBe(true);
          expect(f).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});
