import { exactSum } from '../fsum.js';
import { centre } from './dispersion.js';

/** CRITIC weights of one dimension and the quantities they come from. */
export interface CriticWeights {
  /** w_j = C_j / Σ_l C_l, in column order; sums to 1. */
  weights: number[];
  /** σ_j, the sample standard deviation of z_j (0 for a zero-range indicator). */
  sd: number[];
  /** r_jl, the Pearson correlation of z_j and z_l (symmetric; 1 on the diagonal; 0 in the row and column of a zero-range indicator). */
  correlations: number[][];
  /** C_j = σ_j · Σ_l (1 − r_jl), the information each indicator carries. */
  information: number[];
  /** Every C_j was 0 (with two or more indicators): the weights are equal; the caller warns. */
  allZero: boolean;
}

/**
 * CRITIC weights (CRiteria Importance Through Intercriteria Correlation; Diakoulaki, Mavrotas and
 * Papayannakis 1995, Computers & Operations Research 22(7): 763–770; docs/methods.md §2b) for the
 * scores z of ONE dimension's indicators over a group (one column per indicator, rows in the same
 * order in every column):
 *
 *   σ_j  = sqrt(Σ_i (z_ij − z̄_j)² / (m − 1))        the contrast of indicator j
 *   r_jl = Σ_i (z_ij − z̄_j)(z_il − z̄_l) / sqrt(Σ_i (z_ij − z̄_j)² · Σ_i (z_il − z̄_l)²)
 *   C_j  = σ_j · Σ_l (1 − r_jl)                       the information it carries
 *   w_j  = C_j / Σ_l C_l
 *
 * σ is the SAMPLE standard deviation (m − 1), as in Diakoulaki et al. and in most tools (R, Julia's
 * JMcDM, MATLAB's std); the population σ would give the same weights, but a different reported σ.
 * Conventions (§2b): a zero-range indicator has σ = 0 and its correlations are taken as 0 (so
 * C = 0); r_jj = 1 otherwise, and r is clamped to [−1, 1] and computed once per pair (r_jl = r_lj
 * exactly). One indicator ⇒ w = [1] (its C is 0 by construction, and that is not the all-zero
 * case). Every C = 0 (every indicator of zero range, or one observation) ⇒ equal weights with
 * `allZero`. Every sum over observations is exactly rounded (fsum.ts), so row order cannot change
 * a bit. Throws only for columns of unequal length or non-finite scores, which are bugs.
 * @example criticWeights([[0, 1, 0.5], [1, 0, 0.5]]).weights // => [0.5, 0.5]
 * @example criticWeights([[0, 1, 0.5], [1, 0, 0.5]]).information // => [1, 1]
 */
export function criticWeights(columns: readonly ArrayLike<number>[]): CriticWeights {
  const n = columns.length;
  const m = n > 0 ? columns[0].length : 0;
  columns.forEach((column, j) => {
    if (column.length !== m) throw new Error(`criticWeights: column ${j} has ${column.length} values, column 0 has ${m} (this is a bug)`);
  });
  const deviations = columns.map(() => new Float64Array(m));
  const sumsOfSquares: number[] = [];
  const sd = columns.map((column, j) => {
    const { sumOfSquares } = centre(column, deviations[j]);
    sumsOfSquares.push(sumOfSquares);
    return sumOfSquares === 0 ? 0 : Math.sqrt(sumOfSquares / (m - 1));
  });
  const correlations = columns.map((_, j) => new Array<number>(n).fill(0));
  const products = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    if (sd[j] === 0) continue;
    correlations[j][j] = 1;
    for (let l = j + 1; l < n; l++) {
      if (sd[l] === 0) continue;
      const a = deviations[j];
      const b = deviations[l];
      for (let i = 0; i < m; i++) products[i] = a[i] * b[i];
      // sqrt of the product (two roundings), unless the product leaves the range of doubles.
      const product = sumsOfSquares[j] * sumsOfSquares[l];
      const scale = product > 0 && Number.isFinite(product) ? Math.sqrt(product) : Math.sqrt(sumsOfSquares[j]) * Math.sqrt(sumsOfSquares[l]);
      const r = exactSum(products, m) / scale;
      correlations[j][l] = correlations[l][j] = Math.max(-1, Math.min(1, r));
    }
  }
  const information = sd.map((s, j) => (s === 0 ? 0 : s * exactSum(correlations[j].map((r) => 1 - r))));
  information.forEach((c, j) => {
    if (!Number.isFinite(c)) throw new Error(`criticWeights: the information of column ${j} is ${c}; the scores must be finite (this is a bug)`);
  });
  if (n === 0) return { weights: [], sd, correlations, information, allZero: false };
  if (n === 1) return { weights: [1], sd, correlations, information, allZero: false };
  const total = exactSum(information);
  if (!(total > 0)) return { weights: information.map(() => 1 / n), sd, correlations, information, allZero: true };
  return { weights: information.map((c) => c / total), sd, correlations, information, allZero: false };
}
