import { CoordixError, type Warning } from '../errors.js';
import { findProvince } from '../regions/names.js';
import { parseYear } from './cells.js';
import type { TextRow } from './csv.js';
import { emptyCells, putCell, type RawTable } from './table.js';

/** Header names accepted for the region column when the configured name is absent. */
export const REGION_HEADER_ALIASES = ['region', '地区', '省份', '省', 'province', '地区名称'];
export const YEAR_HEADER_ALIASES = ['year', '年份', '年度', '时间'];

/** Index of the region (or year) column: the configured name, case-insensitive, then aliases. */
export function findHeader(header: string[], wanted: string, aliases: string[]): number {
  const norm = header.map((h) => h.normalize('NFKC').trim());
  let i = norm.indexOf(wanted);
  if (i < 0) i = norm.findIndex((h) => h.toLowerCase() === wanted.toLowerCase());
  if (i < 0) i = norm.findIndex((h) => aliases.includes(h.toLowerCase()));
  return i;
}

/** Two or more columns could be the region column and their values do not settle which. */
export class RegionColumnError extends CoordixError {
  constructor(
    readonly file: string,
    readonly line: number,
    /** The candidate columns' names, in header order. */
    readonly candidates: string[],
    /** The share of each candidate's non-empty cells that are provinces, 0–1. */
    readonly provinceShares: number[],
  ) {
    const list = candidates.map((c, k) => `"${c}" (${Math.round(provinceShares[k] * 100)} % provinces)`).join(' and ');
    super(`${file}:${line}: columns ${list} could each be the region column, and their values do not tell which; set columns.region in the model to the one that names the regions`);
    this.name = 'RegionColumnError';
  }
}

/** Columns that could be the region column: the configured name in any case, or a region header alias. */
export function regionCandidates(header: string[], wanted: string): number[] {
  const lower = wanted.toLowerCase();
  const out: number[] = [];
  header.forEach((h, i) => {
    const name = h.normalize('NFKC').trim().toLowerCase();
    if (name === lower || REGION_HEADER_ALIASES.includes(name)) out.push(i);
  });
  return out;
}

/** Whether the region column follows from the header alone: named exactly, or one candidate. */
export function regionColumnByName(header: string[], wanted: string): boolean {
  return header.some((h) => h.normalize('NFKC').trim() === wanted) || regionCandidates(header, wanted).length <= 1;
}

/** Rows looked at to tell region columns apart by their values. */
const REGION_SAMPLE_ROWS = 2000;

/**
 * The region column: the configured name as written, else its one candidate (the name in
 * another case, or 地区, province, …), else — when several candidates stand, e.g. Province
 * (北京市, …) and Region (东部地区, …) — the one whose values are provinces: at least 90 % of its
 * non-empty cells in the first 2000 rows, where no other candidate's are. −1 for none.
 * @throws RegionColumnError when several candidates remain: it names them and columns.region.
 * @example chooseRegionColumn(['Province', 'Year', 'Region'], [{ line: 2, cells: ['吉林省', '1990', '东北地区'] }], 'region', 'd.csv', 1) // => 0
 */
export function chooseRegionColumn(header: string[], rows: TextRow[], wanted: string, name: string, line: number): number {
  const norm = header.map((h) => h.normalize('NFKC').trim());
  const exact = norm.indexOf(wanted);
  if (exact >= 0) return exact;
  const candidates = regionCandidates(norm, wanted);
  if (candidates.length <= 1) return candidates[0] ?? -1;
  const sample = rows.slice(0, REGION_SAMPLE_ROWS);
  const shares = candidates.map((i) => {
    let cells = 0;
    let provinces = 0;
    for (const row of sample) {
      const cell = row.cells[i] ?? '';
      if (cell.trim() === '') continue;
      cells++;
      if (findProvince(cell) !== null) provinces++;
    }
    return cells === 0 ? 0 : provinces / cells;
  });
  const provincial = candidates.filter((_, k) => shares[k] >= 0.9);
  if (provincial.length === 1) return provincial[0];
  throw new RegionColumnError(name, line, candidates.map((i) => norm[i]), shares);
}

/** The validated header of a wide table: names, and where the region, year and value columns are. */
export interface WideHeader {
  header: string[];
  regionIndex: number;
  /** −1 without a year column. */
  yearIndex: number;
  valueIndices: number[];
}

/**
 * Validates a wide table's header row: empty or duplicate names and a missing region column are
 * errors naming the line. Shared by the text reader below and the byte-level one (fastwide.ts),
 * which reads only files whose region column follows from the header (`regionColumnByName`);
 * `rows`, the data rows, tell region columns apart otherwise (`chooseRegionColumn`).
 */
