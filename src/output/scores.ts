import type { CoordinationResult } from '../core/pipeline.js';
import { levelName, type Lang } from '../core/levels.js';
import { displayRegionName, type RegionNameStyle } from '../input/regions.js';
import { labelOf } from '../model/schema.js';
import { csvText, type CsvValue } from './csv.js';
import { displayNumber, formatNumber, shortest } from './format.js';
import { bar, displayWidth, makeChalk, pad, paintLevel, renderTable } from './table.js';

export interface PresentOptions {
  lang: Lang;
  regionNames: RegionNameStyle;
  precision?: number;
  color: boolean;
  bom?: boolean;
}

/** The CSV/JSON columns of a score row, in order. */
export function scoreHeader(result: CoordinationResult): string[] {
  return ['region', 'year', ...result.dimensionIds, 'T', 'C', 'D', 'level', 'level_name', 'rank', 'lagging'];
}

export function scoreRows(result: CoordinationResult, options: PresentOptions): CsvValue[][] {
  return result.regions.map((region, i) => [
    displayRegionName(region, options.regionNames),
    result.years[i],
    ...result.scores.map((s) => s[i]),
    result.T[i],
    result.C[i],
    result.D[i],
    result.level[i],
    levelName(result.level[i], options.lang),
    result.rank[i],
    result.dimensionIds[result.lagging[i]],
  ]);
}

export function scoresCsv(result: CoordinationResult, options: PresentOptions): string {
  return [...scoresCsvChunks(result, options)].join('');
}

/**
 * The same CSV as `toCsv(scoreHeader, scoreRows)`, in pieces of about 2,000 lines, built line by
 * line without the intermediate row arrays: a large panel is written as it is formatted instead of
 * being held whole in memory. (tests/cli/score.test.ts checks the two agree.)
 */
export function* scoresCsvChunks(result: CoordinationResult, options: PresentOptions): Generator<string> {
  const fmt = options.precision === undefined ? (x: number) => (x === x ? shortest(x) : '') : (x: number) => formatNumber(x, options.precision);
  yield (options.bom ? '\uFEFF' : '') + scoreHeader(result).map(csvText).join(',') + '\n';
  const names = new Map<string, string>();
  const regionText = (region: string) => {
    let text = names.get(region);
    if (text === undefined) names.set(region, (text = csvText(displayRegionName(region, options.regionNames) ?? '')));
    return text;
  };
  const levelNames = Array.from({ length: 11 }, (_, l) => (l === 0 ? '' : csvText(levelName(l, options.lang))));
  const lagging = result.dimensionIds.map(csvText);
  const { scores, T, C, D, level, rank, years } = result;
  const K = scores.length;
  let lines: string[] = [];
  for (let i = 0; i < result.regions.length; i++) {
    let line = regionText(result.regions[i]) + ',' + (years[i] === null ? '' : years[i]);
    for (let k = 0; k < K; k++) line += ',' + fmt(scores[k][i]);
    line += ',' + fmt(T[i]) + ',' + fmt(C[i]) + ',' + fmt(D[i]) + ',' + level[i] + ',' + levelNames[level[i]] + ',' + rank[i] + ',' + lagging[result.lagging[i]] + '\n';
    lines.push(line);
    if (lines.length === 2048) {
      yield lines.join('');
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join('');
}

/** Rounds every number of a JSON-ready value when a precision is given. */
export function roundDeep<T>(value: T, precision?: number): T {
  if (precision === undefined) return value;
  const visit = (v: unknown): unknown => {
    if (typeof v === 'number') return Number.isFinite(v) ? Number(formatNumber(v, precision)) : v;
    if (Array.isArray(v)) return v.map(visit);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, visit(x)]));
    return v;
  };
  return visit(value) as T;
}

/** The settings a result was computed with, as recorded in JSON output and manifests. */
export function resultSettings(result: CoordinationResult, extra: Record<string, unknown> = {}) {
  const m = result.model;
  return {
    scope: m.normalization.scope,
    shift: m.normalization.shift,
    indicatorWeights: m.weights.indicators,
    dimensionWeights: m.weights.dimensions,
    aggregation: m.aggregation,
    coupling: m.coupling,
    combine: m.combine,
    ahp: { method: m.ahp.method, ri: m.ahp.ri },
    levels: 'ten levels of D in [lower, upper), D = 1 in level 10 (Acta Geographica Sinica 2021, 76(4): 781)',
    ...extra,
  };
}

