import { afterEach, describe, expect, it } from 'vitest';
import { obstaclesCommand } from '../../src/cli/commands/obstacles.js';
import { stdio } from '../../src/cli/stdio.js';
import { SAMPLE } from '../helpers.js';

const { out, err } = stdio;
afterEach(() => Object.assign(stdio, { out, err }));

async function table(lang: 'en' | 'zh'): Promise<string> {
  let text = '';
  Object.assign(stdio, { out: (d: string | Uint8Array) => void (text += String(d)), err: () => {} });
  await obstaclesCommand([SAMPLE], { missing: 'error', regionNames: 'as-given', lang, color: false, top: 3 } as never);
  return text;
}

describe('obstacles names indicators and dimensions by their labels', () => {
  it('in English: labels, not ids', async () => {
    const text = await table('en');
    expect(text).toMatch(/^Obstacle degree: top 3 indicators/);
    expect(text).toContain('Public services');
    expect(text).not.toMatch(/\b(gdp_per_capita|budget_per_capita|so2_intensity|urban_rural_ratio)\b/);
    expect(text).toMatch(/(GDP per capita|General budget expenditure per capita|Urban-rural income ratio|SO2 emissions per unit of GDP) \d/);
  });

  it('in Chinese: title, headers and labels', async () => {
    const text = await table('zh');
    expect(text).toMatch(/^障碍度：每个地区-年份的前 3 个障碍因子/);
    expect(text).toContain('障碍因子1');
    expect(text).toContain('公共服务');
    expect(text).not.toMatch(/[a-z]+_[a-z]+/);
  });
});
