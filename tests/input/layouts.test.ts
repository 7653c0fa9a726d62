import iconv from 'iconv-lite';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCell } from '../../src/input/cells.js';
import { readPanel } from '../../src/input/read.js';
import { splitIndicatorName } from '../../src/input/dialect.js';
import { CELL_MISSING } from '../../src/input/panel.js';
import { runCli, tempFiles } from '../helpers.js';
import { loadModel } from '../../src/model/load.js';
import { resolveIndicators } from '../../src/input/resolve.js';

const XLSX = createRequire(import.meta.url)('xlsx') as typeof import('xlsx');

/** The same small panel in every layout users have: 3 provinces × 2 years × indicators x and y. */
const X: Record<string, [number, number]> = { 北京市: [1.5, 2.5], 河北省: [3, 4.25], 陕西省: [10, 12] };
const Y: Record<string, [number, number]> = { 北京市: [30, 28], 河北省: [10, 11], 陕西省: [20, 19] };

function nbsExport(indicator: string, data: Record<string, [number, number]>, opts: { tabs?: boolean; crlf?: boolean } = {}): string {
  const sep = opts.tabs ? '\t,' : ',';
  const lines = ['数据库：分省年度数据', `指标：${indicator}`, '时间：最近2年', ['地区', '2020年', '2019年'].join(sep) + (opts.tabs ? '\t,' : '')];
  for (const [region, [y2019, y2020]] of Object.entries(data)) lines.push([region, String(y2020), String(y2019)].join(sep) + (opts.tabs ? '\t,' : ''));
  lines.push('注：2019年数据为修订数。', '数据来源：国家统计局');
  return lines.join(opts.crlf ? '\r\n' : '\n') + (opts.crlf ? '\r\n' : '\n');
}

const MODEL = 'dimensions:\n  - { id: a, indicators: [{ column: x, direction: benefit }] }\n  - { id: b, indicators: [{ column: "y(万吨)", direction: cost }] }\n';

