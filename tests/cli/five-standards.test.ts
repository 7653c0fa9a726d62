import { describe, expect, it } from 'vitest';
import { csvRows, runCli, SAMPLE } from '../helpers.js';

/** End to end on the bundled sample: coordix balance and coordix structure (two runs). */
describe('coordix balance and structure on the sample', () => {
  it('balance --of gdp --per population: shares, R, H and the flags per region and year', async () => {
    const r = await runCli(['balance', SAMPLE, '--of', 'gdp', '--per', 'population', '--band', '0.5:2', '-f', 'csv']);
    expect(r.code).toBe(0);
    const rows = csvRows(r.stdout);
    expect(Object.keys(rows[0])).toEqual(['year', 'region', 'of_share', 'per_share', 'ratio', 'outside', 'distance', 'dissimilarity']);
    expect(rows).toHaveLength(155);
    const bj = rows.find((x) => x.year === '2019' && x.region === '北京')!;
    expect(Number(bj.ratio)).toBeCloseTo(Number(bj.of_share) / Number(bj.per_share), 14);
    expect(Number(bj.ratio).toFixed(3)).toBe('2.424');
    expect(bj.outside).toBe('above');
    expect(Number(bj.distance)).toBeCloseTo(Number(bj.ratio) - 2, 14);
    // Beijing and Shanghai lie above the band every year; nobody below 0.5 (Gansu is lowest, ≈ 0.5)
    expect(rows.filter((x) => x.outside !== '').map((x) => x.region).sort()).toEqual([...Array(5).fill('上海'), ...Array(5).fill('北京')]);
    // H is one number per year, between 0 and 1
    const h2019 = new Set(rows.filter((x) => x.year === '2019').map((x) => x.dissimilarity));
    expect(h2019.size).toBe(1);
    expect(Number([...h2019][0]).toFixed(3)).toBe('0.147');
  });

  it('structure --check-total gdp: quotients and Krugman per year, and a warning naming the two vintages', async () => {
    const r = await runCli(['structure', SAMPLE, '--sectors', 'va_primary,va_secondary,va_tertiary', '--check-total', 'gdp', '-f', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/--check-total gdp: the sectors' sum differs from gdp by more than 1 % .*北京 2019, sum 35445\.2 vs 37767\.0/);
    const json = JSON.parse(r.stdout);
    expect(json.years.map((y: { year: number }) => y.year)).toEqual([2015, 2016, 2017, 2018, 2019]);
    const y2019 = json.years[4].regions;
    expect(y2019).toHaveLength(31);
    const hlj = y2019.find((x: { region: string }) => x.region === '黑龙江');
    expect(hlj.location_quotients.va_primary.toFixed(3)).toBe('3.276');
    for (const x of y2019) expect(x.krugman).toBeGreaterThanOrEqual(0);
    expect(json.warnings.map((w: { code: string }) => w.code)).toContain('sector-total');
  });
});
