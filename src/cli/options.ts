import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Lang } from '../core/levels.js';
import type { RegionNameStyle } from '../regions/names.js';
import type { MissingPolicy } from '../input/resolve.js';
import { FilterSyntaxError, parseRegions, parseYears } from '../input/filters.js';

/**
 * The option groups that several commands share, each defined once so that a flag means the same
 * in every command: input (-m, --encoding, --missing, …), output (-f, -o, --no-color and, for data,
 * --precision, --bom, --lang), the AHP acceptance flag and the manifest.
 */

/** The version in package.json (src/cli → dist/cli, two folders below it). */
export const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

/** What every command that reads data is given. */
export interface InputOptions {
  model?: string;
  encoding?: string;
  missing: MissingPolicy;
  imputed?: string;
  maxRows?: number;
  /** `--max-bytes N`: refuse an input file (or stdin) past N bytes (default 1 GiB). */
  maxBytes?: number;
  regionNames: RegionNameStyle;
  long?: boolean;
  sheet?: string;
  headerRow?: number;
  /** `--indicator NAME` or `--indicator FILE=NAME`, each as given (repeatable). */
  indicator?: string[];
  /** `--years 2015-2021`: only these years (before missing-value handling). */
  years?: number[];
  /** `--regions 北京,天津` / provinces / east|central|west|northeast: only these regions. */
  regions?: string[];
  /** `--aliases FILE`: a CSV name,region of region aliases. */
  aliases?: string;
  /** `--strict`: the data checks (breaks, outliers, impossible values) are errors, not warnings. */
  strict?: boolean;
}

/** What every command that prints something is given (-f, -o, --no-color). */
export interface FormatOptions {
  format?: string;
  output?: string;
  color?: boolean;
}

/** What every command that writes data is given. */
export interface OutputOptions extends FormatOptions {
  precision?: number;
  bom?: boolean;
  lang: Lang;
  /** `--headers ids|labels`: CSV column names as ids (default) or as labels in --lang. */
  headers?: 'ids' | 'labels';
  manifest?: string;
}

