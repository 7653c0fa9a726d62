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

describe('obstacles -o FILE.xlsx', () => {
  it('an obstacles sheet (labels, numbers as numbers) before scores, weights, settings, warnings', async () => {
    const { createRequire } = await import('node:module');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tempFiles } = await import('../helpers.js');
    const XLSX = createRequire(import.meta.url)('xlsx') as typeof import('xlsx');
    const output = join(tempFiles(), 'o.xlsx');
    Object.assign(stdio, { out: () => {}, err: () => {} });
    await obstaclesCommand([SAMPLE], { missing: 'error', regionNames: 'as-given', lang: 'zh', top: 2, output } as never);
    const book = XLSX.read(readFileSync(output), { type: 'buffer' });
    expect(book.SheetNames).toEqual(['障碍度', '得分', '权重', '设置', '警告']);
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['障碍度']);
    expect(rows).toHaveLength(155 * 2);
    expect(Object.keys(rows[0])).toEqual(['地区', '年份', '排名', '指标', '维度', '障碍度']);
    expect(typeof rows[0]['障碍度']).toBe('number');
    expect(rows[0]['障碍度'] as number).toBeGreaterThanOrEqual(rows[1]['障碍度'] as number);
    expect(String(rows[0]['维度'])).toMatch(/^(经济发展|社会发展|生态环境|收入差距|公共服务)$/);
  });
});
