import { CoordixError } from '../errors.js';
import { parseYear } from './cells.js';
import type { TextRow } from './csv.js';
import type { RawTable } from './table.js';

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
 * errors naming the line. Shared by the text reader below and the byte-level one (fastwide.ts).
 */
export function wideHeader(headerRow: TextRow, name: string, regionColumn: string, yearColumn: string): WideHeader {
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
  const regionIndex = findHeader(header, regionColumn, REGION_HEADER_ALIASES);
  if (regionIndex < 0) {
    throw new CoordixError(`${name}:${headerRow.line}: no region column "${regionColumn}" in the header (${header.slice(0, 8).join(', ')}${header.length > 8 ? ', …' : ''}); set columns.region in the model`);
  }
  const yearIndex = findHeader(header, yearColumn, YEAR_HEADER_ALIASES);
  const valueIndices = header.map((_, i) => i).filter((i) => i !== regionIndex && i !== yearIndex);
  return { header, regionIndex, yearIndex, valueIndices };
}

/**
 * A wide table: a header row, then one row per region (and year). Duplicate header names, a
 * missing region column, ragged rows and years that are not integers are errors naming the line.
 */
export function readWide(rows: TextRow[], name: string, encoding: string, regionColumn: string, yearColumn: string, format = 'wide'): RawTable {
  if (rows.length === 0) throw new CoordixError(`${name}: no rows; the file needs a header row and data rows`);
  const { header, regionIndex, yearIndex, valueIndices } = wideHeader(rows[0], name, regionColumn, yearColumn);
  if (rows.length === 1) throw new CoordixError(`${name}: only a header row; the file has no data rows`);
  const table: RawTable = {
    name,
    format,
    encoding,
    columns: valueIndices.map((i) => ({ name: header[i], unit: null })),
    rows: [],
    hasYear: yearIndex >= 0,
    cellIndex: valueIndices,
  };
  for (let r = 1; r < rows.length; r++) {
    const { line, cells } = rows[r];
    if (cells.length !== header.length) {
      const extraEmpty = cells.length > header.length && cells.slice(header.length).every((c) => c.trim() === '');
      if (!extraEmpty) {
        throw new CoordixError(`${name}:${line}: ${cells.length} fields, but the header has ${header.length}; every row needs one value per column (ragged row)`);
      }
    }
    const region = cells[regionIndex].normalize('NFKC').trim();
    if (region === '') throw new CoordixError(`${name}:${line}: the region cell (column "${header[regionIndex]}") is empty`);
    let year: number | null = null;
    if (yearIndex >= 0) {
      year = parseYear(cells[yearIndex]);
      if (year === null) {
        throw new CoordixError(`${name}:${line}: year "${cells[yearIndex]}" for ${region} is not an integer year (write 2019 or 2019年)`);
      }
    }
    table.rows.push({ line, region, year, cells });
  }
  return table;
}

export function trimTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 1 && cells[end - 1].trim() === '') end--;
  return cells.slice(0, end);
}
