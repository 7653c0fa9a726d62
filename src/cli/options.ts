import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Lang } from '../core/levels.js';
import type { RegionNameStyle } from '../regions/names.js';
import type { MissingPolicy } from '../input/resolve.js';

/**
 * Option definitions shared by the commands: light (commander only), because the entry point
 * loads this module before any command runs and `coordix --version` must start fast.
 */

/** The version in package.json (src/cli → dist/cli, two folders below it). */
export const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

/** Options shared by every command that reads data. */
export interface InputOptions {
  model?: string;
  encoding?: string;
  missing: MissingPolicy;
  imputed?: string;
  maxRows?: number;
  regionNames: RegionNameStyle;
  long?: boolean;
  sheet?: string;
  headerRow?: number;
  indicator?: string;
}

/** Options shared by every command that writes results. */
export interface OutputOptions {
  format?: string;
  output?: string;
  precision?: number;
  bom?: boolean;
  lang: Lang;
  color?: boolean;
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

export function positiveInteger(name: string, max = Number.MAX_SAFE_INTEGER) {
  return integerIn(1, max, name);
}

export function addInputOptions(cmd: Command): Command {
  return cmd
    .option('-m, --model <file>', 'model file, YAML or JSON (default: the built-in five-dimension model)')
    .addOption(new Option('--encoding <name>', 'input encoding, instead of detection (strict UTF-8, then GB18030)').choices(['utf8', 'gbk', 'gb18030']))
    .addOption(new Option('--missing <policy>', 'missing needed values: error, drop region-years, interpolate within the region, or the year\'s mean').choices(['error', 'drop', 'interpolate', 'mean']).default('error'))
    .option('--imputed <file>', 'write every imputed cell as CSV (region,year,indicator,method,value)')
    .option('--max-rows <n>', 'refuse files with more rows than this (default 1000000)', positiveInteger('--max-rows'))
    .option('--long', 'read files as long format: region, year, indicator, value (detected by those headers anyway)')
    .option('--sheet <name|n>', 'sheet of an .xlsx/.xls workbook: its name or 1-based number (default: the first with content)')
    .option('--header-row <n>', 'the header is row n (1-based) instead of the first row holding the region column or 地区', positiveInteger('--header-row'))
    .option('--indicator <name>', 'indicator name for NBS exports that have no 指标 line, e.g. "地方财政一般公共预算支出(亿元)"')
    .addOption(new Option('--region-names <style>', 'print regions as given, or as zh (北京), zh-full (北京市), en (Beijing), code (110000)').choices(['as-given', 'zh', 'zh-full', 'en', 'code']).default('as-given'));
}

export function addOutputOptions(cmd: Command, formats: string[]): Command {
  return cmd
    .addOption(new Option('-f, --format <format>', `output format (default: from the -o extension, else ${formats[0]})`).choices(formats))
    .option('-o, --output <file>', 'write to this file (safely: temporary file, then rename) instead of stdout')
    .option('--precision <n>', 'round numbers in CSV/JSON to n decimals (0–17; default: full precision)', integerIn(0, 17, '--precision'))
    .option('--bom', 'start CSV output with a UTF-8 BOM so that Excel shows Chinese correctly')
    .addOption(new Option('--lang <lang>', 'language of table headers, labels and level names').choices(['en', 'zh']).default('en'))
    .option('--no-color', 'no colour in tables (also off for NO_COLOR and when not a terminal)');
}

