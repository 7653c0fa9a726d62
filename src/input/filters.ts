import { CoordixError, UsageError, type Warning } from '../errors.js';
import { allProvinces, findProvince, type FourRegion } from '../regions/names.js';
import { keepRows, type RawTable } from './table.js';

/** A `--years` or `--regions` text that cannot be read: which option, the text, and why. */
export class FilterSyntaxError extends UsageError {
  constructor(
    readonly option: '--years' | '--regions',
    readonly text: string,
    readonly reason: string,
  ) {
    super(`${option} ${text}: ${reason}`);
    this.name = 'FilterSyntaxError';
  }
}

const YEARS_HELP = 'write years and ranges separated by commas, e.g. 2015-2021 or 2015,2017,2019-2021';

/**
 * The years a `--years` text names: single years and inclusive ranges a-b, separated by commas
 * (full-width digits, commas and dashes are read as ASCII; – and ~ also join a range). Returned
 * sorted, each once. A year has four digits.
 * @throws FilterSyntaxError for an empty text or item, a year that is not four digits, or a
 *   range that runs backwards.
 * @example parseYears('2015,2017,2019-2021') // => [2015, 2017, 2019, 2020, 2021]
 */
export function parseYears(text: string): number[] {
  const items = text.normalize('NFKC').split(',').map((item) => item.trim());
  if (items.every((item) => item === '')) throw new FilterSyntaxError('--years', text, `no years; ${YEARS_HELP}`);
  const years = new Set<number>();
  for (const item of items) {
    if (item === '') throw new FilterSyntaxError('--years', text, `an empty item between commas; ${YEARS_HELP}`);
    const match = /^([0-9]+)\s*(?:[-–~]\s*([0-9]+))?$/u.exec(item);
    if (!match) throw new FilterSyntaxError('--years', text, `"${item}" is not a year or a range of years; ${YEARS_HELP}`);
    const [from, to] = [match[1], match[2] ?? match[1]];
    for (const year of [from, to]) {
      if (year.length !== 4) throw new FilterSyntaxError('--years', text, `"${year}" is not a four-digit year; ${YEARS_HELP}`);
    }
    const [a, b] = [Number(from), Number(to)];
    if (b < a) throw new FilterSyntaxError('--years', text, `the range ${item} runs backwards; write ${b}-${a}`);
    for (let year = a; year <= b; year++) years.add(year);
  }
  return [...years].sort((x, y) => x - y);
}

/** The group words of `--regions`, English and Chinese, for the NBS four regions (docs/methods.md §8). */
const GROUPS: Record<string, FourRegion> = {
  east: 'East',
  eastern: 'East',
  东部: 'East',
  东部地区: 'East',
  central: 'Central',
  中部: 'Central',
  中部地区: 'Central',
  west: 'West',
  western: 'West',
  西部: 'West',
  西部地区: 'West',
  northeast: 'Northeast',
  'north-east': 'Northeast',
  东北: 'Northeast',
  东北地区: 'Northeast',
};

/**
 * The regions a `--regions` text names, separated by commas (full-width ，and 、 too): region
 * names as written in the data (a province in any spelling coordix knows, or any other name),
 * `provinces` for the 31 mainland provinces, or a group of the NBS four regions — `east`,
 * `central`, `west`, `northeast` (or 东部, 中部, 西部, 东北) — as the short Chinese names of its
 * provinces in GB/T 2260 code order. Returned each once (two spellings of one province count once),
 * in the order given.
 * @throws FilterSyntaxError for an empty text or an empty item between commas.
 * @example parseRegions('northeast') // => ['辽宁', '吉林', '黑龙江']
 */
export function parseRegions(text: string): string[] {
  const items = text.normalize('NFKC').split(/[,、]/u).map((item) => item.trim());
  const help = 'name regions separated by commas, e.g. 北京,天津, or write provinces, east, central, west or northeast';
  if (items.every((item) => item === '')) throw new FilterSyntaxError('--regions', text, `no regions; ${help}`);
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (name: string) => {
    const key = findProvince(name)?.code ?? name;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(name);
  };
  for (const item of items) {
    if (item === '') throw new FilterSyntaxError('--regions', text, `an empty item between commas; ${help}`);
    const word = item.toLowerCase();
    const group = GROUPS[word];
    if (word === 'provinces' || group) {
      for (const p of allProvinces()) if (p.region !== null && (group === undefined || p.region === group)) add(p.zh);
    } else add(item);
  }
  return out;
}

/** The region key filters compare: the province code for a province, else the name. */
function regionKeyOf(name: string): string {
  return findProvince(name)?.code ?? name.normalize('NFKC').trim();
}

/**
 * Keeps the rows of the given years and regions (either may be absent: no filter), before the
 * panel is merged — so before any missing-value handling sees them. Years or regions asked for
 * that no table has come back as warnings.
 * @throws UsageError for `years` on tables without a year column; CoordixError when nothing is left.
 * @example filterTables([], {}).warnings // => []
 */
export function filterTables(tables: RawTable[], { years, regions }: { years?: number[]; regions?: string[] }): { tables: RawTable[]; warnings: Warning[] } {
  if (years === undefined && regions === undefined) return { tables, warnings: [] };
  if (years !== undefined && tables.some((t) => !t.hasYear)) {
    throw new UsageError(`--years: ${tables.find((t) => !t.hasYear)!.name} has no year column (one cross-section); leave --years out`);
  }
  const yearSet = years && new Set(years);
  const regionSet = regions && new Set(regions.map(regionKeyOf));
  const seenYears = new Set<number>();
  const seenRegions = new Set<string>();
  const keyOf = new Map<string, string>();
  const key = (name: string) => keyOf.get(name) ?? keyOf.set(name, regionKeyOf(name)).get(name)!;
  const out = tables.map((table) => {
    for (const row of table.rows) {
      if (row.year !== null) seenYears.add(row.year);
      seenRegions.add(key(row.region));
    }
    return keepRows(table, (row) => (yearSet === undefined || yearSet.has(row.year!)) && (regionSet === undefined || regionSet.has(key(row.region))));
  });
  const warnings: Warning[] = [];
  const missingYears = years?.filter((y) => !seenYears.has(y)) ?? [];
  if (missingYears.length > 0) warnings.push({ code: 'years-absent', message: `--years: no input has ${listOf(missingYears.map(String))}; ${yearRange(seenYears)}` });
  const missingRegions = regions?.filter((r) => !seenRegions.has(regionKeyOf(r))) ?? [];
  if (missingRegions.length > 0) warnings.push({ code: 'regions-absent', message: `--regions: no input has ${listOf(missingRegions)}` });
  if (out.every((t) => t.rows.length === 0)) {
    const what = [years && `--years ${listOf(years.map(String))}`, regions && `--regions ${listOf(regions)}`].filter(Boolean).join(' and ');
    throw new CoordixError(`${what} leave${years && regions ? '' : 's'} no region-year of the input; ${yearRange(seenYears)}, and ${seenRegions.size} region${seenRegions.size === 1 ? '' : 's'}`);
  }
  return { tables: out, warnings };
}

function listOf(items: string[]): string {
  return items.slice(0, 10).join(', ') + (items.length > 10 ? `, … (${items.length} in all)` : '');
}

function yearRange(years: Set<number>): string {
  if (years.size === 0) return 'the input has no years';
  const sorted = [...years].sort((a, b) => a - b);
  return `the input has the years ${sorted[0]}–${sorted[sorted.length - 1]}`;
}
