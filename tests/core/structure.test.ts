import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  krugmanSpecialisation,
  locationQuotients,
  SectorCountError,
  SectorValueError,
  similarPairs,
  structuralSimilarity,
  TooFewRegionsError,
  ZeroRegionTotalError,
  ZeroSectorTotalError,
  type SectorRow,
} from '../../src/core/structure.js';
import { CoordixError } from '../../src/errors.js';

const SECTORS = ['primary', 'secondary', 'tertiary'];

// Three regions of total 100 each; the nation: X_s = (60, 100, 140), X = 300,
// national shares X_s / X = (0.2, 1/3, 7/15).
const THREE: SectorRow[] = [
  { region: 'A', sectors: [10, 30, 60] },
  { region: 'B', sectors: [20, 50, 30] },
  { region: 'C', sectors: [30, 20, 50] },
];

describe('locationQuotients (methods.md §13)', () => {
  it('match the hand-worked quotients', () => {
    // LQ_A = (0.1/0.2, 0.3/(1/3), 0.6/(7/15)) = (0.5, 0.9, 9/7)
    // LQ_B = (0.2/0.2, 0.5/(1/3), 0.3/(7/15)) = (1, 1.5, 4.5/7)
    // LQ_C = (0.3/0.2, 0.2/(1/3), 0.5/(7/15)) = (1.5, 0.6, 7.5/7)
    const lq = locationQuotients(THREE, SECTORS);
    expect(lq.sectors).toEqual(SECTORS);
    expect(lq.regions.map((r) => r.region)).toEqual(['A', 'B', 'C']);
    const expected = [
      [0.5, 0.9, 9 / 7],
      [1, 1.5, 4.5 / 7],
      [1.5, 0.6, 7.5 / 7],
    ];
    lq.regions.forEach((r, i) => r.quotients.forEach((q, s) => expect(q).toBeCloseTo(expected[i][s], 14)));
  });

  it('a single region is the nation: every quotient is one', () => {
    expect(locationQuotients([{ region: 'A', sectors: [3, 5, 8] }], SECTORS).regions[0].quotients).toEqual([1, 1, 1]);
  });

  const matrix = (minRegions: number) =>
    fc.integer({ min: 1, max: 5 }).chain((m) =>
      fc.array(fc.array(fc.double({ min: 0.001, max: 1e5, noNaN: true }), { minLength: m, maxLength: m }), { minLength: minRegions, maxLength: 12 }),
    );
  const asRows = (values: number[][]): SectorRow[] => values.map((sectors, i) => ({ region: `R${i}`, sectors }));
  const names = (m: number) => Array.from({ length: m }, (_, s) => `S${s}`);

  it('a region whose structure equals the nation’s has a quotient of one in every sector', () => {
    fc.assert(
      fc.property(matrix(1), fc.double({ min: 0.01, max: 100, noNaN: true }), (values, k) => {
        // the added region holds k times the other regions' sector totals, so its shares equal those
        // of the nation including it: X_s(new) = (1 + k) X_s
        const m = values[0].length;
        const nationLike = names(m).map((_, s) => k * values.reduce((sum, row) => sum + row[s], 0));
        const lq = locationQuotients([...asRows(values), { region: 'N', sectors: nationLike }], names(m));
        for (const q of lq.regions.at(-1)!.quotients) expect(q).toBeCloseTo(1, 12);
      }),
    );
  });

  it('multiplying every value by one constant changes no quotient', () => {
    fc.assert(
      fc.property(matrix(1), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.integer({ min: -20, max: 20 }), (values, c, e) => {
        const m = values[0].length;
        const base = locationQuotients(asRows(values), names(m));
        const scaled = locationQuotients(asRows(values.map((row) => row.map((v) => v * c))), names(m));
        scaled.regions.forEach((r, i) => r.quotients.forEach((q, s) => expect(q).toBeCloseTo(base.regions[i].quotients[s], 11)));
        // a power of two scales every value exactly, so every quotient is the same to the bit
        const pow2 = locationQuotients(asRows(values.map((row) => row.map((v) => v * 2 ** e))), names(m));
        expect(pow2).toEqual(base);
      }),
    );
  });

  it('the national total of each sector, weighted by the regions’ shares, gives back a quotient average of one', () => {
    // Σ_i (X_i / X) · LQ_is = Σ_i X_is / X_s = 1 for every sector s
    fc.assert(
      fc.property(matrix(1), (values) => {
        const m = values[0].length;
        const lq = locationQuotients(asRows(values), names(m));
        const totals = values.map((row) => row.reduce((a, b) => a + b, 0));
        const grand = totals.reduce((a, b) => a + b, 0);
        for (let s = 0; s < m; s++) {
          const avg = lq.regions.reduce((sum, r, i) => sum + (totals[i] / grand) * r.quotients[s], 0);
          expect(avg).toBeCloseTo(1, 10);
        }
      }),
    );
  });

  it('the order of the rows changes no bit of any quotient', () => {
    fc.assert(
      fc.property(matrix(1), (values) => {
        const m = values[0].length;
        const forward = locationQuotients(asRows(values), names(m));
        const backward = locationQuotients(asRows(values).reverse(), names(m));
        expect([...backward.regions].reverse()).toEqual(forward.regions);
      }),
    );
  });
});

