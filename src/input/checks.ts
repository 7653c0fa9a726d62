import { CoordixError } from '../errors.js';
import { CELL_OK, type Panel } from './panel.js';

/**
 * The data checks every data command runs on the columns it needs (and `inspect` on all): a value
 * far from its own region's series, and a level shift of the whole panel in one year. They warn;
 * `--strict` makes them errors (DataCheckError).
 *
 * - outlier: v against m, the median of the up to 4 nearest positive values of the same region
 *   and indicator (two years either side); flagged when v > 4m or v < m/4 (with only two
 *   neighbours, at an end of the series: v above 4× both or under 1/4 of both). The median is robust:
 *   one bad neighbour does not hide or cause a flag, and a 4.8× drop (江苏 GDP 102,719 → 21,372)
 *   is caught where a 5× rule against the neighbours misses it.
 * - shift: for consecutive years a → b of an indicator, r = the median over regions (with both
 *   values positive) of v_b / v_a; flagged when r > 2 or r < 1/2 with at least 5 regions — the
 *   whole panel moving at once (SO₂ totals halving from 2015 to 2016 when the statistical scope
 *   changed). Outliers in a shift year are then not listed one by one: one line per pattern.
 */

export const OUTLIER_FACTOR = 4;
export const SHIFT_FACTOR = 2;

export interface DataCheck {
  kind: 'outlier' | 'shift';
  indicator: string;
  /** The region (outlier) or null (a panel-wide shift). */
  region: string | null;
  year: number;
  /** The value (outlier) or the median ratio year / previous year (shift). */
  value: number;
  /** The median of the neighbours (outlier) or the previous year (shift). */
  reference: number;
  /** value / reference for an outlier; the median ratio for a shift. */
  ratio: number;
  /** Regions in a shift, or 1. */
  regions: number;
  message: string;
}

/** The median (a typed copy sorts numerically without a comparator: ratios over thousands of regions). */
function median(values: number[]): number {
  const s = Float64Array.from(values).sort();
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** A number as written: at most 6 significant digits, no float noise (6.47, not 6.470000000000001). */
export function asWritten(x: number): string {
  return String(Number(x.toPrecision(Math.abs(x) >= 1e6 ? 9 : 6)));
}

function ratioText(r: number): string {
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`;
}

/**
 * The checks on the named columns (default: all) of a panel. Cells that are not numbers, or not
 * positive, are skipped (ratios of them mean nothing).
 * @example dataChecks({ regions: ['a','a','a','a','a'], years: [2011,2012,2013,2014,2015], columns: new Map([['x', { name: 'x', values: Float64Array.from([10,11,2,12,13]), status: Uint8Array.from([0,0,0,0,0]) }]]) }).map((c) => c.kind + ' ' + c.year) // => ['outlier 2013']
 */
export function dataChecks(panel: Pick<Panel, 'regions' | 'years' | 'columns'>, names?: Iterable<string>): DataCheck[] {
  const out: DataCheck[] = [];
  const wanted = names === undefined ? undefined : new Set(names);
  const byRegion = new Map<string, number[]>();
  panel.regions.forEach((r, i) => {
    if (panel.years[i] !== null) (byRegion.get(r) ?? byRegion.set(r, []).get(r)!).push(i);
  });
  for (const column of panel.columns.values()) {
    if (wanted && !wanted.has(column.name)) continue;
    const ok = (i: number) => column.status[i] === CELL_OK && column.values[i] > 0;
    // Panel-wide shifts: median ratio between consecutive years.
    const ratios = new Map<number, number[]>();
    const series = new Map<string, number[]>();
    for (const [region, idx] of byRegion) {
      const s = idx.filter(ok).sort((a, b) => panel.years[a]! - panel.years[b]!);
      series.set(region, s);
      for (let p = 1; p < s.length; p++) {
        const [a, b] = [s[p - 1], s[p]];
        if (panel.years[b]! !== panel.years[a]! + 1) continue;
        (ratios.get(panel.years[b]!) ?? ratios.set(panel.years[b]!, []).get(panel.years[b]!)!).push(column.values[b] / column.values[a]);
      }
    }
    const shiftYears = new Set<number>();
    for (const [year, rs] of [...ratios].sort((a, b) => a[0] - b[0])) {
      if (rs.length < 5) continue;
      const r = median(rs);
      if (r > SHIFT_FACTOR || r < 1 / SHIFT_FACTOR) {
        shiftYears.add(year);
        out.push({
          kind: 'shift',
          indicator: column.name,
          region: null,
          year,
          value: r,
          reference: year - 1,
          ratio: r,
          regions: rs.length,
          message: `${column.name}: the whole panel moves ${ratioText(r)} from ${year - 1} to ${year} (median over ${rs.length} regions) — a change of unit, scope or vintage?`,
        });
      }
    }
    // Outliers against the median of the region's neighbouring years.
    for (const [region, s] of series) {
      for (let p = 0; p < s.length; p++) {
        const year = panel.years[s[p]]!;
        const v = column.values[s[p]];
        // The neighbours within two years, first counted and bounded without allocating (most
        // cells are ordinary, and a large panel has millions): the median lies between them.
        let count = 0;
        let lo = Infinity;
        let hi = -Infinity;
        for (let q = p - 2; q <= p + 2; q++) {
          if (q === p || q < 0 || q >= s.length || Math.abs(panel.years[s[q]]! - year) > 2) continue;
          const x = column.values[s[q]];
          count++;
          if (x < lo) lo = x;
          if (x > hi) hi = x;
        }
        if (count < 2 || (v <= OUTLIER_FACTOR * lo && v >= hi / OUTLIER_FACTOR)) continue;
        const near = [s[p - 2], s[p - 1], s[p + 1], s[p + 2]].filter((k) => k !== undefined && Math.abs(panel.years[k]! - year) <= 2);
        const around = near.map((k) => column.values[k]);
        const m = median(around);
        if (!(v > OUTLIER_FACTOR * m || v < m / OUTLIER_FACTOR)) continue;
        // With two neighbours (an end of the series) a median is their mean: flag only against both.
        if (around.length < 3 && !(v > OUTLIER_FACTOR * Math.max(...around) || v < Math.min(...around) / OUTLIER_FACTOR)) continue;
        // A panel-wide shift between this year and a neighbour explains it: one line, the shift's.
        if (near.some((k) => [...shiftYears].some((sy) => Math.min(year, panel.years[k]!) < sy && sy <= Math.max(year, panel.years[k]!)))) continue;
        // The message is worded when read: a noisy panel may flag many cells, and only a few are shown.
        out.push({
          kind: 'outlier',
          indicator: column.name,
          region,
          year,
          value: v,
          reference: m,
          ratio: v / m,
          regions: 1,
          get message() {
            return `${column.name}, ${region} ${year}: ${asWritten(v)} is ${ratioText(v / m)} the median of its neighbouring years (${asWritten(m)}) — a unit, typing or series break?`;
          },
        });
      }
    }
  }
  return out;
}

/** `--strict`: the data checks failed. */
export class DataCheckError extends CoordixError {
  constructor(readonly checks: DataCheck[]) {
    super(
      [`${checks.length} suspect value${checks.length === 1 ? '' : 's'} in the input (--strict), the first: ${checks[0].message}`, ...(checks.length > 1 ? checks.slice(0, 20).map((c) => `  ${c.message}`) : []), ...(checks.length > 20 ? [`  … and ${checks.length - 20} more`] : []), 'fix or drop the cells (--years, --regions), or leave out --strict to score with warnings'].join('\n'),
    );
    this.name = 'DataCheckError';
  }
}
