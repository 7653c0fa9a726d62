import iconv from 'iconv-lite';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCell } from '../../src/input/cells.js';
import { readPanel } from '../../src/input/read.js';
import { splitIndicatorName } from '../../src/input/dialect.js';
import { CELL_MISSING } from '../../src/input/panel.js';
import { tempFiles } from '../helpers.js';
import { loadModel } from '../../src/model/load.js';
import { resolveIndicators, type MissingPolicy } from '../../src/input/resolve.js';
import { readTable, type ReadOptions } from '../../src/input/read.js';
import { mergeTables } from '../../src/input/panel.js';
import { summarisePanel } from '../../src/input/inspect.js';
import { findProvince } from '../../src/regions/names.js';
import { writeFileSync } from 'node:fs';

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
const WIDE_MODEL = MODEL.replace('"y(万吨)"', 'y');

/** What the core would be given: each observation as province code and year, and the indicator values. */
async function indicatorData(files: string[], dir: string, options: ReadOptions = {}, model = MODEL) {
  const { model: parsed } = await loadModel(writeModel(dir, model));
  const data = resolveIndicators(await readPanel(files.map((f) => (f === '-' ? f : join(dir, f))), options), parsed);
  return {
    observations: data.regions.map((r, i) => `${findProvince(r)?.code ?? r} ${data.years[i]}`),
    values: data.values.map((column) => Array.from(column)),
  };
}

function writeModel(dir: string, text: string): string {
  const path = join(dir, 'model.yaml');
  writeFileSync(path, text);
  return path;
}

