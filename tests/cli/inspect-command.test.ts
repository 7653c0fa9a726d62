import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inspectCommand } from '../../src/cli/commands/inspect.js';
import { stdio } from '../../src/cli/stdio.js';
import { tempFiles } from '../helpers.js';

const { out, err } = stdio;
afterEach(() => Object.assign(stdio, { out, err }));

/** Runs inspect in process; what it printed and whether it failed. */
async function inspect(files: string[], opts: Record<string, unknown> = {}) {
  let stdout = '';
  let stderr = '';
  let failed = false;
  Object.assign(stdio, { out: (d: string | Uint8Array) => void (stdout += String(d)), err: (d: string | Uint8Array) => void (stderr += String(d)) });
  await inspectCommand(files, { missing: 'error', regionNames: 'as-given', color: false, ...opts } as never, { fail: () => void (failed = true) });
  return { stdout, stderr, failed };
}

const rows = (shift: boolean) =>
  ['region,year,x']
    .concat(['北京', '天津', '河北', '山西', '上海', '江苏'].flatMap((r, k) => [2014, 2015, 2016, 2017].map((y) => `${r},${y},${(shift && y >= 2016 ? 0.4 : 1) * (10 + k) + (y === 2015 && r === '北京' ? 6.470000000000001 - 10 : 0)}`)))
    .join('\n') + '\n';

describe('coordix inspect', () => {
  it('goes on past a file it cannot read, reports it, and fails', async () => {
    const dir = tempFiles({ 'good.csv': rows(false), 'bad.csv': 'x,y\n1,2\n' });
    const r = await inspect([join(dir, 'bad.csv'), join(dir, 'good.csv')]);
    expect(r.failed).toBe(true);
    expect(r.stdout).toContain('regions: 6 (6 recognised provinces)');
    expect(r.stdout).toMatch(/could not read 1 file:\n {2}.*bad\.csv:1: no region column "region" in the header \(x, y\)/);
  });

  it('one line for a panel-wide shift, not one per region', async () => {
    const dir = tempFiles({ 'd.csv': rows(true) });
    const r = await inspect([join(dir, 'd.csv')], { format: 'json' });
    const json = JSON.parse(r.stdout);
    expect(json.checks.map((c: { kind: string; year: number }) => `${c.kind} ${c.year}`)).toEqual(['shift 2016']);
    const table = (await inspect([join(dir, 'd.csv')])).stdout;
    expect(table).toMatch(/x +all \(6\) +2016 +2015 \(median ratio\) +0\.40×/);
    expect(table.match(/all \(/g)).toHaveLength(1);
  });

  it('--years narrows its tables', async () => {
    const dir = tempFiles({ 'd.csv': rows(false) });
    const r = await inspect([join(dir, 'd.csv')], { years: [2015, 2016] });
    expect(r.stdout).toContain('years: 2 (2015–2016)');
    expect(r.stdout).toMatch(/x +0\/12/);
    expect(r.failed).toBe(false);
  });
});

describe('coordix inspect --lang zh', () => {
  it('titles and headers in Chinese', async () => {
    const dir = tempFiles({ 'd.csv': rows(true), 'bad.csv': 'x,y\n1,2\n' });
    const r = await inspect([join(dir, 'd.csv'), join(dir, 'bad.csv')], { lang: 'zh' });
    expect(r.stdout).toMatch(/^文件 +格式 +编码 +行数 +指标/);
    expect(r.stdout).toContain('地区：6 个（其中可识别的省级行政区 6 个）');
    expect(r.stdout).toContain('年份: 4 (2014–2017)');
    expect(r.stdout).toMatch(/指标 +单位 +缺失 +文本 +各年缺失/);
    expect(r.stdout).toContain('疑似断点');
    expect(r.stdout).toMatch(/全部（6） +2016 +2015（比值中位数） +0\.40×/);
    expect(r.stdout).toContain('无法读取 1 个文件:');
  });
});
