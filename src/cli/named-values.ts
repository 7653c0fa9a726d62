import { CoordixError } from '../errors.js';
import type { Panel } from '../input/panel.js';
import { findColumn, resolveIndicators, type IndicatorData, type MissingPolicy } from '../input/resolve.js';
import type { Model } from '../model/schema.js';

/**
 * Values of several named variables per region-year, for the commands of the five standards
 * (balance, structure): each name is an input column or an indicator of the model (derived by its
 * expr), read under the missing-data policy.
 */

/** The values of the named variables on the region-years where all of them are known. */
export interface NamedValues {
  regions: string[];
  years: (number | null)[];
  /** One column per name, in the order given. */
  values: Float64Array[];
  data: IndicatorData;
}

/**
 * Reads `names` (columns or model indicators) through one model of as many indicators, so that the
 * missing-data policy treats them together. `flag` names the option in errors (e.g. `--of`).
 * @throws CoordixError naming the flag when a name is neither a column nor an indicator.
 */
export function namedValues(panel: Panel, model: Model, names: { name: string; flag: string }[], policy: MissingPolicy): NamedValues {
  const all = model.dimensions.flatMap((d) => d.indicators);
  const indicators = names.map(({ name, flag }, k) => {
    const column = findColumn(panel, name);
    const id = names.some((other, j) => j !== k && other.name === name) ? `${name} (${flag})` : name;
    if (column) return { id, column: column.name, expr: null, direction: 'benefit' as const, weight: 1, label: {}, unit: null };
    const indicator = all.find((i) => i.id === name);
    if (indicator) return { id, column: indicator.column, expr: indicator.expr, direction: 'benefit' as const, weight: 1, label: {}, unit: null };
    throw new CoordixError(
      `${flag} ${name}: not a column of the input or an indicator of the model; columns read: ${[...panel.columns.keys()].slice(0, 20).join(', ')}${panel.columns.size > 20 ? ', …' : ''}; indicators: ${all.map((i) => i.id).join(', ')}`,
    );
  });
  const columnModel: Model = { ...model, dimensions: [{ id: 'values', label: {}, weight: 1, indicators }] };
  const data = resolveIndicators(panel, columnModel, policy);
  return { regions: data.regions, years: data.years, values: data.values, data };
}
