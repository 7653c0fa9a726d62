import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, SAMPLE, tempFiles } from '../helpers.js';

describe('--lang zh in check and gap --dagum', () => {
  it('check words its report in Chinese, the numbers unchanged', async () => {
    const dir = tempFiles({ 'a.csv': 'region,year,D\nA,2020,0.5\nB,2020,0.25\n', 'b.csv': 'region,year,D\nA,2020,0.5\nB,2020,0.75\n' });
    const en = await runCli(['check', join(dir, 'b.csv'), '--baseline', join(dir, 'a.csv')]);
    const zh = await runCli(['check', join(dir, 'b.csv'), '--baseline', join(dir, 'a.csv'), '--lang', 'zh']);
    expect([en.code, zh.code]).toEqual([1, 1]);
    expect(zh.stdout).toContain('不一致');
    expect(zh.stdout).toContain('1 个单元格超出容差');
    expect(zh.stdout).toMatch(/键\s+列\s+基准\s+实际\s+绝对差\s+相对差/);
    // the same difference row in both: B,2020 D 0.25 → 0.75, abs 0.5, rel 2
    expect(zh.stdout).toMatch(/B,2020\s+D\s+0\.25\s+0\.75\s+5\.00e-1\s+2\.00e\+0/);
    expect(en.stdout).toMatch(/B,2020\s+D\s+0\.25\s+0\.75\s+5\.00e-1\s+2\.00e\+0/);
    writeFileSync(join(dir, 'c.csv'), 'region,year,D\nA,2020,0.5\nB,2020,0.25\n');
    expect((await runCli(['check', join(dir, 'c.csv'), '--baseline', join(dir, 'a.csv'), '--lang', 'zh'])).stdout).toMatch(/^一致：2 行/);
  });

  it('gap --dagum titles its table in Chinese', async () => {
    const r = await runCli(['gap', SAMPLE, '--var', 'D', '--dagum', '--lang', 'zh']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^D 的 Dagum 基尼系数分解/);
    expect(r.stdout.split('\n')[1]).toMatch(/^指标\s+2015/);
  });
});
