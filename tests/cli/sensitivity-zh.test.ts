import { afterEach, describe, expect, it } from 'vitest';
import { sensitivityCommand } from '../../src/cli/commands/sensitivity.js';
import { stdio } from '../../src/cli/stdio.js';
import { SAMPLE } from '../helpers.js';

const { out, err } = stdio;
afterEach(() => Object.assign(stdio, { out, err }));

describe('sensitivity --lang zh', () => {
  it('titles and headers in Chinese', async () => {
    let text = '';
    Object.assign(stdio, { out: (d: string | Uint8Array) => void (text += String(d)), err: () => {} });
    await sensitivityCommand([SAMPLE], { missing: 'error', regionNames: 'as-given', lang: 'zh', color: false, runs: 20, seed: 1, kappa: 100, judgementP: 0.2, varyWeights: true, quiet: true } as never);
    expect(text).toMatch(/^排名的不确定性：\d+ 次运行（种子 1），变动 weights，κ = 100\n地区 +年份 +基准排名 +排名中位数/);
    expect(text).toContain('全部地区-年份的平均绝对排名变动：');
    expect(text).not.toMatch(/\b(region|median|Uncertainty)\b/);
  });
});
