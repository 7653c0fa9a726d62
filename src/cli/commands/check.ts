import { Command } from 'commander';
import { tolerance, withFormatOptions, type RunContext } from '../options.js';
import { compareTables, type CheckResult } from '../../core/compare.js';
import { parseComparable } from '../../input/comparable.js';
import { DEFAULT_MAX_DATA_BYTES } from '../../input/source.js';
import { readBoundedSync } from '../manifest.js';
import { renderTable } from '../../output/table.js';
import { colorFor, emit, type FormatOptions } from '../common.js';

export function renderCheck(result: CheckResult, baselineName: string, actualName: string, color: boolean): string {
  const lines: string[] = [];
  const fmt = (x: number | null) => (x === null ? '—' : Number(x.toPrecision(3)).toExponential(2));
  if (result.equal) {
    lines.push(`equal: ${result.comparedRows} rows, ${result.comparedCells} cells of ${result.columns.join(', ')} within |actual − baseline| ≤ ${result.tolerance.atol} + ${result.tolerance.rtol}·|baseline| (key ${result.key.join(',')})`);
    return lines.join('\n') + '\n';
  }
  lines.push(`DIFFERENT: ${actualName} against the baseline ${baselineName} (key ${result.key.join(',')}, atol ${result.tolerance.atol}, rtol ${result.tolerance.rtol})`);
  if (result.columnsMissingInActual.length) lines.push(`columns missing in the actual output: ${result.columnsMissingInActual.join(', ')}`);
  if (result.columnsExtraInActual.length) lines.push(`columns only in the actual output: ${result.columnsExtraInActual.join(', ')}`);
  if (result.missingInActual.length) lines.push(`${result.missingInActual.length} row(s) missing in the actual output: ${result.missingInActual.slice(0, 20).join('; ')}${result.missingInActual.length > 20 ? '; …' : ''}`);
  if (result.extraInActual.length) lines.push(`${result.extraInActual.length} row(s) only in the actual output: ${result.extraInActual.slice(0, 20).join('; ')}${result.extraInActual.length > 20 ? '; …' : ''}`);
  if (result.differences.length) {
    lines.push(`${result.differences.length} cell(s) differ beyond the tolerance${result.differences.length > 20 ? ' (the 20 largest shown)' : ''}:`);
    lines.push(
      renderTable(
        [{ header: 'key' }, { header: 'column' }, { header: 'baseline', align: 'right' }, { header: 'actual', align: 'right' }, { header: 'abs diff', align: 'right' }, { header: 'rel diff', align: 'right' }],
        result.differences.slice(0, 20).map((d) => [d.key, d.column, d.baseline, d.actual, fmt(d.absDiff), fmt(d.relDiff)]),
        { color },
      ).trimEnd(),
    );
    if (result.differences.length > 20) lines.push(`… and ${result.differences.length - 20} more (-f json lists all)`);
  }
  return lines.join('\n') + '\n';
}

export interface CheckCommandOptions extends FormatOptions {
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
  const text = opts.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : renderCheck(result, opts.baseline, actualPath, colorFor(opts));
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
