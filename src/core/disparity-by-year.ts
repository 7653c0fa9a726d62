import type { Warning } from '../errors.js';
import { disparity, sigmaConvergence, theilDecomposition, type DisparityMeasures, type TheilDecomposition } from './disparity.js';
import { membersByYear } from './stages/groups.js';

/** The disparity of one variable in one year (docs/methods.md §8). */
export interface YearDisparity {
  year: number | null;
  /** Observation indices of the year, in observation order. */
  members: number[];
  measures: DisparityMeasures;
  /** The Theil T decomposition by the given groups, or null without groups. */
  decomposition: TheilDecomposition | null;
  /** The observations holding the largest and the smallest value (first on ties). */
  max: { index: number; region: string; value: number };
  min: { index: number; region: string; value: number };
}

export interface DisparityByYear {
  /** In ascending year order. */
  years: YearDisparity[];
  /** σ-convergence of the CV over the years. */
  convergence: ReturnType<typeof sigmaConvergence>;
  /** Years containing a zero (Theil L and the max/min ratio are undefined there). */
  warnings: Warning[];
}

/**
 * Disparity measures of a variable per year, their Theil decomposition by groups, and
 * σ-convergence of the coefficient of variation — what `coordix gap` reports and the report draws.
 * `name` is the variable's name in warnings.
 *
 * @throws DisparityValueError for a negative value (from `disparity`), PopulationError for a
 *   population that is not positive.
 * @example disparityByYear([1, 3, 2, 2], ['A', 'B', 'A', 'B'], [2020, 2020, 2021, 2021]).years.map((y) => y.measures.gini) // => [0.25, 0]
 */
export function disparityByYear(
  values: ArrayLike<number>,
  regions: readonly string[],
  years: readonly (number | null)[],
  options: { populations?: ArrayLike<number>; groups?: readonly string[]; groupOrder?: readonly string[]; name?: string } = {},
): DisparityByYear {
  const { populations, groups, groupOrder } = options;
  const byYear = membersByYear(years);
  const order = [...byYear.keys()].sort((a, b) => (a ?? 0) - (b ?? 0));
  const warnings: Warning[] = [];
  const rows = order.map((year): YearDisparity => {
    const members = byYear.get(year)!;
    const ys = members.map((i) => values[i]);
    const pops = populations ? members.map((i) => populations[i]) : undefined;
    const measures = disparity(ys, pops);
    const zeros = members.filter((i) => values[i] === 0).map((i) => regions[i]);
    if (zeros.length > 0) {
      warnings.push({
        code: 'zero-value',
        message: `${options.name ?? 'the variable'}${year === null ? '' : ` in ${year}`} is 0 for ${zeros.slice(0, 5).join(', ')}${zeros.length > 5 ? ', …' : ''}: Theil L and the max/min ratio are undefined for that year`,
      });
    }
    const decomposition = groups ? theilDecomposition(ys, members.map((i) => groups[i]), pops) : null;
    if (decomposition && groupOrder) decomposition.groups.sort((a, b) => groupOrder.indexOf(a.name) - groupOrder.indexOf(b.name));
    const at = (p: number) => ({ index: members[p], region: regions[members[p]], value: values[members[p]] });
    return { year, members, measures, decomposition, max: at(measures.maxIndex), min: at(measures.minIndex) };
  });
  const convergence = sigmaConvergence(rows.filter((r) => r.year !== null).map((r) => ({ year: r.year as number, cv: r.measures.cv })));
  return { years: rows, convergence, warnings };
}
