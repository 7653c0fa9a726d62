import { Command } from 'commander';
import { Option } from 'commander';
import { positiveInteger, withAhpOptions, withInputOptions } from '../options.js';
import { UsageError } from '../../errors.js';
import { terminalSafe } from '../../output/table.js';
import { capturingConsole, emit, printWarnings, type InputOptions, type OutputOptions } from '../common.js';
import { prepareAndEvaluate } from '../prepare.js';
import { standardsColumns } from '../standards-columns.js';
import { bandFlag } from '../band-output.js';
import { stdio } from '../stdio.js';

export interface ReportCommandOptions extends InputOptions, OutputOptions {
  year?: number;
  title?: string;
  allowInconsistent?: boolean;
  band?: string;
}

/** `coordix report`: one self-contained HTML file. */
export async function reportCommand(files: string[], opts: ReportCommandOptions): Promise<void> {
  if (!opts.output) throw new UsageError('coordix report: give the HTML file to write with -o report.html (or -o - for stdout)');
  const band = opts.band === undefined ? undefined : bandFlag('--band', opts.band);
  const { result, panel } = await prepareAndEvaluate('report', files, opts);
  const years = new Set(result.years);
  if (opts.year !== undefined && !years.has(opts.year)) {
    throw new UsageError(`--year ${opts.year}: not in the data (years: ${[...years].filter((y) => y !== null).join(', ') || 'none'})`);
  }
  // The report's libraries (Observable Plot, linkedom) load only when a report is written.
  const { renderReport } = await import('../../output/report.js');
  // The plotting library's own console warnings are kept off stderr (the report's warnings say what matters).
  const { html, warnings: reportWarnings } = capturingConsole(() => renderReport(result, { lang: opts.lang, year: opts.year, regionNames: opts.regionNames, title: opts.title, standards: standardsColumns(panel), band })).value;
  emit(html, opts, files);
  if (opts.output !== '-') stdio.err(`wrote ${terminalSafe(opts.output)} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KB)\n`);
  printWarnings([...result.warnings, ...reportWarnings]);
}


/** The definition of `coordix report`. */
export function define() {
  return withAhpOptions(
    withInputOptions(
      new Command('report')
        .description('write ONE self-contained HTML report: map (tile grid) by level, ranking, D over the years, dimension heat map, disparity, Moran scatter and LISA clusters, kernel densities, Dagum decomposition, level transitions, the five standards, methods')
        .argument('[files...]', 'input files, or - for stdin'),
    )
      .requiredOption('-o, --output <file>', 'the HTML file to write (safely: temporary file, then rename); - for stdout')
      .option('--no-color', 'accepted for symmetry with the other commands (the report has no terminal colour)')
      .addOption(new Option('--lang <lang>', 'language of the report').choices(['en', 'zh'] as const).default('en'))
      .option('--year <year>', 'the year of the map, ranking and heat map (default: the latest)', positiveInteger('--year', 9999))
      .option('--title <text>', 'the report title')
      .option('--band <lo:hi>', 'a tolerable band on D, shaded on the chart of D over the years, e.g. 0.5:0.8'),
  )
    .addHelpText(
      'after',
      `
No network access is needed to open it: CSS and SVG are inline, fonts come from the system, and no
script runs (charts are Observable Plot rendered to static SVG; hover details are SVG titles).
Everything taken from the input is escaped. Regions that are not among the 31 provinces are left
out of the map and the NBS-region charts, with a warning. Cost: about a second for the sample.`,
    )
    .action((files: string[], opts: ReportCommandOptions) => reportCommand(files, opts));
}
