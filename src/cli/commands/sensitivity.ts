import { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { positiveInteger, withAhpOptions, withInputOptions, withManifestOption, withOutputOptions } from '../options.js';
import { sensitivityAnalysis, type Factor, type SensitivityResult } from '../../core/sensitivity.js';
import { displayRegionName } from '../../regions/names.js';
import { toCsv } from '../../output/csv.js';
import { displayNumber, formatNumber } from '../../output/format.js';
import { roundDeep } from '../../output/scores.js';
import { renderTable } from '../../output/table.js';
import { checkOutputs, colorFor, emit, printWarnings, requireFiles, resolveFormat, type InputOptions, type OutputOptions } from '../common.js';
import { writeManifest } from '../manifest.js';
import { prepare, writeImputed, assertFiniteResult } from '../prepare.js';
import { evaluate } from '../../core/pipeline.js';
import { isTerminal } from '../stdio.js';

export interface SensitivityOptions extends InputOptions, OutputOptions {
  runs: number;
  seed: number;
  kappa: number;
  judgementP: number;
  varyWeights?: boolean;
  varyMethod?: boolean;
  varyScope?: boolean;
  varyRange?: boolean;
  varyCoupling?: boolean;
  varyJudgements?: boolean;
  quiet?: boolean;
  allowInconsistent?: boolean;
}

export const SENSITIVITY_CSV_HEADER = ['region', 'year', 'base_rank', 'median_rank', 'rank_p05', 'rank_p95', 'mean_abs_rank_shift', 'D_mean', 'D_p05', 'D_p95'];

/** A progress bar on stderr when it is a terminal and --quiet is not given; nothing otherwise. */
async function progressBar(quiet: boolean | undefined): Promise<((done: number, total: number) => void) & { stop(): void }> {
  if (quiet || !isTerminal(2)) return Object.assign(() => {}, { stop: () => {} });
  const { default: progress } = await import('cli-progress');
  const bar = new progress.SingleBar({ format: 'sensitivity [{bar}] {percentage}% | {value}/{total} runs | ETA {eta}s', stream: process.stderr, clearOnComplete: true, hideCursor: true }, progress.Presets.shades_classic);
  let started = false;
  return Object.assign(
    (done: number, total: number) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    { stop: () => started && bar.stop() },
  );
}

export async function sensitivityCommand(files: string[], opts: SensitivityOptions): Promise<void> {
  requireFiles(files, 'sensitivity');
  checkOutputs(opts, files);
  const format = resolveFormat(opts, ['table', 'csv', 'json']);
  const vary: Factor[] = [];
  if (opts.varyWeights) vary.push('weights');
  if (opts.varyMethod) vary.push('method');
  if (opts.varyScope) vary.push('scope');
  if (opts.varyRange) vary.push('range');
  if (opts.varyCoupling) vary.push('coupling');
  if (opts.varyJudgements) vary.push('judgements');
  const { data, loaded, warnings, panel } = await prepare(files, opts);
  // The base model's numbers must be finite (values near ±1e308 overflow max − min): an error naming the indicator.
  assertFiniteResult(evaluate(data, loaded.model, { allowInconsistent: opts.allowInconsistent }));
  const bar = await progressBar(opts.quiet);
  let result: SensitivityResult;
  try {
    result = sensitivityAnalysis(data, loaded.model, { runs: opts.runs, seed: opts.seed, vary, kappa: opts.kappa, judgementProbability: opts.judgementP, allowInconsistent: opts.allowInconsistent }, bar);
  } finally {
    bar.stop();
  }
  const region = (r: string) => displayRegionName(r, opts.regionNames);
  const settings = { runs: result.runs, samples: result.samples, seed: opts.seed, varied: result.vary, kappa: vary.includes('weights') ? opts.kappa : null, judgementProbability: vary.includes('judgements') ? opts.judgementP : null, methods: vary.includes('method') ? result.methods : null, prng: 'mulberry32, stream seeds by splitmix32(seed, matrix, row, factor)', design: 'Saltelli radial: N·(d + 2) runs (A, B, A_B^i); S_i Saltelli 2010, ST_i Jansen 1999, on Y = mean absolute rank shift' };
  let text: string;
  if (format === 'csv') {
    text = toCsv(
      SENSITIVITY_CSV_HEADER,
      result.rows.map((r) => [region(r.region), r.year, r.baseRank, r.medianRank, r.rankP05, r.rankP95, r.meanAbsRankShift, r.dMean, r.dP05, r.dP95]),
      (x) => formatNumber(x, opts.precision),
      opts.bom,
    );
  } else if (format === 'json') {
    text =
      JSON.stringify(
        roundDeep(
          {
            settings,
            rows: result.rows.map((r) => ({ region: region(r.region), year: r.year, base_rank: r.baseRank, median_rank: r.medianRank, rank_p05: r.rankP05, rank_p95: r.rankP95, mean_abs_rank_shift: r.meanAbsRankShift, D_mean: r.dMean, D_p05: r.dP05, D_p95: r.dP95 })),
            summary: { meanAbsRankShift: result.meanAbsRankShift, redrawnJudgements: result.redrawn },
            sensitivity: result.indices,
            warnings,
          },
          opts.precision,
        ),
        null,
        2,
      ) + '\n';
  } else {
    const color = colorFor(opts);
    const d = opts.precision ?? 3;
    const zh = opts.lang === 'zh';
    const t = (en: string, cn: string) => (zh ? cn : en);
    const parts = [
      zh
        ? `排名的不确定性：${result.runs} 次运行（种子 ${opts.seed}），变动 ${result.vary.length ? result.vary.join(', ') : '无'}${vary.includes('weights') ? `，κ = ${opts.kappa}` : ''}${vary.includes('judgements') ? `，p = ${opts.judgementP}` : ''}\n`
        : `Uncertainty of the ranking: ${result.runs} runs (seed ${opts.seed}), varying ${result.vary.length ? result.vary.join(', ') : 'nothing'}${vary.includes('weights') ? `, κ = ${opts.kappa}` : ''}${vary.includes('judgements') ? `, p = ${opts.judgementP}` : ''}\n`,
      renderTable(
        [
          { header: t('region', '地区') },
          { header: t('year', '年份'), align: 'right' },
          { header: t('base', '基准排名'), align: 'right' },
          { header: t('median', '排名中位数'), align: 'right' },
          { header: t('rank 5–95 %', '排名 5–95 %'), align: 'right' },
          { header: t('|shift|', '|变动|'), align: 'right' },
          { header: t('D mean', 'D 均值'), align: 'right' },
          { header: 'D 5–95 %', align: 'right' },
        ],
        result.rows.map((r) => [region(r.region), r.year === null ? '' : String(r.year), String(r.baseRank), String(r.medianRank), `${r.rankP05}–${r.rankP95}`, displayNumber(r.meanAbsRankShift, 2), displayNumber(r.dMean, d), `${displayNumber(r.dP05, d)}–${displayNumber(r.dP95, d)}`]),
        { color },
      ),
      zh
        ? `\n全部地区-年份的平均绝对排名变动：${displayNumber(result.meanAbsRankShift, 3)}${vary.includes('judgements') ? `；因 CR ≥ 0.10 重抽的 AHP 判断：${result.redrawn}` : ''}\n`
        : `\nmean absolute rank shift over all region-years: ${displayNumber(result.meanAbsRankShift, 3)}${vary.includes('judgements') ? `; AHP draws redrawn for CR ≥ 0.10: ${result.redrawn}` : ''}\n`,
    ];
    if (result.indices.length > 0) {
      parts.push(
        zh
          ? `\n平均绝对排名变动的敏感性（基于方差；N = ${result.samples}；± 为 ${Math.round(result.bootstrap.confidenceLevel * 100)} % 自助法半宽，${result.bootstrap.resamples} 次重抽样）：\n`
          : `\nsensitivity of the mean absolute rank shift (variance-based; N = ${result.samples}; ± the ${Math.round(result.bootstrap.confidenceLevel * 100)} % bootstrap half-width, ${result.bootstrap.resamples} resamples):\n`,
      );
      parts.push(
        renderTable(
          [{ header: t('input', '输入') }, { header: t('first-order S', '一阶 S'), align: 'right' }, { header: '± 95 %', align: 'right' }, { header: t('total ST', '总效应 ST'), align: 'right' }, { header: '± 95 %', align: 'right' }],
          result.indices.map((x) => [x.input, displayNumber(x.first, 3), displayNumber(x.firstConf, 3), displayNumber(x.total, 3), displayNumber(x.totalConf, 3)]),
          { color },
        ),
      );
    }
    text = parts.join('');
  }
  const outputs = [...writeImputed(opts.imputed, data), emit(text, opts, files)];
  printWarnings(warnings);
  writeManifest(opts.manifest, { command: 'sensitivity', inputs: panel.files, loaded, result: null, warnings, imputed: data.imputed, outputs });
}



/** The definition of `coordix sensitivity`. */
export function define() {
  const cmd = withOutputOptions(
    withInputOptions(
      new Command('sensitivity')
        .description('uncertainty and sensitivity analysis of the ranking: how much do ranks depend on weights, method, scope, coupling, AHP judgements?')
        .argument('[files...]', 'input files, or - for stdin'),
    ),
    ['table', 'csv', 'json'],
  )
    .option('--runs <n>', 'number of model evaluations (cost: one scoring each; 1,000 on the bundled sample take about a second)', positiveInteger('--runs', 1_000_000), 1000)
    .option('--seed <n>', 'seed of the pseudo-random numbers: the same seed gives identical bytes', positiveInteger('--seed', 2 ** 32 - 1), 1)
    .option('--vary-weights', 'draw indicator and dimension weights from a Dirichlet distribution centred on the computed weights')
    .option(
      '--kappa <k>',
      'Dirichlet concentration κ: larger, closer to the base weights',
      (v: string) => {
        const k = Number(v);
        if (!(k > 0) || !Number.isFinite(k)) throw new InvalidArgumentError('--kappa must be a number > 0');
        return k;
      },
      50,
    )
    .option('--vary-method', 'draw the indicator weighting from entropy, equal, critic, sd, cv, and (when the model has AHP matrices) ahp and combined')
    .option('--vary-scope', 'draw pooled or per-year normalisation')
    .option('--vary-range', 'draw the normalisation range from [0, 1], [0.0001, 1] and [0.01, 0.99] (min–max only)')
    .option('--vary-coupling', 'draw the coupling formula: classic, wang2021 or fan')
    .option('--vary-judgements', 'move each AHP judgement one step on the 1–9 scale with probability p (reciprocity kept; draws with CR ≥ 0.10 redrawn)')
    .option(
      '--judgement-p <p>',
      'probability that a judgement moves',
      (v: string) => {
        const p = Number(v);
        if (!(p >= 0 && p <= 1)) throw new InvalidArgumentError('--judgement-p must be a number from 0 to 1');
        return p;
      },
      0.2,
    )
    .option('--quiet', 'no progress bar (it is shown only when stderr is a terminal)');
  return withManifestOption(withAhpOptions(cmd))
    .addHelpText(
      'after',
      `
Per region and year: base rank, median rank, 5th–95th percentile rank interval, mean absolute rank
shift, and D's mean and 5th–95th percentiles; a summary of the mean absolute rank shift; and for
each varied input its first-order and total sensitivity index on that summary (variance-based,
Saltelli 2010 and Jansen 1999 estimators on N·(d + 2) runs, as in the JRC practice), each with the
half-width of its 95 % bootstrap confidence interval (100 resamples of the N rows; table: ± columns,
JSON: firstConf, totalConf).
CSV columns: region,year,base_rank,median_rank,rank_p05,rank_p95,mean_abs_rank_shift,D_mean,D_p05,D_p95
(the summary and the indices are in the table and JSON only). PRNG: mulberry32, never Math.random.
Formulas: docs/methods.md, section 12.`,
    )
    .action((files: string[], opts: SensitivityOptions) => sensitivityCommand(files, opts));
}