describe('krugmanSpecialisation (methods.md §13)', () => {
  it('matches the hand-worked indices against the rest of the country', () => {
    // A: rest = B + C = (50, 70, 80)/200 = (0.25, 0.35, 0.4); A = (0.1, 0.3, 0.6)
    //    K = 0.15 + 0.05 + 0.2 = 0.4
    // B: rest = A + C = (40, 50, 110)/200 = (0.2, 0.25, 0.55); B = (0.2, 0.5, 0.3)
    //    K = 0 + 0.25 + 0.25 = 0.5
    // C: rest = A + B = (30, 80, 90)/200 = (0.15, 0.4, 0.45); C = (0.3, 0.2, 0.5)
    //    K = 0.15 + 0.2 + 0.05 = 0.4
    const k = krugmanSpecialisation(THREE, SECTORS);
    expect(k.map((r) => r.region)).toEqual(['A', 'B', 'C']);
    expect(k[0].index).toBeCloseTo(0.4, 15);
    expect(k[1].index).toBeCloseTo(0.5, 15);
    expect(k[2].index).toBeCloseTo(0.4, 15);
  });

  it('is 2 for regions that share no sector', () => {
    const k = krugmanSpecialisation(
      [
        { region: 'A', sectors: [5, 0] },
        { region: 'B', sectors: [0, 7] },
      ],
      ['x', 'y'],
    );
    expect(k.map((r) => r.index)).toEqual([2, 2]);
  });

  it('needs a rest of the country: one region is refused', () => {
    expect(() => krugmanSpecialisation([{ region: 'A', sectors: [1, 2, 3] }], SECTORS)).toThrow(TooFewRegionsError);
    expect(() => krugmanSpecialisation([{ region: 'A', sectors: [1, 2, 3] }], SECTORS)).toThrow(/at least 2 regions/);
  });

  const matrix = fc.integer({ min: 1, max: 5 }).chain((m) =>
    fc.array(fc.array(fc.double({ min: 0.001, max: 1e5, noNaN: true }), { minLength: m, maxLength: m }), { minLength: 2, maxLength: 12 }),
  );
  const asRows = (values: number[][]): SectorRow[] => values.map((sectors, i) => ({ region: `R${i}`, sectors }));
  const names = (m: number) => Array.from({ length: m }, (_, s) => `S${s}`);

  it('every region’s index lies in [0, 2]', () => {
    fc.assert(
      fc.property(matrix, (values) => {
        for (const r of krugmanSpecialisation(asRows(values), names(values[0].length))) {
          expect(r.index).toBeGreaterThanOrEqual(0);
          expect(r.index).toBeLessThanOrEqual(2 + 1e-15);
        }
      }),
    );
  });

  it('is zero for a region shaped like the rest of the country', () => {
    fc.assert(
      fc.property(matrix, fc.double({ min: 0.01, max: 100, noNaN: true }), (values, k) => {
        const m = values[0].length;
        const likeRest = names(m).map((_, s) => k * values.reduce((sum, row) => sum + row[s], 0));
        const ks = krugmanSpecialisation([...asRows(values), { region: 'N', sectors: likeRest }], names(m));
        expect(ks.at(-1)!.index).toBeLessThan(1e-12);
      }),
    );
  });

  it('the order of the rows changes no bit of any index', () => {
    fc.assert(
      fc.property(matrix, (values) => {
        const m = values[0].length;
        const forward = krugmanSpecialisation(asRows(values), names(m));
        expect(krugmanSpecialisation(asRows(values).reverse(), names(m)).reverse()).toEqual(forward);
      }),
    );
  });
});

