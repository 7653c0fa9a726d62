import { competitionRanks } from '../coordination.js';
import { membersByYear } from './groups.js';

/**
 * Stage 5 (docs/methods.md §6): ranks of a value within each year, highest first; ties share the
 * smallest rank ("1,2,2,4").
 * @example Array.from(rank(Float64Array.of(0.3, 0.5, 0.5, 0.9), [2019, 2019, 2019, 2020])) // => [3, 1, 1, 1]
 */
export function rank(values: ArrayLike<number>, years: readonly (number | null)[]): Int32Array {
  const out = new Int32Array(years.length);
  for (const members of membersByYear(years).values()) {
    const ranks = competitionRanks(members.map((i) => values[i]));
    ranks.forEach((r, p) => (out[members[p]] = r));
  }
  return out;
}
