import { UsageError } from '../errors.js';
import { parseBand, type BandResult } from '../core/band.js';
import { displayNumber } from '../output/format.js';

/**
 * The tolerable band of `--band lo:hi` (docs/methods.md §11) as the commands print it: per year
 * the regions outside [lo, hi], their number and their distance to the band.
 */

export type BandYears = ({ year: number | null } & BandResult)[];

/**
 * Reads `--band lo:hi`.
 * @throws UsageError naming the flag and what is wrong.
 * @example bandFlag('--band', '1:2.5') // => [1, 2.5]
 */
export function bandFlag(flag: string, text: string): [number, number] {
  try {
    return parseBand(text);
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`${flag} ${text}: ${e.message}`);
    throw e;
  }
}

/**
 * Long-form rows [year, measure, group, value]: band_outside (the count), then band_above or
 * band_below per region outside (group = region, value = its distance to the band).
 * @example bandCsvRows([{ year: 2019, count: 1, regions: [{ region: 'A', value: 3, distance: 0.5, side: 'above' }] }], (r) => r) // => [[2019, 'band_outside', '', 1], [2019, 'band_above', 'A', 0.5]]
 */
export function bandCsvRows(years: BandYears, name: (region: string) => string): (string | number | null)[][] {
  return years.flatMap((y) => [[y.year, 'band_outside', '', y.count], ...y.regions.map((o) => [y.year, o.side === 'above' ? 'band_above' : 'band_below', name(o.region), o.distance])]);
}

/** JSON: per year the count and the regions outside with value, side and distance. */
export function bandJson(band: readonly [number, number], years: BandYears, name: (region: string) => string) {
  return { lo: band[0], hi: band[1], years: years.map((y) => ({ year: y.year, count: y.count, regions: y.regions.map((o) => ({ ...o, region: name(o.region) })) })) };
}

/** Text lines: one per year, "2019  3 outside [1, 2.5]: 甘肃 3.36 (+0.86 above), …". */
export function bandText(band: readonly [number, number], years: BandYears, name: (region: string) => string, decimals = 3): string {
  return years
    .map((y) => {
      const list = y.regions.map((o) => `${name(o.region)} ${displayNumber(o.value, decimals)} (${o.side === 'above' ? '+' : '−'}${displayNumber(o.distance, decimals)})`).join(', ');
      return `${y.year === null ? 'all' : y.year}  ${y.count} outside [${band[0]}, ${band[1]}]${list ? `: ${list}` : ''}\n`;
    })
    .join('');
}
