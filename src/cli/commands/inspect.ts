import { Command } from 'commander';
import { withFormatOptions, withInputOptions, type RunContext } from '../options.js';
import { mergeTables } from '../../input/panel.js';
import { readTable, type ReadFile } from '../../input/read.js';
import { summarisePanel } from '../../input/inspect.js';
import { asWritten } from '../../input/checks.js';
import { filterTables } from '../../input/filters.js';
import { CoordixError } from '../../errors.js';
import { loadModel } from '../../model/load.js';
import { renderTable } from '../../output/table.js';
import { colorFor, emit, printWarnings, requireFiles, resolveFormat, type InputOptions, type FormatOptions } from '../common.js';
import { readOptions } from '../prepare.js';

/** `coordix inspect`: what coordix read, before any scoring. */
export async function inspectCommand(files: string[], opts: InputOptions & FormatOptions, ctx?: RunContext): Promise<void> {
  requireFiles(files, 'inspect');
  const format = resolveFormat(opts, ['table', 'json']);
  const { model } = await loadModel(opts.model);
  const read: ReadFile[] = [];
  const failed: { file: string; error: string }[] = [];
  const options = readOptions(model, opts, { hash: true });
  for (const f of files) {
    // A file that cannot be read is reported, and the others are still inspected.
    try {
      read.push(await readTable(f, options));
    } catch (e) {
      if (!(e instanceof CoordixError)) throw e;
      failed.push({ file: f, error: e.message.split('\n')[0] });
    }
  }
  if (failed.length > 0) ctx?.fail();
  if (read.length === 0) throw new CoordixError(`no input could be read: ${failed.map((f) => f.error).join('; ')}`);
  const filtered = filterTables(
    read.map((r) => r.table),
    { years: options.years, regions: options.regions },
  );
  const panel = mergeTables(
    filtered.tables,
    read.map((r) => r.info),
  );
  const summary = summarisePanel(panel);
  const fileSummaries = read.map((r) => ({ ...r.info, indicators: r.table.columns }));
  if (format === 'json') {
    emit(JSON.stringify({ files: fileSummaries, failed, ...summary, warnings: [...filtered.warnings, ...panel.warnings] }, null, 2) + '\n', opts, files);
    return;
  }
  printWarnings([...filtered.warnings, ...panel.warnings]);
  const color = colorFor(opts);
  const yearList = summary.years.filter((y) => y !== null) as number[];
  const parts = [
    renderTable(
      [{ header: 'file' }, { header: 'format' }, { header: 'encoding' }, { header: 'rows', align: 'right' }, { header: 'indicators' }],
      fileSummaries.map((f) => [f.name, f.format, f.encoding, String(f.rows), f.indicators.map((i) => (i.unit ? `${i.name} (${i.unit})` : i.name)).join(', ')]),
      { color },
    ),
    `\nregions: ${summary.regions.count} (${summary.regions.provinces} recognised provinces${summary.regions.others.length ? `; not provinces, kept as given: ${summary.regions.others.slice(0, 12).join(', ')}${summary.regions.others.length > 12 ? ', …' : ''}` : ''})\n`,
    `years: ${yearList.length === 0 ? 'none (one cross-section)' : `${yearList.length} (${yearList[0]}–${yearList[yearList.length - 1]})`}\n\n`,
    renderTable(
      [{ header: 'indicator' }, { header: 'unit' }, { header: 'missing', align: 'right' }, { header: 'text', align: 'right' }, { header: 'missing by year' }],
      summary.indicators.map((i) => [i.name, i.unit ?? '', `${i.missing}/${i.cells}`, String(i.invalid), i.missingByYear.map((m) => `${m.year ?? '—'}: ${m.count}`).join(', ')]),
      { color },
    ),
  ];
  if (summary.checks.length > 0) {
    parts.push(`\nsuspected breaks (a value over 4× or under 1/4 of the median of its region's neighbouring years; a whole panel moving over 1.5× in one year — a unit, scope or vintage change?):\n`);
    parts.push(
      renderTable(
        [{ header: 'indicator' }, { header: 'region' }, { header: 'year', align: 'right' }, { header: 'value', align: 'right' }, { header: 'compared with' }, { header: 'ratio', align: 'right' }],
        summary.checks.slice(0, 40).map((c) =>
          c.kind === 'shift'
            ? [c.indicator, `all (${c.regions})`, String(c.year), '', `${c.year - 1} (median ratio)`, `${c.ratio.toFixed(2)}×`]
            : [c.indicator, c.region!, String(c.year), asWritten(c.value), `median ${asWritten(c.reference)}`, `${c.ratio >= 10 ? c.ratio.toFixed(0) : c.ratio.toFixed(2)}×`],
        ),
        { color },
      ),
    );
    if (summary.checks.length > 40) parts.push(`… and ${summary.checks.length - 40} more (-f json lists all)\n`);
  } else parts.push('\nno suspected breaks\n');
  if (failed.length > 0) parts.push(`\ncould not read ${failed.length} file${failed.length === 1 ? '' : 's'}:\n${failed.map((f) => `  ${f.error}\n`).join('')}`);
  emit(parts.join(''), opts, files);
}


/** The definition of `coordix inspect`. */
export function define(ctx?: RunContext) {
  return withFormatOptions(
    withInputOptions(
      new Command('inspect')
        .description('show what coordix read: formats, encodings, indicators with units, regions, years, missing cells, suspected breaks')
        .argument('[files...]', 'input files (CSV in any dialect, NBS exports, .xlsx/.xls), or - for stdin'),
    ),
    ['table', 'json'],
  )
    .addHelpText(
      'after',
      `
  A suspected break is a value over 4 times (or under a quarter of) the median of its region's
  neighbouring years (two either side) — like a 1 % population-sample year among 1 ‰ years — or the
  whole panel moving over 1.5× in one year (one line, not one per region). The same checks run in
  every command that scores, as warnings (--strict: errors). A file that cannot be read is
  reported and the others are inspected (exit code 1). --years and --regions narrow the tables.`,
    )
    .action((files: string[], opts: InputOptions & FormatOptions) => inspectCommand(files, opts, ctx));
}
