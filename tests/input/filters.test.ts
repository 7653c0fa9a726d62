import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FilterSyntaxError, filterTables, parseRegions, parseYears } from '../../src/input/filters.js';
import { readPanel } from '../../src/input/read.js';
import { resolveIndicators } from '../../src/input/resolve.js';
import { loadModel } from '../../src/model/load.js';
import { tempFiles } from '../helpers.js';

describe('--years text', () => {
  it.each([
    ['2015-2021', [2015, 2016, 2017, 2018, 2019, 2020, 2021]],
    ['2015,2017,2019-2021', [2015, 2017, 2019, 2020, 2021]],
    [' 2019 ', [2019]],
    ['2021,2015', [2015, 2021]],
    ['2019-2020,2020', [2019, 2020]],
    ['２０１５－２０１７', [2015, 2016, 2017]],
    ['2015–2016', [2015, 2016]],
    ['2015~2016，2018', [2015, 2016, 2018]],
  ])('reads %j as %j', (text, years) => {
    expect(parseYears(text)).toEqual(years);
  });

  it.each([
    ['', /no years/],
    ['2015,,2017', /an empty item between commas/],
    ['15-21', /"15" is not a four-digit year/],
    ['2021-2015', /the range 2021-2015 runs backwards; write 2015-2021/],
    ['2015-', /"2015-" is not a year or a range of years/],
    ['last5', /"last5" is not a year/],
  ])('refuses %j with a typed error', (text, message) => {
    const error = (() => {
      try {
        parseYears(text);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(FilterSyntaxError);
    expect(error).toMatchObject({ option: '--years', text, exitCode: 2 });
    expect((error as Error).message).toMatch(message);
  });

  it('a range a-b is the b − a + 1 years from a, in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 0, max: 60 }), (a, span) => {
        const b = Math.min(9999, a + span);
        const years = parseYears(`${a}-${b}`);
        expect(years).toHaveLength(b - a + 1);
        years.forEach((y, k) => expect(y).toBe(a + k));
      }),
    );
  });

  it('a list reads as the union of its items, whatever their order', () => {
    const item = fc.oneof(
      fc.integer({ min: 1990, max: 2030 }).map((y) => [String(y), [y]] as const),
      fc.tuple(fc.integer({ min: 1990, max: 2030 }), fc.integer({ min: 0, max: 5 })).map(([a, s]) => [`${a}-${a + s}`, Array.from({ length: s + 1 }, (_, k) => a + k)] as const),
    );
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 6 }), (items) => {
        const expected = [...new Set(items.flatMap(([, ys]) => ys))].sort((x, y) => x - y);
        expect(parseYears(items.map(([t]) => t).join(','))).toEqual(expected);
        expect(parseYears([...items].reverse().map(([t]) => t).join(','))).toEqual(expected);
      }),
    );
  });
});

describe('--regions text', () => {
  it('reads names as written, each province once however spelled', () => {
    expect(parseRegions('北京,天津')).toEqual(['北京', '天津']);
    expect(parseRegions('北京市, Beijing ,天津、河北')).toEqual(['北京市', '天津', '河北']);
    expect(parseRegions('苏州市')).toEqual(['苏州市']);
  });

  it('expands provinces and the NBS four regions (East 10, Central 6, West 12, Northeast 3)', () => {
    expect(parseRegions('provinces')).toHaveLength(31);
    expect(parseRegions('east')).toEqual(['北京', '天津', '河北', '上海', '江苏', '浙江', '福建', '山东', '广东', '海南']);
    expect(parseRegions('Central')).toEqual(['山西', '安徽', '江西', '河南', '湖北', '湖南']);
    expect(parseRegions('west')).toHaveLength(12);
    expect(parseRegions('northeast')).toEqual(['辽宁', '吉林', '黑龙江']);
    expect(parseRegions('东北地区')).toEqual(['辽宁', '吉林', '黑龙江']);
    expect(new Set(parseRegions('east,central,west,northeast'))).toEqual(new Set(parseRegions('provinces')));
    expect(parseRegions('northeast,辽宁省')).toEqual(['辽宁', '吉林', '黑龙江']);
  });

  it.each([
    ['', /no regions/],
    ['北京,,天津', /an empty item between commas/],
  ])('refuses %j with a typed error', (text, message) => {
    expect(() => parseRegions(text)).toThrow(FilterSyntaxError);
    expect(() => parseRegions(text)).toThrow(message);
  });
});

describe('year and region filters in the reader', () => {
  // A: 2018 = 1, 2019 missing, 2020 = 3; B complete. Missing only in 2019.
  const data = 'region,year,x,y\n北京,2018,1,5\n北京,2019,,6\n北京,2020,3,7\n天津,2018,2,1\n天津,2019,4,2\n天津,2020,6,3\n';
  const model = 'dimensions:\n  - { id: a, indicators: [{ column: x, direction: benefit }] }\n  - { id: b, indicators: [{ column: y, direction: benefit }] }\n';

  it('drops the years left out before missing values are looked at', async () => {
    const dir = tempFiles({ 'd.csv': data, 'm.yaml': model });
    const { model: loaded } = await loadModel(join(dir, 'm.yaml'));
    // All years: the empty cell of 北京 2019 stops the default policy.
    const all = await readPanel([join(dir, 'd.csv')]);
    expect(() => resolveIndicators(all, loaded)).toThrow(/北京 2019, column "x" is empty/);
    const panel = await readPanel([join(dir, 'd.csv')], { years: parseYears('2018,2020') });
    expect(panel.years).toEqual([2018, 2018, 2020, 2020]);
    const data2 = resolveIndicators(panel, loaded);
    expect(Array.from(data2.values[0])).toEqual([1, 2, 3, 6]);
    expect(data2.imputed).toEqual([]);
  });

  it('keeps the regions asked for, by any spelling, and warns of those the input lacks', async () => {
    const dir = tempFiles({ 'd.csv': data });
    const panel = await readPanel([join(dir, 'd.csv')], { regions: parseRegions('Tianjin,上海') });
    expect([...new Set(panel.regions)]).toEqual(['天津']);
    expect(panel.warnings).toEqual([{ code: 'regions-absent', message: '--regions: no input has 上海' }]);
    const years = await readPanel([join(dir, 'd.csv')], { years: parseYears('2017-2018') });
    expect(years.warnings).toEqual([{ code: 'years-absent', message: '--years: no input has 2017; the input has the years 2018–2020' }]);
  });

  it('refuses filters that leave nothing, saying what the input has', async () => {
    const dir = tempFiles({ 'd.csv': data, 'c.csv': 'region,x\n北京,1\n' });
    await expect(readPanel([join(dir, 'd.csv')], { years: [2030] })).rejects.toThrow('--years 2030 leaves no region-year of the input; the input has the years 2018–2020, and 2 regions');
    await expect(readPanel([join(dir, 'd.csv')], { regions: parseRegions('northeast'), years: [2018] })).rejects.toThrow('--years 2018 and --regions 辽宁, 吉林, 黑龙江 leave no region-year of the input');
    await expect(readPanel([join(dir, 'c.csv')], { years: [2019] })).rejects.toThrow(/--years: .*c\.csv has no year column/);
  });

  it('leaves tables as they are without filters', () => {
    expect(filterTables([], {})).toEqual({ tables: [], warnings: [] });
  });
});
