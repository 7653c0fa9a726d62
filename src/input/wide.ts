import { CoordixError } from '../errors.js';
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
  const { header, regionIndex, yearIndex, valueIndices } = wideHeader(rows[0], name, regionColumn, yearColumn);
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
  return table;
}

export function trimTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 1 && cells[end - 1].trim() === '') end--;
  return cells.slice(0, end);
}
