import { CoordixError } from '../errors.js';

/**
 * Coupling degree C, coordination degree D, ranks and lagging dimensions (methods.md §6).
 */

import type { CouplingModel } from '../model/vocabulary.js';

export type { CouplingModel };

/**
 * Coupling degree C of K ≥ 2 dimension scores U_1..U_K in [0, 1].
 *
 * - `classic`: C = K · (Π U_k)^(1/K) / Σ U_k — geometric over arithmetic mean; 0 when any U is 0.
 *   For K = 2 this is 2√(U1·U2)/(U1+U2). The geometric mean is taken through logarithms so that
 *   tiny scores (1e-320) do not underflow.
 * - `wang2021` (Wang Shujia et al., 2021, 自然资源学报 36(3)):
 *   C = sqrt( [1 − Σ_{i>j} |U_i − U_j| / Σ_{m=1}^{K−1} m] · [Π (U_k / max U)]^(1/(K−1)) ); 0 when max U = 0.
 * - `fan`: C = 1 − 2·σ(U), σ the population standard deviation.
 *
 * Exponent k (classic only, methods.md §6): C = [Π U_k / (Σ U_k / K)^K]^k, computed in logarithms
 *   of the ratios to the mean Ū = Σ U_k / K, ln C = k · Σ_k ln(U_k / Ū), so neither the product nor
 *   the power underflows; 0 when any U is 0. Papers that write C = {U1·U2 / [(U1+U2)/2]²}^k use
 *   k = 2 or more. k = 1/K is the classic formula, and is computed by it: the result is the same
 *   double as without k.
 *
 * The result is clamped to [0, 1] against rounding (e.g. 1.0000000000000002).
 * @throws CouplingExponentError k given for a model other than classic, or k not a positive finite number.
 * @example couplingDegree([0.5, 0.5], 'classic') // => 1
 * @example couplingDegree([0.25, 1], 'classic', 2) // => 0.4096000000000001
 */
export function couplingDegree(scores: ArrayLike<number>, model: CouplingModel, k?: number): number {
  const K = scores.length;
  let c: number;
  if (k !== undefined) {
    if (model !== 'classic') throw new CouplingExponentError(k, model);
    if (!(Number.isFinite(k) && k > 0)) throw new CouplingExponentError(k, model);
    if (k !== 1 / K) return classicWithExponent(scores, k);
  }
  if (model === 'classic') {
    let sum = 0;
    let logSum = 0;
    let anyZero = false;
    for (let k = 0; k < K; k++) {
      const u = scores[k];
      sum += u;
      if (u <= 0) anyZero = true;
      else logSum += Math.log(u);
    }
    if (anyZero || !(sum > 0)) return 0;
    c = (K * Math.exp(logSum / K)) / sum;
  } else if (model === 'wang2021') {
    let maxU = 0;
    for (let k = 0; k < K; k++) if (scores[k] > maxU) maxU = scores[k];
    if (!(maxU > 0)) return 0;
    let spread = 0;
    for (let i = 1; i < K; i++) for (let j = 0; j < i; j++) spread += Math.abs(scores[i] - scores[j]);
    const pairs = (K * (K - 1)) / 2;
    let logSum = 0;
    for (let k = 0; k < K; k++) {
      if (scores[k] <= 0) return 0;
      logSum += Math.log(scores[k] / maxU);
    }
    const balance = Math.exp(logSum / (K - 1));
    c = Math.sqrt(Math.max(0, 1 - spread / pairs) * balance);
  } else {
    let mean = 0;
    for (let k = 0; k < K; k++) mean += scores[k];
    mean /= K;
    let ss = 0;
    for (let k = 0; k < K; k++) ss += (scores[k] - mean) ** 2;
    c = 1 - 2 * Math.sqrt(ss / K);
  }
  return Math.min(1, Math.max(0, c));
}

/** A coupling exponent k that cannot be used: not positive and finite, or given for a model other than classic. */
export class CouplingExponentError extends CoordixError {
  constructor(
    readonly exponent: number,
    readonly model: CouplingModel,
  ) {
    super(
      model !== 'classic'
        ? `coupling exponent k = ${exponent} applies to the classic coupling only, not to ${model}; remove k or use model: classic`
        : `coupling exponent k = ${exponent} must be a positive finite number (the classic formula is k = 1/K; papers use 2 or more)`,
    );
    this.name = 'CouplingExponentError';
  }
}

/** C = [Π U / (ΣU/K)^K]^k through ln C = k · Σ ln(U_i / Ū); 0 when any U ≤ 0. */
function classicWithExponent(scores: ArrayLike<number>, k: number): number {
  const K = scores.length;
  let sum = 0;
  for (let i = 0; i < K; i++) {
    if (!(scores[i] > 0)) return 0;
    sum += scores[i];
  }
  const mean = sum / K;
  let logRatio = 0;
  for (let i = 0; i < K; i++) {
    const ratio = scores[i] / mean;
    // A ratio below the normal range (a score 300 orders of magnitude below the mean) loses digits
    // as a subnormal: take the difference of logarithms instead.
    logRatio += ratio >= 1e-300 ? Math.log(ratio) : Math.log(scores[i]) - Math.log(mean);
  }
  const c = Math.exp(k * logRatio);
  return Math.min(1, Math.max(0, c));
}

/** D = sqrt(C · T). @example coordinationDegree(1, 0.25) // => 0.5 */
export function coordinationDegree(coupling: number, development: number): number {
  return Math.sqrt(coupling * development);
}

/**
 * Competition ranks by value descending: ties share the smallest rank ("1,2,2,4").
 * @example competitionRanks([0.3, 0.5, 0.5, 0.1]) // => [3, 1, 1, 4]
 */
export function competitionRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
  const ranks = new Array<number>(values.length);
  for (let p = 0; p < order.length; p++) {
    const i = order[p];
    ranks[i] = p > 0 && values[order[p - 1]] === values[i] ? ranks[order[p - 1]] : p + 1;
  }
  return ranks;
}

/** Index of the smallest score, the first in model order on ties. @example laggingIndex([0.4, 0.2, 0.2]) // => 1 */
export function laggingIndex(scores: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < scores.length; k++) if (scores[k] < scores[best]) best = k;
  return best;
}
