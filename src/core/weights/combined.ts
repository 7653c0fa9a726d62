/**
 * Combining subjective (AHP, a_j) and objective (entropy, b_j) weights within a dimension
 * (methods.md §4).
 *
 * - `multiplicative` (default): w_j = a_j b_j / Σ a_j b_j. When every product is 0 (all entropy
 *   weights of the dimension 0) the AHP weights are used unchanged.
 * - `linear`: w_j = α a_j + (1 − α) b_j, α in [0, 1].
 *
 * @example combineWeights([0.5, 0.5], [0.2, 0.8], 'multiplicative', 0.5) // => [0.2, 0.8]
 */
export type CombineMethod = 'multiplicative' | 'linear';

export function combineWeights(ahp: readonly number[], entropy: readonly number[], method: CombineMethod, alpha: number): number[] {
  if (method === 'linear') return ahp.map((a, j) => alpha * a + (1 - alpha) * entropy[j]);
  const products = ahp.map((a, j) => a * entropy[j]);
  const total = products.reduce((s, p) => s + p, 0);
  if (!(total > 0)) return [...ahp];
  return products.map((p) => p / total);
}
