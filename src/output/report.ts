import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { Warning } from '../errors.js';
import { disparityByYear } from '../core/disparity-by-year.js';
import { fiveStandardsHtml, type StandardsColumns } from './report-standards.js';
import { levelNameOf, type Lang } from '../core/levels.js';
import type { CoordinationResult } from '../core/pipeline.js';
import { displayRegionName, findProvince, fourRegionOf, FOUR_REGIONS, type RegionNameStyle } from '../regions/names.js';
import { labelOf } from '../model/schema.js';
import { displayNumber } from './format.js';
import { afterDSections } from './report-after-d.js';

/**
 * The HTML report: one self-contained file (inline CSS and SVG, no script runs, system fonts)
 * with a tile-grid cartogram of the provinces coloured by level, the ranking of D, D over the
 * years by NBS region, a heat map of the dimension scores, the disparity trend, and the methods
 * (weights, AHP consistency, settings, warnings). Charts are Observable Plot marks rendered to
 * static SVG here; hover details are SVG <title> tooltips.
 */

/** Tile-grid cartogram of the 31 provinces: [row, column], rows north → south, columns west → east. */
export const TILE_GRID: Record<string, [number, number]> = {
  '230000': [0, 7],
  '650000': [1, 0], '150000': [1, 2], '110000': [1, 4], '120000': [1, 5], '210000': [1, 6], '220000': [1, 7],
  '620000': [2, 1], '640000': [2, 2], '140000': [2, 3], '130000': [2, 4], '370000': [2, 5],
  '540000': [3, 0], '630000': [3, 1], '610000': [3, 2], '410000': [3, 3], '340000': [3, 4], '320000': [3, 5], '310000': [3, 6],
  '510000': [4, 1], '500000': [4, 2], '420000': [4, 3], '360000': [4, 4], '330000': [4, 5],
  '530000': [5, 1], '520000': [5, 2], '430000': [5, 3], '350000': [5, 4],
  '450000': [6, 2], '440000': [6, 3],
  '460000': [7, 3],
};

/** Ten level colours, deep red (extreme imbalance) to deep green (high-quality coordination). */
export const LEVEL_COLORS = ['#7f0000', '#b30000', '#d7301f', '#ef6548', '#fdae61', '#fee08b', '#d9ef8b', '#a6d96a', '#66bd63', '#1a9850'];
const REGION_COLORS: Record<string, string> = { East: '#1f77b4', Central: '#ff7f0e', West: '#2ca02c', Northeast: '#9467bd' };