export function wideHeader(headerRow: TextRow, name: string, regionColumn: string, yearColumn: string, rows: TextRow[] = []): WideHeader {
  const header = trimTrailingEmpty(headerRow.cells).map((h) => h.normalize('NFKC').trim());
  const seen = new Map<string, number>();
  header.forEach((h, i) => {
    if (h === '') throw new CoordixError(`${name}:${headerRow.line}: column ${i + 1} of the header is empty; every column needs a name`);
    const previous = seen.get(h);
    if (previous !== undefined) {
      throw new CoordixError(`${name}:${headerRow.line}: duplicate column name "${h}" (columns ${previous + 1} and ${i + 1}); rename one of them`);
    }
    seen.set(h, i);
  });
  const regionIndex = chooseRegionColumn(header, rows, regionColumn, name, headerRow.line);
  if (regionIndex < 0) {
    throw new CoordixError(`${name}:${headerRow.line}: no region column "${regionColumn}" in the header (${header.slice(0, 8).join(', ')}${header.length > 8 ? ', …' : ''}); set columns.region in the model`);
  }
  const yearIndex = findHeader(header, yearColumn, YEAR_HEADER_ALIASES);
  const valueIndices = header.map((_, i) => i).filter((i) => i !== regionIndex && i !== yearIndex);
  return { header, regionIndex, yearIndex, valueIndices };
}

/** The error for a row whose field count differs from the header's (shared with the byte reader). */
export function raggedRow(name: string, line: number, fields: number, headerFields: number): CoordixError {
  return new CoordixError(`${name}:${line}: ${fields} fields, but the header has ${headerFields}; every row needs one value per column (ragged row)`);
}

/** The error for an empty region cell in a wide row (shared with the byte reader). */
export function emptyRegion(name: string, line: number, column: string): CoordixError {
  return new CoordixError(`${name}:${line}: the region cell (column "${column}") is empty`);
}

/** The error for a year cell that is not an integer year (shared with the byte reader). */
export function badYear(name: string, line: number, raw: string, region: string): CoordixError {
  return new CoordixError(`${name}:${line}: year "${raw}" for ${region} is not an integer year (write 2019 or 2019年)`);
}

/**
 * A wide table: a header row, then one row per region (and year). Duplicate header names, a
 * missing region column, ragged rows and years that are not integers are errors naming the line.
 */
export function readWide(rows: TextRow[], name: string, encoding: string, regionColumn: string, yearColumn: string, format = 'wide'): RawTable {
  if (rows.length === 0) throw new CoordixError(`${name}: no rows; the file needs a header row and data rows`);
  const { header, regionIndex, yearIndex, valueIndices } = wideHeader(rows[0], name, regionColumn, yearColumn, rows.slice(1));
  if (rows.length === 1) throw new CoordixError(`${name}: only a header row; the file has no data rows`);
  const cells = emptyCells(valueIndices.length, rows.length - 1);
  const table: RawTable = {
    name,
    format,
    encoding,
    columns: valueIndices.map((i) => ({ name: header[i], unit: null })),
    rows: [],
    hasYear: yearIndex >= 0,
    ...cells,
  };
  for (let r = 1; r < rows.length; r++) {
    const { line, cells: raw } = rows[r];
    if (raw.length !== header.length) {
      const extraEmpty = raw.length > header.length && raw.slice(header.length).every((c) => c.trim() === '');
      if (!extraEmpty) throw raggedRow(name, line, raw.length, header.length);
    }
    const region = raw[regionIndex].normalize('NFKC').trim();
    if (region === '') throw emptyRegion(name, line, header[regionIndex]);
    let year: number | null = null;
    if (yearIndex >= 0) {
      year = parseYear(raw[yearIndex]);
      if (year === null) throw badYear(name, line, raw[yearIndex], region);
    }
    valueIndices.forEach((i, c) => putCell(cells, c, r - 1, raw[i]));
    table.rows.push({ line, region, year });
  }
  const warning = yearColumnsWarning(table, rows[0].line);
  if (warning) table.warnings = [warning];
  return table;
}

/**
 * A cross-section (no year column) whose columns are named like years (2019, 2019年) is most
 * likely a table with years as columns that was not recognised as one: say so, and how to fix it.
 */
export function yearColumnsWarning(table: Pick<RawTable, 'name' | 'columns' | 'hasYear'>, line: number): Warning | null {
  if (table.hasYear) return null;
  const years = table.columns.map((c) => c.name).filter((c) => {
    const year = parseYear(c);
    return year !== null && year >= 1000;
  });
  if (years.length === 0) return null;
  const list = years.slice(0, 4).join(', ') + (years.length > 4 ? ', …' : '');
  return {
    code: 'year-columns',
    message:
      `${table.name}:${line}: read as one cross-section with ${years.length === 1 ? 'a column' : 'columns'} named like ${years.length === 1 ? 'a year' : 'years'} (${list}), each a separate indicator. ` +
      `If the years are columns of one indicator (an NBS export), the header must hold only the region column and years, and the title lines above it must be recognised: remove a stray quote or cell from 数据库/指标/时间 (Database/Indicator/Time), or name the indicator with --indicator. ` +
      `If the file has one row per region and year, name its year column with columns.year.`,
  };
}

export function trimTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 1 && cells[end - 1].trim() === '') end--;
  return cells.slice(0, end);
}
