import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempFiles } from './helpers.js';

interface Case {
  name: string;
  args: string[];
  code: number;
  message: string;
  stdin?: string;
}

const CORPUS = join(ROOT, 'tests', 'corpus');
const cases: { errors: Case[]; warnings: Case[] } = JSON.parse(readFileSync(join(CORPUS, 'cases.json'), 'utf8'));

/** A private copy of the corpus, so that no run can touch the committed files. */
function corpusCopy(): string {
  const dir = tempFiles();
  cpSync(CORPUS, dir, { recursive: true });
  return dir;
}

describe('every bad input gets a clear answer (tests/corpus/cases.json)', () => {
  const dir = corpusCopy();

  it.each(cases.errors.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const r = runCli(c.args, { cwd: dir, input: c.stdin });
    expect(r.code).toBe(c.code);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toMatch(new RegExp(c.message));
    expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
    expect(r.stderr).not.toMatch(/internal error/);
    // and no output file is created or changed
    if (c.code === 1) {
      writeFileSync(join(dir, 'existing-output.csv'), 'keep me\n');
      const withOutput = runCli([...c.args, '-o', 'existing-output.csv', '--imputed', 'new-imputed.csv'], { cwd: dir, input: c.stdin });
      expect(withOutput.code).not.toBe(0);
      expect(readFileSync(join(dir, 'existing-output.csv'), 'utf8')).toBe('keep me\n');
      expect(existsSync(join(dir, 'new-imputed.csv'))).toBe(false);
    }
  });

  it.each(cases.warnings.map((c) => [c.name, c] as const))('warns about %s, on stderr and in JSON', (_, c) => {
    const r = runCli(c.args, { cwd: dir });
    expect(r.code).toBe(0);
    const warning = r.stderr.split('\n').find((l) => new RegExp(c.message).test(l));
    expect(warning, r.stderr).toBeDefined();
    const json = JSON.parse(r.stdout);
    expect(json.warnings.map((w: { message: string }) => `warning: ${w.message}`)).toContain(warning);
    expect(r.stdout).not.toMatch(/NaN|null,\s*"T"/);
  });

  it('treats regions named __proto__, constructor and toString as ordinary names, without a warning', () => {
    const r = runCli(['score', 'proto-regions.csv', '-m', 'model.yaml', '-f', 'csv'], { cwd: dir });
    expect(r.code).toBe(0);
    // The only warnings: the region-years whose U = 0 makes C = 0 (the model has no range).
    expect(r.stderr.split('\n').filter((l) => l && !/scores U = 0 for .*set normalization\.range/.test(l))).toEqual([]);
    expect(r.stdout.split('\n').slice(1, 4).map((l) => l.split(',')[0])).toEqual(['__proto__', 'constructor', 'toString']);
    const gap = runCli(['gap', 'proto-regions.csv', '--var', 'x', '--group', 'zone', '-f', 'json'], { cwd: dir });
    expect(gap.code).toBe(0);
    expect(JSON.parse(gap.stdout).years[0].groups.map((g: { name: string }) => g.name)).toEqual(['__proto__', 'constructor', 'toString']);
  });
});

describe('limits give clear errors rather than a crash or a hang', () => {
  it('refuses more rows than --max-rows', () => {
    const dir = corpusCopy();
    const r = runCli(['score', 'good.csv', '-m', 'model.yaml', '--max-rows', '2'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/good\.csv: more than 2 rows; split the file, or raise the limit with --max-rows N/);
  });

  it('refuses more than 10,000 columns', () => {
    const header = ['region', 'year', ...Array.from({ length: 10001 }, (_, i) => `c${i}`)].join(',');
    const dir = tempFiles({ 'wide.csv': `${header}\nA,2020,${Array(10001).fill(1).join(',')}\n` });
    const r = runCli(['score', join(dir, 'wide.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/wide\.csv:1: 10003 columns, more than the limit of 10000; is the delimiter right\?/);
  });

  it('refuses a line longer than 1 MiB, quoted or not', () => {
    const long = 'x'.repeat(1024 * 1024 + 10);
    const dir = tempFiles({ 'plain.csv': `region,year,x\nA,2020,${long}\n`, 'quoted.csv': `region,year,x\nA,2020,"${long}"\n` });
    for (const f of ['plain.csv', 'quoted.csv']) {
      const r = runCli(['score', join(dir, f)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/line longer than 1 MiB/);
    }
  });
});

describe('spreadsheet formula injection', () => {
  it('guards text cells starting with = + - @ or a tab in CSV output; numbers are never altered', () => {
    const dir = tempFiles({ 'd.csv': 'region,year,x,y\n=HYPERLINK(1),2020,1,-30\n+A,2020,2,-10\n@B,2020,3,-20\n' , 'm.yaml': 'dimensions:\n  - { id: a, indicators: [{ column: x, direction: benefit }] }\n  - { id: b, indicators: [{ column: y, direction: cost }] }\n' });
    const r = runCli(['score', join(dir, 'd.csv'), '-m', join(dir, 'm.yaml'), '-f', 'csv']);
    expect(r.code).toBe(0);
    const regions = r.stdout.trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect(regions).toEqual(["'=HYPERLINK(1)", "'+A", "'@B"]);
  });
});
