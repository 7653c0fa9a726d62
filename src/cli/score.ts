import { evaluate } from '../core/pipeline.js';
import { useColor } from '../output/table.js';
import { scoresChart, scoresCsv, scoresJson, scoresTable, type PresentOptions } from '../output/scores.js';
import { checkOutputs, colorFor, emit, printWarnings, requireFiles, resolveFormat, type InputOptions, type OutputOptions } from './common.js';
import { prepare, writeImputed } from './prepare.js';

export const SCORE_FORMATS = ['table', 'csv', 'json'];

export interface ScoreOptions extends InputOptions, OutputOptions {
  allowInconsistent?: boolean;
  chart?: boolean;
}

/** `coordix score`: the coordination index of every region in every year. */
export async function scoreCommand(files: string[], opts: ScoreOptions): Promise<void> {
  requireFiles(files, 'score');
  checkOutputs([opts.output, opts.imputed, opts.manifest], files);
  const format = resolveFormat(opts, SCORE_FORMATS);
  const { data, loaded, warnings } = await prepare(files, opts);
  const result = evaluate(data, loaded.model, { allowInconsistent: opts.allowInconsistent });
  result.warnings.unshift(...warnings);
  const present: PresentOptions = { lang: opts.lang, regionNames: opts.regionNames, precision: opts.precision, color: colorFor(opts), bom: opts.bom };
  let text: string;
  if (format === 'csv') text = scoresCsv(result, present);
  else if (format === 'json') text = scoresJson(result, present, data.imputed.length ? { imputed: data.imputed } : {});
  else text = scoresTable(result, present) + (opts.chart ? '\n' + scoresChart(result, present) : '');
  writeImputed(opts.imputed, data);
  emit(text, opts, files);
  // With csv/json on stdout the chart goes to stderr, so pipes stay clean.
  if (opts.chart && format !== 'table') process.stderr.write(scoresChart(result, { ...present, color: useColor(process.stderr, opts.color) }));
  printWarnings(result.warnings);
}
