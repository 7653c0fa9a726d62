/** How two weightings are combined (docs/methods.md §4): `multiplicative` (default) or `linear`. */
import type { CombineMethod } from '../../model/vocabulary.js';

export type { CombineMethod };

/**
 * Combining ANY two weightings A (a_j) and B (b_j) of the indicators of one dimension
 * (docs/methods.md §2b, last bullet, and §4): A and B may each be ahp, entropy, critic, sd,
 * variance, cv, equal or manual; the classic pair, and the default, is A = AHP (subjective) and
 * B = entropy (objective). α weighs A.
 *
 * - `multiplicative` (default): w_j = a_j b_j / Σ_l a_l b_l. When every product is 0 (e.g. every
 *   b_j of the dimension 0) the weights A are returned unchanged.
 * - `linear`: w_j = α a_j + (1 − α) b_j, α in [0, 1] (default 0.5 in the model); α = 1 gives A,
 *   α = 0 gives B.
 *
 * Both inputs should sum to 1 over the dimension; then so does the result. Throws nothing.
 * @example combineWeights([0.5, 0.5], [0.2, 0.8], 'multiplicative', 0.5) // => [0.2, 0.8]
 * @example combineWeights([0.5, 0.5], [0.2, 0.8], 'linear', 0.5) // => [0.35, 0.65]
 */
export function combineWeights(a: readonly number[], b: readonly number[], method: CombineMethod, alpha: number): number[] {
  if (method === 'linear') return a.map((x, j) => alpha * x + (1 - alpha) * b[j]);
  const products = a.map((x, j) => x * b[j]);
  const total = products.reduce((s, p) => s + p, 0);
  if (!(total > 0)) return [...a];
  return products.map((p) => p / total);
}