describe('structuralSimilarity (methods.md §13)', () => {
  it('matches the hand-worked cosines of the sector shares', () => {
    // x_A = (0.1, 0.3, 0.6), x_B = (0.2, 0.5, 0.3), x_C = (0.3, 0.2, 0.5)
    // Σx_A² = 0.46, Σx_B² = 0.38, Σx_C² = 0.38
    // S_AB = (0.02 + 0.15 + 0.18) / √(0.46·0.38) = 0.35 / 0.418091 = 0.837140
    // S_AC = (0.03 + 0.06 + 0.30) / √(0.46·0.38) = 0.39 / 0.418091 = 0.932810
    // S_BC = (0.06 + 0.10 + 0.15) / √(0.38·0.38) = 0.31 / 0.38     = 0.815789
    const sim = structuralSimilarity(THREE, SECTORS);
    expect(sim.regions).toEqual(['A', 'B', 'C']);
    const [[aa, ab, ac], [ba, bb, bc], [ca, cb, cc]] = sim.matrix;
    expect([aa, bb, cc]).toEqual([1, 1, 1]);
    expect(ab).toBeCloseTo(0.35 / Math.sqrt(0.46 * 0.38), 14);
    expect(ab).toBeCloseTo(0.83714, 5);
    expect(ac).toBeCloseTo(0.93281, 5);
    expect(bc).toBeCloseTo(31 / 38, 14);
    expect([ba, ca, cb]).toEqual([ab, ac, bc]);
  });

  it('lists the pairs at or above a threshold, most similar first', () => {
    const sim = structuralSimilarity(THREE, SECTORS);
    expect(similarPairs(sim, 0.9).map((p) => [p.a, p.b])).toEqual([['A', 'C']]);
    expect(similarPairs(sim, 0.83).map((p) => [p.a, p.b])).toEqual([
      ['A', 'C'],
      ['A', 'B'],
    ]);
    expect(similarPairs(sim, 0.8)).toHaveLength(3);
    expect(similarPairs(sim, 0.95)).toEqual([]);
    expect(() => similarPairs(sim, Number.NaN)).toThrow(CoordixError);
  });

  const matrix = fc.integer({ min: 1, max: 5 }).chain((m) =>
    fc.array(fc.array(fc.double({ min: 0.001, max: 1e5, noNaN: true }), { minLength: m, maxLength: m }), { minLength: 1, maxLength: 10 }),
  );
  const asRows = (values: number[][]): SectorRow[] => values.map((sectors, i) => ({ region: `R${i}`, sectors }));
  const names = (m: number) => Array.from({ length: m }, (_, s) => `S${s}`);

  it('a region is fully similar to itself, and to any multiple of itself', () => {
    fc.assert(
      fc.property(matrix, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (values, c) => {
        const m = values[0].length;
        const row = values[0];
        const sim = structuralSimilarity(
          [
            { region: 'X', sectors: row },
            { region: 'copy', sectors: [...row] },
            { region: 'scaled', sectors: row.map((v) => v * c) },
          ],
          names(m),
        );
        expect(sim.matrix[0][0]).toBe(1);
        expect(sim.matrix[0][1]).toBe(1);
        expect(sim.matrix[0][2]).toBeCloseTo(1, 14);
      }),
    );
  });

  it('is symmetric and lies in [0, 1]', () => {
    fc.assert(
      fc.property(matrix, (values) => {
        const { matrix: s } = structuralSimilarity(asRows(values), names(values[0].length));
        for (let i = 0; i < s.length; i++) {
          for (let k = 0; k < s.length; k++) {
            expect(s[i][k]).toBe(s[k][i]);
            expect(s[i][k]).toBeGreaterThanOrEqual(0);
            expect(s[i][k]).toBeLessThanOrEqual(1);
          }
        }
      }),
    );
  });

  it('is zero between regions with no sector in common', () => {
    const sim = structuralSimilarity(
      [
        { region: 'A', sectors: [4, 0, 1] },
        { region: 'B', sectors: [0, 9, 0] },
      ],
      SECTORS,
    );
    expect(sim.matrix[0][1]).toBe(0);
  });
});

describe('structure input checks', () => {
  const all = [locationQuotients, krugmanSpecialisation, structuralSimilarity];

  it('refuse a negative or non-finite value, naming the region and sector', () => {
    for (const f of all) {
      const rows = [
        { region: '北京', sectors: [1, 2, 3] },
        { region: '天津', sectors: [1, -2, 3] },
      ];
      expect(() => f(rows, SECTORS)).toThrow(SectorValueError);
      expect(() => f(rows, SECTORS)).toThrow(/天津: sector "secondary" is -2/);
      expect(() => f([rows[0], { region: '天津', sectors: [Number.NaN, 1, 1] }], SECTORS)).toThrow(/sector "primary" is NaN/);
    }
  });

  it('refuse a region whose sectors sum to zero', () => {
    for (const f of all) {
      const rows = [
        { region: 'A', sectors: [1, 2, 3] },
        { region: 'B', sectors: [0, 0, 0] },
      ];
      expect(() => f(rows, SECTORS)).toThrow(ZeroRegionTotalError);
      expect(() => f(rows, SECTORS)).toThrow(/^B: its sector values sum to 0/);
    }
  });

  it('refuse a sector that no region has', () => {
    for (const f of all) {
      const rows = [
        { region: 'A', sectors: [0, 2, 3] },
        { region: 'B', sectors: [0, 1, 1] },
      ];
      expect(() => f(rows, SECTORS)).toThrow(ZeroSectorTotalError);
      expect(() => f(rows, SECTORS)).toThrow(/sector "primary" sums to 0/);
    }
  });

  it('refuse a row with the wrong number of sector values, and no rows at all', () => {
    for (const f of all) {
      const rows = [
        { region: 'A', sectors: [1, 2] },
        { region: 'B', sectors: [1, 2, 3] },
      ];
      expect(() => f(rows, SECTORS)).toThrow(SectorCountError);
      expect(() => f(rows, SECTORS)).toThrow(/A has 2 sector values but 3 sectors are named/);
      expect(() => f([], SECTORS)).toThrow(TooFewRegionsError);
    }
  });
});
