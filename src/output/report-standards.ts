import type { CoordinationResult } from '../core/pipeline.js';
import { disparity } from '../core/disparity.js';
import { balanceByYear, bandByYear, structureByYear } from '../core/standards-by-year.js';
import type { Lang } from '../core/levels.js';
import { CoordixError } from '../errors.js';
import { displayNumber } from './format.js';

/**
 * The report's "Five standards" section (docs/methods.md §11): one panel per standard of the seed
 * paper, from the scores and, where the input has them, the raw columns — comparative advantage
 * (location quotients and Krugman K of the sector columns), harmony with nature (the ecology
 * dimension), the income gap (the urban–rural income ratio against a band), public services (the
 * public-services dimension's Gini) and balance (GDP against population: R and H). A panel whose
 * data is absent says which columns or dimension it needs.
 */

/** Raw input columns by name, one value per region-year in the order of `regions`/`years`. */
export interface StandardsColumns {
  regions: string[];
  years: (number | null)[];
  columns: Record<string, ArrayLike<number> | undefined>;
}

/** The column names the panels read (the bundled sample's names by default). */
export const STANDARD_COLUMNS = {
  sectors: ['va_primary', 'va_secondary', 'va_tertiary'],
  urban: 'urban_income',
  rural: 'rural_income',
  of: 'gdp',
  per: 'population',
} as const;

export interface StandardsOptions {
  lang: Lang;
  /** The year of the per-region tables (the report's year). */
  year: number | null;
  name: (region: string) => string;
  escape: (text: string) => string;
  /** The tolerable band on the urban–rural income ratio (default [1, 2.5]). */
  incomeBand?: readonly [number, number];
  /** The band on the consistency ratio R of GDP and population (default [0.5, 2]). */
  balanceBand?: readonly [number, number];
}

const TEXT = {
  en: {
    heading: 'Five standards',
    s1: '1 · Comparative advantage: sector structure',
    s1note: 'Location quotients LQ (> 1: the sector’s share is above the nation’s) and Krugman specialisation K against the rest of the country (0 = the same structure); the most specialised provinces.',
    s2: '2 · Harmony with nature: the ecology dimension',
    s2note: 'The ecology score U per year: mean, coefficient of variation, and the lowest province.',
    s3: '3 · Income gap: urban–rural income ratio',
    s3note: 'Urban over rural per-capita disposable income per year: mean, the widest, and the provinces outside the tolerable band.',
    s4: '4 · Public services: the public-services dimension',
    s4note: 'The public-services score U per year: mean and Gini coefficient between provinces.',
    s5: '5 · Balance: GDP against population',
    s5note: 'R = share of GDP / share of population (1 = balanced); H = ½ Σ|e − p|, the share of GDP that would have to move for output to follow population.',
    needs: 'Not in this input: needs',
    year: 'year',
    region: 'province',
    mean: 'mean',
    cv: 'CV',
    gini: 'Gini',
    lowest: 'lowest',
    widest: 'widest',
    outside: 'outside',
  },
  zh: {
    heading: '五个标准',
    s1: '1 · 比较优势：产业结构',
    s1note: '区位商 LQ（> 1：该产业占比高于全国）与相对其余地区的 Krugman 专业化指数 K（0 = 结构相同）；专业化程度最高的省份。',
    s2: '2 · 人与自然和谐：生态维度',
    s2note: '各年生态得分 U：均值、变异系数与最低省份。',
    s3: '3 · 收入差距：城乡收入比',
    s3note: '各年城镇与农村居民人均可支配收入之比：均值、最大者，以及超出容许区间的省份。',
    s4: '4 · 基本公共服务：公共服务维度',
    s4note: '各年公共服务得分 U：均值与省际基尼系数。',
    s5: '5 · 均衡：GDP 与人口',
    s5note: 'R = GDP 份额 / 人口份额（1 = 均衡）；H = ½ Σ|e − p|，使产出分布与人口一致需转移的 GDP 份额。',
    needs: '输入中缺少：需要',
    year: '年份',
    region: '省份',
    mean: '均值',
    cv: '变异系数',
    gini: '基尼系数',
    lowest: '最低',
    widest: '最大',
    outside: '区间外',
  },
} as const;

