import { Command, Option } from 'commander';
import type { Lang } from '../../core/levels.js';
import { withFormatOptions, withInputOptions, type RunContext } from '../options.js';
import { mergeTables } from '../../input/panel.js';
import { readTable, type ReadFile } from '../../input/read.js';
import { summarisePanel } from '../../input/inspect.js';
import { asWritten } from '../../input/checks.js';
import { filterTables } from '../../input/filters.js';
import { CoordixError } from '../../errors.js';
import { loadModel } from '../../model/load.js';
import { renderTable, terminalSafe } from '../../output/table.js';
import { colorFor, emit, printWarnings, requireFiles, resolveFormat, type InputOptions, type FormatOptions } from '../common.js';
import { readOptions } from '../prepare.js';

/** `coordix inspect`: what coordix read, before any scoring. */
export async function inspectCommand(files: string[], opts: InputOptions & FormatOptions & { lang?: Lang }, ctx?: RunContext): Promise<void> {
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
  const zh = opts.lang === 'zh';
  const t = (en: string, cn: string) => (zh ? cn : en);
  const yearList = summary.years.filter((y) => y !== null) as number[];
  const others = summary.regions.others.length ? `${t('; not provinces, kept as given: ', '；非省级地区，按原样保留：')}${terminalSafe(summary.regions.others.slice(0, 12).join(', '))}${summary.regions.others.length > 12 ? ', …' : ''}` : '';
  const parts = [
    renderTable(
      [{ header: t('file', '文件') }, { header: t('format', '格式') }, { header: t('encoding', '编码') }, { header: t('rows', '行数'), align: 'right' }, { header: t('indicators', '指标') }],
      fileSummaries.map((f) => [f.name, f.format, f.encoding, String(f.rows), f.indicators.map((i) => (i.unit ? `${i.name} (${i.unit})` : i.name)).join(', ')]),
      { color },
    ),
    zh
      ? `\n地区：${summary.regions.count} 个（其中可识别的省级行政区 ${summary.regions.provinces} 个${others}）\n`
      : `\nregions: ${summary.regions.count} (${summary.regions.provinces} recognised provinces${others})\n`,
    `${t('years', '年份')}: ${yearList.length === 0 ? t('none (one cross-section)', '无（单一截面）') : `${yearList.length} (${yearList[0]}–${yearList[yearList.length - 1]})`}\n\n`,
    renderTable(
      [{ header: t('indicator', '指标') }, { header: t('unit', '单位') }, { header: t('missing', '缺失'), align: 'right' }, { header: t('text', '文本'), align: 'right' }, { header: t('missing by year', '各年缺失') }],
      summary.indicators.map((i) => [i.name, i.unit ?? '', `${i.missing}/${i.cells}`, String(i.invalid), i.missingByYear.map((m) => `${m.year ?? '—'}: ${m.count}`).join(', ')]),
      { color },
    ),
  ];
  if (summary.checks.length > 0) {
    parts.push(
      t(
        `\nsuspected breaks (a value over 4× or under 1/4 of the median of its region's neighbouring years; a whole panel moving over 2× in one year — a unit, scope or vintage change?):\n`,
        `\n疑似断点（某值超过本地区相邻年份中位数的 4 倍或不足其 1/4；或全体地区在某一年整体变动超过 2 倍——单位、统计口径或版本变化？）：\n`,
      ),
    );
    parts.push(
      renderTable(
        [{ header: t('indicator', '指标') }, { header: t('region', '地区') }, { header: t('year', '年份'), align: 'right' }, { header: t('value', '数值'), align: 'right' }, { header: t('compared with', '比较对象') }, { header: t('ratio', '比值'), align: 'right' }],
        summary.checks.slice(0, 40).map((c) =>
          c.kind === 'shift'
            ? [c.indicator, t(`all (${c.regions})`, `全部（${c.regions}）`), String(c.year), '', t(`${c.year - 1} (median ratio)`, `${c.year - 1}（比值中位数）`), `${c.ratio.toFixed(2)}×`]
            : [c.indicator, c.region!, String(c.year), asWritten(c.value), `${t('median', '中位数')} ${asWritten(c.reference)}`, `${c.ratio >= 10 ? c.ratio.toFixed(0) : c.ratio.toFixed(2)}×`],
        ),
        { color },
      ),
    );
    if (summary.checks.length > 40) parts.push(t(`… and ${summary.checks.length - 40} more (-f json lists all)\n`, `……另有 ${summary.checks.length - 40} 处（-f json 列出全部）\n`));
  } else parts.push(t('\nno suspected breaks\n', '\n未发现疑似断点\n'));
  if (failed.length > 0) parts.push(`${t(`\ncould not read ${failed.length} file${failed.length === 1 ? '' : 's'}`, `\n无法读取 ${failed.length} 个文件`)}:\n${failed.map((f) => `  ${f.error}\n`).join('')}`);
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
    .addOption(new Option('--lang <lang>', 'language of the table titles and headers').choices(['en', 'zh']).default('en'))
    .addHelpText(
      'after',
      `
  A suspected break is a value over 4 times (or under a quarter of) the median of its region's
  neighbouring years (two either side) — like a 1 % population-sample year among 1 ‰ years — or the
  whole panel moving over 2× in one year (one line, not one per region). The same checks run in
  every command that scores, as warnings (--strict: errors). A file that cannot be read is
  reported and the others are inspected (exit code 1). --years and --regions narrow the tables.`,
    )
    .action((files: string[], opts: InputOptions & FormatOptions & { lang?: Lang }) => inspectCommand(files, opts, ctx));
}
