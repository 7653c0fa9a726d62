import { Command } from 'commander';
import { positiveInteger, withAhpOptions, withInputOptions, withHeadersOption, withManifestOption, withOutputOptions } from '../options.js';
import { obstacleDegrees, topObstacles } from '../../core/obstacles.js';
import { displayRegionName } from '../../regions/names.js';
import { labelOf } from '../../model/schema.js';
import { toCsv } from '../../output/csv.js';
import { displayNumber, formatNumber } from '../../output/format.js';
import { roundDeep, resultSettings } from '../../output/scores.js';
import { renderTable } from '../../output/table.js';
import { colorFor, emit, printWarnings, resolveFormat, type InputOptions, type OutputOptions } from '../common.js';
import { writeManifest } from '../manifest.js';
import { prepareAndEvaluate, writeImputed } from '../prepare.js';
import { workbookOutput } from '../workbook.js';
import { scoreWorkbookSheets } from '../../output/score-workbook.js';

export interface ObstaclesOptions extends InputOptions, OutputOptions {
  top: number;
  allowInconsistent?: boolean;
  unscaled?: boolean;
}

/** `coordix obstacles`: the indicators and dimensions that hold each region back (methods.md §7). */
export async function obstaclesCommand(files: string[], opts: ObstaclesOptions): Promise<void> {
  const format = resolveFormat(opts, ['table', 'csv', 'json', 'xlsx']);
  const { data, loaded, panel, result } = await prepareAndEvaluate('obstacles', files, opts);
  const model = result.model;
  const dimensionOf = model.dimensions.flatMap((d) => d.indicators.map(() => d.id));
  const profiles = obstacleDegrees(result, { unscaled: Boolean(opts.unscaled) });
  const top = Math.min(opts.top, result.indicatorIds.length);
  const region = (i: number) => displayRegionName(result.regions[i], opts.regionNames);
  let text: string | Uint8Array[];
  if (format === 'xlsx') {
    // The obstacles (labels in --lang, numbers as number cells), then scores, weights, settings, warnings.
    const zh = opts.lang === 'zh';
    const indicators = model.dimensions.flatMap((d) => d.indicators.map((ind) => ({ ind, dim: d })));
    const sheet = {
      name: zh ? '障碍度' : 'obstacles',
      header: zh ? ['地区', '年份', '排名', '指标', '维度', '障碍度'] : ['region', 'year', 'rank', 'indicator', 'dimension', 'obstacle'],
      rows: profiles.flatMap((p, i) =>
        topObstacles(p, top).map((j, r) => [region(i), result.years[i], r + 1, labelOf(indicators[j].ind, opts.lang), labelOf(indicators[j].dim, opts.lang), p.indicators[j]]),
      ),
    };
    const present = { lang: opts.lang, regionNames: opts.regionNames, precision: opts.precision, color: false };
    text = [workbookOutput([sheet, ...scoreWorkbookSheets(result, present)], opts)];
  } else if (format === 'csv') {
    const rows = profiles.flatMap((p, i) =>
      topObstacles(p, top).map((j, r) => [region(i), result.years[i], r + 1, result.indicatorIds[j], dimensionOf[j], p.indicators[j]]),
    );
    const header = opts.headers === 'labels' && opts.lang === 'zh' ? ['地区', '年份', '排名', '指标', '维度', '障碍度'] : ['region', 'year', 'rank', 'indicator', 'dimension', 'obstacle'];
    text = toCsv(header, rows, (x) => formatNumber(x, opts.precision), opts.bom);
  } else if (format === 'json') {
    const rows = profiles.map((p, i) => ({
      region: region(i),
      year: result.years[i],
      top: topObstacles(p, top).map((j, r) => ({ rank: r + 1, indicator: result.indicatorIds[j], dimension: dimensionOf[j], obstacle: p.indicators[j] })),
      dimensions: Object.fromEntries(model.dimensions.map((d, k) => [d.id, p.dimensions[k]])),
    }));
    text = JSON.stringify(roundDeep({ model, settings: resultSettings(result, { obstacles: opts.unscaled ? 'unscaled' : 'shares' }), top, rows, warnings: result.warnings }, opts.precision), null, 2) + '\n';
  } else {
    const zh = opts.lang === 'zh';
    const pct = (x: number) => (opts.unscaled ? displayNumber(x, 4) : `${displayNumber(100 * x, 1)}%`);
    const columns = [
      { header: zh ? '地区' : 'region' },
      { header: zh ? '年份' : 'year', align: 'right' as const },
      ...Array.from({ length: top }, (_, r) => ({ header: zh ? `障碍因子${r + 1}` : `obstacle ${r + 1}` })),
      ...model.dimensions.map((d) => ({ header: labelOf(d, opts.lang), align: 'right' as const })),
    ];
    const indicatorLabel = (j: number) => {
      const dim = model.dimensions.find((d) => d.id === dimensionOf[j])!;
      const ind = dim.indicators.find((x) => x.id === result.indicatorIds[j])!;
      // Labels in either language (an indicator without one falls back to its id).
      return labelOf(ind, opts.lang);
    };
    const rows = profiles.map((p, i) => [
      region(i),
      result.years[i] === null ? '' : String(result.years[i]),
      ...topObstacles(p, top).map((j) => `${indicatorLabel(j)} ${pct(p.indicators[j])}`),
      ...model.dimensions.map((_, k) => pct(p.dimensions[k])),
    ]);
    const formula = opts.unscaled ? 'O = g·(1 − z), unscaled' : 'O = g·(1 − z) / Σ g·(1 − z)';
    const title = zh ? `障碍度：每个地区-年份的前 ${top} 个障碍因子及各维度的障碍度（${formula}）` : `Obstacle degree: top ${top} indicators and each dimension's ${opts.unscaled ? 'sum' : 'share'} (${formula})`;
    text = `${title}\n` + renderTable(columns, rows, { color: colorFor(opts) });
  }
  const outputs = [...writeImputed(opts.imputed, data), emit(text, opts, files)];
  printWarnings(result.warnings);
  writeManifest(opts.manifest, { command: 'obstacles', inputs: panel.files, loaded, result, warnings: result.warnings, imputed: data.imputed, outputs });
}


/** The definition of `coordix obstacles`. */
export function define() {
  const cmd = withHeadersOption(withOutputOptions(
    withInputOptions(
      new Command('obstacles')
        .description('obstacle degree (障碍度): the indicators and dimensions that hold each region back')
        .argument('[files...]', 'input files, or - for stdin'),
    ),
    ['table', 'csv', 'json', 'xlsx'],
  ))
    .option('--top <n>', 'how many indicators to report per region-year', positiveInteger('--top'), 3)
    .option('--unscaled', 'report O_ij = g_j (1 − z_ij) without dividing by the sum over indicators (as the R package mathmodels does); default: shares that sum to 1');
  return withManifestOption(withAhpOptions(cmd))
    .addHelpText(
      'after',
      `
  O_ij = g_j (1 − z_ij) / Σ_j g_j (1 − z_ij), g_j = W_k · w_j the global weight; a dimension's obstacle
  degree is the sum over its indicators. --unscaled: O_ij = g_j (1 − z_ij), not divided by the sum.
  CSV (long form): region,year,rank,indicator,dimension,obstacle`,
    )
    .action((files: string[], opts: ObstaclesOptions) => obstaclesCommand(files, opts));
}
