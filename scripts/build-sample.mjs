#!/usr/bin/env node
// Rebuilds fixtures/china-provinces.csv from the public files in ../shared/data (see
// fixtures/README.md for every source, unit and vintage). Run: npm run build && node scripts/build-sample.mjs
// Not part of the test suite: the fixture is committed; this script documents how it was made.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import iconv from 'iconv-lite';
import { findProvince, allProvinces } from '../dist/regions/names.js';

const require = createRequire(import.meta.url);
const XLSX = require('xlsx');
const DATA = new URL('../../shared/data/', import.meta.url).pathname;
const YEARS = [2015, 2016, 2017, 2018, 2019];
const provinces = allProvinces().filter((p) => p.region !== null);

/** value[code][year] from a machine-translated NBS .xls (header `province,2022,…`). */
function readNbsXls(file) {
  const wb = XLSX.readFile(DATA + file);
  const rows = XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: false });
  const headerIndex = rows.findIndex((r) => String(r[0]).trim().toLowerCase() === 'province');
  const years = rows[headerIndex].map((c) => parseInt(String(c), 10));
  const out = {};
  for (const row of rows.slice(headerIndex + 1)) {
    const name = String(row[0] ?? '').trim();
    const province = name === 'Mongolia' ? findProvince('Inner Mongolia') : findProvince(name);
    if (!province) continue;
    out[province.code] = {};
    years.forEach((y, i) => {
      const v = parseFloat(String(row[i] ?? '').trim());
      if (i > 0 && Number.isFinite(v)) out[province.code][y] = v;
    });
  }
  return out;
}

/** The long energy panel: value[code][year] of one column. */
function readEnergyPanel(column) {
  const text = readFileSync(DATA + 'WangMeng0734+china-provincial-energy-consumption-panel/raw_data.csv', 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter(Boolean);
  const header = lines[0].split(',');
  const c = header.indexOf(column);
  const out = {};
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const province = findProvince(cells[0]);
    if (!province || cells[c] === '') continue;
    (out[province.code] ??= {})[+cells[1]] = +cells[c];
  }
  return out;
}

/** An NBS 分省年度数据 CSV export (header 地区,2024年,…; cells may be TAB-padded): value[code][year]. */
function readNbsCsv(text) {
  const rows = text.split(/\r?\n/).map((l) => l.split(',').map((c) => c.trim()));
  const headerIndex = rows.findIndex((r) => r[0] === '地区');
  const years = rows[headerIndex].map((c) => parseInt(c, 10));
  const out = {};
  for (const row of rows.slice(headerIndex + 1)) {
    const province = findProvince(row[0] ?? '');
    if (!province) continue;
    out[province.code] = {};
    years.forEach((y, i) => {
      if (i > 0 && row[i] !== '' && row[i] !== undefined) out[province.code][y] = +row[i];
    });
  }
  return out;
}

/** General budget expenditure: the tab-padded export (UTF-8 BOM, trailing commas). */
const readBudget = () => readNbsCsv(readFileSync(DATA + '1376524890+tec_expenditure/分省年度数据_4.csv', 'utf8').replace(/^\uFEFF/, ''));

/** GDP from the NBS export (GBK): one vintage, revised after the 5th economic census (2024 data release). */
const readNbsGdp = () => readNbsCsv(iconv.decode(readFileSync(DATA + 'RenJiyi163+panel_data_analysis_for_thesis/分省年度数据.csv'), 'gbk'));

/** An NBS export (GBK, 数据库/指标/时间 lines, header 地区,2019年,…) of the dissertation repository: value[code][year]. */
const readDissertation = (file) => readNbsCsv(iconv.decode(readFileSync(DATA + 'LNY187+My-Dissertation-s-Original-Code-And-Result/' + file), 'gbk'));

// The tertiary share is computed inside the energy panel, whose GDP and tertiary value added share a
// vintage; its GDP column mixes pre- and post-census-revision figures, so the GDP itself comes from NBS.
const panelGdp = readEnergyPanel('Regional GDP');
const panelTertiary = readEnergyPanel('Tertiary industry value added from Long');
const tertiaryShare = {};
for (const [code, series] of Object.entries(panelTertiary)) {
  tertiaryShare[code] = {};
  for (const [y, v] of Object.entries(series)) tertiaryShare[code][y] = Math.round((v / panelGdp[code][y]) * 100 * 1e4) / 1e4;
}

