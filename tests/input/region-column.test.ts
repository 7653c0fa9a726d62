import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWideFast } from '../../src/input/fastwide.js';
import { readPanel } from '../../src/input/read.js';
import { chooseRegionColumn, RegionColumnError } from '../../src/input/wide.js';
import { findProvince } from '../../src/regions/names.js';
import { ROOT, tempFiles } from '../helpers.js';

const rows = (...lines: string[][]) => lines.map((cells, i) => ({ line: i + 2, cells }));

describe('the region column, chosen by its values', () => {
  it('prefers the column of provinces to the column of the four regions', () => {
    const data = rows(['吉林省', '1990', '东北地区'], ['上海市', '1990', '东部地区']);
    expect(chooseRegionColumn(['Province', 'Year', 'Region'], data, 'region', 'd.csv', 1)).toBe(0);
    expect(chooseRegionColumn(['Region', 'Year', 'Province'], data.map((r) => ({ ...r, cells: [...r.cells].reverse() })), 'region', 'd.csv', 1)).toBe(2);
  });

  it('takes the configured name as written, and a single candidate, without looking at values', () => {
    const data = rows(['东北地区', '吉林省']);
    expect(chooseRegionColumn(['Region', 'Province'], data, 'Region', 'd.csv', 1)).toBe(0);
    expect(chooseRegionColumn(['地区', 'x'], data, 'region', 'd.csv', 1)).toBe(0);
    expect(chooseRegionColumn(['name', 'x'], data, 'region', 'd.csv', 1)).toBe(-1);
  });

  it('stops when the values do not settle it, naming both candidates and columns.region', () => {
    const data = rows(['北京', '天津'], ['河北', '山西']);
    const error = (() => {
      try {
        chooseRegionColumn(['Province', '地区'], data, 'region', 'd.csv', 1);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RegionColumnError);
    expect(error).toMatchObject({ file: 'd.csv', line: 1, candidates: ['Province', '地区'], provinceShares: [1, 1] });
    expect((error as Error).message).toBe('d.csv:1: columns "Province" (100 % provinces) and "地区" (100 % provinces) could each be the region column, and their values do not tell which; set columns.region in the model to the one that names the regions');
  });

  it('reads a wide file with Province and Region columns by the provinces (text readers; the byte reader declines it)', async () => {
    const text = '\uFEFFProvince,Year,Region,GDP\r\n吉林省,1990,东北地区,425.28\r\n辽宁省,1990,东北地区,1062.7\r\n上海市,1990,东部地区,781.66\r\n';
    expect(readWideFast(Buffer.from(text), 'e.csv', { regionColumn: 'region', yearColumn: 'year' }, { maxRows: 10, maxColumns: 10 })).toBeNull();
    const dir = tempFiles({ 'e.csv': text });
    const panel = await readPanel([join(dir, 'e.csv')]);
    expect(panel.regions).toEqual(['吉林省', '辽宁省', '上海市']);
    expect([...panel.columns.keys()]).toEqual(['Region', 'GDP']);
  });
});

const ENERGY = join(ROOT, '..', 'shared', 'data', 'WangMeng0734+china-provincial-energy-consumption-panel', 'raw_data.csv');

describe.skipIf(!existsSync(ENERGY))('the energy panel as downloaded (WangMeng0734+china-provincial-energy-consumption-panel)', () => {
  // skipped without the data folder next to the repository
  it('reads by Province, not by the four-region Region column: 31 provinces × 1990–2025', async () => {
    const panel = await readPanel([ENERGY]);
    expect(new Set(panel.regions.map((r) => findProvince(r)?.code)).size).toBe(31);
    expect(panel.regions.every((r) => findProvince(r) !== null)).toBe(true);
    const years = [...new Set(panel.years)];
    expect([years[0], years.at(-1), years.length]).toEqual([1990, 2025, 36]);
    expect(panel.regions).toHaveLength(31 * 36);
    // 吉林省 1990: Regional GDP 425.28 (the file's first row)
    const gdp = panel.columns.get('Regional GDP')!;
    expect(gdp.values[panel.regions.indexOf('吉林省')]).toBe(425.28);
  });
});
