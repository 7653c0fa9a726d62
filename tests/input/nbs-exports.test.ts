import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/input/csv.js';
import { interpretRows } from '../../src/input/dialect.js';
import { parseYears } from '../../src/input/filters.js';
import { findColumn } from '../../src/input/resolve.js';
import { readPanel, readTable } from '../../src/input/read.js';
import { findProvince } from '../../src/regions/names.js';
import { ROOT, tempFiles } from '../helpers.js';

/** Real downloads, unchanged (see the data folder's README); the tests skip when it is absent. */
const DATA = join(ROOT, '..', 'shared', 'data');
const MIAO = join(DATA, 'Miao-Liao+Master-thesis-code');
const haveMiao = existsSync(MIAO);
const DIALECT = { regionColumn: 'region', yearColumn: 'year' };

describe('footers are never regions', () => {
  it.each(['Data source: Office for National Statistics', 'Data Sources：国家统计局', 'Source: NBS', 'Note: Number of maternal resident population.', '注：2019年为修订数', '数据来源：国家统计局', 'Sources: NBS'])(
    'the footer %j ends the data',
    (footer) => {
      const table = interpretRows(parseCsv(`Indicator: GDP(100 million yuan)\nprovince,2021,2020\nBeijing,2,1\n${footer},,\n`, 'f.csv'), 'f.csv', 'utf8', DIALECT);
      expect(table.rows.map((r) => r.region)).toEqual(['Beijing', 'Beijing']);
    },
  );
});

describe('title lines of re-saved exports', () => {
  it('a stray quote before Indicator: keeps it a title line, and the years stay years', () => {
    // The 指标 line of 年末参加生育保险人数.xls starts with a quote; the file was read as one
    // cross-section whose indicators were 2022, 2021, …
    // (cells of a workbook: in a CSV file the quote would open a quoted field)
    const rows = [
      ['Database: annual data by province\n\n', '', ''],
      ['"Indicator: Maternity insurance participants (10 000 persons)', '', ''],
      ['Time: Last 20 years\n\n', '', ''],
      ['province', '2022', '2021'],
      ['Beijing', '1082.66', '1082.66'],
      ['Mongolia', '1', '2'],
    ].map((cells, i) => ({ line: i + 1, cells }));
    const table = interpretRows(rows, 'm.xls', 'xlsx', DIALECT);
    expect(table.format).toBe('nbs');
    expect(table.columns).toEqual([{ name: 'Maternity insurance participants', unit: '10 000 persons' }]);
    expect(table.rows.map((r) => [findProvince(r.region)?.code, r.year])).toEqual([
      ['110000', 2022],
      ['110000', 2021],
      ['150000', 2022],
      ['150000', 2021],
    ]);
  });

  it('a title cell written over several lines names the indicator by its first', () => {
    const rows = [
      { line: 1, cells: ['Index: Proportion insured by old-age insurance(%)\n (10,000)\n\nIndex: Number insured (10,000)\n\n', ''] },
      { line: 4, cells: ['province', '2022年', '2021年'] },
      { line: 5, cells: ['Beijing', '8.6', '8.8'] },
    ];
    expect(interpretRows(rows, 'p.xls', 'xlsx', DIALECT).columns).toEqual([{ name: 'Proportion insured by old-age insurance', unit: '%' }]);
  });

  it('warns when a file with year-like column names is read as a cross-section, saying how to fix it', async () => {
    // The title line has three cells, so it is not a title: the header is found below it, with a
    // note column among the years — a wide cross-section with indicators 2021, 2020 and note.
    const dir = tempFiles({ 'y.csv': 'Indicator: GDP,extra,cell\nprovince,2021,2020,note\nBeijing,2,1,x\nTianjin,4,3,y\n' });
    const panel = await readPanel([join(dir, 'y.csv')]);
    expect(panel.years).toEqual([null, null]);
    expect(panel.warnings).toHaveLength(1);
    expect(panel.warnings[0].code).toBe('year-columns');
    expect(panel.warnings[0].message).toMatch(/y\.csv:2: read as one cross-section with columns named like years \(2021, 2020\), each a separate indicator\. /);
    expect(panel.warnings[0].message).toMatch(/remove a stray quote or cell from 数据库\/指标\/时间/);
    // The byte reader (a plain wide file) says the same.
    const plain = tempFiles({ 'p.csv': 'region,2019年,x\nA,1,2\n' });
    expect((await readTable(join(plain, 'p.csv'))).table.warnings?.[0].message).toMatch(/p\.csv:1: read as one cross-section with a column named like a year \(2019年\)/);
  });
});

