import { describe, expect, it } from 'vitest';
import { evaluate, loadModel, readPanel, resolveIndicators, scoresCsv } from '../src/index.js';
import { runCli, SAMPLE } from './helpers.js';

describe('the library API', () => {
  it('gives the same result the CLI prints, as in the README example', async () => {
    const { model } = await loadModel();
    const panel = await readPanel([SAMPLE], { regionColumn: model.columns.region, yearColumn: model.columns.year });
    const result = evaluate(resolveIndicators(panel, model, 'error'), model);
    expect(result.regions).toHaveLength(155);
    expect(result.groups[0].indicators.reduce((s, i) => s + i.globalWeight, 0)).toBeCloseTo(1, 12);
    expect(scoresCsv(result, { lang: 'en', regionNames: 'as-given', color: false })).toBe(runCli(['score', SAMPLE, '-f', 'csv']).stdout);
  });
});
