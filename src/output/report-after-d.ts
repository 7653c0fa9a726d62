import * as Plot from '@observablehq/plot';
import type { Warning } from '../errors.js';
import type { Lang } from '../core/levels.js';
import { dagumGini } from '../core/dagum.js';
import { kernelDensity } from '../core/dynamics/kernel-density.js';
import { markovTransitions } from '../core/dynamics/markov.js';
import { localMoran, moranI } from '../core/spatial/moran.js';
import { spatialWeights } from '../core/spatial/weights.js';
import { findProvince, FOUR_REGIONS, type FourRegion } from '../regions/names.js';
import { displayNumber } from './format.js';

/**
 * The report's sections after D (docs/methods.md §8–§10): the Moran scatter plot of the chosen year
 * with the LISA clusters on the tile-grid map (queen weights, 999 permutations, seed 1, α = 0.05),
 * the kernel densities of D for every year in one chart, the Dagum decomposition of D by the four
 * regions over the years (stacked contributions), and the level transition matrix as a heat map.
 * Every part needs enough data (a province map, a spread of D, two years); a part that cannot be
 * drawn is left out with a warning saying why.
 */

/** Colours of the LISA clusters, as GeoDa's cluster maps. */
export const CLUSTER_COLORS: Record<string, string> = { HH: '#e31a1c', LL: '#1f78b4', HL: '#fb9a99', LH: '#a6cee3', 'not significant': '#eeeeee' };

const T = {
  en: {
    moran: 'Spatial clustering of D',
    moranNote: "Moran scatter plot: each province's standardised D against the mean of its neighbours' (queen contiguity, Hainan–Guangdong linked); the slope is Moran's I. Colours: LISA clusters significant at p ≤ 0.05 (999 permutations).",
    lisaMap: 'LISA clusters',
    notSignificant: 'not significant',
    kde: 'Distribution of D over the years',
    kdeNote: 'Kernel density of D per year (Gaussian kernel, Silverman bandwidth): a curve moving right is rising coordination; a narrower, taller one, provinces closer together.',
    dagum: 'Dagum decomposition of the Gini of D',
    dagumNote: 'G = within regions + net between regions + transvariation (overlap), over the four NBS regions.',
    within: 'within',
    between: 'net between',
    transvariation: 'transvariation',
    transitions: 'Level transitions of D',
    transitionsNote: 'Markov transition matrix: the share of provinces at each level in one year (row) found at each level the next year (column); the number of transitions in each cell.',
    from: 'level in year t',
    to: 'level in year t + 1',
    zD: 'D (standardised)',
    lag: 'neighbours (lag)',
  },
  zh: {
    moran: 'D 的空间集聚',
    moranNote: 'Moran 散点图：各省标准化的 D 与其邻省均值（Queen 邻接，海南与广东相邻）；斜率即 Moran’s I。颜色：p ≤ 0.05 显著的 LISA 集聚（999 次置换）。',
    lisaMap: 'LISA 集聚图',
    notSignificant: '不显著',
    kde: 'D 的分布演进',
    kdeNote: '各年 D 的核密度（高斯核，Silverman 带宽）：曲线右移表示协调度上升；变窄变高表示省际差距缩小。',
    dagum: 'D 的基尼系数 Dagum 分解',
    dagumNote: 'G = 区域内 + 区域间净差距 + 超变密度（重叠），按四大区域。',
    within: '区域内',
    between: '区域间',
    transvariation: '超变密度',
    transitions: 'D 的等级转移',
    transitionsNote: '马尔可夫转移矩阵：某年处于各等级（行）的省份下一年处于各等级（列）的比例；格中为转移次数。',
    from: 't 年等级',
    to: 't + 1 年等级',
    zD: 'D（标准化）',
    lag: '邻省均值（空间滞后）',
  },
} as const;

export interface AfterDRow {
  region: string;
  label: string;
  year: number | null;
  D: number;
  group: FourRegion | null;
}

