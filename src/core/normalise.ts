import type { Warning } from '../errors.js';

export type Direction = 'benefit' | 'cost';

/** The min and max of one indicator within one normalisation group. */
export interface Bounds {
  min: number;
  max: number;
}

/**
 * Min–max range scaling of one indicator over a group of observations (methods.md §1).
 *
 *   benefit: z = (x − min) / (max − min)       cost: z = (max − x) / (max − min)
 *
 * Zero range (max = min): every z is 1 (every region is at the best value); the caller warns.
 * With frozen bounds (methods.md §10) z is computed against the given bounds and clamped to [0, 1];
 * the indices of clamped observations are returned. `into` (length ≥ members) receives z instead of
 * a new array.
 *
 * @example normaliseColumn(Float64Array.of(2, 4, 6), [0, 1, 2], 'benefit').out // => Float64Array [0, 0.5, 1]
 */
export function normaliseColumn(
  values: Float64Array,
  members: ArrayLike<number>,
  direction: Direction,
  frozen?: Bounds,
  into?: Float64Array,
): { out: Float64Array; bounds: Bounds; zeroRange: boolean; clamped: number[] } {
  const out = into ?? new Float64Array(members.length);
  let min = Infinity;
  let max = -Infinity;
  if (frozen) {
    min = frozen.min;
    max = frozen.max;
  } else {
    for (let k = 0; k < members.length; k++) {
      const x = values[members[k]];
      if (x < min) min = x;
      if (x > max) max = x;
    }
  }
  const range = max - min;
  const clamped: number[] = [];
  const zeroRange = !(range > 0);
  for (let k = 0; k < members.length; k++) {
    const x = values[members[k]];
    let z: number;
    if (zeroRange) z = 1;
    else z = direction === 'benefit' ? (x - min) / range : (max - x) / range;
    if (frozen) {
      if (z < 0) {
        z = 0;
        clamped.push(members[k]);
      } else if (z > 1) {
        z = 1;
        clamped.push(members[k]);
      }
    }
    out[k] = z;
  }
  return { out, bounds: { min, max }, zeroRange, clamped };
}

/** A warning for an indicator whose range is zero in its group (methods.md §1). */
export function zeroRangeWarning(indicator: string, year: number | null | undefined): Warning {
  const where = year == null ? '' : ` in ${year}`;
  return {
    code: 'zero-range',
    message: `indicator "${indicator}" has the same value for every observation${where}: every z is 1 and its entropy divergence is 0`,
  };
}