export interface ReportOptions {
  lang: Lang;
  year?: number;
  regionNames: RegionNameStyle;
  title?: string;
  /** Raw input columns for the "Five standards" panels (sectors, incomes, GDP, population); without them those panels say what they need. */
  standards?: StandardsColumns;
  /** A tolerable band [lo, hi] on D, shaded on the trend chart (docs/methods.md §11). */
  band?: readonly [number, number];
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe inside <script type="application/json">: no "<", ">", "&" or line separators raw. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const T = {
  en: {
    title: 'Coupling coordination report',
    map: 'Coordination level by province',
    mapNote: 'Tile-grid cartogram: one square per province, placed roughly as on the map (not to scale). Grey: no data.',
    ranking: 'Ranking by coordination degree D',
    trend: 'D over the years',
    trendNote: 'One line per province, coloured by NBS region; hover a point for details.',
    band: 'tolerable band',
    heat: 'Dimension scores U',
    heatNote: 'Rows sorted by D; ◆ marks each province’s lagging dimension.',
    disparity: 'Disparity of D across provinces',
    disparityNote: 'Coefficient of variation and Theil T per year; the bars split Theil T into the gap between the four NBS regions and within them.',
    methods: 'Methods',
    weights: 'Weights',
    ahp: 'AHP consistency',
    settings: 'Settings',
    warnings: 'Warnings',
    none: 'none',
    year: 'year',
    region: 'region',
    level: 'level',
    rank: 'rank',
    dimension: 'dimension',
    indicator: 'indicator',
    direction: 'direction',
    weight: 'weight',
    global: 'global weight',
    between: 'between regions',
    within: 'within regions',
  },
  zh: {
    title: '耦合协调度报告',
    map: '各省协调等级',
    mapNote: '方格地图：每省一格，位置大致对应地理方位（不按比例）。灰色：无数据。',
    ranking: '耦合协调度 D 排名',
    trend: 'D 的年度变化',
    trendNote: '每省一条线，按四大区域着色；鼠标悬停查看详情。',
    band: '容许区间',
    heat: '各维度得分 U',
    heatNote: '按 D 排序；◆ 标出各省的短板维度。',
    disparity: 'D 的地区差异',
    disparityNote: '各年的变异系数与泰尔指数 T；柱形把泰尔指数分解为四大区域之间与区域内部的差距。',
    methods: '方法',
    weights: '权重',
    ahp: 'AHP 一致性检验',
    settings: '设置',
    warnings: '警告',
    none: '无',
    year: '年份',
    region: '地区',
    level: '等级',
    rank: '排名',
    dimension: '维度',
    indicator: '指标',
    direction: '方向',
    weight: '权重',
    global: '全局权重',
    between: '区域间',
    within: '区域内',
  },
} as const;

const REGION_LABEL: Record<Lang, Record<string, string>> = {
  en: { East: 'East', Central: 'Central', West: 'West', Northeast: 'Northeast' },
  zh: { East: '东部', Central: '中部', West: '西部', Northeast: '东北' },
};

export function renderReport(result: CoordinationResult, options: ReportOptions): { html: string; warnings: Warning[] } {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const t = T[options.lang];
  const lang = options.lang;
  const warnings: Warning[] = [];
  const years = [...new Set(result.years)].filter((y): y is number => y !== null).sort((a, b) => a - b);
  const year = options.year ?? (years.length ? years[years.length - 1] : null);
  const name = (r: string) => displayRegionName(r, options.regionNames === 'as-given' ? (lang === 'zh' ? 'zh' : 'en') : options.regionNames);
  const rows = result.regions.map((region, i) => ({
    region,
    label: name(region),
    year: result.years[i],
    D: result.D[i],
    T: result.T[i],
    C: result.C[i],
    level: result.level[i],
    rank: result.rank[i],
    lagging: result.lagging[i],
    scores: result.scores.map((s) => s[i]),
    group: fourRegionOf(region),
  }));
  const current = rows.filter((r) => r.year === year);
  const unplaced = [...new Set(rows.filter((r) => r.group === null).map((r) => r.region))];
  if (unplaced.length > 0) {
    warnings.push({ code: 'report-unplaced', message: `the report leaves ${unplaced.length} region${unplaced.length === 1 ? '' : 's'} out of the NBS-region charts (not one of the 31 provinces): ${unplaced.slice(0, 10).join(', ')}${unplaced.length > 10 ? ', …' : ''}` });
  }
  const levelText = (level: number) => `${level} ${levelNameOf(level, lang, result.model.levels ?? undefined)}`;
  const svg = (el: unknown) => (el as { outerHTML: string }).outerHTML;
  const dims = result.model.dimensions;

  // 1. Tile-grid cartogram.
  const byCode = new Map(current.map((r) => [findProvince(r.region)?.code, r]));
  const tiles = Object.entries(TILE_GRID).map(([code, [row, col]]) => {
    const r = byCode.get(code);
    const province = findProvince(code)!;
    const label = options.regionNames === 'as-given' ? (lang === 'zh' ? province.zh : province.en) : displayRegionName(code, options.regionNames);
    return { row, col, label, fill: r ? LEVEL_COLORS[r.level - 1] : '#d9d9d9', value: r ? displayNumber(r.D, 3) : '—', tip: r ? `${label}\nD = ${displayNumber(r.D, 4)}\n${t.level} ${levelText(r.level)}\n${t.rank} ${r.rank}` : `${label}: —` };
  });
  const map = Plot.plot({
    document,
    width: 640,
    height: 560,
    padding: 0.06,
    x: { axis: null, domain: [0, 1, 2, 3, 4, 5, 6, 7] },
    y: { axis: null, domain: [0, 1, 2, 3, 4, 5, 6, 7] },
    marks: [
      Plot.cell(tiles, { x: 'col', y: 'row', fill: 'fill', rx: 6, title: 'tip' }),
      Plot.text(tiles, { x: 'col', y: 'row', text: 'label', dy: -8, fontSize: lang === 'zh' ? 13 : 10, fontWeight: 'bold', fill: 'black' }),
      Plot.text(tiles, { x: 'col', y: 'row', text: 'value', dy: 9, fontSize: 11, fill: 'black' }),
    ],
  });
  const legend = LEVEL_COLORS.map((c, k) => `<span class="swatch"><i style="background:${c}"></i>${escapeHtml(levelText(k + 1))}</span>`).join('');

  // 2. Ranking bars.
  const ranked = [...current].sort((a, b) => a.rank - b.rank);
  const ranking = Plot.plot({
    document,
    width: 640,
    height: 40 + 18 * Math.max(1, ranked.length),
    marginLeft: lang === 'zh' ? 60 : 100,
    x: { domain: [0, 1], grid: true, label: 'D' },
    y: { domain: ranked.map((r) => r.label), label: null },
    marks: [
      Plot.barX(ranked, { y: 'label', x: 'D', fill: (r: (typeof rows)[number]) => LEVEL_COLORS[r.level - 1], title: (r: (typeof rows)[number]) => `${r.label}: D = ${displayNumber(r.D, 4)}, ${levelText(r.level)}, ${t.rank} ${r.rank}` }),
      Plot.text(ranked, { y: 'label', x: 'D', text: (r: (typeof rows)[number]) => displayNumber(r.D, 3), dx: 16, fontSize: 10 }),
      Plot.ruleX([0]),
    ],
  });

  // 3. D over the years by NBS region.
  const placed = rows.filter((r) => r.group !== null && r.year !== null);
  const trend = Plot.plot({
    document,
    width: 640,
    height: 380,
    x: { label: t.year, tickFormat: 'd', ticks: years.length > 12 ? 12 : years.length },
    y: { domain: [0, 1], grid: true, label: 'D' },
    color: { legend: true, domain: FOUR_REGIONS.map((g) => REGION_LABEL[lang][g]), range: FOUR_REGIONS.map((g) => REGION_COLORS[g]) },
    marks: [
      ...(options.band && years.length
        ? [
            Plot.rect([{ x1: years[0], x2: years[years.length - 1], y1: options.band[0], y2: options.band[1] }], { x1: 'x1', x2: 'x2', y1: 'y1', y2: 'y2', fill: '#888', fillOpacity: 0.12, title: () => `${t.band} [${options.band![0]}, ${options.band![1]}]` }),
            Plot.ruleY(options.band, { stroke: '#888', strokeDasharray: '4,3' }),
          ]
        : []),
      Plot.line(placed, { x: 'year', y: 'D', z: 'region', stroke: (r: (typeof rows)[number]) => REGION_LABEL[lang][r.group!], strokeOpacity: 0.7 }),
      Plot.dot(placed, { x: 'year', y: 'D', fill: (r: (typeof rows)[number]) => REGION_LABEL[lang][r.group!], r: 2.5, title: (r: (typeof rows)[number]) => `${r.label} ${r.year}\nD = ${displayNumber(r.D, 4)}\n${levelText(r.level)}\n${t.rank} ${r.rank}` }),
    ],
  });

  // 4. Heat map of U_k, lagging dimension marked.
  const cells = ranked.flatMap((r) => dims.map((d, k) => ({ label: r.label, dimension: labelOf(d, lang), U: r.scores[k], lagging: r.lagging === k })));
  const heat = Plot.plot({
    document,
    width: 640,
    height: 60 + 18 * Math.max(1, ranked.length),
    marginLeft: lang === 'zh' ? 60 : 100,
    marginTop: 40,
    x: { domain: dims.map((d) => labelOf(d, lang)), axis: 'top', label: null },
    y: { domain: ranked.map((r) => r.label), label: null },
    // Plot draws continuous legends on a canvas, which does not exist here: the legend is CSS below.
    color: { type: 'linear', domain: [0, 1], scheme: 'YlGnBu' },
    marks: [
      Plot.cell(cells, { x: 'dimension', y: 'label', fill: 'U', inset: 0.5, title: (c: (typeof cells)[number]) => `${c.label} · ${c.dimension}: U = ${displayNumber(c.U, 4)}${c.lagging ? ' ◆' : ''}` }),
      Plot.text(
        cells.filter((c) => c.lagging),
        { x: 'dimension', y: 'label', text: () => '◆', fill: 'white', stroke: 'black', strokeWidth: 0.6, fontSize: 12 },
      ),
    ],
  });

  // 5. Disparity of D over the years.
  const overall = new Map(disparityByYear(result.D, result.regions, result.years).years.map((d) => [d.year, d.measures]));
  const byRegion = disparityByYear(
    placed.map((r) => r.D),
    placed.map((r) => r.region),
    placed.map((r) => r.year),
    { groups: placed.map((r) => r.group!) },
  );
  const decomposition = new Map(byRegion.years.map((d) => [d.year, d.members.length > 1 ? d.decomposition : null]));
  const disparityRows = years.map((y) => {
    const m = overall.get(y)!;
    const dec = decomposition.get(y) ?? null;
    return { year: y, cv: m.cv, theil: m.theilT, between: dec?.betweenShare ?? null, within: dec?.withinShare ?? null };
  });
  const series = disparityRows.flatMap((d) => [
    { year: d.year, measure: 'CV', value: d.cv },
    { year: d.year, measure: 'Theil T', value: d.theil },
  ]).filter((d) => d.value !== null);
  const disparityChart = Plot.plot({
    document,
    width: 640,
    height: 260,
    x: { label: t.year, tickFormat: 'd', ticks: years.length > 12 ? 12 : years.length },
    y: { grid: true, label: null, zero: true },
    color: { legend: true, domain: ['CV', 'Theil T'], range: ['#d62728', '#17becf'] },
    marks: [
      Plot.line(series, { x: 'year', y: 'value', stroke: 'measure' }),
      Plot.dot(series, { x: 'year', y: 'value', fill: 'measure', title: (d: (typeof series)[number]) => `${d.year} ${d.measure} = ${displayNumber(d.value, 4)}` }),
    ],
  });
  const shares = disparityRows.flatMap((d) => (d.between === null ? [] : [{ year: String(d.year), part: t.between, share: d.between }, { year: String(d.year), part: t.within, share: d.within! }]));
  const sharesChart = shares.length
    ? Plot.plot({
        document,
        width: 640,
        height: 220,
        x: { type: 'band', label: t.year },
        y: { domain: [0, 100], grid: true, label: 'Theil T share (%)', percent: true },
        color: { legend: true, domain: [t.between, t.within], range: ['#6a51a3', '#bcbddc'] },
        marks: [Plot.barY(shares, { x: 'year', y: 'share', fill: 'part', title: (d: (typeof shares)[number]) => `${d.year} ${d.part}: ${displayNumber(100 * d.share, 1)}%` })],
      })
    : null;

  // 6. Methods: weights, AHP, settings, warnings.
  const group = result.groups.find((g) => g.year === year) ?? result.groups[0];
  const weightRows = group.indicators
    .map((ind) => {
      const dim = dims.find((d) => d.id === ind.dimension)!;
      const indicator = dim.indicators.find((x) => x.id === ind.id)!;
      return `<tr><td>${escapeHtml(labelOf(dim, lang))}</td><td>${escapeHtml(labelOf(indicator, lang))}<br><code>${escapeHtml(ind.id)}</code></td><td>${ind.direction === 'benefit' ? '+' : ind.direction === 'cost' ? '−' : escapeHtml(ind.direction === 'target' ? `target ${indicator.target}` : `interval [${indicator.interval!.join(', ')}]`)}</td><td>${displayNumber(ind.weight, 4)}</td><td>${displayNumber(ind.globalWeight, 4)}</td></tr>`;
    })
    .join('');
  const dimWeights = group.dimensions.map((d) => `${escapeHtml(labelOf(dims.find((x) => x.id === d.id)!, lang))} ${displayNumber(d.weight, 4)}`).join(' · ');
  const ahpRows = result.ahp.map((a) => `<tr><td><code>${escapeHtml(a.matrix)}</code></td><td>${a.weights.length}</td><td>${displayNumber(a.lambdaMax, 4)}</td><td>${displayNumber(a.ci, 4)}</td><td>${a.ri}</td><td>${displayNumber(a.cr, 4)}</td><td>${a.consistent ? '✓' : '✗'}</td></tr>`).join('');
  const m = result.model;
  const settings = [
    ['model', m.name],
    ['normalization', `${m.normalization.method}${m.normalization.method === 'min-max' ? `, range [${m.normalization.range.join(', ')}]` : ''}, ${m.normalization.scope}, shift ${m.normalization.shift}`],
    ['weights', `indicators ${m.weights.indicators}${m.weights.indicators === 'combined' ? ` (${m.combine.of.join(' × ')}, ${m.combine.method}${m.combine.method === 'linear' ? `, α ${m.combine.alpha}` : ''})` : ''}, dimensions ${m.weights.dimensions}${m.weights.entropy.basis === 'raw' ? ', entropy on raw proportions' : ''}`],
    ['aggregation', m.aggregation],
    ['coupling', `${m.coupling}${m.couplingExponent === null ? '' : `, k = ${m.couplingExponent}`}`],
    ['levels', m.levels ? `custom: bounds ${m.levels.bounds.join(', ')}; ${m.levels.names[lang].join(', ')}` : '[lower, upper), D = 1 in level 10 (Acta Geographica Sinica 2021, 76(4): 781)'],
  ];
  const allWarnings = [...result.warnings, ...warnings];
  const title = options.title ?? t.title;
  const section = (id: string, heading: string, note: string | null, body: string) =>
    `<section id="${id}"><h2>${escapeHtml(heading)}</h2>${note ? `<p class="note">${escapeHtml(note)}</p>` : ''}<figure>${body}</figure></section>`;
  // 7. After D: Moran scatter and LISA map, kernel densities, Dagum decomposition, level transitions.
  const afterD = afterDSections(rows, {
    lang,
    year,
    tileGrid: TILE_GRID,
    tileLabel: (code) => (options.regionNames === 'as-given' ? (lang === 'zh' ? findProvince(code)!.zh : findProvince(code)!.en) : displayRegionName(code, options.regionNames)),
    document,
    section,
  });
  warnings.push(...afterD.warnings);
  allWarnings.push(...afterD.warnings);

  const html = `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="coordix">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; margin: 0 auto; max-width: 1360px; padding: 24px; color: #222; background: #fff; }
h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { font-size: 1.2em; margin: 0 0 4px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.sub { color: #666; margin: 0 0 20px; } .note { color: #666; font-size: 0.9em; margin: 4px 0 8px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(640px, 1fr)); gap: 28px; }
section { min-width: 0; } figure { margin: 0; } svg { max-width: 100%; height: auto; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 12px; margin: 6px 0; }
.ramp { display: inline-block; width: 160px; height: 10px; background: linear-gradient(to right, #ffffd9, #c7e9b4, #41b6c4, #225ea8, #081d58); }
.swatch i { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
table { border-collapse: collapse; font-size: 13px; } th, td { border-bottom: 1px solid #eee; padding: 3px 10px 3px 0; text-align: left; vertical-align: top; }
td:nth-child(n+3) { font-variant-numeric: tabular-nums; } code { font-size: 0.9em; color: #555; }
ul.warnings li { color: #8a5300; }
</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1><p class="sub">${escapeHtml(m.name)} · ${escapeHtml(year === null ? '' : `${t.year} ${year}`)} · ${rows.length} ${lang === 'zh' ? '个地区-年份' : 'region-years'} · coordix</p></header>
<div class="grid">
${section('map', `${t.map}${year === null ? '' : ` (${year})`}`, t.mapNote, svg(map) + `<div class="legend">${legend}</div>`)}
${section('ranking', `${t.ranking}${year === null ? '' : ` (${year})`}`, null, svg(ranking))}
${section('trend', t.trend, t.trendNote, svg(trend))}
${section('heatmap', `${t.heat}${year === null ? '' : ` (${year})`}`, t.heatNote, `<div class="legend">U 0 <span class="ramp"></span> 1</div>` + svg(heat))}
${section('disparity', t.disparity, t.disparityNote, svg(disparityChart) + (sharesChart ? svg(sharesChart) : ''))}
${afterD.html}
${fiveStandardsHtml(result, options.standards, { lang, year, name, escape: escapeHtml })}
<section id="methods"><h2>${escapeHtml(t.methods)}</h2>
<h3>${escapeHtml(t.weights)}${group.year === null ? '' : ` (${group.year})`}</h3>
<table><thead><tr><th>${escapeHtml(t.dimension)}</th><th>${escapeHtml(t.indicator)}</th><th>${escapeHtml(t.direction)}</th><th>${escapeHtml(t.weight)}</th><th>${escapeHtml(t.global)}</th></tr></thead><tbody>${weightRows}</tbody></table>
<p class="note">W: ${dimWeights}</p>
${ahpRows ? `<h3>${escapeHtml(t.ahp)}</h3><table><thead><tr><th>matrix</th><th>n</th><th>λmax</th><th>CI</th><th>RI</th><th>CR</th><th></th></tr></thead><tbody>${ahpRows}</tbody></table>` : ''}
<h3>${escapeHtml(t.settings)}</h3>
<table><tbody>${settings.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</tbody></table>
<h3>${escapeHtml(t.warnings)}</h3>
${allWarnings.length ? `<ul class="warnings">${allWarnings.map((w) => `<li>${escapeHtml(w.message)}</li>`).join('')}</ul>` : `<p class="note">${escapeHtml(t.none)}</p>`}
</section>
</div>
<script type="application/json" id="coordix-data">${safeJson({ model: m.name, year, rows: current.map((r) => ({ region: r.region, D: r.D, level: r.level, rank: r.rank })) })}</script>
</body>
</html>
`;
  return { html, warnings };
}
