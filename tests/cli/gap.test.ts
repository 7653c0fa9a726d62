import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvRows, runCli, SAMPLE, tempFiles } from '../helpers.js';

describe('coordix gap', () => {
  it('measures per year in long CSV with exactly the documented measure names', async () => {
    const r = await runCli(['gap', SAMPLE, '--var', 'income', '--pop', 'population', '--group', 'four-regions', '-f', 'csv']);
    expect(r.code).toBe(0);
    const rows = csvRows(r.stdout);
    const measures = [...new Set(rows.filter((x) => x.group === '').map((x) => x.measure))];
    expect(measures).toEqual(['n', 'mean', 'sd', 'cv', 'cv_weighted', 'gini', 'gini_unbiased', 'gini_weighted', 'theil_t', 'theil_l', 'atkinson_0.5', 'atkinson_1', 'atkinson_2', 'max_min_ratio', 'theil_t_between', 'theil_t_within', 'theil_t_between_share', 'theil_t_within_share']);
    expect(rows.filter((x) => x.year === '2019' && x.measure === 'mean' && x.group !== '').map((x) => x.group)).toEqual(['East', 'Central', 'West', 'Northeast']);
    const get = (m: string) => Number(rows.find((x) => x.year === '2019' && x.measure === m && x.group === '')!.value);
    expect(Math.abs(get('theil_t_between') + get('theil_t_within') - get('theil_t'))).toBeLessThan(1e-12);
    expect(get('theil_t_between_share') + get('theil_t_within_share')).toBeCloseTo(1, 12);
  });

  it('reads a coordix score CSV from stdin: score … -f csv | gap - --var D', async () => {
    const scores = (await runCli(['score', SAMPLE, '-f', 'csv'], { bin: true })).stdout;
    const r = await runCli(['gap', '-', '--var', 'D', '-f', 'json'], { input: scores });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.years.map((y: { year: number }) => y.year)).toEqual([2015, 2016, 2017, 2018, 2019]);
    expect(json.years[0].n).toBe(31);
    expect(json.convergence.verdict).toMatch(/^(converging|diverging|stable)$/);
    // the same as computing D inside gap
    const direct = JSON.parse((await runCli(['gap', SAMPLE, '--var', 'D', '-f', 'json'])).stdout);
    expect(direct.years[0].cv).toBe(json.years[0].cv);
  });

  it('uses derived indicators of the model, and shows a table with a trend and a verdict', async () => {
    const r = await runCli(['gap', SAMPLE, '--var', 'gdp_per_capita']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^gini\s+0\.\d{4}/m);
    expect(r.stdout).toMatch(/^max region\s+北京/m);
    expect(r.stdout).toMatch(/σ-convergence: CV (converging|diverging)/);
  });

  it('errors on a negative value, naming region and year, and on regions it cannot place', async () => {
    const dir = tempFiles({ 'n.csv': 'region,year,v\n北京,2020,1\n天津,2020,-2\n', 'c.csv': 'region,year,v\n北京,2020,1\n苏州,2020,2\n' });
    const neg = await runCli(['gap', join(dir, 'n.csv'), '--var', 'v']);
    expect(neg.code).toBe(1);
    expect(neg.stderr.split('\n')[0]).toMatch(/天津 2020 is -2; disparity measures need values ≥ 0/);
    const place = await runCli(['gap', join(dir, 'c.csv'), '--var', 'v', '--group', 'four-regions']);
    expect(place.code).toBe(1);
    expect(place.stderr).toMatch(/cannot place 1 region in the NBS four regions: 苏州/);
  });

  it('warns on zeros and leaves Theil L and max/min empty; groups by a column', async () => {
    const dir = tempFiles({ 'z.csv': 'region,year,v,zone\nA,2020,0,north\nB,2020,1,south\nC,2020,3,south\n' });
    const r = await runCli(['gap', join(dir, 'z.csv'), '--var', 'v', '--group', 'zone', '-f', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2020,theil_l,,\n');
    expect(r.stdout).toContain('2020,max_min_ratio,,\n');
    expect(r.stdout).toContain('2020,mean,south,2\n');
    expect(r.stderr).toMatch(/warning: v in 2020 is 0 for A: Theil L and the max\/min ratio are undefined/);
  });

  it('names an unknown variable and lists what exists', async () => {
    const r = await runCli(['gap', SAMPLE, '--var', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--var nope: not a column of the input, an indicator of the model, or a score/);
  });
});

describe('derived indicators in the CLI', () => {
  it('names region, year and expression on division by zero', async () => {
    const dir = tempFiles({
      'd.csv': 'region,year,a,b,y\nA,2020,1,2,3\nB,2020,2,0,4\n',
      'm.yaml': 'dimensions:\n  - { id: one, indicators: [{ id: ratio, expr: "a / b", direction: benefit }] }\n  - { id: two, indicators: [{ column: y, direction: cost }] }\n',
    });
    const r = await runCli(['score', join(dir, 'd.csv'), '-m', join(dir, 'm.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(/indicator "ratio" for B 2020: division by zero .* in "a \/ b"/);
  });
});
