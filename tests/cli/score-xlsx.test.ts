import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scoreCommand } from '../../src/cli/commands/score.js';
import { stdio } from '../../src/cli/stdio.js';
import { scoreSheetNames } from '../../src/output/score-workbook.js';
import { SAMPLE, tempFiles } from '../helpers.js';

const XLSX = createRequire(import.meta.url)('xlsx') as typeof import('xlsx');
const { out, err } = stdio;
afterEach(() => Object.assign(stdio, { out, err }));

/** `coordix score SAMPLE -o DIR/scores.xlsx …` in process; the workbook read back. */
async function scoreTo(name: string, opts: Record<string, unknown> = {}, files = [SAMPLE]) {
  const dir = tempFiles();
  const output = join(dir, name);
  Object.assign(stdio, { out: () => {}, err: () => {} });
  await scoreCommand(files, { missing: 'error', regionNames: 'as-given', lang: 'en', output, ...opts } as never);
  return XLSX.read(readFileSync(output), { type: 'buffer' });
}

describe('score -f xlsx', () => {
  it('-o scores.xlsx writes sheets scores, weights, settings and warnings, numbers as numbers', async () => {
    const book = await scoreTo('scores.xlsx');
    expect(book.SheetNames).toEqual(['scores', 'weights', 'settings', 'warnings']);
    const scores = book.Sheets.scores;
    expect(scores.A1.v).toBe('region');
    expect(scores.B2.t).toBe('n');
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(scores);
    expect(rows.length).toBeGreaterThan(30);
    for (const row of rows) {
      expect(typeof row.D).toBe('number');
      expect(row.D as number).toBeGreaterThanOrEqual(0);
      expect(row.D as number).toBeLessThanOrEqual(1);
      // D = √(C·T), as computed (full precision)
      expect(row.D as number).toBeCloseTo(Math.sqrt((row.C as number) * (row.T as number)), 12);
    }
    const weights = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets.weights);
    const sum = weights.reduce((s, w) => s + (w['global weight W·w'] as number), 0);
    expect(sum).toBeCloseTo(1, 12);
  });

  it('--lang zh: Chinese sheet names, headers and level names; --precision rounds the number cells', async () => {
    const book = await scoreTo('out.bin', { format: 'xlsx', lang: 'zh', precision: 2 });
    expect(book.SheetNames).toEqual(scoreSheetNames('zh'));
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['得分']);
    expect(Object.keys(rows[0]).slice(0, 2)).toEqual(['地区', '年份']);
    expect(Object.keys(rows[0])).toContain('耦合协调度 D');
    expect(String(rows[0]['等级名称'])).toMatch(/[协调失]/);
    expect(Math.abs((rows[0]['耦合协调度 D'] as number) * 100 - Math.round((rows[0]['耦合协调度 D'] as number) * 100))).toBeLessThan(1e-9);
  });

  it('region names that look like formulas are guarded, as in CSV', async () => {
    const dir = tempFiles({ 'd.csv': 'region,year,x,y\n"=HYPERLINK(""http://x"")",2020,1,2\nB,2020,2,1\nC,2020,3,3\n' });
    const model = join(dir, 'm.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(model, 'dimensions:\n  - { id: a, indicators: [{ column: x, direction: benefit }] }\n  - { id: b, indicators: [{ column: y, direction: benefit }] }\n');
    const book = await scoreTo('s.xlsx', { model }, [join(dir, 'd.csv')]);
    expect(book.Sheets.scores.A2.v).toBe('\'=HYPERLINK("http://x")');
    expect(book.Sheets.scores.A2.f).toBeUndefined();
  });
});

describe('score CSV --headers labels', () => {
  async function csv(opts: Record<string, unknown>): Promise<string> {
    let text = '';
    Object.assign(stdio, { out: (d: string | Uint8Array) => void (text += Buffer.isBuffer(d) || d instanceof Uint8Array ? Buffer.from(d).toString('utf8') : d), err: () => {} });
    await scoreCommand([SAMPLE], { missing: 'error', regionNames: 'as-given', lang: 'en', format: 'csv', ...opts } as never);
    return text;
  }
  it('ids by default; labels in --lang zh with --headers labels, the rows unchanged', async () => {
    const ids = await csv({ lang: 'zh' });
    const labels = await csv({ lang: 'zh', headers: 'labels' });
    expect(ids.split('\n')[0]).toBe('region,year,economy,society,ecology,income_gap,public_services,T,C,D,level,level_name,rank,lagging');
    expect(labels.split('\n')[0]).toBe('地区,年份,经济发展,社会发展,生态环境,收入差距,公共服务,综合发展指数 T,耦合度 C,耦合协调度 D,协调等级,等级名称,排名,短板维度');
    expect(labels.split('\n').slice(1)).toEqual(ids.split('\n').slice(1));
  });
});
