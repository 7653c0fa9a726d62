import { CoordixError, type Warning } from '../errors.js';
import { evaluate } from '../core/pipeline.js';
import { CELL_INVALID, type Panel } from '../input/panel.js';
import { findColumn, resolveIndicators, type IndicatorData, type MissingPolicy } from '../input/resolve.js';
import type { Model } from '../model/schema.js';
import { fourRegionOf } from '../regions/names.js';
import { readPanel } from '../input/read.js';
import { readTextBounded } from '../input/source.js';
import { parseGroupsCsv } from '../input/groups.js';
import { weightsRegionKey } from '../input/spatial-weights.js';
import { loadModel, type LoadedModel } from '../model/load.js';
import type { Command } from 'commander';
import { requireFiles, type InputOptions } from './common.js';
import { checkNeededColumns, readOptions, assertFiniteResult } from './prepare.js';

/**
 * The variable of the commands that study one column per observation (gap, spatial, dynamics):
 * `--var NAME` is an input column, a model indicator (derived ones too), or a score — D, T, C or a
 * dimension id (U_k) — computed by the model first. Shared so that `--var` means the same in each.
 */

/** Score columns that exist after the model has been evaluated (besides the dimension ids). */
export const SCORE_COLUMNS = ['T', 'C', 'D'];

/** A model holding one indicator reading one column: lets a single column go through the same missing-data policy. */
export function columnModel(base: Model, id: string, column: string | null, expr: string | null): Model {
  const indicator = { id, column, expr, direction: 'benefit' as const, weight: 1, label: {}, unit: null };
  return { ...base, dimensions: [{ id: 'value', label: {}, weight: 1, indicators: [indicator] }] };
}

/**
 * The variable's values per observation: a column, a model indicator, or a score column.
 * @throws CoordixError naming `--var` when the name is none of these.
 */
export function variableValues(panel: Panel, model: Model, name: string, opts: { missing: MissingPolicy; strict?: boolean }): { data: IndicatorData; warnings: Warning[] } {
  // The data checks (prepare.ts checkNeededColumns) on the columns the variable reads.
  if (findColumn(panel, name)) {
    const one = columnModel(model, name, name, null);
    const checks = checkNeededColumns(panel, one, opts.strict);
    const data = resolveIndicators(panel, one, opts.missing);
    return { data, warnings: [...checks, ...data.warnings] };
  }
  const indicator = model.dimensions.flatMap((d) => d.indicators).find((i) => i.id === name);
  if (indicator) {
    const one = columnModel(model, indicator.id, indicator.column, indicator.expr);
    const checks = checkNeededColumns(panel, one, opts.strict);
    const data = resolveIndicators(panel, one, opts.missing);
    return { data, warnings: [...checks, ...data.warnings] };
  }
  const dimension = model.dimensions.findIndex((d) => d.id === name);
  if (SCORE_COLUMNS.includes(name) || dimension >= 0) {
    const checks = checkNeededColumns(panel, model, opts.strict);
    const data = resolveIndicators(panel, model, opts.missing);
    const result = evaluate(data, model);
    assertFiniteResult(result);
    const values = name === 'T' ? result.T : name === 'C' ? result.C : name === 'D' ? result.D : result.scores[dimension];
    return { data: { ...data, values: [values] }, warnings: [...checks, ...data.warnings, ...result.warnings] };
  }
  throw new CoordixError(
    `--var ${name}: not a column of the input, an indicator of the model, or a score (T, C, D, ${model.dimensions.map((d) => d.id).join(', ')}); columns read: ${[...panel.columns.keys()].slice(0, 12).join(', ')}`,
  );
}

/**
 * The group of every observation for `--group four-regions|COLUMN` (gap's Theil and Dagum splits):
 * the NBS four regions, or the text of a column of the input.
 * @throws CoordixError naming the flag and the regions that cannot be placed or have no group.
 */