function scores(files: string[], dir: string, extra: string[] = []): string {
  const r = runCli(['score', ...files.map((f) => join(dir, f)), '-m', join(dir, 'model.yaml'), '-f', 'csv', '--region-names', 'zh', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('every layout of the same panel gives identical scores', () => {
  const wide = 'region,year,x,y\n北京市,2019,1.5,30\n河北省,2019,3,10\n陕西省,2019,10,20\n北京市,2020,2.5,28\n河北省,2020,4.25,11\n陕西省,2020,12,19\n';
  const baseline = () => {
    const dir = tempFiles({ 'w.csv': wide, 'model.yaml': MODEL.replace('"y(万吨)"', 'y') });
    return scores(['w.csv'], dir);
  };

  it('NBS exports in GBK with title lines and footnotes, one file per indicator', () => {
    const dir = tempFiles({
      'x.csv': iconv.encode(nbsExport('x', X, { crlf: true }), 'gbk'),
      'y.csv': iconv.encode(nbsExport('y(万吨)', Y, { crlf: true }), 'gbk'),
      'model.yaml': MODEL,
    });
    expect(scores(['x.csv', 'y.csv'], dir)).toBe(baseline());
  });

  it('the tab-padded UTF-8-BOM variant with trailing commas, naming the indicator with --indicator', () => {
    const tabbed = (ind: string, data: Record<string, [number, number]>) => '\uFEFF' + nbsExport(ind, data, { tabs: true }).split('\n').filter((l) => !l.startsWith('指标')).join('\n');
    const dir = tempFiles({ 'x.csv': tabbed('x', X), 'y.csv': nbsExport('y(万吨)', Y), 'model.yaml': MODEL });
    expect(scores(['x.csv', 'y.csv'], dir, ['--indicator', 'x'])).toBe(baseline());
    const without = runCli(['score', join(dir, 'x.csv'), join(dir, 'y.csv'), '-m', join(dir, 'model.yaml')]);
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/x\.csv: an NBS export without an 指标 \(indicator\) line; name its indicator with --indicator NAME/);
  });

  it('the transposed export (years as rows, every field quoted, trailing spaces)', () => {
    const transposed = (data: Record<string, [number, number]>) =>
      ['"时间",' + Object.keys(data).map((r) => `"${r}"`).join(','), ...[0, 1].map((k) => `"${2019 + k}年",` + Object.values(data).map((v) => `"${v[k]} "`).join(','))].join('\n') + '\n';
    // x has no 指标 line (named by --indicator); y is an ordinary NBS export with its own 指标 line
    const dir = tempFiles({ 'x.csv': transposed(X), 'y.csv': nbsExport('y(万吨)', Y), 'model.yaml': MODEL });
    expect(scores(['x.csv', 'y.csv'], dir, ['--indicator', 'x'])).toBe(baseline());
    const without = runCli(['score', join(dir, 'x.csv'), join(dir, 'y.csv'), '-m', join(dir, 'model.yaml')]);
    expect(without.stderr).toMatch(/x\.csv: an NBS export without an 指标 \(indicator\) line/);
  });

  it('long format region,year,indicator,value', () => {
    const long = 'region,year,indicator,value\n' + Object.entries(X).flatMap(([r, v]) => [`${r},2019,x,${v[0]}`, `${r},2020,x,${v[1]}`]).join('\n') + '\n' + Object.entries(Y).flatMap(([r, v]) => [`${r},2019,y,${v[0]}`, `${r},2020,y,${v[1]}`]).join('\n') + '\n';
    const dir = tempFiles({ 'l.csv': long, 'model.yaml': MODEL.replace('"y(万吨)"', 'y') });
    expect(scores(['l.csv'], dir)).toBe(baseline());
  });

  it('an .xlsx workbook made here, with title rows above the header and numbers stored as text', () => {
    const sheet = XLSX.utils.aoa_to_sheet([
      ['表1 各地区主要指标'],
      [],
      ['地区', '年份', 'x', 'y'],
      ...Object.keys(X).flatMap((r) => [0, 1].map((k) => [r, 2019 + k, k === 0 ? String(X[r][k]) : X[r][k], Y[r][k]])),
    ]);
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['cover']]), '说明');
    XLSX.utils.book_append_sheet(book, sheet, '数据');
    const dir = tempFiles({ 'b.xlsx': XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }), 'model.yaml': MODEL.replace('"y(万吨)"', 'y') });
    expect(scores(['b.xlsx'], dir, ['--sheet', '数据'])).toBe(baseline());
    expect(scores(['b.xlsx'], dir, ['--sheet', '2', '--header-row', '3'])).toBe(baseline());
    const wrong = runCli(['score', join(dir, 'b.xlsx'), '--sheet', 'nope', '-m', join(dir, 'model.yaml')]);
    expect(wrong.stderr).toMatch(/no sheet "nope"; the sheets are 1 "说明", 2 "数据"/);
  });

  it('UTF-16LE with BOM, tab-separated (Excel "Unicode text")', () => {
    const tabbed = wide.replace(/,/g, '\t');
    const dir = tempFiles({ 'u.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tabbed, 'utf16le')]), 'model.yaml': MODEL.replace('"y(万吨)"', 'y') });
    expect(scores(['u.txt'], dir)).toBe(baseline());
  });

  it('GBK on stdin, detected', () => {
    const dir = tempFiles({ 'model.yaml': MODEL.replace('"y(万吨)"', 'y') });
    const r = runCli(['score', '-', '-m', join(dir, 'model.yaml'), '-f', 'csv', '--region-names', 'zh'], { input: iconv.encode(wide, 'gbk') });
    expect(r.stdout).toBe(baseline());
  });
});

