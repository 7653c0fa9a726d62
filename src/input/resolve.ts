import { CoordixError, UsageError, type Warning } from '../errors.js';
import { evaluateExpression, expressionColumns, ExpressionRowError, parseExpression } from '../model/expr.js';
import { flatIndicators, type Model } from '../model/schema.js';
import { CELL_ABSENT, CELL_INVALID, CELL_OK, type Panel, type PanelColumn } from './panel.js';
import { dropWarnings } from './drop.js';
import { checkValid } from './valid.js';

export type MissingPolicy = 'error' | 'drop' | 'interpolate' | 'mean';
export const MISSING_POLICIES: readonly MissingPolicy[] = ['error', 'drop', 'interpolate', 'mean'];

export interface ImputedCell {
  region: string;
  year: number | null;
  indicator: string;
  method: 'interpolate' | 'mean';
  value: number;
}

/** The model's indicators as numeric columns over the panel's observations, ready for the core. */
export interface IndicatorData {
  regions: string[];
  years: (number | null)[];
  /** One column per model indicator, in model order; may share memory with the panel's columns (read-only). */
  values: Float64Array[];
  imputed: ImputedCell[];
  dropped: { region: string; year: number | null }[];
  warnings: Warning[];
}

/** Finds a panel column by name; an NBS indicator may be named with or without its unit. */
export function findColumn(panel: Panel, name: string): PanelColumn | undefined {
  const exact = panel.columns.get(name);
  if (exact) return exact;
  const bare = stripUnit(name);
  for (const column of panel.columns.values()) if (stripUnit(column.name) === bare) return column;
  return undefined;
}

function stripUnit(name: string): string {
  return name.normalize('NFKC').replace(/\s*\([^()]*\)\s*$/u, '').trim();
}

function describeObs(panel: Panel, i: number): string {
  return panel.years[i] === null ? panel.regions[i] : `${panel.regions[i]} ${panel.years[i]}`;
}

/**
 * Resolves every model indicator against the panel: finds its column (or the columns of its
 * expression), rejects text in needed cells, applies the missing-data policy, then computes
 * derived indicators. Errors name the file, line, column, region and year.
 */
