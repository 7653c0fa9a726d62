import type { Warning } from '../errors.js';

/**
 * What `--missing drop` removed, worded for people: one warning line per region that lost
 * region-years (its years as ranges), never a list cut after ten; and, when what is left is no
 * longer balanced (regions with different sets of years), one line saying so with the shortest
 * series — a fixed-effects or per-year comparison would need to know.
 */

/**
 * Years as compact ranges: consecutive years joined by an en dash.
 * @example yearRanges([2015, 2016, 2017, 2019]) // => '2015–2017, 2019'
 */
export function yearRanges(years: readonly number[]): string {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/**
 * The drop warnings: `dropped` region-years and the region-years `kept`. One `dropped` line per
 * region (in the order regions first appear in `dropped`), a `dropped-years` line for years no
 * region keeps, and an `unbalanced` line when the kept regions do not all have the same years
 * (a cross-section, year null, is never unbalanced).
 * @example dropWarnings([{ region: '西藏', year: 2015 }], [{ region: '西藏', year: 2016 }, { region: '北京', year: 2015 }, { region: '北京', year: 2016 }]).map((w) => w.code) // => ['dropped', 'dropped', 'unbalanced']
 */
export function dropWarnings(dropped: readonly { region: string; year: number | null }[], kept: readonly { region: string; year: number | null }[]): Warning[] {
  if (dropped.length === 0) return [];
  const out: Warning[] = [];
  const byRegion = new Map<string, number[]>();
  let crossSection = 0;
  for (const d of dropped) {
    if (d.year === null) crossSection++;
    const list = byRegion.get(d.region) ?? byRegion.set(d.region, []).get(d.region)!;
    if (d.year !== null) list.push(d.year);
  }
  const n = dropped.length;
  out.push({ code: 'dropped', message: `--missing drop removed ${n} region-year${n === 1 ? '' : 's'} with missing values, in ${byRegion.size} region${byRegion.size === 1 ? '' : 's'}:` });
  for (const [region, years] of byRegion) {
    out.push({ code: 'dropped', message: crossSection > 0 && years.length === 0 ? `  dropped ${region}` : `  dropped ${region} ${yearRanges(years)}` });
  }
  const keptYears = new Set(kept.map((k) => k.year));
  const lostYears = [...new Set(dropped.map((d) => d.year))].filter((y): y is number => y !== null && !keptYears.has(y));
  if (lostYears.length > 0) out.push({ code: 'dropped-years', message: `--missing drop removed every region of ${yearRanges(lostYears)}` });
  if (crossSection === 0) {
    const yearsOf = new Map<string, Set<number | null>>();
    for (const k of kept) (yearsOf.get(k.region) ?? yearsOf.set(k.region, new Set()).get(k.region)!).add(k.year);
    const all = keptYears.size;
    const short = [...yearsOf].filter(([, ys]) => ys.size < all).sort((a, b) => a[1].size - b[1].size);
    if (short.length > 0) {
      const [region, ys] = short[0];
      out.push({
        code: 'unbalanced',
        message: `the panel is unbalanced after --missing drop: ${short.length} of ${yearsOf.size} regions ${short.length === 1 ? 'has' : 'have'} fewer than the ${all} years kept (the fewest: ${region}, ${ys.size}); use --missing interpolate, or --years and --regions to keep a balanced part`,
      });
    }
  }
  return out;
}
