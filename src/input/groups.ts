import { CoordixError } from '../errors.js';
import { parseCsv } from './csv.js';
import { weightsRegionKey } from './spatial-weights.js';

/**
 * `--groups FILE`: a CSV `region,group` assigning each region to a group (for the Theil and Dagum
 * decompositions of coordix gap). An optional header `region,group` (or 地区,组别 / 地区,分组).
 * Regions are matched like region names in data (北京, 北京市, Beijing and 110000 are one region).
 */

/** A groups file that cannot be used: the file, the line, and what is wrong. */
export class GroupsFileError extends CoordixError {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly reason: string,
  ) {
    super(`${file}${line === null ? '' : `:${line}`}: ${reason}`);
    this.name = 'GroupsFileError';
  }
}

const HEADERS = [
  ['region', 'group'],
  ['province', 'group'],
  ['地区', '组别'],
  ['地区', '分组'],
  ['省份', '分组'],
];

/**
 * Parses a groups CSV into a map from the region's key (weightsRegionKey) to its group.
 * @throws GroupsFileError naming the line: not two cells, an empty cell, a region given twice
 *   with different groups; or no groups at all.
 * @example Object.fromEntries(parseGroupsCsv('region,group\nBeijing,North\n广东省,South\n', 'g.csv')) // => { '北京': 'North', '广东': 'South' }
 */
export function parseGroupsCsv(text: string, file: string): Map<string, string> {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''), file);
  const out = new Map<string, string>();
  const lineOf = new Map<string, number>();
  rows.forEach((row, i) => {
    const cells = row.cells.map((c) => c.normalize('NFKC').trim());
    while (cells.length > 2 && cells[cells.length - 1] === '') cells.pop();
    if (i === 0 && cells.length === 2 && HEADERS.some(([a, b]) => cells[0].toLowerCase() === a && cells[1].toLowerCase() === b)) return;
    if (cells.length !== 2 || cells[0] === '' || cells[1] === '')
      throw new GroupsFileError(file, row.line, `each line needs two cells, a region and its group (e.g. 北京,East); this line has ${cells.filter((c) => c !== '').length}`);
    const key = weightsRegionKey(cells[0]);
    const earlier = out.get(key);
    if (earlier !== undefined && earlier !== cells[1])
      throw new GroupsFileError(file, row.line, `${cells[0]} is in group ${cells[1]} here and in ${earlier} on line ${lineOf.get(key)}; keep one`);
    out.set(key, cells[1]);
    lineOf.set(key, row.line);
  });
  if (out.size === 0) throw new GroupsFileError(file, null, 'no groups; write one line region,group per region');
  return out;
}