describe('what the readers parse', () => {
  it('reads the NBS title, unit, footnotes and empty cells', async () => {
    const dir = tempFiles({ 'gdp.csv': iconv.encode('数据库：分省年度数据\n指标：地区生产总值(亿元)\n时间：最近3年\n地区,2021年,2020年,2019年\n北京市,,36102.6,35371.3\n广西省,24740.9,22156.7,21237.1\n注：2021年为初步核算数。\n数据来源：国家统计局\n', 'gbk') });
    const panel = await readPanel([join(dir, 'gdp.csv')]);
    const column = panel.columns.get('地区生产总值')!;
    expect(column.unit).toBe('亿元');
    expect(panel.files[0]).toMatchObject({ format: 'nbs', encoding: 'gb18030', rows: 6 });
    expect(panel.years).toEqual([2019, 2019, 2020, 2020, 2021, 2021]);
    expect(Array.from(column.values).map(String)).toEqual(['35371.3', '21237.1', '36102.6', '22156.7', 'NaN', '24740.9']);
    expect(column.status[4]).toBe(CELL_MISSING);
    expect(panel.regions.slice(0, 2)).toEqual(['北京市', '广西省']);
  });

  it('joins two files naming provinces differently, and refuses two names for one province in one year', async () => {
    const dir = tempFiles({ 'a.csv': 'region,year,x\n广西壮族自治区,2020,1\nInner Mongolia,2020,2\n', 'b.csv': 'region,year,y\n广西,2020,3\n150000,2020,4\n', 'c.csv': 'region,year,x\n广西,2020,1\n广西省,2020,2\n' });
    const panel = await readPanel([join(dir, 'a.csv'), join(dir, 'b.csv')]);
    expect(panel.regions).toEqual(['广西壮族自治区', 'Inner Mongolia']);
    expect(Array.from(panel.columns.get('y')!.values)).toEqual([3, 4]);
    await expect(readPanel([join(dir, 'c.csv')])).rejects.toThrow(/c\.csv:3: 广西省 2020 is given twice for column "x" \(also at .*c\.csv:2\)/);
  });

  it.each([
    ['1,234.5', 1234.5],
    ['１２３', 123],
    ['－5', -5],
    ['−2.5', -2.5],
    [' \t42 \t', 42],
    ['6.5%', 6.5],
    ['1e3', 1000],
  ])('parses the cell %j as %d', (raw, value) => {
    expect(parseCell(raw)).toEqual({ kind: 'number', value });
  });

  it.each(['', '—', '–', '-', '…', '...', 'NA', 'N/A', 'n.a.', '#N/A', 'null', 'NULL'])('treats %j as missing', (raw) => {
    expect(parseCell(raw)).toEqual({ kind: 'missing' });
  });

  it.each(['NaN', 'Infinity', '1e309', 'abc', '12abc', '1,23'])('rejects %j', (raw) => {
    expect(parseCell(raw).kind).toBe('invalid');
  });

  it('splits NBS indicator names from their units', () => {
    expect(splitIndicatorName('地区生产总值(亿元)')).toEqual({ name: '地区生产总值', unit: '亿元' });
    expect(splitIndicatorName('人口数(人口抽样调查)(人)')).toEqual({ name: '人口数(人口抽样调查)', unit: '人' });
    expect(splitIndicatorName('年末常住人口（万人）')).toEqual({ name: '年末常住人口', unit: '万人' });
    expect(splitIndicatorName('Resident Population (year-end)(10000 persons)')).toEqual({ name: 'Resident Population (year-end)', unit: '10000 persons' });
  });
});

