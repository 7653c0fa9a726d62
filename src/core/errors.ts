import { CoordixError } from '../errors.js';

/**
 * The errors the numeric core can raise, as data. Each has a message worded for library users
 * (options such as `allowInconsistent`); the command line words the same facts in flags
 * (src/cli/errors.ts).
 */

/** An AHP matrix whose consistency ratio is 0.10 or more, with its least consistent judgement. */
export class AhpInconsistentError extends CoordixError {
  constructor(
    /** "ahp.dimensions" or "ahp.indicators.<dimension>". */
    readonly matrix: string,
    readonly cr: number,
    /** The judgement (1-based row and column) farthest from the weights, and the consistent value. */
    readonly worst: { row: number; col: number; given: number; consistentValue: number } | null,
  ) {
    super(`${ahpInconsistency(matrix, cr, worst)}; revise the judgements, or set allowInconsistent: true`);
    this.name = 'AhpInconsistentError';
  }
}

/** The first part of an inconsistency message: which matrix, its CR, and the worst judgement. */
export function ahpInconsistency(matrix: string, cr: number, worst: AhpInconsistentError['worst']): string {
  const where = worst ? `; the least consistent judgement is (${worst.row},${worst.col}) = ${short(worst.given)}, consistent would be ${short(worst.consistentValue)}` : '';
  return `${matrix}: consistency ratio CR = ${short(cr)} ≥ 0.10${where}`;
}

/** Entropy weights asked for a group of fewer than two observations. */
export class EntropyObservationsError extends CoordixError {
  constructor(
    /** The year of the group (per-year scope), or null for the pooled group. */
    readonly year: number | null,
    readonly observations: number,
  ) {
    super(
      `entropy weights need at least 2 observations${year !== null ? ` per year, but ${year} has ${observations}` : `, but the input has ${observations}`}; use weights.indicators: equal or manual, or add regions`,
    );
    this.name = 'EntropyObservationsError';
  }
}

/** Frozen weights and bounds that cannot be used with this model or scope (docs/methods.md §13). */
export class FrozenStateError extends CoordixError {
  constructor(
    readonly reason: 'scope' | 'shape',
    readonly recorded: { indicators: number; dimensions: number } | null = null,
    readonly expected: { indicators: number; dimensions: number } | null = null,
  ) {
    super(
      reason === 'scope'
        ? 'frozen weights and bounds need pooled normalisation (normalization.scope: pooled): per-year bounds cannot be carried to a new year'
        : `the frozen state records ${recorded!.indicators} indicators and ${recorded!.dimensions} dimensions, but the model has ${expected!.indicators} and ${expected!.dimensions}; freeze again with this model`,
    );
    this.name = 'FrozenStateError';
  }
}

/** No observation to score. */
export class NoObservationsError extends CoordixError {
  constructor() {
    super('no observations to score');
    this.name = 'NoObservationsError';
  }
}

/** Four significant digits, as messages show numbers. */
export function short(x: number): string {
  return Number(x.toPrecision(4)).toString();
}
