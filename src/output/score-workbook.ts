import type { CoordinationResult } from '../core/pipeline.js';
import type { Warning } from '../errors.js';
import { labelOf } from '../model/schema.js';
import { displayRegionName } from '../regions/names.js';
import { formatNumber } from './format.js';
import { levelNameIn, resultSettings, scoreLabelHeader, type PresentOptions } from './scores.js';
import type { WorkbookSheet } from './xlsx.js';

/**
 * The sheets of `score -f xlsx` (and the first four of every command that writes a workbook):
 * scores, weights, settings and warnings. Numbers are number cells (rounded to `precision` when
 * given); with `lang: 'zh'` sheet names, headers, dimension and indicator labels and level names
 * are Chinese. Write them with writeWorkbook (output/xlsx.ts).
 * @example scoreSheetNames('zh') // => ['得分', '权重', '设置', '警告']
 */
export function scoreSheetNames(lang: 'en' | 'zh'): string[] {
  return lang === 'zh' ? ['得分', '权重', '设置', '警告'] : ['scores', 'weights', 'settings', 'warnings'];
}

export function scoreWorkbookSheets(result: CoordinationResult, options: PresentOptions, warnings: Warning[] = result.warnings): WorkbookSheet[] {
  const zh = options.lang === 'zh';
  const dims = result.model.dimensions;
  const num = (x: number): number | null => (Number.isFinite(x) ? (options.precision === undefined ? x : Number(formatNumber(x, options.precision))) : null);
  const names = scoreSheetNames(options.lang);
  const scores: WorkbookSheet = {
    name: names[0],
    header: scoreLabelHeader(result, options.lang),
    rows: result.regions.map((region, i) => [
      displayRegionName(region, options.regionNames),
      result.years[i],
      ...result.scores.map((s) => num(s[i])),
      num(result.T[i]),
      num(result.C[i]),
      num(result.D[i]),
      result.level[i],
      levelNameIn(result, result.level[i], options.lang),
      result.rank[i],
      labelOf(dims[result.lagging[i]], options.lang),
    ]),
  };
  const indicatorById = new Map(dims.flatMap((d) => d.indicators.map((ind) => [ind.id, ind] as const)));
  const dimensionById = new Map(dims.map((d) => [d.id, d] as const));
  const weights: WorkbookSheet = {
    name: names[1],
    header: zh ? ['年份', '维度', '指标', '方向', '指标权重 w', '维度权重 W', '全局权重 W·w'] : ['year', 'dimension', 'indicator', 'direction', 'weight w', 'dimension weight W', 'global weight W·w'],
    rows: result.groups.flatMap((g) =>
      g.indicators.map((w) => {
        const dimension = dimensionById.get(w.dimension);
        const indicator = indicatorById.get(w.id);
        return [
          g.year,
          dimension ? labelOf(dimension, options.lang) : w.dimension,
          indicator ? labelOf(indicator, options.lang) : w.id,
          zh ? ({ benefit: '正向', cost: '负向', target: '适度(目标值)', interval: '适度(区间)' } as Record<string, string>)[w.direction] ?? w.direction : w.direction,
          num(w.weight),
          num(g.dimensions.find((d) => d.id === w.dimension)?.weight ?? NaN),
          num(w.globalWeight),
        ];
      }),
    ),
  };
  const settings: WorkbookSheet = {
    name: names[2],
    header: zh ? ['设置', '值'] : ['setting', 'value'],
    rows: Object.entries(resultSettings(result, { lang: options.lang, regionNames: options.regionNames, precision: options.precision ?? null })).map(([key, value]) => [
      key,
      typeof value === 'number' ? value : typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  };
  const warningSheet: WorkbookSheet = {
    name: names[3],
    header: zh ? ['代码', '警告'] : ['code', 'warning'],
    rows: warnings.map((w) => [w.code, w.message]),
  };
  return [scores, weights, settings, warningSheet];
}