export function groupsOf(panel: Panel, regions: readonly string[], years: readonly (number | null)[], group: string): string[] {
  const where = (i: number) => `${regions[i]}${years[i] === null ? '' : ` ${years[i]}`}`;
  if (group === 'four-regions') {
    const out = regions.map((r) => fourRegionOf(r) ?? '');
    const unplaced = [...new Set(regions.filter((_, i) => out[i] === ''))];
    if (unplaced.length > 0) {
      throw new CoordixError(
        `--group four-regions: cannot place ${unplaced.length} region${unplaced.length === 1 ? '' : 's'} in the NBS four regions: ${unplaced.slice(0, 20).join(', ')}${unplaced.length > 20 ? ', …' : ''}; give a group column instead (--group COLUMN)`,
      );
    }
    return out;
  }
  const column = findColumn(panel, group);
  if (!column) throw new CoordixError(`--group ${group}: not "four-regions" and not a column of the input`);
  const panelIndex = new Map(panel.regions.map((r, i) => [`${r}\u0000${panel.years[i]}`, i]));
  return regions.map((_, i) => {
    const p = panelIndex.get(`${regions[i]}\u0000${years[i]}`)!;
    const text = column.status[p] === CELL_INVALID ? column.invalidText.get(p)! : Number.isNaN(column.values[p]) ? '' : String(column.values[p]);
    if (text.trim() === '') throw new CoordixError(`--group ${group}: ${where(i)} has no group`);
    return text.trim();
  });
}

/** The variable's observations, per year in ascending order (null, a cross-section, alone). */
export interface VariableByYear {
  year: number | null;
  regions: string[];
  values: number[];
}

/**
 * Splits a variable's observations by year, keeping the order of the regions within each year.
 * @throws CoordixError naming `--var` for a value that is not a finite number.
 * @example splitByYear([1, 2, 3], ['a', 'b', 'a'], [2021, 2020, 2020], 'x').map((y) => y.year) // => [2020, 2021]
 */
export function splitByYear(values: ArrayLike<number>, regions: readonly string[], years: readonly (number | null)[], name: string): VariableByYear[] {
  const groups = new Map<number | null, VariableByYear>();
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new CoordixError(`--var ${name}: ${regions[i]}${years[i] === null ? '' : ` ${years[i]}`} is ${values[i]}, not a finite number`);
    let g = groups.get(years[i]);
    if (!g) groups.set(years[i], (g = { year: years[i], regions: [], values: [] }));
    g.regions.push(regions[i]);
    g.values.push(values[i]);
  }
  return [...groups.values()].sort((a, b) => (a.year ?? -Infinity) - (b.year ?? -Infinity));
}

/** What `coordix spatial` and `coordix dynamics` read: --var, and --scores FILE instead of scoring. */
export interface VariableOptions extends InputOptions {
  var: string;
  scores?: string;
  output?: string;
  manifest?: string;
}

/**
 * The start of a command that studies one variable: the files (or --scores FILE), the model, the
 * panel and the variable's values per observation, split by year.
 * @throws UsageError without files; CoordixError when --scores is given and the variable is not one of its columns.
 */
export async function loadVariable(command: string, files: string[], opts: VariableOptions): Promise<{ loaded: LoadedModel; panel: Panel; data: IndicatorData; warnings: Warning[]; byYear: VariableByYear[]; inputs: string[] }> {
  const inputs = opts.scores ? [...files, opts.scores] : files;
  requireFiles(inputs, command);
  const loaded = await loadModel(opts.model);
  const panel = await readPanel(inputs, readOptions(loaded.model, opts));
  if (opts.scores && !findColumn(panel, opts.var))
    throw new CoordixError(`--scores ${opts.scores}: no column ${opts.var} (--var); columns read: ${[...panel.columns.keys()].slice(0, 12).join(', ')}`);
  const { data, warnings } = variableValues(panel, loaded.model, opts.var, opts);
  const byYear = splitByYear(data.values[0], data.regions, data.years, opts.var);
  return { loaded, panel, data, warnings: [...panel.warnings, ...warnings], byYear, inputs };
}

/**
 * The group of every observation from `--groups FILE` (a CSV region,group).
 * @throws CoordixError naming --groups and every region of the data the file leaves out.
 */
export async function groupsFromFile(file: string, regions: readonly string[]): Promise<string[]> {
  const source = await readTextBounded(file, { what: 'groups file' });
  const groups = parseGroupsCsv(source.text, source.name);
  const missing = [...new Set(regions.filter((r) => !groups.has(weightsRegionKey(r))))];
  if (missing.length > 0)
    throw new CoordixError(`--groups ${file}: no group for ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ', …' : ''}; add a line region,group for ${missing.length === 1 ? 'it' : 'each'}`);
  return regions.map((r) => groups.get(weightsRegionKey(r))!);
}

/** --var and --scores: the variable of the analyses after D (spatial, dynamics), defined once. */
export function withVariableOptions(cmd: Command): Command {
  return cmd
    .option('--var <column>', 'the variable: D, T, C, a dimension id, a model indicator or an input column', 'D')
    .option('--scores <file>', 'read the variable from this scores CSV (coordix score -f csv) instead of scoring');
}
