import { CoordixError } from '../../errors.js';
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
 * @example entropyOfColumn(Float64Array.of(0.2, 0.6, 0, 1), 0, false).entropy // => 0.6758220575766961
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
 * 0 (the caller warns).
 * @example weightsFromDivergence([1, 3]) // => { weights: [0.25, 0.75], allZero: false }
 */
export function weightsFromDivergence(divergences: readonly number[]): { weights: number[]; allZero: boolean } {
  let total = 0;
  for (const d of divergences) total += d;
  if (!(total > 0)) return { weights: divergences.map(() => 1 / divergences.length), allZero: true };
  return { weights: divergences.map((d) => d / total), allZero: false };
}

/**
 * A value that cannot enter the raw-proportion entropy (docs/methods.md §2a): every value must be
 * a positive finite number (and so must 1/x for a cost indicator). `index` is the observation's
 * position in the column, so the caller can name the region and year; it may rethrow with
 * `new RawProportionError(e.index, e.value, '河北 2019, indicator "so2"')`.
 */
export class RawProportionError extends CoordixError {
  constructor(
    readonly index: number,
    readonly value: number,
    readonly place: string = `observation ${index}`,
  ) {
    super(
      `${place}: the value ${value} cannot enter the entropy on raw proportions (p = x / Σx, 1/x for a cost indicator): every value must be a positive number; use the entropy on normalised scores (entropy basis normalised) for this indicator`,
    );
    this.name = 'RawProportionError';
  }
}

/** Fewer than 2 observations in a group: entropy is undefined (docs/methods.md §2). */
export class TooFewObservationsError extends CoordixError {
  constructor(readonly count: number) {
    super(`entropy weights need at least 2 observations, but the group has ${count}; use equal, manual or AHP weights, or add regions`);
    this.name = 'TooFewObservationsError';
  }
}

/**
 * Entropy of one indicator on its raw proportions (docs/methods.md §2a), the textbook variant:
 *
 *   x'_ij = x_ij (benefit) or 1 / x_ij (cost)
 *   p_ij  = x'_ij / Σ_i x'_ij
 *   e_j   = −(1 / ln m) · Σ_i p_ij ln p_ij,   d_j = 1 − e_j (clamped to ≥ 0)
 *
 * Every value must be > 0. Equal values (zero range) give e = 1, d = 0 exactly (set, not
 * computed, as for the normalised entropy). Both sums are exactly rounded (fsum.ts), so row order
 * cannot change a bit; when Σ x' overflows, the x' are scaled by a power of two first (which leaves
 * every p unchanged).
 *
 * Reference: Shannon entropy weighting on proportions of the raw decision matrix, e.g. Xu (2004),
 * European Journal of Operational Research 156(2): 530–532.
 * @throws RawProportionError naming the observation for a value ≤ 0, not finite, or whose 1/x overflows.
 * @throws TooFewObservationsError for fewer than 2 observations.
 * @example entropyOfRawColumn([1, 3], 'benefit') // => { entropy: 0.8112781244591328, divergence: 0.18872187554086717 }
 */
export function entropyOfRawColumn(x: ArrayLike<number>, direction: 'benefit' | 'cost'): { entropy: number; divergence: number } {
  const m = x.length;
  if (m < 2) throw new TooFewObservationsError(m);
  const terms = scratch(m);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < m; i++) {
    const v = x[i];
    const t = direction === 'cost' ? 1 / v : v;
    if (!(v > 0 && Number.isFinite(v) && Number.isFinite(t))) throw new RawProportionError(i, v);
    terms[i] = t;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(max > min)) return { entropy: 1, divergence: 0 };
  let total = exactSum(terms, m);
  if (!Number.isFinite(total)) {
    // Each x' ≤ the largest double; scaled by 2^-(⌈log2 m⌉ + 1) their sum is at most half of it.
    const scale = 2 ** -(Math.ceil(Math.log2(m)) + 1);
    for (let i = 0; i < m; i++) terms[i] *= scale;
    total = exactSum(terms, m);
  }
  // p ln p overwrites the terms in place: entry `count` ≤ i is written after terms[i] is read.
  let count = 0;
  for (let i = 0; i < m; i++) {
    const p = terms[i] / total;
    if (p > 0) terms[count++] = p * Math.log(p);
  }
  const entropy = -exactSum(terms, count) / Math.log(m);
  return { entropy, divergence: Math.max(0, 1 - entropy) };
}
