import { UsageError } from '../errors.js';
import { renderReport } from '../output/report.js';
import { emit, printWarnings, type InputOptions, type OutputOptions } from './common.js';
import { prepareAndEvaluate } from './prepare.js';
import { stdio } from './stdio.js';

export interface ReportCommandOptions extends InputOptions, OutputOptions {
  year?: number;
  title?: string;
  allowInconsistent?: boolean;
}

/** `coordix report`: one self-contained HTML file. */
export async function reportCommand(files: string[], opts: ReportCommandOptions): Promise<void> {
  if (!opts.output) throw new UsageError('coordix report: give the HTML file to write with -o report.html (or -o - for stdout)');
  const { result } = await prepareAndEvaluate('report', files, opts);
  const years = new Set(result.years);
  if (opts.year !== undefined && !years.has(opts.year)) {
    throw new UsageError(`--year ${opts.year}: not in the data (years: ${[...years].filter((y) => y !== null).join(', ') || 'none'})`);
  }
  const { html, warnings: reportWarnings } = renderReport(result, { lang: opts.lang, year: opts.year, regionNames: opts.regionNames, title: opts.title });
  emit(html, opts, files);
  if (opts.output !== '-') stdio.err(`wrote ${opts.output} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KB)\n`);
  printWarnings([...result.warnings, ...reportWarnings]);
}
