import { Command } from 'commander';
import { withAhpOptions, withInputOptions, withManifestOption, withOutputOptions } from '../options.js';
import type { CoordinationResult } from '../../core/pipeline.js';
import { labelOf } from '../../model/schema.js';
import { toCsv } from '../../output/csv.js';
import { displayNumber, formatNumber } from '../../output/format.js';
import { roundDeep, resultSettings, weightsJson } from '../../output/scores.js';
import { renderTable, terminalSafe } from '../../output/table.js';
import { colorFor, emit, printWarnings, resolveFormat, type InputOptions, type OutputOptions } from '../common.js';
import { writeManifest } from '../manifest.js';
import { prepareAndEvaluate, writeImputed } from '../prepare.js';

export interface WeightsOptions extends InputOptions, OutputOptions {
  allowInconsistent?: boolean;
}

export const WEIGHTS_CSV_HEADER = [
  'year', 'dimension', 'indicator', 'direction', 'min', 'max', 'entropy', 'divergence', 'entropy_weight', 'ahp_weight', 'weight', 'dimension_weight', 'global_weight',
  'method_a', 'weight_a', 'measure_a', 'method_b', 'weight_b', 'measure_b', 'critic_sd', 'critic_correlations',
];

/** What each weighting's measure is (docs/methods.md §2–§2b). */
export const MEASURE_NAMES: Record<string, string> = { entropy: 'd', critic: 'C_j', sd: 'σ', variance: 'σ²', cv: 'CV' };

export function weightsCsv(result: CoordinationResult, precision?: number, bom?: boolean): string {
  const rows = result.groups.flatMap((g) =>
    g.indicators.map((ind) => {
      const [a, b] = ind.parts;
      return [
        g.year, ind.dimension, ind.id, ind.direction, ind.min, ind.max, ind.entropy, ind.divergence, ind.entropyWeight, ind.ahpWeight, ind.weight, g.dimensions.find((d) => d.id === ind.dimension)!.weight, ind.globalWeight,
        a?.method ?? null, a?.weight ?? null, a?.measure ?? null, b?.method ?? null, b?.weight ?? null, b?.measure ?? null,
        ind.critic?.sd ?? null, ind.critic ? ind.critic.correlations.map((r) => formatNumber(r, precision)).join(' ') : null,
      ];
    }),
  );
  return toCsv(WEIGHTS_CSV_HEADER, rows, (x) => formatNumber(x, precision), bom);
}

/**
 * The objective weightings explained, per dimension: each weighting's measure (d, C_j, σ, σ², CV)
 * and weight; for CRITIC also σ_j and the correlations r_jl (docs/methods.md §2b).
 */
function objectiveTable(result: CoordinationResult, g: CoordinationResult['groups'][number], opts: OutputOptions, d: number): string {
  const methods = [...new Set(g.indicators.flatMap((ind) => ind.parts.map((p) => p.method)))].filter((m) => m in MEASURE_NAMES && m !== 'entropy');
  if (methods.length === 0) return '';
  const out: string[] = [];
  for (const method of methods) {
    const critic = method === 'critic';
    out.push(`${method === 'critic' ? 'CRITIC: C_j = σ_j · Σ_l (1 − r_jl), w_j = C_j / Σ C' : method === 'cv' ? 'cv: CV_j = σ_j / |mean_j| of the raw values, w_j = CV_j / Σ CV' : `${method}: w_j ∝ ${MEASURE_NAMES[method]} of z`}
`);
    const rows = g.indicators.map((ind) => {
      const part = ind.parts.find((p) => p.method === method)!;
      const dimension = result.model.dimensions.find((x) => x.id === ind.dimension)!;
      const peers = g.indicators.filter((x) => x.dimension === ind.dimension).map((x) => x.id);
      return [
        labelOf(dimension, opts.lang),
        ind.id,
        ...(critic ? [displayNumber(ind.critic?.sd ?? null, d), ind.critic ? ind.critic.correlations.map((r, t) => `${peers[t]} ${displayNumber(r, 3)}`).join(', ') : ''] : []),
        displayNumber(part.measure, d),
        displayNumber(part.weight, d),
      ];
    });
    out.push(
      renderTable(
        [
          { header: opts.lang === 'zh' ? '维度' : 'dimension' },
          { header: opts.lang === 'zh' ? '指标' : 'indicator' },
          ...(critic ? [{ header: 'σ', align: 'right' as const }, { header: opts.lang === 'zh' ? '与本维度各指标的相关系数 r' : 'r with each indicator of the dimension' }] : []),
          { header: MEASURE_NAMES[method], align: 'right' },
          { header: opts.lang === 'zh' ? `${method} 权重` : `${method} w`, align: 'right' },
        ],
        rows,
        { color: colorFor(opts) },
      ),
    );
  }
  return out.join('');
}

