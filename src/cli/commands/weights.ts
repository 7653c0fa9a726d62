import { Command } from 'commander';
import { withAhpOptions, withInputOptions, withManifestOption, withOutputOptions } from '../options.js';
import type { CoordinationResult } from '../../core/pipeline.js';
import { labelOf } from '../../model/schema.js';
import { toCsv } from '../../output/csv.js';
import { displayNumber, formatNumber } from '../../output/format.js';
import { roundDeep, resultSettings, weightsJson } from '../../output/scores.js';
import { renderTable } from '../../output/table.js';
import { colorFor, emit, printWarnings, resolveFormat, type InputOptions, type OutputOptions } from '../common.js';
import { writeManifest } from '../manifest.js';
import { prepareAndEvaluate, writeImputed } from '../prepare.js';

export interface WeightsOptions extends InputOptions, OutputOptions {
  allowInconsistent?: boolean;
}

export const WEIGHTS_CSV_HEADER = ['year', 'dimension', 'indicator', 'direction', 'min', 'max', 'entropy', 'divergence', 'entropy_weight', 'ahp_weight', 'weight', 'dimension_weight', 'global_weight'];

export function weightsCsv(result: CoordinationResult, precision?: number, bom?: boolean): string {
  const rows = result.groups.flatMap((g) =>
    g.indicators.map((ind) => [g.year, ind.dimension, ind.id, ind.direction, ind.min, ind.max, ind.entropy, ind.divergence, ind.entropyWeight, ind.ahpWeight, ind.weight, g.dimensions.find((d) => d.id === ind.dimension)!.weight, ind.globalWeight]),
  );
  return toCsv(WEIGHTS_CSV_HEADER, rows, (x) => formatNumber(x, precision), bom);
}

export function weightsTable(result: CoordinationResult, opts: OutputOptions): string {
  const zh = opts.lang === 'zh';
  const d = opts.precision ?? 4;
  const model = result.model;
  const parts: string[] = [];
  parts.push(
    `${model.name}: indicator weights ${model.weights.indicators}, dimension weights ${model.weights.dimensions}, ` +
      `normalisation ${model.normalization.scope} (shift ${model.normalization.shift}), aggregation ${model.aggregation}, coupling ${model.coupling}\n`,
  );
  for (const g of result.groups) {
    const title = g.year === null ? (model.normalization.scope === 'pooled' ? `all years pooled (${g.observations} observations)` : `${g.observations} observations`) : `${g.year} (${g.observations} observations)`;
    parts.push(`\n${title}\n`);
    parts.push(
      renderTable(
        [
          { header: zh ? '维度' : 'dimension' },
          { header: zh ? '指标' : 'indicator' },
          { header: zh ? '方向' : 'dir' },
          { header: 'min', align: 'right' },
          { header: 'max', align: 'right' },
          { header: 'e', align: 'right' },
          { header: 'd', align: 'right' },
          { header: zh ? '熵权' : 'entropy w', align: 'right' },
          { header: zh ? 'AHP权' : 'AHP w', align: 'right' },
          { header: zh ? '维内权重' : 'weight', align: 'right' },
          { header: zh ? '全局权重' : 'global', align: 'right' },
        ],
        g.indicators.map((ind) => {
          const dim = model.dimensions.find((x) => x.id === ind.dimension)!;
          const indicator = dim.indicators.find((x) => x.id === ind.id)!;
          return [
            labelOf(dim, opts.lang),
            opts.lang === 'zh' ? labelOf(indicator, 'zh') : ind.id,
            ind.direction === 'benefit' ? '+' : '−',
            compact(ind.min),
            compact(ind.max),
            displayNumber(ind.entropy, d),
            displayNumber(ind.divergence, d),
            displayNumber(ind.entropyWeight, d),
            displayNumber(ind.ahpWeight, d),
            displayNumber(ind.weight, d),
            displayNumber(ind.globalWeight, d),
          ];
        }),
        { color: colorFor(opts) },
      ),
    );
    parts.push(`${zh ? '维度权重' : 'dimension weights'} W: ${g.dimensions.map((x) => `${x.id} ${displayNumber(x.weight, d)}`).join(', ')}\n`);
  }
  if (result.ahp.length > 0) {
    parts.push('\nAHP consistency\n');
    parts.push(
      renderTable(
        [{ header: 'matrix' }, { header: 'n', align: 'right' }, { header: 'λmax', align: 'right' }, { header: 'CI', align: 'right' }, { header: 'RI', align: 'right' }, { header: 'CR', align: 'right' }, { header: 'verdict' }],
        result.ahp.map((a) => [a.matrix, String(a.weights.length), displayNumber(a.lambdaMax, d), displayNumber(a.ci, d), String(a.ri), displayNumber(a.cr, d), a.consistent ? 'consistent' : 'NOT consistent (CR ≥ 0.10)']),
        { color: colorFor(opts) },
      ),
    );
  }
  return parts.join('');
}

function compact(x: number): string {
  return Math.abs(x) >= 1000 || (x !== 0 && Math.abs(x) < 0.01) ? Number(x.toPrecision(5)).toString() : displayNumber(x, 3);
}

/** `coordix weights`: every weight explained, per normalisation group. */
export async function weightsCommand(files: string[], opts: WeightsOptions): Promise<void> {
  const format = resolveFormat(opts, ['table', 'csv', 'json']);
  const { data, loaded, panel, result } = await prepareAndEvaluate('weights', files, opts);
  let text: string;
  if (format === 'csv') text = weightsCsv(result, opts.precision, opts.bom);
  else if (format === 'json') {
    text = JSON.stringify(roundDeep({ model: result.model, settings: resultSettings(result), ...weightsJson(result), warnings: result.warnings }, opts.precision), null, 2) + '\n';
  } else text = weightsTable(result, opts);
  const outputs = [...writeImputed(opts.imputed, data), emit(text, opts, files)];
  printWarnings(result.warnings);
  writeManifest(opts.manifest, { command: 'weights', inputs: panel.files, loaded, result, warnings: result.warnings, imputed: data.imputed, outputs });
}


/** The definition of `coordix weights`. */
export function define() {
  const cmd = withOutputOptions(
    withInputOptions(
      new Command('weights')
        .description('explain every weight: entropy e and d, entropy, AHP, final and global weights, dimension weights, AHP consistency')
        .argument('[files...]', 'input files, or - for stdin'),
    ),
    ['table', 'csv', 'json'],
  );
  return withManifestOption(withAhpOptions(cmd))
    .addHelpText(
      'after',
      `
  CSV columns: ${WEIGHTS_CSV_HEADER.join(',')}
    one row per indicator and normalisation group (year empty when pooled); global = W_k · w_j.`,
    )
    .action((files: string[], opts: WeightsOptions) => weightsCommand(files, opts));
}