describe('indicator names per file', () => {
  // Two NBS exports without a 指标 line (x from the tab-padded variant, y a plain one).
  const noLine = (values: [string, number, number][]) => '数据库：分省年度数据\n时间：最近2年\n地区,2020年,2019年\n' + values.map((v) => v.join(',')).join('\n') + '\n数据来源：国家统计局\n';
  const files = () => {
    const dir = tempFiles({ 'x.csv': noLine([['北京市', 2, 1]]), 'y.csv': noLine([['北京市', 20, 10]]), 'z.csv': '指标：z(万吨)\n地区,2020年,2019年\n北京市,200,100\n', 'w.csv': 'region,year,q\n北京,2019,5\n' });
    return { dir, x: join(dir, 'x.csv'), y: join(dir, 'y.csv'), z: join(dir, 'z.csv'), w: join(dir, 'w.csv') };
  };

  it('names each file by FILE=NAME, by the path given or the base name, over its own 指标 line', async () => {
    const { x, y, z } = files();
    const panel = await readPanel([x, y, z], { indicator: { [x]: 'gdp(亿元)', 'y.csv': 'pop', 'z.csv': 'emissions' } });
    expect([...panel.columns.values()].map((c) => [c.name, c.unit, Array.from(c.values)])).toEqual([
      ['gdp', '亿元', [1, 2]],
      ['pop', null, [10, 20]],
      ['emissions', null, [100, 200]],
    ]);
  });

  it('one bare name still names the one file without a 指标 line', async () => {
    const { x, z } = files();
    const panel = await readPanel([x, z], { indicator: 'gdp' });
    expect([...panel.columns.keys()]).toEqual(['gdp', 'z']);
  });

  it('refuses one bare name for several files without a 指标 line, pointing to FILE=NAME', async () => {
    const { x, y, z } = files();
    await expect(readPanel([x, y, z], { indicator: 'gdp' })).rejects.toThrow(`--indicator gdp: 2 files have no 指标 (indicator) line (${x}, ${y}), and one name cannot name them all; name each with --indicator FILE=NAME (e.g. --indicator ${x}=gdp)`);
  });

  it('refuses a file left unnamed, a name for no input, and a name for a wide table', async () => {
    const { x, y, w } = files();
    await expect(readPanel([x, y], { indicator: { 'x.csv': 'gdp' } })).rejects.toThrow(`${y}: an NBS export without an 指标 (indicator) line; name its indicator with --indicator ${y}=NAME`);
    await expect(readPanel([x], { indicator: { 'q.csv': 'gdp' } })).rejects.toThrow(`--indicator q.csv=gdp: q.csv is not one of the input files (${x})`);
    await expect(readPanel([x, w], { indicator: { 'x.csv': 'gdp', 'w.csv': 'q' } })).rejects.toThrow(`--indicator ${w}=…: ${w} is a wide table whose columns name its indicators`);
  });
});

describe.skipIf(!haveMiao)('the English NBS .xls exports, as downloaded (Miao-Liao+Master-thesis-code)', () => {
  // skipped without the data folder next to the repository (real downloads, not copied into it)
  const file = (name: string) => join(MIAO, name);

  it('read each as 31 provinces: footers dropped, Mongolia and Chongqin recognised', async () => {
    for (const name of ['人均可支配收入.xls', '国家财政性教育经费.xls', '城镇登记失业率.xls', '居民消费价格指数.xls', '年末参加生育保险人数.xls', '教育就业人数占比.xls', '每10万人口高等教育在校人数.xls', '每万人拥有卫生技术人员.xls', '城乡居民社会养老保险参保人数占比.xls']) {
      const panel = await readPanel([file(name)]);
      const regions = [...new Set(panel.regions)];
      expect(regions, name).toHaveLength(31);
      expect(regions.filter((r) => findProvince(r) === null), name).toEqual([]);
      expect(panel.files[0].format, name).toBe('nbs');
    }
  });

  it('gives the published figures of 人均可支配收入.xls (yuan), Inner Mongolia under its own code', async () => {
    const panel = await readPanel([file('人均可支配收入.xls')]);
    const column = findColumn(panel, 'Per capita disposable income of all residents')!;
    expect(column.unit).toBe('Yuan');
    const at = (region: string, year: number) => column.values[panel.regions.findIndex((r, i) => findProvince(r)?.code === region && panel.years[i] === year)];
    // Cells of the file: Beijing 2022 = 77415, Xinjiang 2006 = 5290.
    expect(at('110000', 2022)).toBe(77415);
    expect(at('650000', 2006)).toBe(5290);
    expect(panel.regions[4]).toBe('Mongolia');
    expect(Number.isFinite(at('150000', 2022))).toBe(true);
  });

  it('the stray-quote export reads as a panel of years with its indicator named', async () => {
    const { table } = await readTable(file('年末参加生育保险人数.xls'));
    expect(table.format).toBe('nbs');
    expect(table.columns).toEqual([{ name: 'Number of Participants in Maternity Insurance at the End of Year', unit: 'in ten thousand people' }]);
    expect(table.warnings ?? []).toEqual([]);
  });

  it('several exports merge into one panel, cut to the years asked for', async () => {
    const names = ['人均可支配收入.xls', '城镇登记失业率.xls', '年末参加生育保险人数.xls', '城乡居民社会养老保险参保人数占比.xls', '生育率.xlsx'];
    const panel = await readPanel(names.map(file), { years: parseYears('2015-2021') });
    expect([...new Set(panel.years)]).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021]);
    expect(panel.regions).toHaveLength(31 * 7);
    expect(panel.columns.size).toBe(5);
    expect(panel.warnings).toEqual([]);
  });
});

const TEC = join(DATA, '1376524890+tec_expenditure', '分省年度数据_4.csv');
const ITIDOL = join(DATA, 'ITidol-dream+dynamic_picture', '分省年度数据.csv');

describe.skipIf(!existsSync(TEC) || !existsSync(ITIDOL))('two real exports without a 指标 line', () => {
  // skipped without the data folder next to the repository
  it('need a name each: one bare name is refused, FILE=NAME reads both', async () => {
    await expect(readPanel([TEC, ITIDOL], { indicator: 'x' })).rejects.toThrow(/2 files have no 指标 \(indicator\) line .*; name each with --indicator FILE=NAME/);
    const panel = await readPanel([TEC, ITIDOL], { indicator: { '分省年度数据_4.csv': '地方财政一般公共预算支出(亿元)', [ITIDOL]: 'GDP(亿元)' } });
    expect([...panel.columns.keys()]).toEqual(['地方财政一般公共预算支出', 'GDP']);
    expect(new Set(panel.regions.map((r) => findProvince(r)?.code)).size).toBe(31);
  });
});
