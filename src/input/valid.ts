import { CoordixError } from '../errors.js';
import type { Indicator } from '../model/schema.js';
import { asWritten } from './checks.js';

/** A cell of an indicator outside its declared `valid: [lo, hi]`: where, the value, and its inputs. */
export interface InvalidCell {
  region: string;
  year: number | null;
  value: number;
  /** The expression's input columns and their values in that region-year (empty for a column indicator). */
  inputs: { column: string; value: number }[];
}

/**
 * Values outside an indicator's `valid: [lo, hi]` — a share above 100 %, a negative rate — are
 * impossible, not unusual: the run stops, naming the cells and, for a derived indicator, the inputs
 * of its expression (a unit or column mix-up is then visible).
 */
export class InvalidValueError extends CoordixError {
  constructor(
    readonly indicator: string,
    readonly expr: string | null,
    readonly valid: [number, number],
    readonly cells: InvalidCell[],
  ) {
    const shown = cells.slice(0, 10).map((c) => {
      const where = c.year === null ? c.region : `${c.region} ${c.year}`;
      const inputs = c.inputs.length > 0 ? ` (${c.inputs.map((x) => `${x.column} = ${x.value}`).join(', ')})` : '';
      return `  ${where}: ${asWritten(c.value)}${inputs}`;
    });
    super(
      [
        `indicator "${indicator}" must lie in [${valid[0]}, ${valid[1]}] (valid:), but ${cells.length} cell${cells.length === 1 ? ' does' : 's do'} not, the first: ${shown[0].trim()}${expr === null ? '' : ` from "${expr}"`}`,
        ...(cells.length > 1 ? shown : []),
        ...(cells.length > 10 ? [`  … and ${cells.length - 10} more`] : []),
        'check the input columns (a unit, or the wrong column?) or the expression',
      ].join('\n'),
    );
    this.name = 'InvalidValueError';
  }
}

/**
 * Checks every indicator with `valid` against its computed column.
 * @throws InvalidValueError for the first indicator with a value outside [lo, hi].
 * @example checkValid([{ id: 's', expr: 'a / b * 100', valid: [0, 100] }], [Float64Array.from([50])], ['x'], [2020], () => []) // => undefined
 */
export function checkValid(
  indicators: readonly Pick<Indicator, 'id' | 'expr' | 'valid'>[],
  values: readonly Float64Array[],
  regions: readonly string[],
  years: readonly (number | null)[],
  inputsOf: (indicator: number, row: number) => { column: string; value: number }[],
): void {
  indicators.forEach((indicator, j) => {
    if (!indicator.valid) return;
    const [lo, hi] = indicator.valid;
    const cells: InvalidCell[] = [];
    const column = values[j];
    for (let r = 0; r < column.length; r++) {
      const v = column[r];
      if (v >= lo && v <= hi) continue;
      cells.push({ region: regions[r], year: years[r], value: v, inputs: inputsOf(j, r) });
    }
    if (cells.length > 0) throw new InvalidValueError(indicator.id, indicator.expr, indicator.valid, cells);
  });
}
