import type { CoordinationResult } from './pipeline.js';

/**
 * Obstacle degree (障碍度, methods.md §7): how much each indicator holds a region back.
 * With global weights g_j = W_k w_j (from the observation's normalisation group) and deviation
 * (1 − z_ij):
 *
 *   O_ij = g_j (1 − z_ij) / Σ_j g_j (1 − z_ij)      (0 for every j when the sum is 0)
 *
 * or, unscaled (`--unscaled`, the default of the R package mathmodels), O_ij = g_j (1 − z_ij).
 * A dimension's obstacle degree is Σ_{j in k} O_ij, scaled or not alike.
 */
export interface ObstacleProfile {
  /** O_ij per indicator, in model order. */
  indicators: Float64Array;
  /** Per dimension, in model order. */
  dimensions: Float64Array;
}

export interface ObstacleOptions {
  /** O_ij = g_j (1 − z_ij) without dividing by the sum (default false: shares that sum to 1). */
  unscaled?: boolean;
}

/**
 * One observation's obstacle degrees from its global weights g_j and scores z_ij (methods.md §7).
 * @example obstacleShares([0.5, 0.5], [0, 0.5]) // => [0.6666666666666666, 0.3333333333333333]
 * @example obstacleShares([0.5, 0.5], [0, 0.5], { unscaled: true }) // => [0.5, 0.25]
 */
export function obstacleShares(globalWeights: ArrayLike<number>, scores: ArrayLike<number>, options: ObstacleOptions = {}): number[] {
  const J = globalWeights.length;
  const out = new Array<number>(J);
  let total = 0;
  for (let j = 0; j < J; j++) {
    out[j] = globalWeights[j] * (1 - scores[j]);
    total += out[j];
  }
  if (!options.unscaled) for (let j = 0; j < J; j++) out[j] = total > 0 ? out[j] / total : 0;
  return out;
}

/** Every region-year's obstacle profile, scaled to shares unless `options.unscaled`. */
export function obstacleDegrees(result: CoordinationResult, options: ObstacleOptions = {}): ObstacleProfile[] {
  const J = result.indicatorIds.length;
  const dimensionOf: number[] = result.model.dimensions.flatMap((d, k) => d.indicators.map(() => k));
  const K = result.model.dimensions.length;
  return result.regions.map((_, i) => {
    const group = result.groups[result.groupOf[i]];
    const indicators = new Float64Array(J);
    let total = 0;
    for (let j = 0; j < J; j++) {
      indicators[j] = group.indicators[j].globalWeight * (1 - result.normalised[j][i]);
      total += indicators[j];
    }
    const dimensions = new Float64Array(K);
    for (let j = 0; j < J; j++) {
      if (!options.unscaled) indicators[j] = total > 0 ? indicators[j] / total : 0;
      dimensions[dimensionOf[j]] += indicators[j];
    }
    return { indicators, dimensions };
  });
}

/** Indicator indices by obstacle degree, largest first (model order on ties), the first `top`. */
export function topObstacles(profile: ObstacleProfile, top: number): number[] {
  return Array.from(profile.indicators.keys())
    .sort((a, b) => profile.indicators[b] - profile.indicators[a] || a - b)
    .slice(0, top);
}
