import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineModel, evaluate, loadModel, readPanel, resolveIndicators, score, scoresCsv } from '../src/index.js';
import { ROOT, runCli, SAMPLE, tempFiles } from './helpers.js';

/** README's Library section: its example and the output it shows. */
function readmeExample(): { code: string; printed: string } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Library'));
  const code = /```js\n([\s\S]*?)```/.exec(section)![1];
  const printed = /prints\n\n```\n([\s\S]*?)```/.exec(section)![1];
  return { code, printed };
}

describe('the library API', () => {
  it('runs the README example and prints what README shows', async () => {
    const { code, printed } = readmeExample();
    const dir = tempFiles();
    const file = join(dir, 'example.mjs');
    writeFileSync(file, code.replace("from 'coordix'", `from ${JSON.stringify(join(ROOT, 'dist', 'index.js'))}`));
    const run = spawnSync(process.execPath, [file], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(printed);
  });

  it('scores the sample from a file path exactly as the CLI does, with the built-in model', async () => {
    const result = await score([SAMPLE]);
    expect(result.regions).toHaveLength(155);
    expect(scoresCsv(result)).toBe((await runCli(['score', SAMPLE, '-f', 'csv'])).stdout);
  });

  it('gives the same result stage by stage (loadModel, readPanel, resolveIndicators, evaluate)', async () => {
    const { model } = await loadModel();
    const panel = await readPanel([SAMPLE], { regionColumn: model.columns.region, yearColumn: model.columns.year });
    const result = evaluate(resolveIndicators(panel, model, 'error'), model);
    expect(result.groups[0].indicators.reduce((s, i) => s + i.globalWeight, 0)).toBeCloseTo(1, 12);
    expect(Array.from(result.D)).toEqual(Array.from((await score([SAMPLE])).D));
  });

  it('scores rows given as objects, hand-worked: two regions, two dimensions of one indicator', async () => {
    // x: A 1, B 3 (benefit) → z 0, 1; y: A 4, B 2 (cost) → z 0, 1. Equal weights: U = z.
    // A: U = (0, 0), C = 0, D = 0; B: U = (1, 1), C = 1, T = 1, D = 1.
    const model = defineModel({ weights: { indicators: 'equal' }, dimensions: [{ id: 'a', indicators: [{ column: 'x', direction: 'benefit' }] }, { id: 'b', indicators: [{ column: 'y', direction: 'cost' }] }] });
    const result = await score([{ region: 'A', year: 2020, x: 1, y: 4 }, { region: 'B', year: 2020, x: 3, y: 2 }], model);
    expect(Array.from(result.D)).toEqual([0, 1]);
    expect(Array.from(result.rank)).toEqual([2, 1]);
  });

  it('rejects non-finite numbers at the entry, naming the row and key', async () => {
    await expect(score([{ region: 'A', year: 2020, x: NaN, y: 1 }], { dimensions: [{ id: 'a', indicators: [{ column: 'x', direction: 'benefit' }] }, { id: 'b', indicators: [{ column: 'y', direction: 'benefit' }] }] })).rejects.toThrow(
      'rows[0].x: NaN is not a finite number',
    );
  });

  it('defineModel gives the errors of a model file', async () => {
    expect(() => defineModel({ dimensions: [{ id: 'a', indicators: [{ column: 'x', direction: 'up' }] }] })).toThrow(/^model: /);
  });
});