function integerIn(lo: number, hi: number, name: string) {
  return (value: string): number => {
    if (!/^[0-9]+$/.test(value) || Number(value) < lo || Number(value) > hi) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${lo} to ${hi}`);
    }
    return Number(value);
  };
}

/** A parser for a whole number from 1 to `max`. */
export function positiveInteger(name: string, max = Number.MAX_SAFE_INTEGER) {
  return integerIn(1, max, name);
}

/** A parser for a tolerance: a finite number ≥ 0 written in decimal or exponent form. */
export function tolerance(name: string) {
  return (value: string): number => {
    const x = Number(value);
    // 1e999 and 1e400 parse as Infinity: a tolerance that accepts everything is refused.
    if (!/^[0-9.eE+-]+$/.test(value) || !(x >= 0) || !Number.isFinite(x)) throw new InvalidArgumentError(`${name} must be a finite number ≥ 0, like 1e-9`);
    return x;
  };
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A --years/--regions parser whose syntax errors are commander usage errors (exit 2). */
function filterParser<T>(parse: (text: string) => T) {
  return (value: string): T => {
    try {
      return parse(value);
    } catch (e) {
      if (e instanceof FilterSyntaxError) throw new InvalidArgumentError(e.reason);
      throw e;
    }
  };
}

/** Input files, the model and how to read them. */
export function withInputOptions(cmd: Command): Command {
  return cmd
    .option('-m, --model <file>', 'model file, YAML or JSON (default: the built-in five-dimension model)')
    .addOption(new Option('--encoding <name>', 'input encoding, instead of detection (strict UTF-8, then GB18030)').choices(['utf8', 'gbk', 'gb18030'] ))
    .addOption(
      new Option('--missing <policy>', "missing needed values: error, drop region-years, interpolate within the region, or the year's mean")
        .choices(['error', 'drop', 'interpolate', 'mean'] )
        .default('error' ),
    )
    .option('--imputed <file>', 'write every imputed cell as CSV (region,year,indicator,method,value)')
    .option('--max-rows <n>', 'refuse files with more rows than this (default 1000000)', positiveInteger('--max-rows'))
    .option('--max-bytes <n>', 'refuse an input file or stdin larger than n bytes (default 1073741824, 1 GiB)', positiveInteger('--max-bytes'))
    .option('--long', 'read files as long format: region, year, indicator, value (detected by those headers anyway)')
    .option('--sheet <name|n>', 'sheet of an .xlsx/.xls workbook: its name or 1-based number (default: the first with content)')
    .option('--header-row <n>', 'the header is row n (1-based) instead of the first row holding the region column or 地区', positiveInteger('--header-row'))
    .option('--indicator <[file=]name>', 'indicator name for NBS exports that have no 指标 line, e.g. "地方财政一般公共预算支出(亿元)"; FILE=NAME names one file\'s (repeatable; needed when several files lack the line)', collect, undefined)
    .option('--years <list>', 'only these years, before missing values are handled: 2015-2021 or 2015,2017,2019-2021 (overrides the model\'s years:)', filterParser(parseYears))
    .option('--regions <list>', 'only these regions: names (北京,天津), provinces (the 31), or east, central, west, northeast (overrides the model\'s regions:)', filterParser(parseRegions))
    .option('--aliases <file>', 'CSV of region aliases, name,region (e.g. Mongolia,内蒙古), added to the model\'s aliases:')
    .option('--strict', 'the data checks (series breaks, outliers, panel-wide level shifts, values outside valid:) stop the run instead of warning')
    .addOption(
      new Option('--region-names <style>', 'print regions as given, or as zh (北京), zh-full (北京市), en (Beijing), code (110000)')
        .choices(['as-given', 'zh', 'zh-full', 'en', 'code'] )
        .default('as-given' ),
    );
}

/** -f, -o and --no-color: every command that prints something. */
export function withFormatOptions(cmd: Command, formats: readonly string[], what = 'output format'): Command {
  return cmd
    .addOption(new Option('-f, --format <format>', `${what} (default: from the -o extension, else ${formats[0]})`).choices(formats))
    .option('-o, --output <file>', 'write to this file (safely: temporary file, then rename) instead of stdout')
    .option('--no-color', 'no colour in tables (also off for NO_COLOR and when not a terminal)');
}

/** Data output: the format options, and --precision, --bom, --lang. */
export function withOutputOptions(cmd: Command, formats: readonly string[]) {
  return withFormatOptions(cmd, formats)
    .option('--precision <n>', 'round numbers in CSV/JSON to n decimals (0–17; default: full precision)', integerIn(0, 17, '--precision'))
    .option('--bom', 'start CSV output with a UTF-8 BOM so that Excel shows Chinese correctly')
    .addOption(new Option('--lang <lang>', 'language of table headers, labels and level names').choices(['en', 'zh']).default('en'));
}

/** --headers: the commands whose CSV can name its columns by their labels (score, obstacles). */
export function withHeadersOption(cmd: Command): Command {
  return cmd.addOption(new Option('--headers <kind>', 'CSV column names: ids (stable for scripts) or labels in --lang (地区, 年份, 经济发展, …, 耦合协调度 D)').choices(['ids', 'labels']).default('ids'));
}

/** --allow-inconsistent: every command that may compute AHP weights. */
export function withAhpOptions(cmd: Command): Command {
  return cmd.option('--allow-inconsistent', 'accept AHP matrices with CR ≥ 0.10 (with a warning) instead of failing');
}

/** --manifest: every command whose run can be recorded and replayed by coordix verify. */
export function withManifestOption(cmd: Command): Command {
  return cmd.option('--manifest <file>', 'write a run manifest (JSON) for coordix verify: versions, arguments, input and model SHA-256, resolved model, weights, bounds, warnings, imputed cells, output SHA-256');
}

/** What a command's action reports back to the program: whether what it checked failed (exit 1). */
export interface RunContext {
  fail(): void;
}