export function weightsJson(result: CoordinationResult) {
  return {
    groups: result.groups.map((g) => ({ year: g.year, scope: result.model.normalization.scope, observations: g.observations, dimensions: g.dimensions, indicators: g.indicators })),
    ahp: result.ahp.map((a) => ({ matrix: a.matrix, method: a.method, weights: a.weights, lambdaMax: a.lambdaMax, ci: a.ci, ri: a.ri, cr: a.cr, consistent: a.consistent })),
  };
}

export function scoresJson(result: CoordinationResult, options: PresentOptions, extra: Record<string, unknown> = {}): string {
  const header = scoreHeader(result);
  const rows = scoreRows(result, options).map((row) => Object.fromEntries(header.map((h, j) => [h, row[j] ?? null])));
  const body = roundDeep(
    {
      model: result.model,
      settings: resultSettings(result, { lang: options.lang, regionNames: options.regionNames, precision: options.precision ?? null }),
      weights: weightsJson(result),
      rows,
      warnings: result.warnings,
      ...extra,
    },
    options.precision,
  );
  return JSON.stringify(body, null, 2) + '\n';
}

export function scoresTable(result: CoordinationResult, options: PresentOptions): string {
  const { lang } = options;
  const zh = lang === 'zh';
  const dims = result.model.dimensions;
  const decimals = options.precision ?? 3;
  const columns = [
    { header: zh ? '地区' : 'region' },
    { header: zh ? '年份' : 'year', align: 'right' as const },
    ...dims.map((d) => ({ header: labelOf(d, lang), align: 'right' as const })),
    { header: 'T', align: 'right' as const },
    { header: 'C', align: 'right' as const },
    { header: 'D', align: 'right' as const },
    { header: zh ? '协调等级' : 'level' },
    { header: zh ? '排名' : 'rank', align: 'right' as const },
    { header: zh ? '短板维度' : 'lagging' },
  ];
  const rows = result.regions.map((region, i) => [
    displayRegionName(region, options.regionNames),
    result.years[i] === null ? '' : String(result.years[i]),
    ...result.scores.map((s) => displayNumber(s[i], decimals)),
    displayNumber(result.T[i], decimals),
    displayNumber(result.C[i], decimals),
    displayNumber(result.D[i], decimals),
    `${result.level[i]} ${levelName(result.level[i], lang)}`,
    String(result.rank[i]),
    labelOf(dims[result.lagging[i]], lang),
  ]);
  const levelColumn = 2 + dims.length + 3;
  return renderTable(columns, rows, { color: options.color }, (r, j, text, chalk) =>
    j === levelColumn || j === levelColumn - 1 ? paintLevel(chalk, result.level[r], text) : text,
  );
}

/** `score --chart`: D by region for the latest year, as Unicode bars coloured by level. */
export function scoresChart(result: CoordinationResult, options: PresentOptions, width = 40): string {
  const years = result.years.filter((y) => y !== null) as number[];
  const latest = years.length ? Math.max(...years) : null;
  const idx = result.regions.map((_, i) => i).filter((i) => result.years[i] === latest);
  idx.sort((a, b) => result.rank[a] - result.rank[b] || a - b);
  const names = idx.map((i) => displayRegionName(result.regions[i], options.regionNames));
  const nameWidth = Math.max(...names.map(displayWidth));
  const chalk = makeChalk(options.color);
  const lines = [`D by region${latest === null ? '' : `, ${latest}`} (${options.lang === 'zh' ? '耦合协调度' : 'coupling coordination degree'})`];
  idx.forEach((i, p) => {
    const text = `${pad(names[p], nameWidth)}  ${pad(bar(result.D[i], width), width)}  ${displayNumber(result.D[i], 3)}  ${levelName(result.level[i], options.lang)}`;
    lines.push(paintLevel(chalk, result.level[i], text));
  });
  return lines.join('\n') + '\n';
}
