import { CoordixError } from '../../errors.js';
import { exactSum } from '../fsum.js';
import { coordinationLevel, levelOf, type LevelTable } from '../levels.js';
import type { SpatialWeights } from '../spatial/weights.js';

/**
 * Markov transition matrices of a panel (docs/methods.md §12), classic and spatial (Rey 2001).
 *
 * States: `levels`, the ten coordination levels of D (level = min(⌊10·D⌋, 9) + 1, methods §6;
 * labels '1' … '10'), or `{ quantile: Q }`, Q classes cut at the pooled type-7 quantiles k/Q,
 * k = 1..Q−1, of all the panel's values (labels 'Q1' … 'QQ'). Classes are half-open,
 * [b_(k−1), b_k), the top class closed, as the D levels are: class = 1 + #{k : value ≥ b_k}.
 *
 * Transitions go from year t to t + 1 of the same region, for consecutive years only (a gap breaks
 * the chain). n_ab counts them; P_ab = n_ab / n_a, and a state never left from keeps a row of nulls.
 *
 * Spatial Markov: one matrix per class of the region's spatial lag in year t, the lag taken with
 * row-standardised W over the regions observed in year t (weights of absent regions drop out and
 * the row is re-standardised; a region with no neighbour observed has lag 0, as spdep's
 * zero.policy), classified with the same bounds as the values.
 */

export type MarkovStates = 'levels' | { quantile: number };

export interface TransitionMatrix {
  /** counts[a][b] = n_ab. */
  counts: number[][];
  /** probabilities[a][b] = n_ab / n_a; null throughout a row with n_a = 0. */
  probabilities: (number | null)[][];
}

export interface MarkovResult extends TransitionMatrix {
  /** State labels, lowest first. */
  states: string[];
  /** The interior class bounds (states.length − 1 of them): 0.1 … 0.9 for levels, the quantiles for Q classes. */
  bounds: number[];
  /** One matrix per class of the spatial lag (only when spatial weights are given). */
  spatial?: ({ lagClass: string } & TransitionMatrix)[];
}

/** A panel the transitions cannot be counted from. */
export class MarkovInputError extends CoordixError {
  constructor(
    message: string,
    readonly region: string | null = null,
    readonly year: number | null = null,
  ) {
    super(message);
    this.name = 'MarkovInputError';
  }
}

