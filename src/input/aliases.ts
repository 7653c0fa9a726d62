import { CoordixError } from '../errors.js';
import { findProvince } from '../regions/names.js';
import { parseCsv } from './csv.js';

/**
 * Region aliases: names a file uses for a province that coordix does not know by itself (a
 * typo, a translation), mapped to a province in any spelling it knows. The model's `aliases:`
 * and `--aliases FILE` (a CSV `name,region`) both give them; the readers apply them to every
 * region cell before the panel is merged.
 */

/** An alias that cannot be used: where it was given, the alias, and why. */
export class AliasError extends CoordixError {
  constructor(
    readonly source: string,
    readonly line: number | null,
    readonly alias: string,
    readonly reason: string,
  ) {
    super(`${source}${line === null ? '' : `:${line}`}: alias "${alias}": ${reason}`);
    this.name = 'AliasError';
  }
}

const HEADERS = [
  ['name', 'region'],
  ['alias', 'region'],
  ['name', 'province'],
  ['alias', 'province'],
  ['别名', '地区'],
  ['名称', '地区'],
  ['别名', '省份'],
];

/** The key an alias is looked up by: NFKC, trimmed, lower case. */
function aliasKey(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase();
}

/**
 * An aliases CSV → { name: region }: two columns, the name as the data writes it and the province
 * it stands for; an optional header `name,region` (or alias/province, 别名/地区). Blank lines are
 * skipped; every target must be a province coordix recognises.
 * @throws AliasError naming the line: not two cells, an empty cell, a target that is not a
 *   province, or one name mapped to two different provinces; CoordixError for bad CSV.
 * @example parseAliasesCsv('name,region\nMongolia,内蒙古\nChongqin,重庆\n', 'aliases.csv') // => { Mongolia: '内蒙古', Chongqin: '重庆' }
 */
export function parseAliasesCsv(text: string, name: string): Record<string, string> {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''), name);
  const out: Record<string, string> = {};
  const lineOf = new Map<string, number>();
  rows.forEach((row, i) => {
    const cells = row.cells.map((c) => c.normalize('NFKC').trim());
    while (cells.length > 2 && cells[cells.length - 1] === '') cells.pop();
    if (i === 0 && HEADERS.some(([a, b]) => cells.length === 2 && cells[0].toLowerCase() === a && cells[1].toLowerCase() === b)) return;
    if (cells.length !== 2 || cells[0] === '' || cells[1] === '') {
      throw new AliasError(name, row.line, cells[0] ?? '', `each line needs two cells, a name and the province it stands for (e.g. Mongolia,内蒙古); this line has ${cells.filter((c) => c !== '').length}`);
    }
    const [alias, target] = cells;
    checkTarget(name, row.line, alias, target);
    const key = aliasKey(alias);
    const earlier = Object.keys(out).find((k) => aliasKey(k) === key);
    if (earlier !== undefined && findProvince(out[earlier])!.code !== findProvince(target)!.code) {
      throw new AliasError(name, row.line, alias, `mapped to ${target} here and to ${out[earlier]} on line ${lineOf.get(key)}; keep one`);
    }
    if (earlier === undefined) {
      out[alias] = target;
      lineOf.set(key, row.line);
    }
  });
  return out;
}

function checkTarget(source: string, line: number | null, alias: string, target: string): void {
  if (findProvince(target) === null) {
    throw new AliasError(source, line, alias, `"${target}" is not a province coordix knows; write the province in Chinese (内蒙古), in English (Inner Mongolia) or as its code (150000)`);
  }
}

/**
 * Aliases as a lookup: the region name a cell becomes (the target as given), by the cell's name in
 * any case. `source` names where the aliases came from, for errors.
 * @throws AliasError for a target that is not a province.
 * @example aliasLookup({ Mongolia: '内蒙古' }, 'model').get('mongolia') // => '内蒙古'
 */
export function aliasLookup(aliases: Record<string, string>, source: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const [alias, target] of Object.entries(aliases)) {
    checkTarget(source, null, alias, target);
    map.set(aliasKey(alias), target.normalize('NFKC').trim());
  }
  return map;
}

/**
 * The region a name stands for after the aliases: the alias target, or the name itself.
 * @example applyAlias(aliasLookup({ Mongolia: '内蒙古' }, 'model'), 'MONGOLIA') // => '内蒙古'
 */
export function applyAlias(lookup: Map<string, string>, name: string): string {
  return lookup.get(aliasKey(name)) ?? name;
}
