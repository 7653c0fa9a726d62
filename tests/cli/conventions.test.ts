import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvRows, runCli, SAMPLE, tempFiles } from '../helpers.js';

/** The conventions of issue 14 from the command line (docs/methods.md §1a, §2b, §6, §7, §8). */
describe('conventions of published studies, end to end', () => {
  it('scores with a range, CRITIC weights, an exponent k and custom levels, and explains the CRITIC weights', async () => {
    const dir = tempFiles({
      'm.yaml': `normalization: { range: [0.01, 0.99] }
weights: { indicators: critic }
coupling: { model: classic, k: 2 }
levels: { bounds: [0.3, 0.5, 0.8], names: { en: [low, fair, good, high], zh: [低, 中, 良, 高] } }
dimensions:
  - { id: economy, indicators: [{ column: tertiary_share, direction: benefit }, { column: unemployment, direction: cost }] }
  - { id: ecology, indicators: [{ column: so2, direction: cost }, { column: energy, direction: target, target: 10000 }] }
`,
    });
    const score = await runCli(['score', SAMPLE, '-m', join(dir, 'm.yaml'), '-f', 'csv']);
    expect(score.code).toBe(0);
    const rows = csvRows(score.stdout);
    for (const row of rows) {
      const [u1, u2, C, level] = [Number(row.economy), Number(row.ecology), Number(row.C), Number(row.level)];
      expect(u1).toBeGreaterThanOrEqual(0.01);
      expect(u2).toBeLessThanOrEqual(0.99);
      // C = [U1·U2 / ((U1 + U2)/2)²]² (k = 2), to the 17 digits written
      expect(C).toBeCloseTo(((u1 * u2) / ((u1 + u2) / 2) ** 2) ** 2, 12);
      expect(row.level_name).toBe(['low', 'fair', 'good', 'high'][level - 1]);
    }
    const weights = csvRows((await runCli(['weights', SAMPLE, '-m', join(dir, 'm.yaml'), '-f', 'csv'])).stdout);
    expect(weights.map((w) => w.method_a)).toEqual(['critic', 'critic', 'critic', 'critic']);
    expect(Number(weights[0].weight_a)).toBeCloseTo(Number(weights[0].weight), 15);
    expect(weights[0].critic_correlations.split(' ')[0]).toBe('1');
    const json = JSON.parse((await runCli(['weights', SAMPLE, '-m', join(dir, 'm.yaml'), '-f', 'json'])).stdout);
    expect(json.settings).toMatchObject({ normalization: 'min-max', range: [0.01, 0.99], indicatorWeights: 'critic', couplingK: 2, levels: { bounds: [0.3, 0.5, 0.8] } });
  });

  it('refuses k with fan and a raw value with method none, naming the key or the cell; checks AHP, obstacles and gap options of the issue', async () => {
    const dims = `dimensions:\n  - { id: a, indicators: [{ column: tertiary_share, direction: benefit }] }\n  - { id: b, indicators: [{ column: unemployment, direction: cost }] }\n`;
    const dir = tempFiles({ 'k.yaml': `coupling: { model: fan, k: 2 }\n${dims}`, 'none.yaml': `normalization: { method: none }\n${dims}` });
    const k = await runCli(['score', SAMPLE, '-m', join(dir, 'k.yaml')]);
    expect(k.code).toBe(1);
    expect(k.stderr).toMatch(/^coordix: .*k\.yaml:1: coupling\.k: the exponent k works with the classic coupling only, not fan/);
    // method none: a raw value outside [0, 1] stops the run, naming the file, line, region, year and indicator
    const none = await runCli(['score', SAMPLE, '-m', join(dir, 'none.yaml')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^coordix: .*china-provinces\.csv:2: 北京 2015, indicator "tertiary_share": the value 82\.2196 is outside \[0, 1\]/m);
    // Donegan–Dodd RI for n = 3 is 0.4914; a judgement of 12 is off the 1–9 scale and warned.
    const ahp = await runCli(['ahp', '[12, 3, 2]', '--ri', 'donegan-dodd', '-f', 'json']);
    expect(JSON.parse(ahp.stdout)).toMatchObject({ ri: 0.4914, riTable: 'donegan-dodd' });
    expect(ahp.stderr).toMatch(/judgement \(1,2\) = 12 is off Saaty's 1–9 scale/);
    const scaled = csvRows((await runCli(['obstacles', SAMPLE, '-f', 'csv', '--top', '1'])).stdout);
    const unscaled = csvRows((await runCli(['obstacles', SAMPLE, '-f', 'csv', '--top', '1', '--unscaled'])).stdout);
    expect(unscaled.map((r) => r.indicator)).toEqual(scaled.map((r) => r.indicator));
    expect(unscaled.every((r, i) => Number(r.obstacle) < Number(scaled[i].obstacle))).toBe(true);
    const gap = csvRows((await runCli(['gap', SAMPLE, '--var', 'income', '-f', 'csv'])).stdout).filter((r) => r.year === '2019');
    const value = (m: string) => Number(gap.find((r) => r.measure === m)!.value);
    expect(value('gini_unbiased')).toBeCloseTo((value('gini') * 31) / 30, 12);
    expect(value('atkinson_1')).toBeCloseTo(1 - Math.exp(-value('theil_l')), 12);
    expect(value('atkinson_0.5')).toBeLessThan(value('atkinson_1'));
  });
});
