import { topsis, weightedSum } from '../aggregate.js';
import { gather } from './groups.js';
import type { DimensionScores, NormalisedPanel, Weights } from './types.js';

/**
 * Stage 3 (docs/methods.md §5): dimension scores U_ik = Σ_j w_j z_ij (or TOPSIS closeness inside
 * the dimension, over the same group as the normalisation) and the comprehensive development
 * index T_i = Σ_k W_k U_ik, computed as Σ W U / Σ W (the same value; exactly 1 when every U is 1
 * and never above 1 by rounding).
 */
export function aggregate(panel: NormalisedPanel, weights: Weights): DimensionScores {
  const { model, groups, z } = panel;
  const m = panel.input.regions.length;
  const K = model.dimensions.length;
  const scores = model.dimensions.map(() => new Float64Array(m));
  const T = new Float64Array(m);
  groups.forEach((group, g) => {
    const { members } = group;
    const w = weights.groups[g].indicators.map((i) => i.weight);
    const W = weights.groups[g].dimensions.map((d) => d.weight);
    let offset = 0;
    model.dimensions.forEach((dim, k) => {
      const n = dim.indicators.length;
      const first = offset;
      const columns = (t: number) => gather(z[first + t], members);
      const ws = w.slice(first, first + n);
      const u = model.aggregation === 'topsis' ? topsis(columns, ws, members.length) : weightedSum(columns, ws, members.length);
      members.forEach((i, p) => (scores[k][i] = u[p]));
      offset += n;
    });
    let wTotal = 0;
    for (let k = 0; k < K; k++) wTotal += W[k];
    for (const i of members) {
      let t = 0;
      for (let k = 0; k < K; k++) t += W[k] * scores[k][i];
      T[i] = wTotal > 0 && wTotal !== 1 ? t / wTotal : t;
    }
  });
  return { settings: { aggregation: model.aggregation }, scores, T };
}
