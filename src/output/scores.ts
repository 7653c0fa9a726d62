import type { CoordinationResult } from '../core/pipeline.js';
import { levelNameOf, type Lang } from '../core/levels.js';
import { displayRegionName, type RegionNameStyle } from '../regions/names.js';
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
  /** CSV header: the column ids (default, stable for scripts) or the labels in `lang` (`--headers labels`). */
  headers?: 'ids' | 'labels';
}

/** The CSV/JSON columns of a score row, in order. */
export function scoreHeader(result: CoordinationResult): string[] {
  return ['region', 'year', ...result.dimensionIds, 'T', 'C', 'D', 'level', 'level_name', 'rank', 'lagging'];
}

/**
 * The score columns named for people, in `lang`: the header of `--headers labels` and of the
 * workbook's scores sheet (same order as scoreHeader).
 */
export function scoreLabelHeader(result: CoordinationResult, lang: Lang): string[] {
  const dims = result.model.dimensions.map((d) => labelOf(d, lang));
  return lang === 'zh'
    ? ['地区', '年份', ...dims, '综合发展指数 T', '耦合度 C', '耦合协调度 D', '协调等级', '等级名称', '排名', '短板维度']
    : ['region', 'year', ...dims, 'T', 'C', 'D', 'level', 'level name', 'rank', 'lagging'];
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
    levelNameIn(result, result.level[i], options.lang),
    result.rank[i],
    result.dimensionIds[result.lagging[i]],
  ]);
}

export function scoresCsv(result: CoordinationResult, options: PresentOptions): string {
  // Each piece decoded as it comes: the next one reuses its buffer.
  return Array.from(scoresCsvChunks(result, options), (piece) => piece.toString('utf8')).join('');
}

/**
 * The same CSV as `toCsv(scoreHeader, scoreRows)` as UTF-8 bytes, in pieces of about 64 KiB,
 * written row by row into one buffer: a large panel is written as it is formatted, with no string
 * per line and no whole-output string (tests/output/scores.test.ts checks the two agree).
 * Each piece is a view of that one buffer, valid until the next piece is asked for: write it (or
 * copy it) at once.
 */
export function* scoresCsvChunks(result: CoordinationResult, options: PresentOptions): Generator<Buffer> {
  const fmt = options.precision === undefined ? (x: number) => (x === x ? shortest(x) : '') : (x: number) => formatNumber(x, options.precision);
  const header = options.headers === 'labels' ? scoreLabelHeader(result, options.lang) : scoreHeader(result);
  yield Buffer.from((options.bom ? '\uFEFF' : '') + header.map(csvText).join(',') + '\n', 'utf8');
  const names = new Map<string, string>();
  const regionText = (region: string) => {
    let text = names.get(region);
    if (text === undefined) names.set(region, (text = csvText(displayRegionName(region, options.regionNames) ?? '')));
    return text;
  };
  const levelCount = (result.model.levels?.bounds.length ?? 9) + 1;
  const levelNames = Array.from({ length: levelCount + 1 }, (_, l) => (l === 0 ? '' : csvText(levelNameIn(result, l, options.lang))));
  const lagging = result.dimensionIds.map(csvText);
  const longestText = Math.max(...levelNames.map((t) => t.length)) + Math.max(...lagging.map((t) => t.length));
  const { scores, T, C, D, level, rank, years } = result;
  const K = scores.length;
  const COMMA = 0x2c;
  let buffer = Buffer.allocUnsafe(1 << 16);
  let o = 0;
  for (let i = 0; i < result.regions.length; i++) {
    const region = regionText(result.regions[i]);
    // Room for the whole row: UTF-8 takes at most 3 bytes per UTF-16 unit, a number at most 24.
    const room = 3 * (region.length + longestText) + 26 * (K + 7);
    if (o + room > buffer.length) {
      if (o > 0) yield buffer.subarray(0, o);
      o = 0;
      if (room > buffer.length) buffer = Buffer.allocUnsafe(room);
    }
    o += buffer.write(region, o, 'utf8');
    buffer[o++] = COMMA;
    if (years[i] !== null) o += buffer.write(String(years[i]), o, 'latin1');
    for (let k = 0; k < K; k++) {
      buffer[o++] = COMMA;
      o += buffer.write(fmt(scores[k][i]), o, 'latin1');
    }
    buffer[o++] = COMMA;
    o += buffer.write(fmt(T[i]), o, 'latin1');
    buffer[o++] = COMMA;
    o += buffer.write(fmt(C[i]), o, 'latin1');
    buffer[o++] = COMMA;
    o += buffer.write(fmt(D[i]), o, 'latin1');
    buffer[o++] = COMMA;
    o += buffer.write(String(level[i]), o, 'latin1');
    buffer[o++] = COMMA;
    o += buffer.write(levelNames[level[i]], o, 'utf8');
    buffer[o++] = COMMA;
    o += buffer.write(String(rank[i]), o, 'latin1');
    buffer[o++] = COMMA;
    o += buffer.write(lagging[result.lagging[i]], o, 'utf8');
    buffer[o++] = 0x0a;
  }
  if (o > 0) yield buffer.subarray(0, o);
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

/**
 * The built-in level (1–10) whose colour a level takes: itself with the built-in ten; with L custom
 * levels, level l is placed at the same relative height, 1 + round(9 (l − 1) / (L − 1)).
 */
function tenLevelColour(result: CoordinationResult, level: number): number {
  const levels = result.model.levels;
  if (!levels) return level;
  const L = levels.bounds.length + 1;
  return 1 + Math.round((9 * (level - 1)) / (L - 1));
}

/** The name of a level in the result's level table (the model's `levels`, or the built-in ten). */
export function levelNameIn(result: CoordinationResult, level: number, lang: Lang): string {
  return levelNameOf(level, lang, result.model.levels ?? undefined);
}

/** The settings a result was computed with, as recorded in JSON output and manifests. */
export function resultSettings(result: CoordinationResult, extra: Record<string, unknown> = {}) {
  const m = result.model;
  return {
    normalization: m.normalization.method,
    range: m.normalization.range,
    scope: m.normalization.scope,
    shift: m.normalization.shift,
    indicatorWeights: m.weights.indicators,
    dimensionWeights: m.weights.dimensions,
    entropyBasis: m.weights.entropy.basis,
    aggregation: m.aggregation,
    coupling: m.coupling,
    couplingK: m.couplingExponent,
    combine: m.combine,
    ahp: { method: m.ahp.method, ri: m.ahp.ri },
    levels: m.levels ?? 'ten levels of D in [lower, upper), D = 1 in level 10 (Acta Geographica Sinica 2021, 76(4): 781)',
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
    `${result.level[i]} ${levelNameIn(result, result.level[i], lang)}`,
    String(result.rank[i]),
    labelOf(dims[result.lagging[i]], lang),
  ]);
  const levelColumn = 2 + dims.length + 3;
  return renderTable(columns, rows, { color: options.color }, (r, j, text, chalk) =>
    j === levelColumn || j === levelColumn - 1 ? paintLevel(chalk, tenLevelColour(result, result.level[r]), text) : text,
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
    const text = `${pad(names[p], nameWidth)}  ${pad(bar(result.D[i], width), width)}  ${displayNumber(result.D[i], 3)}  ${levelNameIn(result, result.level[i], options.lang)}`;
    lines.push(paintLevel(chalk, tenLevelColour(result, result.level[i]), text));
  });
  return lines.join('\n') + '\n';
}