export function resolveIndicators(panel: Panel, model: Model, policy: MissingPolicy = 'error'): IndicatorData {
  if (!MISSING_POLICIES.includes(policy)) throw new UsageError(`--missing ${policy}: choose one of ${MISSING_POLICIES.join(', ')}`);
  const indicators = flatIndicators(model);
  const available = () => [...panel.columns.keys()].slice(0, 12).join(', ') + (panel.columns.size > 12 ? ', …' : '');
  const parsed = indicators.map(({ indicator }) => (indicator.expr === null ? null : parseExpression(indicator.expr)));
  // Needed columns, each once, in model order.
  const needed = new Map<string, PanelColumn>();
  indicators.forEach(({ indicator, dimension }, j) => {
    const names = indicator.column !== null ? [indicator.column] : expressionColumns(parsed[j]!);
    for (const name of names) {
      const column = findColumn(panel, name);
      if (!column) {
        throw new CoordixError(
          `column "${name}" needed by indicator "${indicator.id}" (dimension ${model.dimensions[dimension].id}) is in none of the inputs; columns read: ${available()}`,
        );
      }
      needed.set(name, column);
    }
  });

  const m = panel.regions.length;
  const warnings: Warning[] = [];
  const problems: { i: number; column: PanelColumn }[] = [];
  for (const column of new Set(needed.values())) {
    const statuses = column.status;
    const values = column.values;
    for (let i = firstUnusual(statuses, values, m); i < m; i++) {
      const status = statuses[i];
      if (status === CELL_OK) {
        const v = values[i] < 0 ? -values[i] : values[i];
        if (v > 0 && v < 2.2250738585072014e-308) {
          warnings.push({ code: 'tiny-value', message: `column "${column.name}" for ${describeObs(panel, i)} is ${values[i]}, below the smallest normal double: results for it may lose precision` });
        }
        continue;
      }
      if (status === CELL_INVALID) {
        const origin = column.origin(i)!;
        throw new CoordixError(
          `${origin.file}:${origin.line}: column "${column.name}" for ${describeObs(panel, i)} is ${JSON.stringify(column.invalidText.get(i))}, not a number; fix the cell, or leave it empty and choose --missing`,
        );
      }
      problems.push({ i, column });
    }
  }

  const where = (p: { i: number; column: PanelColumn }): string => {
    const { i, column } = p;
    if (column.status[i] === CELL_ABSENT) return `${describeObs(panel, i)}, column "${column.name}": no cell in any input`;
    const origin = column.origin(i)!;
    return `${origin.file}:${origin.line}: ${describeObs(panel, i)}, column "${column.name}" is empty`;
  };
  let keep: number[] = Array.from({ length: m }, (_, i) => i);
  const dropped: IndicatorData['dropped'] = [];
  const imputed: ImputedCell[] = [];
  const filled = new Map<PanelColumn, Float64Array>();
  const valuesOf = (column: PanelColumn) => filled.get(column) ?? column.values;

  if (problems.length > 0) {
    if (policy === 'error') {
      const list = problems.slice(0, 20).map((p) => `  ${where(p)}`);
      throw new CoordixError(
        [`${problems.length} missing value${problems.length === 1 ? '' : 's'} in needed columns, the first: ${where(problems[0])}`, ...list, ...(problems.length > 20 ? [`  … and ${problems.length - 20} more`] : []), 'choose --missing drop, interpolate or mean, or fill the cells'].join('\n'),
      );
    }
    if (policy === 'drop') {
      const bad = new Set(problems.map((p) => p.i));
      keep = keep.filter((i) => !bad.has(i));
      for (const i of bad) dropped.push({ region: panel.regions[i], year: panel.years[i] });
      dropped.sort((a, b) => (a.year ?? 0) - (b.year ?? 0));
      if (keep.length === 0) throw new CoordixError('--missing drop removed every region-year; no observation has all needed values');
      warnings.push(...dropWarnings(dropped, keep.map((i) => ({ region: panel.regions[i], year: panel.years[i] }))));
    } else {
      const byColumn = new Map<PanelColumn, number[]>();
      for (const p of problems) {
        const list = byColumn.get(p.column);
        if (list) list.push(p.i);
        else byColumn.set(p.column, [p.i]);
      }
      const index = neighbourIndex(panel);
      for (const [column, cells] of byColumn) {
        const values = column.values.slice();
        const means = new Map<number | null, number | null>();
        for (const i of cells) {
          const value = policy === 'interpolate' ? interpolate(panel, index, column, i) : yearMean(panel, index, column, i, means);
          if (value === null) {
            throw new CoordixError(`${where({ i, column })}, and it cannot be filled by --missing ${policy}: ${policy === 'interpolate' ? 'the region has no value in any year' : 'no region has a value that year'}`);
          }
          values[i] = value;
          imputed.push({ region: panel.regions[i], year: panel.years[i], indicator: column.name, method: policy, value });
        }
        filled.set(column, values);
      }
      warnings.push({ code: 'imputed', message: `--missing ${policy} filled ${imputed.length} cell${imputed.length === 1 ? '' : 's'}: ${imputed.slice(0, 5).map((c) => `${c.region}${c.year === null ? '' : ` ${c.year}`} ${c.indicator}`).join(', ')}${imputed.length > 5 ? ', …' : ''}` });
    }
  }

  const subset = (values: Float64Array): Float64Array => {
    if (keep.length === m) return values;
    const out = new Float64Array(keep.length);
    for (let p = 0; p < keep.length; p++) out[p] = values[keep[p]];
    return out;
  };
  const values = indicators.map(({ indicator }, j) => {
    // Shared with the panel, not copied (the core never writes to its input).
    if (indicator.column !== null) return subset(valuesOf(needed.get(indicator.column)!));
    try {
      return evaluateExpression(parsed[j]!, (name) => subset(valuesOf(needed.get(name)!)), keep.length);
    } catch (e) {
      if (e instanceof ExpressionRowError) {
        throw new CoordixError(`indicator "${indicator.id}" for ${describeObs(panel, keep[e.row])}: ${e.reason} in "${indicator.expr}"; check the input values or the expression`);
      }
      throw e;
    }
  });
  checkValid(
    indicators.map((x) => x.indicator),
    values,
    keep.map((i) => panel.regions[i]),
    keep.map((i) => panel.years[i]),
    (j, r) => (parsed[j] === null ? [] : expressionColumns(parsed[j]!).map((name) => ({ column: name, value: valuesOf(needed.get(name)!)[keep[r]] }))),
  );
  return {
    regions: keep.map((i) => panel.regions[i]),
    years: keep.map((i) => panel.years[i]),
    values,
    imputed,
    dropped,
    warnings,
  };
}