export function weightsTable(result: CoordinationResult, opts: OutputOptions): string {
  const zh = opts.lang === 'zh';
  const d = opts.precision ?? 4;
  const model = result.model;
  const parts: string[] = [];
  parts.push(
    `${model.name}: ${zh ? '指标权重' : 'indicator weights'} ${model.weights.indicators}, ${zh ? '维度权重' : 'dimension weights'} ${model.weights.dimensions}, ` +
      `${zh ? '标准化' : 'normalisation'} ${model.normalization.method} [${model.normalization.range.join(', ')}] ${model.normalization.scope} (${zh ? '平移' : 'shift'} ${model.normalization.shift}), ${zh ? '聚合' : 'aggregation'} ${model.aggregation}, ${zh ? '耦合' : 'coupling'} ${model.coupling}${model.couplingExponent === null ? '' : ` k = ${model.couplingExponent}`}` +
      `${model.weights.indicators === 'combined' ? `, combined ${model.combine.of.join(' × ')} (${model.combine.method}${model.combine.method === 'linear' ? `, α ${model.combine.alpha}` : ''})` : ''}${model.weights.entropy.basis === 'raw' ? ', entropy on raw values' : ''}\n`,
  );
  for (const g of result.groups) {
    const title = zh
      ? g.year === null
        ? model.normalization.scope === 'pooled'
          ? `全部年份合并（${g.observations} 个观测）`
          : `${g.observations} 个观测`
        : `${g.year} 年（${g.observations} 个观测）`
      : g.year === null
        ? model.normalization.scope === 'pooled'
          ? `all years pooled (${g.observations} observations)`
          : `${g.observations} observations`
        : `${g.year} (${g.observations} observations)`;
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
            ind.direction === 'benefit' ? '+' : ind.direction === 'cost' ? '−' : ind.direction,
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
    parts.push(objectiveTable(result, g, opts, d));
    parts.push(`${zh ? '维度权重' : 'dimension weights'} W: ${g.dimensions.map((x) => `${terminalSafe(labelOf(result.model.dimensions.find((m) => m.id === x.id) ?? { id: x.id, label: {} }, opts.lang))} ${displayNumber(x.weight, d)}`).join(', ')}\n`);
  }
  if (result.ahp.length > 0) {
    parts.push(zh ? '\nAHP 一致性检验\n' : '\nAHP consistency\n');
    parts.push(
      renderTable(
        [{ header: zh ? '判断矩阵' : 'matrix' }, { header: 'n', align: 'right' }, { header: 'λmax', align: 'right' }, { header: 'CI', align: 'right' }, { header: 'RI', align: 'right' }, { header: 'CR', align: 'right' }, { header: zh ? '结论' : 'verdict' }],
        result.ahp.map((a) => [a.matrix, String(a.weights.length), displayNumber(a.lambdaMax, d), displayNumber(a.ci, d), String(a.ri), displayNumber(a.cr, d), a.consistent ? (zh ? '通过' : 'consistent') : zh ? '未通过（CR ≥ 0.10）' : 'NOT consistent (CR ≥ 0.10)']),
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
        .description('explain every weight: entropy e and d, CRITIC σ, correlations and C_j, sd/variance/cv measures, AHP, final and global weights, dimension weights, AHP consistency')
        .argument('[files...]', 'input files, or - for stdin'),
    ),
    ['table', 'csv', 'json'],
  );
  return withManifestOption(withAhpOptions(cmd))
    .addHelpText(
      'after',
      `
  CSV columns: ${WEIGHTS_CSV_HEADER.join(',')}
    one row per indicator and normalisation group (year empty when pooled); global = W_k · w_j.
    method_a/b: the weighting(s) behind w_j (two with weights.indicators combined, combine.of),
    each with its weight and measure: d (entropy), C_j (critic), σ (sd), σ² (variance), CV (cv).
    critic_sd, critic_correlations: σ_j of z and r_jl with each indicator of the dimension (critic).
  Weightings (model weights.indicators): entropy, critic, sd, variance, cv, equal, manual, ahp,
  combined; weights.entropy.basis raw takes the entropy on raw proportions (docs/methods.md §2–§4).`,
    )
    .action((files: string[], opts: WeightsOptions) => weightsCommand(files, opts));
}
