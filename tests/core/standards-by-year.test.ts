import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceByYear, bandByYear, DuplicateRegionYearError, sectorTotalMismatches, structureByYear } from '../../src/core/standards-by-year.js';
import { readPanel } from '../../src/input/read.js';
import { resolveIndicators } from '../../src/input/resolve.js';
import { loadModel } from '../../src/model/load.js';
import { SAMPLE } from '../helpers.js';

/** The sample as records (plain CSV, no quoted cells). */
const lines = readFileSync(SAMPLE, 'utf8').trimEnd().split('\n');
const header = lines[0].split(',');
const sample = lines.slice(1).map((l) => {
  const cells = l.split(',');
  return Object.fromEntries(header.map((h, i) => [h, h === 'region' ? cells[i] : Number(cells[i])])) as Record<string, number> & { region: string };
});

describe('balanceByYear (methods.md §11)', () => {
  it('measures each year on its own, years ascending, with the band on R', () => {
    // 2019: X = (1, 1), Y = (1, 1) → R = (1, 1), H = 0
    // 2020: X = (50, 30, 20) → e = (.5, .3, .2); Y = (10, 30, 60) → p = (.1, .3, .6); R = (5, 1, 1/3); H = 0.4
    const years = balanceByYear(
      { regions: ['A', 'B', 'C', 'A', 'B'], years: [2020, 2020, 2020, 2019, 2019], of: [50, 30, 20, 1, 1], per: [10, 30, 60, 1, 1] },
      {},
      [0.5, 2],
    );
    expect(years.map((y) => y.year)).toEqual([2019, 2020]);
    expect(years[0].dissimilarity).toBe(0);
    expect(years[0].outside).toEqual({ count: 0, regions: [] });
    expect(years[1].dissimilarity).toBeCloseTo(0.4, 15);
    expect(years[1].outside!.regions.map((o) => [o.region, o.side])).toEqual([
      ['A', 'above'],
      ['C', 'below'],
    ]);
    expect(years[1].outside!.regions[0].distance).toBeCloseTo(3, 13); // 5 − 2
    expect(years[1].outside!.regions[1].distance).toBeCloseTo(0.5 - 1 / 3, 15);
  });

  it('names the region and year of a negative value, and the year of a zero total', () => {
    expect(() => balanceByYear({ regions: ['A', 'B'], years: [2019, 2019], of: [1, -2], per: [1, 1] }, { of: 'gdp' })).toThrow(/^B 2019: column "gdp" is -2/);
    expect(() => balanceByYear({ regions: ['A', 'B'], years: [2019, 2019], of: [1, 1], per: [0, 0] }, { per: 'population' })).toThrow(/^2019: column "population" sums to 0/);
    expect(() => structureByYear({ regions: ['A', 'B'], years: [2018, 2018], sectors: [[1, 2], [0, 0]] }, ['s', 't'])).toThrow(/^B 2018: its sector values sum to 0/);
  });

  it('refuses a region given twice in a year', () => {
    expect(() => balanceByYear({ regions: ['A', 'A'], years: [2020, 2020], of: [1, 1], per: [1, 1] })).toThrow(DuplicateRegionYearError);
    expect(() => balanceByYear({ regions: ['A', 'A'], years: [2020, 2020], of: [1, 1], per: [1, 1] })).toThrow(/A 2020 appears twice/);
  });

  it('on the sample, gives Beijing 2019 its share of GDP over its share of population', () => {
    const y2019 = sample.filter((r) => r.year === 2019);
    const gdp = y2019.reduce((s, r) => s + r.gdp, 0);
    const pop = y2019.reduce((s, r) => s + r.population, 0);
    const years = balanceByYear({ regions: sample.map((r) => r.region), years: sample.map((r) => r.year), of: sample.map((r) => r.gdp), per: sample.map((r) => r.population) });
    const beijing = years.find((y) => y.year === 2019)!.regions.find((r) => r.region === '北京')!;
    const bj = y2019.find((r) => r.region === '北京')!;
    expect(bj.gdp).toBe(37767);
    expect(beijing.ratio).toBeCloseTo(bj.gdp / gdp / (bj.population / pop), 12);
    expect(beijing.ratio!.toFixed(3)).toBe('2.424');
  });

  it('does not depend on the order of the rows (property)', () => {
    const row = fc.record({ of: fc.double({ min: 0.01, max: 1e6, noNaN: true }), per: fc.double({ min: 0.01, max: 1e6, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(row, { minLength: 2, maxLength: 12 }), fc.integer({ min: 0, max: 1000 }), (rows, seed) => {
        const regions = rows.map((_, i) => `R${i}`);
        const years = rows.map((_, i) => 2000 + (i % 3));
        const order = regions.map((_, i) => i).sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101));
        const a = balanceByYear({ regions, years, of: rows.map((r) => r.of), per: rows.map((r) => r.per) });
        const b = balanceByYear({ regions: order.map((i) => regions[i]), years: order.map((i) => years[i]), of: order.map((i) => rows[i].of), per: order.map((i) => rows[i].per) });
        expect(b.map((y) => y.dissimilarity)).toEqual(a.map((y) => y.dissimilarity));
      }),
    );
  });
});

