import { Command, Option } from 'commander';
import { tolerance, withFormatOptions, type RunContext } from '../options.js';
import { compareTables, type CheckResult } from '../../core/compare.js';
import { parseComparable } from '../../input/comparable.js';
import { DEFAULT_MAX_DATA_BYTES } from '../../input/source.js';
import { readBoundedSync } from '../manifest.js';
import { renderTable } from '../../output/table.js';
import { colorFor, emit, type FormatOptions } from '../common.js';

/** The words of the check report, in English and Chinese (--lang). */
const WORDS = {
  en: {
    equal: (rows: number, cells: number, columns: string, atol: number, rtol: number, key: string) => `equal: ${rows} rows, ${cells} cells of ${columns} within |actual − baseline| ≤ ${atol} + ${rtol}·|baseline| (key ${key})`,
    different: (actual: string, baseline: string, key: string, atol: number, rtol: number) => `DIFFERENT: ${actual} against the baseline ${baseline} (key ${key}, atol ${atol}, rtol ${rtol})`,
    columnsMissing: 'columns missing in the actual output',
    columnsExtra: 'columns only in the actual output',
    rowsMissing: (n: number) => `${n} row(s) missing in the actual output`,
    rowsExtra: (n: number) => `${n} row(s) only in the actual output`,
    cells: (n: number) => `${n} cell(s) differ beyond the tolerance${n > 20 ? ' (the 20 largest shown)' : ''}:`,
    more: (n: number) => `… and ${n} more (-f json lists all)`,
    headers: ['key', 'column', 'baseline', 'actual', 'abs diff', 'rel diff'],
  },
  zh: {
    equal: (rows: number, cells: number, columns: string, atol: number, rtol: number, key: string) => `一致：${rows} 行、${columns} 的 ${cells} 个单元格均满足 |实际 − 基准| ≤ ${atol} + ${rtol}·|基准|（键 ${key}）`,
    different: (actual: string, baseline: string, key: string, atol: number, rtol: number) => `不一致：${actual} 与基准 ${baseline}（键 ${key}，atol ${atol}，rtol ${rtol}）`,
    columnsMissing: '实际输出缺少的列',
    columnsExtra: '仅实际输出有的列',
    rowsMissing: (n: number) => `实际输出缺少 ${n} 行`,
    rowsExtra: (n: number) => `仅实际输出有 ${n} 行`,
    cells: (n: number) => `${n} 个单元格超出容差${n > 20 ? '（显示最大的 20 个）' : ''}：`,
    more: (n: number) => `…… 另有 ${n} 个（-f json 列出全部）`,
    headers: ['键', '列', '基准', '实际', '绝对差', '相对差'],
  },
};

export function renderCheck(result: CheckResult, baselineName: string, actualName: string, color: boolean, lang: 'en' | 'zh' = 'en'): string {
  const w = WORDS[lang];
  const lines: string[] = [];
  const fmt = (x: number | null) => (x === null ? '—' : Number(x.toPrecision(3)).toExponential(2));
  const key = result.key.join(',');
  if (result.equal) {
    lines.push(w.equal(result.comparedRows, result.comparedCells, result.columns.join(', '), result.tolerance.atol, result.tolerance.rtol, key));
    return lines.join('\n') + '\n';
  }
  lines.push(w.different(actualName, baselineName, key, result.tolerance.atol, result.tolerance.rtol));
  if (result.columnsMissingInActual.length) lines.push(`${w.columnsMissing}: ${result.columnsMissingInActual.join(', ')}`);
  if (result.columnsExtraInActual.length) lines.push(`${w.columnsExtra}: ${result.columnsExtraInActual.join(', ')}`);
  if (result.missingInActual.length) lines.push(`${w.rowsMissing(result.missingInActual.length)}: ${result.missingInActual.slice(0, 20).join('; ')}${result.missingInActual.length > 20 ? '; …' : ''}`);
  if (result.extraInActual.length) lines.push(`${w.rowsExtra(result.extraInActual.length)}: ${result.extraInActual.slice(0, 20).join('; ')}${result.extraInActual.length > 20 ? '; …' : ''}`);
  if (result.differences.length) {
    lines.push(w.cells(result.differences.length));
    const [k, c, b, a, abs, rel] = w.headers;
    lines.push(
      renderTable(
        [{ header: k }, { header: c }, { header: b, align: 'right' }, { header: a, align: 'right' }, { header: abs, align: 'right' }, { header: rel, align: 'right' }],
        result.differences.slice(0, 20).map((d) => [d.key, d.column, d.baseline, d.actual, fmt(d.absDiff), fmt(d.relDiff)]),
        { color },
      ).trimEnd(),
    );
    if (result.differences.length > 20) lines.push(w.more(result.differences.length - 20));
  }
  return lines.join('\n') + '\n';
}

export interface CheckCommandOptions extends FormatOptions {
  lang?: 'en' | 'zh';
  baseline: string;
  atol: number;
  rtol: number;
  columns?: string;
  key?: string;
}

/** `coordix check ACTUAL --baseline EXPECTED`: exit 0 when equal within tolerance, 1 otherwise. */
export async function checkCommand(actualPath: string, opts: CheckCommandOptions): Promise<boolean> {
  const list = (s?: string) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined);
  // Both read in bounded pieces (1 GiB each): /dev/zero ends with a clear error.
  const read = (path: string, what: string) => parseComparable(readBoundedSync(path, what, DEFAULT_MAX_DATA_BYTES).toString('utf8'), path);
  const result = compareTables(read(opts.baseline, 'baseline'), read(actualPath, 'file to check'), { atol: opts.atol, rtol: opts.rtol, columns: list(opts.columns), key: list(opts.key) });
  const text = opts.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : renderCheck(result, opts.baseline, actualPath, colorFor(opts), opts.lang);
  emit(text, opts, [actualPath, opts.baseline]);
  return result.equal;
}


/** The definition of `coordix check`; a difference beyond the tolerance makes the run fail (exit 1). */
export function define(ctx: RunContext) {
  return withFormatOptions(
    new Command('check')
      .description('compare a coordix output with a baseline by key: exit 0 when every number is within tolerance, 1 otherwise')
      .argument('<actual>', 'a coordix CSV or JSON output')
      .requiredOption('--baseline <file>', 'the expected output (CSV or JSON)')
      .option('--atol <x>', 'absolute tolerance', tolerance('--atol'), 1e-9)
      .option('--rtol <x>', 'relative tolerance', tolerance('--rtol'), 1e-9)
      .option('--columns <list>', 'compare only these columns, e.g. D,T (default: every common column)')
      .option('--key <list>', 'key columns (default by output kind: region,year for scores; year,measure,group for gap; …)'),
    ['table', 'json'],
    'report format',
  )
    .addOption(new Option('--lang <lang>', 'language of the report').choices(['en', 'zh']).default('en'))
    .addHelpText(
      'after',
      `
  A number passes when |actual − baseline| ≤ atol + rtol·|baseline|; text columns (level_name, lagging)
  must be equal. Rows missing on either side, and columns missing on either side, fail the check.
  The table lists the differences (key, column, baseline, actual, abs and rel diff), largest first, at
  most 20, with a count; -f json lists all.`,
    )
    .action(async (actual: string, opts: CheckCommandOptions) => {
      if (!(await checkCommand(actual, opts))) ctx.fail();
    });
}
