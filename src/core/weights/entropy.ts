import { exactSum } from '../fsum.js';

/** One reusable buffer for the terms of a sum (a large panel would otherwise allocate one per indicator). */
let buffer = new Float64Array(0);
function scratch(m: number): Float64Array {
  if (buffer.length < m) buffer = new Float64Array(m);
  return buffer;
}

/**
 * Entropy of one normalised indicator over a group of m observations (methods.md §2).
 *
 *   p_ij = (z_ij + shift) / Σ_i (z_ij + shift)
 *   e_j  = −(1 / ln m) · Σ_i p_ij ln p_ij        with 0 · ln 0 = 0
 *   d_j  = 1 − e_j                                (the divergence, or information utility)
 *
 * Conventions fixed by the contract: a zero-range indicator has d = 0 exactly (set by the
 * caller with `zeroRange`, not computed); a zero column sum gives e = 1, d = 0; a computed d is
 * clamped to ≥ 0. Both sums over observations are exactly rounded (fsum.ts), so the order of the
 * rows cannot change a bit of the result. Throws nothing: m = 1 is rejected by the pipeline before it gets here.
 *
 * Reference: Shannon entropy weighting as in Zhang Jingxin's `mathmodels::entropy_weight`.
 * @example entropyOfColumn(Float64Array.of(0, 2/5, 1/5, 1), 0, false).entropy // => 0.6758220592...
 */
export function entropyOfColumn(
  z: ArrayLike<number>,
  shift: number,
  zeroRange: boolean,
): { entropy: number; divergence: number } {
  const m = z.length;
  if (zeroRange) return { entropy: 1, divergence: 0 };
  let terms = z;
  if (shift !== 0) {
    const shifted = scratch(m);
    for (let i = 0; i < m; i++) shifted[i] = z[i] + shift;
    terms = shifted;
  }
  const total = exactSum(terms, m);
  if (!(total > 0)) return { entropy: 1, divergence: 0 };
  const plogp = scratch(m);
  let count = 0;
  for (let i = 0; i < m; i++) {
    const p = (z[i] + shift) / total;
    if (p > 0) plogp[count++] = p * Math.log(p);
  }
  const entropy = -exactSum(plogp, count) / Math.log(m);
  return { entropy, divergence: Math.max(0, 1 - entropy) };
}

/**
 * Weights proportional to the divergences d_j (w_j = d_j / Σ d), or equal weights when every d is
 * 0 (the caller warns). @example weightsFromDivergence([1, 3]) // => { weights: [0.25, 0.75], allZero: false }
 */
export function weightsFromDivergence(divergences: readonly number[]): { weights: number[]; allZero: boolean } {
  let total = 0;
  for (const d of divergences) total += d;
  if (!(total > 0)) return { weights: divergences.map(() => 1 / divergences.length), allZero: true };
  return { weights: divergences.map((d) => d / total), allZero: false };
}
