import { CoordixError } from '../../errors.js';
import { exactSum } from '../fsum.js';

/**
 * Objective weights from the spread of each indicator within one dimension (docs/methods.md §2b):
 * the standard deviation (标准离差法), the variance, and the coefficient of variation (变异系数法).
 * One function per measure; they share the rules of §2b: one indicator ⇒ w = 1; every measure 0
 * ⇒ equal weights and `allZero` (the caller warns).
 */
export interface DispersionWeights {
  /** w_j = measure_j / Σ measure, in column order; sums to 1. */
  weights: number[];
  /** The measure of each column: σ, σ² or CV. */
  measure: number[];
  /** Every measure was 0 (with two or more indicators): the weights are equal; the caller warns. */
  allZero: boolean;
}

/**
 * The mean of a column and its deviations from it, with exactly rounded sums (fsum.ts), so the
 * order of the rows cannot change a bit. A column whose values are all equal (zero range, or one
 * value) is `constant`: its mean is that value and every deviation and the sum of squares are 0
 * exactly (set, not computed). Deviations x_i − mean go into `into` (length ≥ the column's).
 * @example centre([1, 2, 6], new Float64Array(3)) // => { mean: 3, sumOfSquares: 14, constant: false }
 */
export function centre(column: ArrayLike<number>, into: Float64Array): { mean: number; sumOfSquares: number; constant: boolean } {
  const m = column.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < m; i++) {
    const x = column[i];
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (!(max > min)) {
    into.fill(0, 0, m);
    return { mean: m > 0 ? column[0] : 0, sumOfSquares: 0, constant: true };
  }
  const mean = exactSum(column, m) / m;
  const squares = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const d = column[i] - mean;
    into[i] = d;
    squares[i] = d * d;
  }
  return { mean, sumOfSquares: exactSum(squares, m), constant: false };
}

/**
 * w_j = measure_j / Σ measure (exactly rounded sum); one measure ⇒ [1] (no warning: §2b);
 * all 0 ⇒ equal weights with `allZero`.
 */
function proportional(measure: number[], what: string): DispersionWeights {
  measure.forEach((v, j) => {
    if (!Number.isFinite(v)) throw new Error(`${what}: the measure of column ${j} is ${v}; the values reaching the weights must be finite (this is a bug)`);
  });
  const n = measure.length;
  if (n === 1) return { weights: [1], measure, allZero: false };
  const total = exactSum(measure, n);
  if (!(total > 0)) return { weights: measure.map(() => 1 / n), measure, allZero: true };
  return { weights: measure.map((v) => v / total), measure, allZero: false };
}

/** Population σ of each column: sqrt(Σ (x − mean)² / m); 0 for a constant column. */
function populationSds(columns: readonly ArrayLike<number>[]): number[] {
  return columns.map((column) => {
    const m = column.length;
    const { sumOfSquares } = centre(column, new Float64Array(m));
    return sumOfSquares === 0 ? 0 : Math.sqrt(sumOfSquares / m);
  });
}

/**
 * Standard-deviation weights (docs/methods.md §2b `sd`): w_j = σ_j / Σ_l σ_l, σ_j the population
 * standard deviation sqrt(Σ_i (z_ij − z̄_j)² / m) of the scores z of indicator j over the group.
 * (The sample σ would give the same weights; coordix reports the population σ, like `cv`.)
 * Zero range ⇒ σ = 0 exactly. Throws nothing for finite input.
 * Reference: the standard deviation method of objective weighting, e.g. Wang and Luo (2010),
 * Mathematical and Computer Modelling 51: 1–12; Sałabun et al. (2020), Symmetry 12(9): 1549.
 * @example sdWeights([[0, 1], [0, 3]]) // => { weights: [0.25, 0.75], measure: [0.5, 1.5], allZero: false }
 */
export function sdWeights(columns: readonly ArrayLike<number>[]): DispersionWeights {
  return proportional(populationSds(columns), 'sdWeights');
}

/**
 * Variance weights (docs/methods.md §2b `variance`): w_j = σ_j² / Σ_l σ_l², σ² the population
 * variance Σ_i (z_ij − z̄_j)² / m of the scores z over the group; zero range ⇒ σ² = 0 exactly.
 * Throws nothing for finite input.
 * @example varianceWeights([[0, 1], [0, 3]]) // => { weights: [0.1, 0.9], measure: [0.25, 2.25], allZero: false }
 */
export function varianceWeights(columns: readonly ArrayLike<number>[]): DispersionWeights {
  const variances = columns.map((column) => {
    const m = column.length;
    const { sumOfSquares } = centre(column, new Float64Array(m));
    return sumOfSquares === 0 ? 0 : sumOfSquares / m;
  });
  return proportional(variances, 'varianceWeights');
}

/**
 * A column whose mean is 0, for which the coefficient of variation σ/|mean| is undefined
 * (docs/methods.md §2b). `column` is its position among the columns given, so the caller can name
 * the indicator; it may rethrow with `new ZeroMeanError(e.column, 'indicator "so2" in 2019')`.
 */
export class ZeroMeanError extends CoordixError {
  constructor(
    readonly column: number,
    readonly place: string = `column ${column}`,
  ) {
    super(`${place}: the mean of the raw values is 0, so the coefficient of variation σ / |mean| is undefined; use sd, variance, critic or entropy weights for this dimension`);
    this.name = 'ZeroMeanError';
  }
}

/**
 * Coefficient-of-variation weights (变异系数法, docs/methods.md §2b `cv`): w_j = CV_j / Σ_l CV_l
 * with CV_j = σ_j / |x̄_j| on the RAW values x of indicator j over the group, σ the population
 * standard deviation sqrt(Σ_i (x_ij − x̄_j)² / m). Zero range ⇒ CV = 0 exactly. Multiplying a
 * column by a constant c ≠ 0 leaves its CV (and so every weight) unchanged.
 * @throws ZeroMeanError naming the column when a mean is 0 (an all-zero column included).
 * @example cvWeights([[1, 3], [2, 6], [10, 10]]) // => { weights: [0.5, 0.5, 0], measure: [0.5, 0.5, 0], allZero: false }
 */
export function cvWeights(rawColumns: readonly ArrayLike<number>[]): DispersionWeights {
  const cvs = rawColumns.map((column, j) => {
    const m = column.length;
    const { mean, sumOfSquares } = centre(column, new Float64Array(m));
    if (mean === 0) throw new ZeroMeanError(j);
    return sumOfSquares === 0 ? 0 : Math.sqrt(sumOfSquares / m) / Math.abs(mean);
  });
  return proportional(cvs, 'cvWeights');
}