export interface AfterDOptions {
  lang: Lang;
  /** The chosen year of the map (null for a cross-section). */
  year: number | null;
  /** The tile grid of the map, by province code: [row, column]. */
  tileGrid: Record<string, [number, number]>;
  /** The label of a province on the map. */
  tileLabel: (code: string) => string;
  document: Plot.PlotOptions['document'];
  section: (id: string, heading: string, note: string | null, body: string) => string;
}

const svg = (el: unknown) => (el as { outerHTML: string }).outerHTML;

/**
 * The HTML of the four sections (those that can be drawn), and warnings for those left out.
 * @example CLUSTER_COLORS.HH // => '#e31a1c'
 */
export function afterDSections(rows: readonly AfterDRow[], options: AfterDOptions): { html: string; warnings: Warning[] } {
  const t = T[options.lang];
  const { document, section } = options;
  const warnings: Warning[] = [];
  const skip = (what: string, why: string) => warnings.push({ code: 'report-section-skipped', message: `the report leaves out ${what}: ${why}` });
  const provinces = rows.filter((r) => r.group !== null);
  const years = [...new Set(provinces.map((r) => r.year))].filter((y): y is number => y !== null).sort((a, b) => a - b);
  const parts: string[] = [];

  // 1. Moran scatter plot and the LISA cluster map of the chosen year.
  const current = provinces.filter((r) => r.year === options.year);
  const keys = current.map((r) => findProvince(r.region)!.zh);
  if (current.length < 4 || new Set(current.map((r) => r.D)).size < 2) {
    skip('the Moran scatter plot', `it needs at least 4 provinces with different D in ${options.year ?? 'the data'}`);
  } else {
    const W = spatialWeights(keys, { kind: 'queen' });
    const x = current.map((r) => r.D);
    const global = moranI(x, W, { permutations: 999, seed: 1 });
    const local = localMoran(x, W, { permutations: 999, seed: 1, alpha: 0.05 });
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length);
    const points = current.map((r, i) => {
      const cluster = local[i].significant ? local[i].quadrant : 'not significant';
      return {
        label: r.label,
        z: (r.D - mean) / sd,
        lag: W.islands.includes(keys[i]) ? 0 : (local[i].lag - mean) / sd,
        cluster,
        tip: `${r.label}\nD = ${displayNumber(r.D, 4)}\nlag = ${displayNumber(local[i].lag, 4)}\nI_i = ${displayNumber(local[i].Ii, 3)}, p = ${displayNumber(local[i].p, 3)}\n${cluster === 'not significant' ? t.notSignificant : cluster}`,
      };
    });
    const clusterDomain = ['HH', 'LL', 'HL', 'LH', 'not significant'];
    const clusterLabel = (c: string) => (c === 'not significant' ? t.notSignificant : c);
    const color = { legend: true, domain: clusterDomain.map(clusterLabel), range: clusterDomain.map((c) => CLUSTER_COLORS[c]) };
    const extent = Math.max(1, ...points.map((p) => Math.max(Math.abs(p.z), Math.abs(p.lag)))) * 1.1;
    const scatter = Plot.plot({
      document,
      width: 640,
      height: 440,
      x: { domain: [-extent, extent], label: t.zD, grid: true },
      y: { domain: [-extent, extent], label: t.lag, grid: true },
      color,
      marks: [
        Plot.ruleX([0]),
        Plot.ruleY([0]),
        Plot.line([[-extent, -extent * global.I], [extent, extent * global.I]], { stroke: '#555', strokeDasharray: '4,3' }),
        Plot.dot(points, { x: 'z', y: 'lag', r: 5, fill: (p: (typeof points)[number]) => clusterLabel(p.cluster), stroke: '#333', strokeWidth: 0.6, title: 'tip' }),
        Plot.text(points, { x: 'z', y: 'lag', text: 'label', dy: -9, fontSize: 9, fill: '#333' }),
      ],
    });
    const byCode = new Map(current.map((r, i) => [findProvince(r.region)!.code, points[i]]));
    const tiles = Object.entries(options.tileGrid).map(([code, [row, col]]) => {
      const p = byCode.get(code);
      const label = options.tileLabel(code);
      return { row, col, label, fill: p ? CLUSTER_COLORS[p.cluster] : '#ffffff', text: p ? clusterLabel(p.cluster === 'not significant' ? '·' : p.cluster) : '—', tip: p ? p.tip : `${label}: —` };
    });
    const map = Plot.plot({
      document,
      width: 640,
      height: 480,
      padding: 0.06,
      x: { axis: null, domain: [0, 1, 2, 3, 4, 5, 6, 7] },
      y: { axis: null, domain: [0, 1, 2, 3, 4, 5, 6, 7] },
      marks: [
        Plot.cell(tiles, { x: 'col', y: 'row', fill: 'fill', stroke: '#bbb', rx: 6, title: 'tip' }),
        Plot.text(tiles, { x: 'col', y: 'row', text: 'label', dy: -7, fontSize: options.lang === 'zh' ? 12 : 9, fontWeight: 'bold', fill: 'black' }),
        Plot.text(tiles, { x: 'col', y: 'row', text: 'text', dy: 9, fontSize: 11, fill: 'black' }),
      ],
    });
    const heading = `${t.moran}${options.year === null ? '' : ` (${options.year})`}: Moran's I = ${displayNumber(global.I, 3)}, pseudo p = ${displayNumber(global.pseudoP, 3)}`;
    parts.push(section('moran', heading, t.moranNote, svg(scatter) + `<h3>${t.lisaMap}</h3>` + svg(map)));
  }

  // 2. Kernel densities of D, every year in one chart.
  const series = years.map((y) => ({ year: y, values: provinces.filter((r) => r.year === y).map((r) => r.D) }));
  const kde = series.length > 0 ? kernelDensity(series, { points: 256 }) : null;
  if (!kde || kde.years.length === 0) {
    skip('the kernel densities of D', 'no year has two provinces with different D');
  } else {
    const curves = kde.years.flatMap((y) => kde.grid.map((x, i) => ({ year: String(y.year), x, density: y.density[i] })));
    const yearNames = kde.years.map((y) => String(y.year));
    const chart = Plot.plot({
      document,
      width: 640,
      height: 300,
      x: { label: 'D', grid: true },
      y: { label: null, grid: true },
      color: { legend: true, type: 'ordinal', domain: yearNames, range: yearNames.map((_, i) => ramp(i, yearNames.length)) },
      marks: [
        Plot.line(curves, { x: 'x', y: 'density', z: 'year', stroke: 'year', strokeWidth: 1.6 }),
        Plot.ruleY([0]),
        Plot.dot(kde.years.map((y) => {
          let best = 0;
          y.density.forEach((v, i) => (v > y.density[best] ? (best = i) : 0));
          return { year: String(y.year), x: kde.grid[best], density: y.density[best], tip: `${y.year}: peak at D = ${displayNumber(kde.grid[best], 3)}, h = ${displayNumber(y.bandwidth, 4)}` };
        }), { x: 'x', y: 'density', fill: 'year', r: 3, title: 'tip' }),
      ],
    });
    parts.push(section('density', t.kde, t.kdeNote, svg(chart)));
  }

  // 3. Dagum decomposition of the Gini of D by the four regions, stacked per year.
  const dagumYears = years.flatMap((y) => {
    const members = provinces.filter((r) => r.year === y).sort((a, b) => FOUR_REGIONS.indexOf(a.group!) - FOUR_REGIONS.indexOf(b.group!));
    if (members.length < 2 || !(members.reduce((s, r) => s + r.D, 0) > 0)) return [];
    return [{ year: y, d: dagumGini(members.map((r) => r.D), members.map((r) => r.group!)) }];
  });
  if (dagumYears.length === 0) {
    skip('the Dagum decomposition of D', 'no year has two provinces with a positive mean D');
  } else {
    const partsDomain = [t.within, t.between, t.transvariation];
    const bars = dagumYears.flatMap(({ year, d }) => [
      { year: String(year), part: t.within, value: d.Gw, share: d.shares.within },
      { year: String(year), part: t.between, value: d.Gnb, share: d.shares.between },
      { year: String(year), part: t.transvariation, value: d.Gt, share: d.shares.transvariation },
    ]);
    const chart = Plot.plot({
      document,
      width: 640,
      height: 280,
      x: { type: 'band', label: options.lang === 'zh' ? '年份' : 'year' },
      y: { grid: true, label: 'Gini', zero: true },
      color: { legend: true, domain: partsDomain, range: ['#41ab5d', '#6a51a3', '#fd8d3c'] },
      marks: [
        Plot.barY(bars, { x: 'year', y: 'value', fill: 'part', order: partsDomain, title: (b: (typeof bars)[number]) => `${b.year} ${b.part}: ${displayNumber(b.value, 4)} (${b.share === null ? '—' : `${displayNumber(100 * b.share, 1)}%`})` }),
        Plot.text(dagumYears, { x: (d: (typeof dagumYears)[number]) => String(d.year), y: (d: (typeof dagumYears)[number]) => d.d.G, text: (d: (typeof dagumYears)[number]) => `G ${displayNumber(d.d.G, 3)}`, dy: -8, fontSize: 10 }),
        Plot.ruleY([0]),
      ],
    });
    parts.push(section('dagum', t.dagum, t.dagumNote, svg(chart)));
  }

  // 4. The level transition matrix of D as a heat map.
  const panel = provinces.filter((r) => r.year !== null && r.D >= 0 && r.D <= 1).map((r) => ({ region: r.region, year: r.year as number, value: r.D }));
  const markov = years.length >= 2 ? markovTransitions(panel, { states: 'levels' }) : null;
  const total = markov ? markov.counts.flat().reduce((a, b) => a + b, 0) : 0;
  if (!markov || total === 0) {
    skip('the level transition matrix', 'it needs two consecutive years');
  } else {
    const used = markov.states.map((_, i) => markov.counts[i].some((c) => c > 0) || markov.counts.some((row) => row[i] > 0));
    const lo = used.indexOf(true);
    const hi = used.lastIndexOf(true);
    const states = markov.states.slice(lo, hi + 1);
    const cells = states.flatMap((a, i) =>
      states.map((b, j) => {
        const p = markov.probabilities[lo + i][lo + j];
        const n = markov.counts[lo + i][lo + j];
        return { from: a, to: b, p: p ?? 0, n, empty: p === null, tip: `${a} → ${b}: ${n}${p === null ? '' : ` (${displayNumber(100 * p, 1)}%)`}` };
      }),
    );
    const size = Math.min(56, Math.max(34, 420 / states.length));
    const chart = Plot.plot({
      document,
      width: 120 + size * states.length,
      height: 100 + size * states.length,
      marginLeft: 60,
      marginTop: 50,
      x: { domain: states, axis: 'top', label: t.to },
      y: { domain: states, label: t.from },
      marks: [
        Plot.cell(cells, { x: 'to', y: 'from', fill: (c: (typeof cells)[number]) => (c.empty ? '#f3f3f3' : blue(c.p)), stroke: '#ddd', title: 'tip' }),
        Plot.text(cells.filter((c) => c.n > 0), { x: 'to', y: 'from', text: (c: (typeof cells)[number]) => `${displayNumber(c.p, 2)}\n(${c.n})`, fill: (c: (typeof cells)[number]) => (c.p > 0.5 ? 'white' : 'black'), fontSize: 10 }),
      ],
    });
    parts.push(section('transitions', t.transitions, t.transitionsNote, svg(chart)));
  }
  return { html: parts.join('\n'), warnings };
}

/** White (0) to dark blue (1), for a probability. */
function blue(p: number): string {
  const mix = (a: number, b: number) => Math.round(a + (b - a) * p);
  return `rgb(${mix(255, 8)}, ${mix(255, 81)}, ${mix(255, 156)})`;
}

/** A light-to-dark blue for year i of n (early years light). */
function ramp(i: number, n: number): string {
  const f = n <= 1 ? 1 : i / (n - 1);
  const mix = (a: number, b: number) => Math.round(a + (b - a) * f);
  return `rgb(${mix(158, 8)}, ${mix(202, 48)}, ${mix(225, 107)})`;
}