describe('structureByYear (methods.md §11)', () => {
  it('gives the hand-worked quotients, Krugman indices and similar pairs per year', () => {
    // A (3, 1), B (1, 3): X_s = (4, 4), X = 8; LQ_A = (0.75 / 0.5, 0.25 / 0.5) = (1.5, 0.5)
    // K_A = |0.75 − 0.25| + |0.25 − 0.75| = 1; S_AB = (0.75·0.25·2) / (0.625) = 0.6
    const [y] = structureByYear({ regions: ['A', 'B'], years: [2020, 2020], sectors: [[3, 1], [1, 3]] }, ['farm', 'industry'], 0.5);
    expect(y.quotients).toEqual([
      { region: 'A', quotients: [1.5, 0.5] },
      { region: 'B', quotients: [0.5, 1.5] },
    ]);
    expect(y.krugman).toEqual([
      { region: 'A', index: 1 },
      { region: 'B', index: 1 },
    ]);
    expect(y.pairs).toHaveLength(1);
    expect(y.pairs![0].similarity).toBeCloseTo(0.6, 15);
    expect(structureByYear({ regions: ['A', 'B'], years: [2020, 2020], sectors: [[3, 1], [1, 3]] }, ['farm', 'industry'], 0.7)[0].pairs).toEqual([]);
  });

  it('leaves Krugman empty for a year with one region, and lists no pairs without a threshold', () => {
    const [y] = structureByYear({ regions: ['A'], years: [null], sectors: [[1, 2]] }, ['s', 't']);
    expect(y.krugman).toBeNull();
    expect(y.pairs).toBeNull();
    expect(y.quotients[0].quotients).toEqual([1, 1]);
  });

  it('on the sample: Heilongjiang 2019 has the highest primary-industry quotient, Shanghai the lowest', () => {
    const data = { regions: sample.map((r) => r.region), years: sample.map((r) => r.year), sectors: sample.map((r) => [r.va_primary, r.va_secondary, r.va_tertiary]) };
    const y = structureByYear(data, ['primary', 'secondary', 'tertiary']).find((s) => s.year === 2019)!;
    const byPrimary = [...y.quotients].sort((a, b) => b.quotients[0] - a.quotients[0]);
    expect(byPrimary[0].region).toBe('黑龙江');
    expect(byPrimary.at(-1)!.region).toBe('上海');
    // Beijing: 113.7 / 35445.2 over the nation's primary share (the sector vintage's own sums)
    const nation = sample.filter((r) => r.year === 2019);
    const X = nation.reduce((s, r) => s + r.va_primary + r.va_secondary + r.va_tertiary, 0);
    const Xs = nation.reduce((s, r) => s + r.va_primary, 0);
    const bj = nation.find((r) => r.region === '北京')!;
    expect(y.quotients.find((q) => q.region === '北京')!.quotients[0]).toBeCloseTo(bj.va_primary / (bj.va_primary + bj.va_secondary + bj.va_tertiary) / (Xs / X), 12);
  });
});

describe('sectorTotalMismatches', () => {
  it('flags a sum more than 1 % off its total, not one within', () => {
    const out = sectorTotalMismatches({ regions: ['A', 'B', 'C'], years: [1, 1, 1], sectors: [[50, 50], [50, 50.5], [50, 52]], totals: [100, 100, 100] });
    expect(out.map((m) => m.region)).toEqual(['C']);
    expect(out[0].relative).toBeCloseTo(0.02, 15);
  });

  it('finds the sample’s two GDP vintages: Beijing 2019 is 6.1 % below gdp', () => {
    const out = sectorTotalMismatches({ regions: sample.map((r) => r.region), years: sample.map((r) => r.year), sectors: sample.map((r) => [r.va_primary, r.va_secondary, r.va_tertiary]), totals: sample.map((r) => r.gdp) });
    const bj = out.find((m) => m.region === '北京' && m.year === 2019)!;
    expect(bj.sum).toBeCloseTo(35445.2, 6);
    expect(bj.relative).toBeCloseTo(35445.2 / 37767 - 1, 12);
    expect(out.length).toBeGreaterThan(50);
  });

  it('refuses a negative tolerance', () => {
    expect(() => sectorTotalMismatches({ regions: [], years: [], sectors: [], totals: [] }, -1)).toThrow(/tolerance -1/);
  });
});

describe('bandByYear', () => {
  it('lists per year the regions outside, with their distance', () => {
    const years = bandByYear({ regions: ['A', 'B', 'C', 'A'], years: [2020, 2020, 2020, 2019], values: [0.5, 2, 3.5, 1] }, [1, 2.5]);
    expect(years).toEqual([
      { year: 2019, count: 0, regions: [] },
      {
        year: 2020,
        count: 2,
        regions: [
          { region: 'A', value: 0.5, distance: 0.5, side: 'below' },
          { region: 'C', value: 3.5, distance: 1, side: 'above' },
        ],
      },
    ]);
  });
});

describe('the built-in model’s urban–rural income ratio', () => {
  it('is urban_income / rural_income of the sample in every region-year (Gansu 2019: 3.36)', async () => {
    const { model } = await loadModel();
    const data = resolveIndicators(await readPanel([SAMPLE]), model);
    const k = model.dimensions.flatMap((d) => d.indicators).findIndex((i) => i.id === 'urban_rural_ratio');
    expect(model.dimensions.find((d) => d.id === 'income_gap')!.indicators.map((i) => [i.id, i.direction])).toEqual([
      ['urban_rural_ratio', 'cost'],
      ['income_gap_national', 'cost'],
    ]);
    data.regions.forEach((region, i) => {
      const row = sample.find((r) => r.region === region && r.year === data.years[i])!;
      expect(data.values[k][i]).toBe(row.urban_income / row.rural_income);
    });
    const gansu = data.regions.findIndex((r, i) => r === '甘肃' && data.years[i] === 2019);
    expect(data.values[k][gansu].toFixed(2)).toBe('3.36'); // 32323 / 9629, NBS 分省年度数据
  });
});
