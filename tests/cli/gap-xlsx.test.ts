import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gapCommand } from '../../src/cli/commands/gap.js';
import { stdio } from '../../src/cli/stdio.js';
import { SAMPLE, tempFiles } from '../helpers.js';

const XLSX = createRequire(import.meta.url)('xlsx') as typeof import('xlsx');
const { out, err } = stdio;
afterEach(() => Object.assign(stdio, { out, err }));

const base = { missing: 'error', regionNames: 'as-given', var: 'D', color: false };

describe('gap -f xlsx and --lang zh', () => {
  it('the long table and the measures by year as number cells, with settings and warnings', async () => {
    const output = join(tempFiles(), 'gap.xlsx');
    let csv = '';
    Object.assign(stdio, { out: (d: string | Uint8Array) => void (csv += String(d)), err: () => {} });
    await gapCommand([SAMPLE], { ...base, lang: 'en', output } as never);
    await gapCommand([SAMPLE], { ...base, lang: 'en', format: 'csv' } as never);
    const book = XLSX.read(readFileSync(output), { type: 'buffer' });
    expect(book.SheetNames).toEqual(['disparity', 'by year', 'settings', 'warnings']);
    const long = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets.disparity, { defval: '' });
    const csvRows = csv.trim().split('\n').slice(1);
    expect(long).toHaveLength(csvRows.length);
    const gini2019 = long.find((r) => r.year === 2019 && r.measure === 'gini')!;
    expect(typeof gini2019.value).toBe('number');
    expect(csvRows).toContain(`2019,gini,,${gini2019.value}`);
  });

  it('Chinese title and headers', async () => {
    let text = '';
    Object.assign(stdio, { out: (d: string | Uint8Array) => void (text += String(d)), err: () => {} });
    await gapCommand([SAMPLE], { ...base, lang: 'zh' } as never);
    expect(text).toMatch(/^D 的区域差异\n测度 +2015/);
    expect(text).toContain('趋势');
    expect(text).toContain('最大值地区');
    expect(text).toMatch(/σ 收敛：CV/);
  });
});
