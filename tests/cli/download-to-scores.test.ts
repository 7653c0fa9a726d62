import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareAndEvaluate } from '../../src/cli/prepare.js';
import type { InputOptions, OutputOptions } from '../../src/cli/options.js';
import { ROOT } from '../helpers.js';

/**
 * README's "From download to scores": a five-dimension study built from unchanged downloads —
 * NBS exports in GBK (urban and rural income) and UTF-8 (budget expenditure, no 指标 line), the
 * machine-translated English .xls exports, and a long 1990–2025 research panel — with --years,
 * aliases (fixtures/from-download.yaml), a per-file indicator name and --missing interpolate.
 */
const DATA = join(ROOT, '..', 'shared', 'data');
const MIAO = join(DATA, 'Miao-Liao+Master-thesis-code');
const LNY = join(DATA, 'LNY187+My-Dissertation-s-Original-Code-And-Result');
const FILES = [
  join(MIAO, '城镇登记失业率.xls'),
  join(MIAO, '每10万人口高等教育在校人数.xls'),
  join(MIAO, '每万人拥有卫生技术人员.xls'),
  join(LNY, '城镇居民人均可支配收入.csv'),
  join(LNY, '农村居民人均可支配收入.csv'),
  join(DATA, '1376524890+tec_expenditure', '分省年度数据_4.csv'),
  join(DATA, 'WangMeng0734+china-provincial-energy-consumption-panel', 'raw_data.csv'),
];
const have = FILES.every((f) => existsSync(f));

const OPTS: InputOptions & OutputOptions = {
  model: join(ROOT, 'fixtures', 'from-download.yaml'),
  missing: 'interpolate',
  regionNames: 'as-given',
  lang: 'en',
  years: [2015, 2016, 2017, 2018, 2019],
  indicator: ['分省年度数据_4.csv=地方财政一般公共预算支出'],
};

describe.skipIf(!have)('from download to scores (skipped: the folder of real downloads is not next to the repository)', { timeout: 60_000 }, () => {
  it('scores 31 provinces × 2015–2019 from the unchanged files', async () => {
    const run = await prepareAndEvaluate('score', FILES, OPTS);
    const { result, data } = run;
    expect(result.regions).toHaveLength(155);
    expect(new Set(result.regions).size).toBe(31);
    expect([...new Set(result.years)]).toEqual([2015, 2016, 2017, 2018, 2019]);
    // The alias target is the name shown for the translated exports' Mongolia and Chongqin.
    expect(result.regions).toContain('内蒙古');
    expect(result.regions).toContain('重庆');
    expect([...result.D].every((d) => d > 0 && d < 1)).toBe(true);
    // --years cut 1990–2014 and 2020–2025 before the missing values were handled: only Tibet's
    // energy use (no 2015, 2016, 2018, 2019 in the panel) is interpolated, nothing from 1990.
    expect(data.imputed.map((c) => `${c.region} ${c.year} ${c.indicator}`)).toEqual(
      [2015, 2016, 2018, 2019].map((y) => `Tibet ${y} Total energy consumption`),
    );
    // The SO₂ totals halve from 2015 to 2016 (the statistical scope changed): one line, not 31.
    const shifts = run.warnings.filter((w) => w.code === 'data-shift');
    expect(shifts.map((w) => w.message)).toEqual(['SO2 emissions: the whole panel moves 0.44× from 2015 to 2016 (median over 31 regions) — a change of unit, scope or vintage?']);
    expect(run.warnings.filter((w) => w.code === 'data-outlier')).toEqual([]);
  });

  it('reads the published figures: urban/rural income ratio 2019, Gansu 3.36, Tianjin 1.86, Shanghai 2.22', async () => {
    // NBS, 城镇/农村居民人均可支配收入 2019 (元): Gansu 32323 / 9629, Tianjin 46119 / 24804, Shanghai 73615 / 33195.
    const { data, result } = await prepareAndEvaluate('score', FILES, OPTS);
    const k = result.indicatorIds.indexOf('urban_rural_ratio');
    const at = (region: string) => data.values[k][data.regions.findIndex((r, i) => r === region && data.years[i] === 2019)];
    expect(at('Gansu').toFixed(2)).toBe('3.36');
    expect(at('Tianjin').toFixed(2)).toBe('1.86');
    expect(at('Shanghai').toFixed(2)).toBe('2.22');
    expect(at('Shanghai')).toBe(73615 / 33195);
  });

  it('a bare --indicator for two files without a 指标 line asks for FILE=NAME', async () => {
    const twice = [...FILES, join(DATA, '1376524890+tec_expenditure', '分省年度数据_4.csv').replace('tec_expenditure', 'tec_expenditure/.')];
    await expect(prepareAndEvaluate('score', twice, { ...OPTS, indicator: ['地方财政一般公共预算支出'] })).rejects.toThrow(/FILE=NAME/);
  });

  it('--strict stops on the SO₂ scope change; 2017–2019 alone passes', async () => {
    await expect(prepareAndEvaluate('score', FILES, { ...OPTS, strict: true })).rejects.toThrow(/^1 suspect value in the input \(--strict\), the first: SO2 emissions: the whole panel moves 0\.44× from 2015 to 2016/);
    // 2016–2019: Shanghai's 2016 SO₂ (6.5 万吨) is over 4× both later years (1.38, 1.11).
    await expect(prepareAndEvaluate('score', FILES, { ...OPTS, strict: true, years: [2016, 2017, 2018, 2019] })).rejects.toThrow(/SO2 emissions, Shanghai 2016: 6\.5 is 5\.22× the median of its neighbouring years \(1\.245\)/);
    const ok = await prepareAndEvaluate('score', FILES, { ...OPTS, strict: true, years: [2017, 2018, 2019] });
    expect(ok.result.regions).toHaveLength(93);
  });
});
