import { Command } from 'commander';
import { withAhpOptions, withInputOptions, withHeadersOption, withManifestOption, withOutputOptions } from '../options.js';
import { useColor } from '../../output/table.js';
import { scoresChart, scoresCsvChunks, scoresJson, scoresTable, type PresentOptions } from '../../output/scores.js';
import { colorFor, emit, printWarnings, resolveFormat, type InputOptions, type OutputOptions } from '../common.js';
import { frozenState, writeManifest } from '../manifest.js';
import { prepareAndEvaluate, writeImputed } from '../prepare.js';
import { workbookOutput } from '../workbook.js';
import { scoreWorkbookSheets } from '../../output/score-workbook.js';
import { isTerminal, stdio } from '../stdio.js';

export const SCORE_FORMATS = ['table', 'csv', 'json', 'xlsx'];

export interface ScoreOptions extends InputOptions, OutputOptions {
  allowInconsistent?: boolean;
  chart?: boolean;
  frozen?: string;
}

/** `coordix score`: the coordination index of every region in every year. */
export async function scoreCommand(files: string[], opts: ScoreOptions): Promise<void> {
  const format = resolveFormat(opts, SCORE_FORMATS);
  const { data, loaded, panel, result } = await prepareAndEvaluate('score', files, opts, {
    protect: opts.frozen ? [opts.frozen] : [],
    frozen: ({ loaded: { model } }) =>
      opts.frozen ? frozenState(opts.frozen, model.dimensions.flatMap((d) => d.indicators.map((i) => i.id)), model.dimensions.map((d) => d.id)) : undefined,
  });
  const present: PresentOptions = { lang: opts.lang, regionNames: opts.regionNames, precision: opts.precision, color: colorFor(opts), bom: opts.bom, headers: opts.headers };
  let text: string | Iterable<string | Uint8Array>;
  if (format === 'xlsx') text = [workbookOutput(scoreWorkbookSheets(result, present), opts)];
  else if (format === 'csv') text = scoresCsvChunks(result, present);
  else if (format === 'json') text = scoresJson(result, present, data.imputed.length ? { imputed: data.imputed } : {});
  else text = scoresTable(result, present) + (opts.chart ? '\n' + scoresChart(result, present) : '');
  const outputs = [...writeImputed(opts.imputed, data), emit(text, opts, files, { hash: Boolean(opts.manifest) })];
  // With csv/json on stdout the chart goes to stderr, so pipes stay clean.
  if (opts.chart && format !== 'table') stdio.err(scoresChart(result, { ...present, color: useColor(isTerminal(2), opts.color) }));
  printWarnings(result.warnings);
  writeManifest(opts.manifest, { command: 'score', inputs: panel.files, loaded, result, warnings: result.warnings, imputed: data.imputed, outputs });
}


/** The definition of `coordix score`. */
export function define() {
  const cmd = withHeadersOption(withOutputOptions(
    withInputOptions(
      new Command('score')
        .description('score every region in every year: dimension scores U, development T, coupling C, coordination D, level, rank, lagging dimension')
        .argument('[files...]', 'CSV files (wide: region, year, indicator columns), or - for stdin'),
    ),
    SCORE_FORMATS,
  ));
  return withManifestOption(
    withAhpOptions(cmd)
      .option('--chart', 'also draw D by region for the latest year as bars (to stderr with -f csv/json)')
      .option('--frozen <manifest>', "take the weights and min/max bounds from an earlier run's manifest (pooled scope): earlier years keep their scores; values outside the bounds are clamped to [0, 1] and reported"),
  )
    .addHelpText(
      'after',
      `
  Output columns (csv; json rows have the same fields):
    region,year,<dimension ids in model order>,T,C,D,level,level_name,rank,lagging
  -f xlsx (or -o scores.xlsx): one workbook with sheets scores, weights, settings, warnings;
  numbers as number cells, the header row frozen, labels in --lang (得分, 权重, 设置, 警告).
  Conventions (docs/methods.md): min–max normalisation (pooled over all years by default) into the
  model's range [a, b] (the built-in model: [0.01, 0.99], so no U is 0), entropy weights with
  0·ln0 = 0, U = Σ w·z, T = Σ W·U, classic C = K·(ΠU)^(1/K)/ΣU (or [ΠU/(ΣU/K)^K]^k with
  coupling.k), D = √(C·T), ten levels of D in [lower, upper) with D = 1 in level 10 (or the model's
  levels), ranks within each year (ties share the smallest). A warning names the region-years where
  some U_k = 0 makes C = 0. Model keys for every other convention: README "The model".
  Cost: linear in cells; a 28 MB panel takes about a second.

  Examples:
    coordix score fixtures/china-provinces.csv
    coordix score data/*.csv -m model.yaml -f csv -o scores.csv
    cat data.csv | coordix score - -f json | jq '.rows[0]'`,
    )
    .action((files: string[], opts: ScoreOptions) => scoreCommand(files, opts));
}