describe('every layout of the same panel gives the same indicator values', () => {
  const wide = 'region,year,x,y\n北京市,2019,1.5,30\n河北省,2019,3,10\n陕西省,2019,10,20\n北京市,2020,2.5,28\n河北省,2020,4.25,11\n陕西省,2020,12,19\n';
  const baseline = async () => indicatorData(['w.csv'], tempFiles({ 'w.csv': wide }), {}, WIDE_MODEL);

  it('the wide baseline is the panel as written', async () => {
    expect(await baseline()).toEqual({
      observations: ['110000 2019', '130000 2019', '610000 2019', '110000 2020', '130000 2020', '610000 2020'],
      values: [
        [1.5, 3, 10, 2.5, 4.25, 12],
        [30, 10, 20, 28, 11, 19],
      ],
    });
  });

  it('NBS exports in GBK with title lines and footnotes, one file per indicator', async () => {
    const dir = tempFiles({
      'x.csv': iconv.encode(nbsExport('x', X, { crlf: true }), 'gbk'),
      'y.csv': iconv.encode(nbsExport('y(万吨)', Y, { crlf: true }), 'gbk'),
    });
    expect(await indicatorData(['x.csv', 'y.csv'], dir)).toEqual(await baseline());
  });

  it('the tab-padded UTF-8-BOM variant with trailing commas, naming the indicator with --indicator', async () => {
    const tabbed = (ind: string, data: Record<string, [number, number]>) => '\uFEFF' + nbsExport(ind, data, { tabs: true }).split('\n').filter((l) => !l.startsWith('指标')).join('\n');
    const dir = tempFiles({ 'x.csv': tabbed('x', X), 'y.csv': nbsExport('y(万吨)', Y) });
    expect(await indicatorData(['x.csv', 'y.csv'], dir, { indicator: 'x' })).toEqual(await baseline());
    await expect(indicatorData(['x.csv', 'y.csv'], dir)).rejects.toThrow(/x\.csv: an NBS export without an 指标 \(indicator\) line; name its indicator with --indicator NAME/);
  });

  it('the transposed export (years as rows, every field quoted, trailing spaces)', async () => {
    const transposed = (data: Record<string, [number, number]>) =>
      ['"时间",' + Object.keys(data).map((r) => `"${r}"`).join(','), ...[0, 1].map((k) => `"${2019 + k}年",` + Object.values(data).map((v) => `"${v[k]} "`).join(','))].join('\n') + '\n';
    // x has no 指标 line (named by --indicator); y is an ordinary NBS export with its own 指标 line
    const dir = tempFiles({ 'x.csv': transposed(X), 'y.csv': nbsExport('y(万吨)', Y) });
    expect(await indicatorData(['x.csv', 'y.csv'], dir, { indicator: 'x' })).toEqual(await baseline());
    await expect(indicatorData(['x.csv', 'y.csv'], dir)).rejects.toThrow(/x\.csv: an NBS export without an 指标 \(indicator\) line/);
  });

  it('long format region,year,indicator,value', async () => {
    const long = 'region,year,indicator,value\n' + Object.entries(X).flatMap(([r, v]) => [`${r},2019,x,${v[0]}`, `${r},2020,x,${v[1]}`]).join('\n') + '\n' + Object.entries(Y).flatMap(([r, v]) => [`${r},2019,y,${v[0]}`, `${r},2020,y,${v[1]}`]).join('\n') + '\n';
    const dir = tempFiles({ 'l.csv': long });
    expect(await indicatorData(['l.csv'], dir, {}, WIDE_MODEL)).toEqual(await baseline());
  });

  it('an .xlsx workbook made here, with title rows above the header and numbers stored as text', async () => {
    const sheet = XLSX.utils.aoa_to_sheet([
      ['表1 各地区主要指标'],
      [],
      ['地区', '年份', 'x', 'y'],
      ...Object.keys(X).flatMap((r) => [0, 1].map((k) => [r, 2019 + k, k === 0 ? String(X[r][k]) : X[r][k], Y[r][k]])),
    ]);
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['cover']]), '说明');
    XLSX.utils.book_append_sheet(book, sheet, '数据');
    const dir = tempFiles({ 'b.xlsx': XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) });
    expect(await indicatorData(['b.xlsx'], dir, { sheet: '数据' }, WIDE_MODEL)).toEqual(await baseline());
    expect(await indicatorData(['b.xlsx'], dir, { sheet: '2', headerRow: 3 }, WIDE_MODEL)).toEqual(await baseline());
    await expect(indicatorData(['b.xlsx'], dir, { sheet: 'nope' }, WIDE_MODEL)).rejects.toThrow(/no sheet "nope"; the sheets are 1 "说明", 2 "数据"/);
  });

  it('UTF-16LE with BOM, tab-separated (Excel "Unicode text")', async () => {
    const tabbed = wide.replace(/,/g, '\t');
    const dir = tempFiles({ 'u.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tabbed, 'utf16le')]) });
    expect(await indicatorData(['u.txt'], dir, {}, WIDE_MODEL)).toEqual(await baseline());
  });

  it('GBK, detected, and the same file in UTF-8 read by the byte reader', async () => {
    const dir = tempFiles({ 'g.csv': iconv.encode(wide, 'gbk'), 'u.csv': wide });
    expect(await indicatorData(['g.csv'], dir, {}, WIDE_MODEL)).toEqual(await baseline());
    expect((await readPanel([join(dir, 'g.csv')])).files[0].encoding).toBe('gb18030');
    expect(await indicatorData(['u.csv'], dir, {}, WIDE_MODEL)).toEqual(await baseline());
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
  const read = async (policy?: MissingPolicy) => {
    const dir = tempFiles({ 'd.csv': data });
    const { model: parsed } = await loadModel(writeModel(dir, model));
    return resolveIndicators(await readPanel([join(dir, 'd.csv')]), parsed, policy);
  };

  it('errors by default with the count, the first cell and a list', async () => {
    const error = await read().catch((e: Error) => e);
    const lines = (error as Error).message.split('\n');
    expect(lines[0]).toMatch(/2 missing values in needed columns, the first: .*d\.csv:3: A 2019, column "x" is empty/);
    expect(lines[2]).toMatch(/d\.csv:6: B 2019, column "y" is empty/);
    expect(lines.at(-1)).toMatch(/choose --missing drop, interpolate or mean/);
  });

  it('interpolates within the region across years and reports every imputed cell', async () => {
    // A 2019 x: between 1 (2018) and 3 (2020) → 2; B 2019 y: between 1 and 3 → 2.
    const result = await read('interpolate');
    expect(result.imputed).toEqual([
      { region: 'A', year: 2019, indicator: 'x', method: 'interpolate', value: 2 },
      { region: 'B', year: 2019, indicator: 'y', method: 'interpolate', value: 2 },
    ]);
    expect(result.warnings.map((w) => w.message)).toEqual(['--missing interpolate filled 2 cells: A 2019 x, B 2019 y']);
  });

  it('uses the year mean, or drops the region-years', async () => {
    // 2019 x: only B = 4; 2019 y: only A = 6.
    expect((await read('mean')).imputed.map((c) => c.value)).toEqual([4, 6]);
    const drop = await read('drop');
    expect(drop.regions.map((r, i) => `${r} ${drop.years[i]}`)).toEqual(['A 2018', 'B 2018', 'A 2020', 'B 2020']);
    expect(drop.warnings.map((w) => w.message)).toEqual(['--missing drop removed 2 region-years with missing values, in 2 regions:', '  dropped A 2019', '  dropped B 2019', '--missing drop removed every region of 2019']);
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

  it('errors when a cell cannot be filled', async () => {
    const dir = tempFiles({ 'd.csv': 'region,year,x,y\nA,2019,,1\nA,2020,,2\nB,2019,1,3\nB,2020,2,4\n' });
    const { model: parsed } = await loadModel(writeModel(dir, model));
    const panel = await readPanel([join(dir, 'd.csv')]);
    expect(() => resolveIndicators(panel, parsed, 'interpolate')).toThrow(/cannot be filled by --missing interpolate: the region has no value in any year/);
  });
});

describe('what inspect reports', () => {
  it('formats, units, missing cells per year and suspected breaks', async () => {
    // 2015 is a 1 % sample year among 1 ‰ years: ~19× its neighbours.
    const more = '数据库：分省年度数据\n指标：人口数(人)\n时间：最近3年\n地区,2016年,2015年,2014年\n北京市,18100,340000,18000\n河北省,61000,1150000,60000\n陕西省,38300,700000,38000\n数据来源：国家统计局\n';
    const dir = tempFiles({ 'pop.csv': iconv.encode(more, 'gbk') });
    const { info, table } = await readTable(join(dir, 'pop.csv'));
    expect(info).toMatchObject({ format: 'nbs', encoding: 'gb18030' });
    expect(table.columns).toEqual([{ name: '人口数', unit: '人' }]);
    const summary = summarisePanel(mergeTables([table], [info]));
    expect(summary.years).toEqual([2014, 2015, 2016]);
    expect(summary.regions).toEqual({ count: 3, provinces: 3, others: [] });
    expect(summary.breaks.map((b) => `${b.region} ${b.year}`)).toEqual(['北京市 2015', '河北省 2015', '陕西省 2015']);
  });
});
