import { CoordixError } from '../errors.js';
import { emptyCells, type RawTable } from './table.js';

/** One observation given in code: the region, the year, and numbers (or null for missing). */
export type DataRow = Record<string, string | number | null | undefined>;

/**
 * Rows given as objects (the library's `score(rows)`) as a table, like a wide CSV read from a
 * file: one row per region-year, one column per other key (in order of first appearance). Numbers
 * must be finite; null, undefined and empty strings are missing; other strings go through the
 * same cell parser as CSV text ("1,234.5", "—").
 *
 * @throws CoordixError naming the row (0-based, as in the array) and key for a non-finite number,
 *   a missing region, or a year that is not a whole number.
 * @example tableFromRows([{ region: 'A', year: 2020, x: 1 }], { regionColumn: 'region', yearColumn: 'year' }).columns // => [{ name: 'x', unit: null }]
 */
export function tableFromRows(rows: readonly DataRow[], options: { regionColumn: string; yearColumn: string; name?: string }): RawTable {
  const name = options.name ?? 'rows';
  if (!Array.isArray(rows)) throw new CoordixError(`${name}: give an array of objects, one per region and year`);
  const columns: string[] = [];
  const hasYear = rows.some((row) => row !== null && typeof row === 'object' && row[options.yearColumn] !== undefined);
  for (const row of rows) {
    if (row === null || typeof row !== 'object') continue;
    for (const key of Object.keys(row)) {
      if (key !== options.regionColumn && key !== options.yearColumn && !columns.includes(key)) columns.push(key);
    }
  }
  const cells = emptyCells(columns.length, rows.length);
  const out: RawTable['rows'] = rows.map((row, r) => {
    const at = `${name}[${r}]`;
    if (row === null || typeof row !== 'object') throw new CoordixError(`${at}: is ${row === null ? 'null' : typeof row}, not an object with ${options.regionColumn}, ${options.yearColumn} and indicator values`);
    const region = row[options.regionColumn];
    if (typeof region !== 'string' || region.trim() === '') throw new CoordixError(`${at}.${options.regionColumn}: give the region's name, got ${JSON.stringify(region)}`);
    let year: number | null = null;
    if (hasYear) {
      const y = row[options.yearColumn];
      year = typeof y === 'string' && /^\s*[0-9]{4}\s*$/.test(y) ? Number(y) : (y as number);
      if (!Number.isInteger(year)) throw new CoordixError(`${at}.${options.yearColumn}: give the year as a whole number, got ${JSON.stringify(y)}`);
    }
    columns.forEach((column, c) => {
      const value = row[column];
      if (value === null || value === undefined) return;
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw new CoordixError(`${at}.${column}: ${value} is not a finite number; give a number, or null for a missing value`);
        cells.values[c][r] = value;
      } else if (typeof value === 'string') {
        cells.text[c].set(r, value);
      } else {
        throw new CoordixError(`${at}.${column}: give a number or null, got ${typeof value}`);
      }
    });
    return { line: r, region: region.trim(), year };
  });
  return { name, format: 'rows', encoding: 'none', columns: columns.map((c) => ({ name: c, unit: null })), rows: out, hasYear, ...cells };
}
