import { describe, expect, it } from 'vitest';
import { csvRows, runCli, SAMPLE } from '../helpers.js';

describe('coordix sensitivity', () => {
  it('writes exactly the documented CSV columns, one row per region-year', async () => {
    const r = await runCli(['sensitivity', SAMPLE, '--runs', '60', '--vary-weights', '--vary-coupling', '-f', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('region,year,base_rank,median_rank,rank_p05,rank_p95,mean_abs_rank_shift,D_mean,D_p05,D_p95');
    const rows = csvRows(r.stdout);
    expect(rows).toHaveLength(155);
    for (const row of rows) {
      expect(Number(row.rank_p05)).toBeLessThanOrEqual(Number(row.median_rank));
      expect(Number(row.median_rank)).toBeLessThanOrEqual(Number(row.rank_p95));
      expect(Number(row.D_p05)).toBeLessThanOrEqual(Number(row.D_p95));
    }
    // No progress bar when stderr is not a terminal; only the data check on the sample's SO₂ scope change (2016).
    expect(r.stderr).toBe('warning: so2: the whole panel moves 0.44× from 2015 to 2016 (median over 31 regions) — a change of unit, scope or vintage?\n');
  });

  it('gives identical bytes for the same seed, and other numbers for another seed', async () => {
    const args = ['sensitivity', SAMPLE, '--runs', '60', '--vary-weights', '--vary-method', '--vary-scope', '-f', 'json'];
    const a = (await runCli([...args, '--seed', '7'])).stdout;
    expect((await runCli([...args, '--seed', '7'])).stdout).toBe(a);
    expect((await runCli([...args, '--seed', '8'])).stdout).not.toBe(a);
    const json = JSON.parse(a);
    expect(json.settings).toMatchObject({ runs: 60, samples: 12, seed: 7, varied: ['weights', 'method', 'scope'], kappa: 50, methods: ['entropy', 'equal', 'critic', 'sd', 'cv'] });
    expect(json.sensitivity.map((x: { input: string }) => x.input)).toEqual(['weights', 'method', 'scope']);
    expect(typeof json.summary.meanAbsRankShift).toBe('number');
  });

  it('shows the summary and the indices in the table', async () => {
    const r = await runCli(['sensitivity', SAMPLE, '--runs', '60', '--vary-coupling', '--quiet']);
    expect(r.stdout).toMatch(/mean absolute rank shift over all region-years: \d/);
    // S and ST, each followed by the half-width of its 95 % bootstrap interval
    expect(r.stdout).toMatch(/^input\s+first-order S\s+± 95 %\s+total ST\s+± 95 %$/m);
    expect(r.stdout).toMatch(/^coupling\s+-?\d\.\d{3}\s+\d\.\d{3}\s+-?\d\.\d{3}\s+\d\.\d{3}$/m);
  });

  it('rejects bad settings as usage errors', async () => {
    expect((await runCli(['sensitivity', SAMPLE, '--kappa', '0'])).code).toBe(2);
    expect((await runCli(['sensitivity', SAMPLE, '--judgement-p', '2'])).code).toBe(2);
    expect((await runCli(['sensitivity', SAMPLE, '--runs', '0'])).code).toBe(2);
  });
});
