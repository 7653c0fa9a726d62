import { Command } from 'commander';
import { withFormatOptions, withInputOptions } from '../options.js';
import { mergeTables } from '../../input/panel.js';
import { readTable, type ReadFile } from '../../input/read.js';
import { summarisePanel } from '../../input/inspect.js';
import { loadModel } from '../../model/load.js';
import { renderTable } from '../../output/table.js';
import { colorFor, emit, requireFiles, resolveFormat, type InputOptions, type FormatOptions } from '../common.js';
import { readOptions } from '../prepare.js';

/** `coordix inspect`: what coordix read, before any scoring. */
export async function inspectCommand(files: string[], opts: InputOptions & FormatOptions): Promise<void> {
  requireFiles(files, 'inspect');
  const format = resolveFormat(opts, ['table', 'json']);
  const { model } = await loadModel(opts.model);
  const read: ReadFile[] = [];
  for (const f of files) read.push(await readTable(f, readOptions(model, opts, { hash: true })));
  const panel = mergeTables(
    read.map((r) => r.table),
    read.map((r) => r.info),
  );
  const summary = summarisePanel(panel);
  const fileSummaries = read.map((r) => ({ ...r.info, indicators: r.table.columns }));
  if (format === 'json') {
    emit(JSON.stringify({ files: fileSummaries, ...summary }, null, 2) + '\n', opts, files);
    return;
  }
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
  if (summary.breaks.length > 0) {
    parts.push(`\nsuspected breaks (a value more than 5× or under 1/5 of its neighbours in the same region — a unit or sampling change?):\n`);
    parts.push(
      renderTable(
        [{ header: 'indicator' }, { header: 'region' }, { header: 'year', align: 'right' }, { header: 'value', align: 'right' }, { header: 'neighbours' }, { header: 'ratio', align: 'right' }],
        summary.breaks.slice(0, 40).map((b) => [b.indicator, b.region, String(b.year), String(b.value), b.neighbours.map((n) => `${n.year}: ${n.value}`).join(', '), `${b.ratio.toFixed(1)}×`]),
        { color },
      ),
    );
    if (summary.breaks.length > 40) parts.push(`… and ${summary.breaks.length - 40} more (-f json lists all)\n`);
  } else parts.push('\nno suspected breaks\n');
  emit(parts.join(''), opts, files);
}


/** The definition of `coordix inspect`. */
export function define() {
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
  A suspected break is a value more than 5 times (or under a fifth of) its neighbouring years in the
  same region — like a 1 % population-sample year among 1 ‰ years.`,
    )
    .action((files: string[], opts: InputOptions & FormatOptions) => inspectCommand(files, opts));
}