/**
 * The first observation whose cell is not a plain normal number (missing, text, or subnormal), or
 * m: the common case of a complete column is one tight loop.
 */
function firstUnusual(statuses: Uint8Array, values: Float64Array, m: number): number {
  for (let i = 0; i < m; i++) {
    if (statuses[i] !== CELL_OK) return i;
    const v = values[i];
    if (v !== 0 && v < 2.2250738585072014e-308 && v > -2.2250738585072014e-308) return i;
  }
  return m;
}

/** Each observation's place in its region's series (in year order) and in its year's cross-section. */
interface NeighbourIndex {
  series: Map<string, number[]>;
  place: Int32Array;
  crossSection: Map<number | null, number[]>;
}

/** Built once per run, so that filling k cells costs O(k · years + k · regions), not O(k · panel). */
function neighbourIndex(panel: Panel): NeighbourIndex {
  const series = new Map<string, number[]>();
  const crossSection = new Map<number | null, number[]>();
  const place = new Int32Array(panel.regions.length);
  panel.regions.forEach((region, i) => {
    let list = series.get(region);
    if (!list) series.set(region, (list = []));
    place[i] = list.length;
    list.push(i); // the panel is in year order, so each series is too
    let year = crossSection.get(panel.years[i]);
    if (!year) crossSection.set(panel.years[i], (year = []));
    year.push(i);
  });
  return { series, place, crossSection };
}

/** Linear interpolation within the region across years; ends take the nearest year's value. */
function interpolate(panel: Panel, index: NeighbourIndex, column: PanelColumn, i: number): number | null {
  const list = index.series.get(panel.regions[i])!;
  const year = panel.years[i] ?? 0;
  let before: [number, number] | null = null;
  let after: [number, number] | null = null;
  for (let q = index.place[i] - 1; q >= 0 && !before; q--) if (column.status[list[q]] === CELL_OK) before = [panel.years[list[q]] ?? 0, column.values[list[q]]];
  for (let q = index.place[i] + 1; q < list.length && !after; q++) if (column.status[list[q]] === CELL_OK) after = [panel.years[list[q]] ?? 0, column.values[list[q]]];
  if (before && after) return before[1] + ((after[1] - before[1]) * (year - before[0])) / (after[0] - before[0]);
  return (before ?? after)?.[1] ?? null;
}

/** The mean of the year's cross-section (observed values only), computed once per year and column. */
function yearMean(panel: Panel, index: NeighbourIndex, column: PanelColumn, i: number, means: Map<number | null, number | null>): number | null {
  const year = panel.years[i];
  if (means.has(year)) return means.get(year)!;
  let sum = 0;
  let count = 0;
  for (const k of index.crossSection.get(year)!) {
    if (column.status[k] === CELL_OK) {
      sum += column.values[k];
      count++;
    }
  }
  const mean = count > 0 ? sum / count : null;
  means.set(year, mean);
  return mean;
}