describe('missing data policies', () => {
  const data = 'region,year,x,y\nA,2018,1,5\nA,2019,,6\nA,2020,3,7\nB,2018,2,1\nB,2019,4,—\nB,2020,6,3\n';
  const model = 'dimensions:\n  - { id: a, indicators: [{ column: x, direction: benefit }] }\n  - { id: b, indicators: [{ column: y, direction: benefit }] }\n';

  it('errors by default with the count, the first cell and a list', () => {
    const dir = tempFiles({ 'd.csv': data, 'm.yaml': model });
    const r = runCli(['score', join(dir, 'd.csv'), '-m', join(dir, 'm.yaml')]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/2 missing values in needed columns, the first: .*d\.csv:3: A 2019, column "x" is empty/);
    expect(lines[2]).toMatch(/d\.csv:6: B 2019, column "y" is empty/);
    expect(lines.at(-1)).toMatch(/choose --missing drop, interpolate or mean/);
  });

  it('interpolates within the region across years and reports every imputed cell', () => {
    const dir = tempFiles({ 'd.csv': data, 'm.yaml': model });
    const out = join(dir, 'imputed.csv');
    const r = runCli(['score', join(dir, 'd.csv'), '-m', join(dir, 'm.yaml'), '--missing', 'interpolate', '--imputed', out, '-f', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).imputed).toEqual([
      { region: 'A', year: 2019, indicator: 'x', method: 'interpolate', value: 2 },
      { region: 'B', year: 2019, indicator: 'y', method: 'interpolate', value: 2 },
    ]);
    expect(require('node:fs').readFileSync(out, 'utf8')).toBe('region,year,indicator,method,value\nA,2019,x,interpolate,2\nB,2019,y,interpolate,2\n');
    expect(r.stderr).toMatch(/warning: --missing interpolate filled 2 cells/);
  });

  it('uses the year mean, or drops the region-years', () => {
    const dir = tempFiles({ 'd.csv': data, 'm.yaml': model });
    const mean = JSON.parse(runCli(['score', join(dir, 'd.csv'), '-m', join(dir, 'm.yaml'), '--missing', 'mean', '-f', 'json']).stdout);
    expect(mean.imputed.map((c: { value: number }) => c.value)).toEqual([4, 6]);
    const drop = runCli(['score', join(dir, 'd.csv'), '-m', join(dir, 'm.yaml'), '--missing', 'drop', '-f', 'csv']);
    expect(drop.stdout.trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 2).join(' '))).toEqual(['A 2018', 'B 2018', 'A 2020', 'B 2020']);
    expect(drop.stderr).toMatch(/--missing drop removed 2 region-years with missing values: A 2019, B 2019/);
  });

  it('interpolates across runs of missing years and ends, whatever the row order (library)', async () => {
    // A: 2015 = 10, 2016 and 2017 missing, 2018 = 40, 2019 = 50, 2020 missing → 20, 30 and 50 (the
    // nearest year at the end). B: 2015 missing → 7 (its nearest year). Rows shuffled on purpose.
    const dir = tempFiles({
      'd.csv': 'region,year,x,y\nA,2018,40,1\nB,2016,7,2\nA,2016,,3\nA,2020,,4\nB,2015,,5\nA,2015,10,6\nA,2019,50,7\nA,2017,—,8\n',
      'm.yaml': 'dimensions:\n  - { id: a, indicators: [{ column: x, direction: benefit }] }\n  - { id: b, indicators: [{ column: y, direction: cost }] }\n',
    });
    const panel = await readPanel([join(dir, 'd.csv')]);
    const { model } = await loadModel(join(dir, 'm.yaml'));
    const cells = (policy: 'interpolate' | 'mean') => resolveIndicators(panel, model, policy).imputed.map((c) => [c.region, c.year, c.value]);
    expect(cells('interpolate')).toEqual([
      ['B', 2015, 7],
      ['A', 2016, 20],
      ['A', 2017, 30],
      ['A', 2020, 50],
    ]);
    // The year mean: 2015 has A = 10, 2016 has B = 7, 2017 has no value at all.
    expect(() => cells('mean')).toThrow(/A 2017, column "x" is empty, and it cannot be filled by --missing mean: no region has a value that year/);
  });

  it('errors when a cell cannot be filled', () => {
    const dir = tempFiles({ 'd.csv': 'region,year,x,y\nA,2019,,1\nA,2020,,2\nB,2019,1,3\nB,2020,2,4\n', 'm.yaml': model });
    const r = runCli(['score', join(dir, 'd.csv'), '-m', join(dir, 'm.yaml'), '--missing', 'interpolate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot be filled by --missing interpolate: the region has no value in any year/);
  });
});

describe('coordix inspect', () => {
  it('reports formats, units, missing cells per year and suspected breaks', () => {
    // 2015 is a 1 % sample year among 1 ‰ years: ~19× its neighbours.
    const more = '数据库：分省年度数据\n指标：人口数(人)\n时间：最近3年\n地区,2016年,2015年,2014年\n北京市,18100,340000,18000\n河北省,61000,1150000,60000\n陕西省,38300,700000,38000\n数据来源：国家统计局\n';
    const dir = tempFiles({ 'pop.csv': iconv.encode(more, 'gbk') });
    const json = JSON.parse(runCli(['inspect', join(dir, 'pop.csv'), '-f', 'json']).stdout);
    expect(json.files[0]).toMatchObject({ format: 'nbs', encoding: 'gb18030', indicators: [{ name: '人口数', unit: '人' }] });
    expect(json.years).toEqual([2014, 2015, 2016]);
    expect(json.breaks.map((b: { region: string; year: number }) => `${b.region} ${b.year}`)).toEqual(['北京市 2015', '河北省 2015', '陕西省 2015']);
    const table = runCli(['inspect', join(dir, 'pop.csv')]).stdout;
    expect(table).toMatch(/suspected breaks/);
    expect(table).toMatch(/regions: 3 \(3 recognised provinces\)/);
  });
});

import { createRequire as cr } from 'node:module';
const require = cr(import.meta.url);