function table(escape: (t: string) => string, header: string[], rows: string[][]): string {
  return `<table><thead><tr>${header.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** Values of a score column grouped by year, years ascending. */
function perYear(years: readonly (number | null)[], regions: readonly string[], values: ArrayLike<number>): { year: number | null; regions: string[]; values: number[] }[] {
  const keys = [...new Set(years)].sort((a, b) => (a === null ? 1 : b === null ? -1 : a - b));
  return keys.map((year) => {
    const idx = years.map((y, i) => (y === year ? i : -1)).filter((i) => i >= 0);
    return { year, regions: idx.map((i) => regions[i]), values: idx.map((i) => values[i]) };
  });
}

/**
 * The five panels as HTML sections (one per standard), for renderReport.
 * Cost: O(n²·m) for the structural measures of n regions and m sectors per year; the rest O(n).
 */
export function fiveStandardsHtml(result: CoordinationResult, data: StandardsColumns | undefined, options: StandardsOptions): string {
  const t = TEXT[options.lang];
  const esc = options.escape;
  const n3 = (x: number | null) => displayNumber(x, 3);
  const yearLabel = (y: number | null) => (y === null ? '' : String(y));
  const needs = (what: string) => `<p class="note">${esc(`${t.needs} ${what}.`)}</p>`;
  const col = (name: string) => data?.columns[name];
  const panel = (id: string, heading: string, note: string, body: string) =>
    `<section id="${id}"><h2>${esc(heading)}</h2><p class="note">${esc(note)}</p><figure>${body}</figure></section>`;
  const dimension = (id: string) => result.model.dimensions.findIndex((d) => d.id === id);

  // A panel whose measure refuses the data (a zero total, a negative value) says why instead.
  const guarded = (f: () => string): string => {
    try {
      return f();
    } catch (e) {
      if (e instanceof CoordixError) return `<p class="note">${esc(e.message)}</p>`;
      throw e;
    }
  };

  // 1. Comparative advantage.
  const s1 = () => guarded(() => {
    const sectorCols = STANDARD_COLUMNS.sectors.map(col);
    if (data && sectorCols.every((c) => c !== undefined)) {
      const rows = data.regions.map((_, i) => sectorCols.map((c) => c![i]));
      const ok = rows.map((r) => r.every((v) => Number.isFinite(v) && v >= 0));
      const keep = (i: number) => ok[i] && data.years[i] === options.year;
      const idx = data.regions.map((_, i) => i).filter(keep);
      if (idx.length >= 2) {
        const [y] = structureByYear({ regions: idx.map((i) => data.regions[i]), years: idx.map((i) => data.years[i]), sectors: idx.map((i) => rows[i]) }, STANDARD_COLUMNS.sectors);
        const order = y.krugman!.map((k, i) => ({ ...k, q: y.quotients[i].quotients })).sort((a, b) => b.index - a.index).slice(0, 8);
        return table(esc, [t.region, ...STANDARD_COLUMNS.sectors.map((s) => `LQ ${s}`), 'K'], order.map((r) => [options.name(r.region), ...r.q.map(n3), n3(r.index)]));
      }
      return needs(`${STANDARD_COLUMNS.sectors.join(', ')} for ${yearLabel(options.year)}`);
    }
    return needs(STANDARD_COLUMNS.sectors.join(', '));
  });

  // 2 and 4. Dimension scores per year.
  const dimensionPanel = (id: string, withGini: boolean): string => {
    const k = dimension(id);
    if (k < 0) return needs(`a dimension "${id}" in the model`);
    const groups = perYear(result.years, result.regions, result.scores[k]);
    return table(
      esc,
      withGini ? [t.year, t.mean, t.gini] : [t.year, t.mean, t.cv, t.lowest],
      groups.map((g) => {
        const m = disparity(g.values);
        const low = g.values.indexOf(Math.min(...g.values));
        return withGini ? [yearLabel(g.year), n3(m.mean), n3(m.gini)] : [yearLabel(g.year), n3(m.mean), n3(m.cv), `${options.name(g.regions[low])} ${n3(g.values[low])}`];
      }),
    );
  };

  // 3. Income gap.
  const urban = col(STANDARD_COLUMNS.urban);
  const rural = col(STANDARD_COLUMNS.rural);
  const incomeBand = options.incomeBand ?? [1, 2.5];
  const s3 = () => guarded(() => {
    if (data && urban && rural) {
      const idx = data.regions.map((_, i) => i).filter((i) => Number.isFinite(urban[i] / rural[i]) && rural[i] > 0);
      const ratio = idx.map((i) => urban[i] / rural[i]);
      const regions = idx.map((i) => data.regions[i]);
      const years = idx.map((i) => data.years[i]);
      const banded = bandByYear({ regions, years, values: ratio }, incomeBand);
      return table(
        esc,
        [t.year, t.mean, t.widest, `${t.outside} [${incomeBand[0]}, ${incomeBand[1]}]`],
        perYear(years, regions, ratio).map((g, j) => {
          const hi = g.values.indexOf(Math.max(...g.values));
          return [yearLabel(g.year), n3(disparity(g.values).mean), `${options.name(g.regions[hi])} ${n3(g.values[hi])}`, String(banded[j].count)];
        }),
      );
    }
    return needs(`${STANDARD_COLUMNS.urban}, ${STANDARD_COLUMNS.rural}`);
  });

  // 5. Balance.
  const of = col(STANDARD_COLUMNS.of);
  const per = col(STANDARD_COLUMNS.per);
  const balanceBand = options.balanceBand ?? [0.5, 2];
  const s5 = () => guarded(() => {
    if (data && of && per) {
      const idx = data.regions.map((_, i) => i).filter((i) => Number.isFinite(of[i]) && Number.isFinite(per[i]) && of[i] >= 0 && per[i] >= 0);
      const years = balanceByYear({ regions: idx.map((i) => data.regions[i]), years: idx.map((i) => data.years[i]), of: idx.map((i) => of[i]), per: idx.map((i) => per[i]) }, {}, balanceBand);
      return table(
        esc,
        [t.year, 'H', `${t.outside} [${balanceBand[0]}, ${balanceBand[1]}]`],
        years.map((y) => [yearLabel(y.year), n3(y.dissimilarity), y.outside!.regions.map((o) => `${options.name(o.region)} ${n3(o.value)}`).join(', ') || '—']),
      );
    }
    return needs(`${STANDARD_COLUMNS.of}, ${STANDARD_COLUMNS.per}`);
  });

  return [
    panel('standard-advantage', `${t.heading} · ${t.s1}${options.year === null ? '' : ` (${options.year})`}`, t.s1note, s1()),
    panel('standard-nature', `${t.heading} · ${t.s2}`, t.s2note, guarded(() => dimensionPanel('ecology', false))),
    panel('standard-income', `${t.heading} · ${t.s3}`, t.s3note, s3()),
    panel('standard-services', `${t.heading} · ${t.s4}`, t.s4note, guarded(() => dimensionPanel('public_services', true))),
    panel('standard-balance', `${t.heading} · ${t.s5}`, t.s5note, s5()),
  ].join('\n');
}
