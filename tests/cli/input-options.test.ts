import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { indicatorOption, prepare, readOptions } from '../../src/cli/prepare.js';
import { withInputOptions } from '../../src/cli/options.js';
import { tempFiles } from '../helpers.js';

/** The input options as commander parses them for a data command. */
function parse(args: string[]) {
  const cmd = withInputOptions(new Command('t').exitOverride().configureOutput({ writeErr: () => {} }).argument('[files...]'));
  cmd.parse(args, { from: 'user' });
  return cmd.opts();
}

describe('--years, --regions, --indicator, --aliases, --strict', () => {
  it('parse into years, regions and repeated indicators', async () => {
    const o = parse(['--years', '2015,2017-2018', '--regions', 'northeast,北京', '--indicator', 'a.csv=GDP', '--indicator', 'b.csv=人口', '--strict']);
    expect(o.years).toEqual([2015, 2017, 2018]);
    expect(o.regions).toEqual(['辽宁', '吉林', '黑龙江', '北京']);
    expect(o.indicator).toEqual(['a.csv=GDP', 'b.csv=人口']);
    expect(o.strict).toBe(true);
  });

  it('a bad --years is a usage error naming the reason', async () => {
    expect(() => parse(['--years', '15-21'])).toThrow(/"15" is not a four-digit year/);
  });

  it('--indicator: one bare name, or FILE=NAME pairs; never both', async () => {
    expect(indicatorOption(['GDP'])).toBe('GDP');
    expect(indicatorOption(['a.csv=GDP', 'b.csv=人口'])).toEqual({ 'a.csv': 'GDP', 'b.csv': '人口' });
    expect(indicatorOption(undefined)).toBeUndefined();
    expect(() => indicatorOption(['GDP', '人口'])).toThrow('--indicator GDP: several bare names cannot tell which file each names; write every one as --indicator FILE=NAME');
    expect(() => indicatorOption(['GDP', 'b.csv=人口'])).toThrow(/a bare name next to FILE=NAME/);
    expect(() => indicatorOption(['=GDP'])).toThrow(/write FILE=NAME, both non-empty/);
  });

  it('flags win over the model; --aliases adds to the model aliases', async () => {
    const dir = tempFiles({ 'aliases.csv': 'name,region\nPeking,北京\n' });
    const model = { columns: { region: 'region', year: 'year' }, years: [2010], regions: ['天津'], aliases: { Mongolia: '内蒙古' } };
    const o = readOptions(model, { missing: 'error', regionNames: 'as-given', years: [2015], aliases: join(dir, 'aliases.csv') });
    expect(o.years).toEqual([2015]);
    expect(o.regions).toEqual(['天津']);
    expect(o.aliases).toEqual({ Mongolia: '内蒙古', Peking: '北京' });
    expect(() => readOptions(model, { missing: 'error', regionNames: 'as-given', aliases: join(dir, 'none.csv') })).toThrow(/^--aliases .*none\.csv: no such aliases file; check the path/);
  });

  it('years are cut before missing values are handled; --strict stops on a break', async () => {
    const rows = ['region,year,x,y'];
    for (const r of ['北京', 'Peking2', '天津', '河北', '山西', '上海']) {
      for (let y = 2010; y <= 2016; y++) {
        if (r === 'Peking2') continue;
        rows.push(`${r},${y},${y === 2010 ? '' : 10 + y - 2010 + r.length},${y === 2013 && r === '上海' ? 500 : 20 + y - 2010}`);
      }
    }
    const dir = tempFiles({ 'd.csv': rows.join('\n') + '\n' });
    writeFileSync(join(dir, 'm.yaml'), 'aliases: { Peking: 北京 }\ndimensions:\n  - { id: a, indicators: [{ column: x, direction: benefit }] }\n  - { id: b, indicators: [{ column: y, direction: benefit }] }\n');
    const opts = { model: join(dir, 'm.yaml'), missing: 'error' as const, regionNames: 'as-given' as const };
    await expect(prepare([join(dir, 'd.csv')], opts)).rejects.toThrow(/missing value/);
    const p = await prepare([join(dir, 'd.csv')], { ...opts, years: [2011, 2012, 2013, 2014, 2015, 2016] });
    expect(p.warnings.map((w) => w.code)).toContain('data-outlier');
    expect(p.warnings.find((w) => w.code === 'data-outlier')!.message).toBe('y, 上海 2013: 500 is 22× the median of its neighbouring years (23) — a unit, typing or series break?');
    await expect(prepare([join(dir, 'd.csv')], { ...opts, years: [2011, 2012, 2013, 2014, 2015, 2016], strict: true })).rejects.toThrow(/^1 suspect value in the input \(--strict\)/);
    await expect(prepare([join(dir, 'd.csv')], { ...opts, years: [2014, 2015, 2016], strict: true })).resolves.toBeDefined();
  });
});

describe('the data checks in the one-variable commands (gap, spatial, dynamics)', () => {
  it('warn on the --var column, and stop with --strict', async () => {
    const { readPanel } = await import('../../src/input/read.js');
    const { variableValues } = await import('../../src/cli/variable.js');
    const { parseModel } = await import('../../src/model/load.js');
    const rows = ['region,year,x,y', ...[2011, 2012, 2013, 2014, 2015].map((y) => `北京,${y},${y === 2013 ? 900 : 10 + y - 2011},5`)];
    const dir = tempFiles({ 'd.csv': rows.join('\n') + '\n' });
    const panel = await readPanel([join(dir, 'd.csv')]);
    const model = await parseModel('dimensions:\n  - { id: a, indicators: [{ column: x, direction: benefit }] }\n  - { id: b, indicators: [{ column: y, direction: benefit }] }\n', 'm.yaml');
    expect(variableValues(panel, model, 'x', { missing: 'error' }).warnings.map((w) => w.code)).toEqual(['data-outlier']);
    expect(variableValues(panel, model, 'y', { missing: 'error', strict: true }).warnings).toEqual([]);
    expect(() => variableValues(panel, model, 'x', { missing: 'error', strict: true })).toThrow(/^1 suspect value in the input \(--strict\), the first: x, 北京 2013: 900/);
  });
});

describe('data checks as warnings', () => {
  it('at most 5 outliers per column, then one line counting the rest; every shift', async () => {
    const { checkWarnings } = await import('../../src/cli/prepare.js');
    const outlier = (k: number) => ({ kind: 'outlier' as const, indicator: 'x', region: `r${k}`, year: 2015, value: 1, reference: 9, ratio: 1 / 9, regions: 1, message: `m${k}` });
    const shift = { kind: 'shift' as const, indicator: 'y', region: null, year: 2016, value: 0.4, reference: 2015, ratio: 0.4, regions: 31, message: 's' };
    const w = checkWarnings([...Array.from({ length: 8 }, (_, k) => outlier(k)), shift]);
    expect(w.map((x) => x.message)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 's', "x: 3 more values far from their region's neighbouring years (8 in all; coordix inspect lists them)"]);
    expect(checkWarnings([outlier(0)]).map((x) => x.message)).toEqual(['m0']);
  });
});