const sources = {
  gdp: readNbsGdp(),
  population: readEnergyPanel('Population'),
  tertiary_share: tertiaryShare,
  so2: readEnergyPanel('SO2 emissions'),
  energy: readEnergyPanel('Total energy consumption'),
  income: readNbsXls('Miao-Liao+Master-thesis-code/人均可支配收入.xls'),
  unemployment: readNbsXls('Miao-Liao+Master-thesis-code/城镇登记失业率.xls'),
  students_per_100k: readNbsXls('Miao-Liao+Master-thesis-code/每10万人口高等教育在校人数.xls'),
  maternity_insured: readNbsXls('Miao-Liao+Master-thesis-code/年末参加生育保险人数.xls'),
  health_per_10k: readNbsXls('Miao-Liao+Master-thesis-code/每万人拥有卫生技术人员.xls'),
  edu_expenditure: readNbsXls('Miao-Liao+Master-thesis-code/国家财政性教育经费.xls'),
  budget_expenditure: readBudget(),
};

const filled = [];
for (const [column, table] of Object.entries(sources)) {
  for (const p of provinces) {
    const series = table[p.code] ?? {};
    const observed = YEARS.filter((k) => series[k] !== undefined);
    for (const y of YEARS) {
      if (series[y] !== undefined) continue;
      // Linear interpolation within the region; ends (or a lone observed year) take the nearest year.
      const known = observed;
      if (known.length === 0) throw new Error(`${column}: ${p.zh} has no value in ${YEARS[0]}–${YEARS.at(-1)}`);
      const before = known.filter((k) => k < y).at(-1);
      const after = known.find((k) => k > y);
      let v;
      if (before !== undefined && after !== undefined) v = series[before] + ((series[after] - series[before]) * (y - before)) / (after - before);
      else v = series[before ?? after];
      series[y] = v;
      table[p.code] = series;
      filled.push(`${p.zh} ${y} ${column} = ${v} (from ${known.join(', ')})`);
    }
  }
}

// National per-capita disposable income stand-in: the population-weighted mean of the 31 provinces.
const national = {};
for (const y of YEARS) {
  let num = 0;
  let den = 0;
  for (const p of provinces) {
    num += sources.income[p.code][y] * sources.population[p.code][y];
    den += sources.population[p.code][y];
  }
  national[y] = Math.round(num / den);
}

// Appended after income_national (the earlier columns keep their place and values): urban and rural
// per-capita disposable income (元, integers as published; the unified urban–rural household survey
// starts in 2013) and value added by sector (亿元). The sector files are the newest NBS vintage,
// revised after the 5th economic census, so their sum need not equal the `gdp` column (another
// vintage); both are kept. These files are complete for 2015–2019: a missing cell is an error,
// never imputed.
const appended = {
  urban_income: readDissertation('城镇居民人均可支配收入.csv'),
  rural_income: readDissertation('农村居民人均可支配收入.csv'),
  va_primary: readDissertation('第一产业增加值.csv'),
  va_secondary: readDissertation('第二产业增加值.csv'),
  va_tertiary: readDissertation('第三产业增加值.csv'),
};
for (const [column, table] of Object.entries(appended)) {
  for (const p of provinces) {
    for (const y of YEARS) {
      const v = table[p.code]?.[y];
      if (v === undefined || !Number.isFinite(v)) throw new Error(`${column}: ${p.zh} ${y} is missing from its source file`);
    }
  }
}

const columns = Object.keys(sources);
const extra = Object.keys(appended);
const lines = [['region', 'year', ...columns, 'income_national', ...extra].join(',')];
for (const y of YEARS) {
  for (const p of provinces) {
    lines.push([p.zh, y, ...columns.map((c) => sources[c][p.code][y]), national[y], ...extra.map((c) => appended[c][p.code][y])].join(','));
  }
}
writeFileSync(new URL('../fixtures/china-provinces.csv', import.meta.url), lines.join('\n') + '\n');
process.stderr.write(`wrote ${lines.length - 1} rows; filled cells:\n${filled.join('\n')}\nnational income: ${JSON.stringify(national)}\n`);
