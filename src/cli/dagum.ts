import { dagumGini, type DagumGini } from '../core/dagum.js';
import { CoordixError, type Warning } from '../errors.js';
import { toCsv } from '../output/csv.js';
import { displayNumber, formatNumber } from '../output/format.js';
import { roundDeep } from '../output/scores.js';
import { renderTable, sparkline } from '../output/table.js';

/**
 * `coordix gap --dagum`: the Dagum (1997) Gini decomposition by groups, per year (docs/methods.md
 * §8), in gap's three formats. CSV long form like gap's: year,measure,group,value with measures
 * G, G_w, G_nb, G_t, G_w_share, G_nb_share, G_t_share (group empty), G_jj and mean per group
 * (group = its name), G_jh and D_jh per pair (group = "a|b").
 */

export interface DagumYear {
  year: number | null;
  result: DagumGini;
}

/**
 * The decomposition for each year, with the groups in `order` first (those present), then the
 * others in order of first appearance.
 * @throws CoordixError naming the year and the cause (a negative value, a mean of 0).
 * @example dagumByYear([1, 3, 2, 6], [2020, 2020, 2020, 2020], ['a', 'a', 'b', 'b'])[0].result.G // => 0.3333333333333333
 */
export function dagumByYear(values: ArrayLike<number>, years: readonly (number | null)[], groups: readonly string[], order: readonly string[] = []): DagumYear[] {
  const byYear = new Map<number | null, number[]>();
  for (let i = 0; i < values.length; i++) {
    let list = byYear.get(years[i]);
    if (!list) byYear.set(years[i], (list = []));
    list.push(i);
  }
  const rank = (g: string) => {
    const k = order.indexOf(g);
    return k < 0 ? order.length : k;
  };
  return [...byYear.entries()]
    .sort(([a], [b]) => (a ?? -Infinity) - (b ?? -Infinity))
    .map(([year, members]) => {
      // Members sorted by group order (stable), so the core's first-appearance order follows `order`.
      const sorted = [...members].sort((p, q) => rank(groups[p]) - rank(groups[q]));
      try {
        return { year, result: dagumGini(sorted.map((i) => values[i]), sorted.map((i) => groups[i])) };
      } catch (error) {
        if (error instanceof CoordixError) throw new CoordixError(`--dagum${year === null ? '' : `, ${year}`}: ${error.message}`);
        throw error;
      }
    });
}

/** The long rows year,measure,group,value of one year. */
export function dagumRows(y: DagumYear): [string, string, number | null][] {
  const r = y.result;
  return [
    ['G', '', r.G],
    ['G_w', '', r.Gw],
    ['G_nb', '', r.Gnb],
    ['G_t', '', r.Gt],
    ['G_w_share', '', r.shares.within],
    ['G_nb_share', '', r.shares.between],
    ['G_t_share', '', r.shares.transvariation],
    ...r.groups.flatMap((g): [string, string, number][] => [
      ['G_jj', g.name, g.Gjj],
      ['mean', g.name, g.mean],
    ]),
    ...r.pairs.flatMap((p): [string, string, number][] => [
      ['G_jh', `${p.a}|${p.b}`, p.Gjh],
      ['D_jh', `${p.a}|${p.b}`, p.Djh],
    ]),
  ];
}

/** The text of `gap --dagum` in one of gap's formats. */
export function dagumText(
  years: DagumYear[],
  format: string,
  opts: { variable: string; grouping: string; precision?: number; bom?: boolean; color: boolean; warnings: Warning[]; lang?: 'en' | 'zh' },
): string {
  if (format === 'csv')
    return toCsv(['year', 'measure', 'group', 'value'], years.flatMap((y) => dagumRows(y).map(([m, g, v]) => [y.year, m, g, v])), (x) => formatNumber(x, opts.precision), opts.bom);
  if (format === 'json')
    return (
      JSON.stringify(
        roundDeep(
          {
            variable: opts.variable,
            grouping: opts.grouping,
            years: years.map((y) => ({
              year: y.year,
              G: y.result.G,
              G_w: y.result.Gw,
              G_nb: y.result.Gnb,
              G_t: y.result.Gt,
              shares: y.result.shares,
              groups: y.result.groups.map((g) => ({ name: g.name, n: g.n, mean: g.mean, G_jj: g.Gjj })),
              pairs: y.result.pairs.map((p) => ({ a: p.a, b: p.b, G_jh: p.Gjh, D_jh: p.Djh })),
            })),
            warnings: opts.warnings,
          },
          opts.precision,
        ),
        null,
        2,
      ) + '\n'
    );
  const d = opts.precision ?? 4;
  const label = ([m, g]: [string, string, number | null]) => (g ? `${m} ${g.replace('|', '–')}` : m);
  const perYear = years.map((y) => new Map(dagumRows(y).map((row) => [label(row), row[2]])));
  const labels = [...new Set(perYear.flatMap((m) => [...m.keys()]))];
  const table = labels.map((label) => {
    const series = perYear.map((m) => m.get(label) ?? null);
    return [label, ...series.map((v) => (v === null ? '—' : displayNumber(v, d))), sparkline(series)];
  });
  const zh = opts.lang === 'zh';
  const title = zh
    ? `${opts.variable} 的 Dagum 基尼系数分解，分组：${opts.grouping}（G = G_w + G_nb + G_t：组内、组间净差、超变密度）`
    : `Dagum Gini decomposition of ${opts.variable}, groups: ${opts.grouping} (G = G_w + G_nb + G_t: within, net between, transvariation)`;
  return (
    `${title}\n` +
    renderTable(
      [{ header: zh ? '指标' : 'measure' }, ...years.map((y) => ({ header: y.year === null ? (zh ? '全部' : 'all') : String(y.year), align: 'right' as const })), { header: zh ? '趋势' : 'trend' }],
      table,
      { color: opts.color },
    )
  );
}
