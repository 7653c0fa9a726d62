import { useColor } from '../output/table.js';
import { scoresChart, scoresCsvChunks, scoresJson, scoresTable, type PresentOptions } from '../output/scores.js';
import { colorFor, emit, printWarnings, resolveFormat, type InputOptions, type OutputOptions } from './common.js';
import { frozenState, writeManifest } from './manifest.js';
import { prepareAndEvaluate, writeImputed } from './prepare.js';
import { isTerminal, stdio } from './stdio.js';

export const SCORE_FORMATS = ['table', 'csv', 'json'];

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
  const present: PresentOptions = { lang: opts.lang, regionNames: opts.regionNames, precision: opts.precision, color: colorFor(opts), bom: opts.bom };
  let text: string | Iterable<string | Uint8Array>;
  if (format === 'csv') text = scoresCsvChunks(result, present);
  else if (format === 'json') text = scoresJson(result, present, data.imputed.length ? { imputed: data.imputed } : {});
  else text = scoresTable(result, present) + (opts.chart ? '\n' + scoresChart(result, present) : '');
  const outputs = [...writeImputed(opts.imputed, data), emit(text, opts, files, { hash: Boolean(opts.manifest) })];
  // With csv/json on stdout the chart goes to stderr, so pipes stay clean.
  if (opts.chart && format !== 'table') stdio.err(scoresChart(result, { ...present, color: useColor(isTerminal(2), opts.color) }));
  printWarnings(result.warnings);
  writeManifest(opts.manifest, { command: 'score', inputs: panel.files, loaded, result, warnings: result.warnings, imputed: data.imputed, outputs });
}