/** Sample quantile by linear interpolation, R type 7, of sorted values. */
function quantile7(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * The state labels, interior bounds and classifier for a panel's pooled values.
 * @throws MarkovInputError for levels with a value outside [0, 1], or Q not a whole number ≥ 2.
 * @example classifyStates([0.05, 0.55, 1], 'levels').classify(0.55) // => 5
 * @example classifyStates([1, 2, 3, 4, 5], { quantile: 2 }).bounds // => [3]
 */
export function classifyStates(
  values: readonly number[],
  states: MarkovStates,
  levels?: LevelTable | null,
): { states: string[]; bounds: number[]; classify: (value: number) => number } {
  if (states === 'levels') {
    const outside = values.find((v) => !(v >= 0 && v <= 1));
    if (outside !== undefined)
      throw new MarkovInputError(`the value ${outside} is outside [0, 1]; coordination levels apply to D only (use quantile classes for other variables)`);
    // A model's custom levels (docs/methods.md §6): its L classes, level = 1 + #{b ≤ D}.
    if (levels) {
      return {
        states: Array.from({ length: levels.bounds.length + 1 }, (_, i) => String(i + 1)),
        bounds: [...levels.bounds],
        classify: (v) => levelOf(v, levels) - 1,
      };
    }
    return {
      states: Array.from({ length: 10 }, (_, i) => String(i + 1)),
      bounds: Array.from({ length: 9 }, (_, i) => (i + 1) / 10),
      classify: (v) => coordinationLevel(v) - 1,
    };
  }
  const Q = states.quantile;
  if (!(Number.isInteger(Q) && Q >= 2)) throw new MarkovInputError(`quantile classes need a whole Q ≥ 2, not ${Q}`);
  if (values.length === 0) throw new MarkovInputError('no values to cut into quantile classes');
  const sorted = [...values].sort((a, b) => a - b);
  const bounds = Array.from({ length: Q - 1 }, (_, k) => quantile7(sorted, (k + 1) / Q));
  return {
    states: Array.from({ length: Q }, (_, i) => `Q${i + 1}`),
    bounds,
    classify: (v) => {
      let c = 0;
      while (c < bounds.length && v >= bounds[c]) c++;
      return c;
    },
  };
}

function emptyCounts(k: number): number[][] {
  return Array.from({ length: k }, () => new Array<number>(k).fill(0));
}

function toProbabilities(counts: number[][]): (number | null)[][] {
  return counts.map((row) => {
    const total = exactSum(row);
    return total > 0 ? row.map((c) => c / total) : row.map(() => null);
  });
}

/**
 * Counts and probabilities of state transitions between consecutive years.
 * @throws MarkovInputError on a non-finite value, a region-year given twice, or (spatial) a region
 *   missing from the weights.
 * @example markovTransitions([{ region: 'a', year: 1, value: 0.15 }, { region: 'a', year: 2, value: 0.25 }], { states: 'levels' }).counts[1][2] // => 1
 */
export function markovTransitions(
  panel: readonly { region: string; year: number; value: number }[],
  options: { states: MarkovStates; spatial?: { weights: SpatialWeights }; levels?: LevelTable | null },
): MarkovResult {
  const byRegion = new Map<string, Map<number, number>>();
  const byYear = new Map<number, Map<string, number>>();
  for (const row of panel) {
    if (!Number.isFinite(row.value))
      throw new MarkovInputError(`${row.region} ${row.year}: the value ${row.value} is not a finite number`, row.region, row.year);
    let years = byRegion.get(row.region);
    if (!years) byRegion.set(row.region, (years = new Map()));
    if (years.has(row.year)) throw new MarkovInputError(`${row.region} ${row.year} appears twice`, row.region, row.year);
    years.set(row.year, row.value);
    let regions = byYear.get(row.year);
    if (!regions) byYear.set(row.year, (regions = new Map()));
    regions.set(row.region, row.value);
  }
  const { states, bounds, classify } = classifyStates(
    panel.map((r) => r.value),
    options.states,
    options.levels,
  );
  const k = states.length;
  const counts = emptyCounts(k);
  const spatialCounts = options.spatial ? Array.from({ length: k }, () => emptyCounts(k)) : null;

  let lagOf: ((region: string, year: number) => number) | null = null;
  if (options.spatial) {
    const W = options.spatial.weights;
    const at = new Map(W.regions.map((r, i) => [r, i]));
    const missing = [...byRegion.keys()].filter((r) => !at.has(r));
    if (missing.length > 0) throw new MarkovInputError(`the spatial weights have no entry for ${missing.join(', ')}`);
    lagOf = (region, year) => {
      const present = byYear.get(year)!;
      const row = W.matrix[at.get(region)!];
      const weights: number[] = [];
      const weighted: number[] = [];
      W.regions.forEach((other, j) => {
        const v = present.get(other);
        if (row[j] > 0 && v !== undefined) {
          weights.push(row[j]);
          weighted.push(row[j] * v);
        }
      });
      const total = exactSum(weights);
      return total > 0 ? exactSum(weighted) / total : 0;
    };
  }

  for (const [region, years] of byRegion) {
    for (const [year, value] of years) {
      const next = years.get(year + 1);
      if (next === undefined) continue;
      const a = classify(value);
      const b = classify(next);
      counts[a][b]++;
      if (spatialCounts && lagOf) spatialCounts[classify(lagOf(region, year))][a][b]++;
    }
  }
  const result: MarkovResult = { states, bounds, counts, probabilities: toProbabilities(counts) };
  if (spatialCounts)
    result.spatial = spatialCounts.map((c, i) => ({ lagClass: states[i], counts: c, probabilities: toProbabilities(c) }));
  return result;
}
