import { CELL_ABSENT, CELL_INVALID, CELL_MISSING, CELL_OK, panelYears, type Panel } from './panel.js';
import { findProvince } from '../regions/names.js';
import { dataChecks, type DataCheck } from './checks.js';

export interface SuspectedBreak {
  indicator: string;
  region: string;
  year: number;
  value: number;
  /** The neighbouring years' values compared with. */
  neighbours: { year: number; value: number }[];
  /** value / the larger (or smaller) neighbour: > 5 or < 1/5. */
  ratio: number;
}

export interface PanelSummary {
  regions: { count: number; provinces: number; others: string[] };
  years: (number | null)[];
  indicators: {
    name: string;
    unit: string | null;
    cells: number;
    missing: number;
    invalid: number;
    /** Missing (or absent) cells per year. */
    missingByYear: { year: number | null; count: number }[];
  }[];
  breaks: SuspectedBreak[];
  /** The data checks every data command runs (input/checks.ts): one per outlier or panel-wide shift. */
  checks: DataCheck[];
}

/** A break: a positive value more than `factor` times its neighbours in the same region (or less than 1/factor). */
export function suspectedBreaks(panel: Panel, factor = 5): SuspectedBreak[] {
  const out: SuspectedBreak[] = [];
  const byRegion = new Map<string, number[]>();
  panel.regions.forEach((r, i) => (byRegion.get(r) ?? byRegion.set(r, []).get(r)!).push(i));
  for (const column of panel.columns.values()) {
    for (const [region, idx] of byRegion) {
      const series = idx.filter((i) => column.status[i] === CELL_OK && panel.years[i] !== null && column.values[i] > 0).sort((a, b) => panel.years[a]! - panel.years[b]!);
      const isBreak = (p: number, neighbours: number[]): boolean => {
        const v = column.values[series[p]];
        const values = neighbours.map((k) => column.values[series[k]]);
        return values.length > 0 && (v > factor * Math.max(...values) || v < Math.min(...values) / factor);
      };
      // Interior points against both neighbours; an end point only when its neighbour is not itself a break.
      const flagged = series.map((_, p) => p > 0 && p < series.length - 1 && isBreak(p, [p - 1, p + 1]));
      const last = series.length - 1;
      if (series.length >= 2) {
        if (!flagged[1] && isBreak(0, [1])) flagged[0] = true;
        if (!flagged[last - 1] && isBreak(last, [last - 1])) flagged[last] = true;
      }
      flagged.forEach((flag, p) => {
        if (!flag) return;
        const i = series[p];
        const neighbours = [series[p - 1], series[p + 1]].filter((k) => k !== undefined).map((k) => ({ year: panel.years[k]!, value: column.values[k] }));
        const v = column.values[i];
        const high = Math.max(...neighbours.map((n) => n.value));
        const low = Math.min(...neighbours.map((n) => n.value));
        out.push({ indicator: column.name, region, year: panel.years[i]!, value: v, neighbours, ratio: v > high ? v / high : v / low });
      });
    }
  }
  return out;
}

export function summarisePanel(panel: Panel): PanelSummary {
  const distinct = [...new Set(panel.regions)];
  const others = distinct.filter((r) => !findProvince(r));
  const years = panelYears({ years: [...panel.years].sort((a, b) => (a ?? 0) - (b ?? 0)) });
  const indicators = [...panel.columns.values()].map((column) => {
    let missing = 0;
    let invalid = 0;
    const perYear = new Map<number | null, number>();
    for (let i = 0; i < panel.regions.length; i++) {
      const s = column.status[i];
      if (s === CELL_MISSING || s === CELL_ABSENT) {
        missing++;
        perYear.set(panel.years[i], (perYear.get(panel.years[i]) ?? 0) + 1);
      } else if (s === CELL_INVALID) invalid++;
    }
    return {
      name: column.name,
      unit: column.unit,
      cells: panel.regions.length,
      missing,
      invalid,
      missingByYear: years.map((y) => ({ year: y, count: perYear.get(y) ?? 0 })).filter((x) => x.count > 0),
    };
  });
  return { regions: { count: distinct.length, provinces: distinct.length - others.length, others }, years, indicators, breaks: suspectedBreaks(panel), checks: dataChecks(panel) };
}
