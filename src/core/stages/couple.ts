import type { Model } from '../../model/schema.js';
import { coordinationDegree, couplingDegree, laggingIndex } from '../coordination.js';
import { coordinationLevel } from '../levels.js';
import type { Coupling, DimensionScores } from './types.js';

/**
 * Stage 4 (docs/methods.md §6): per observation the coupling degree C of its dimension scores
 * (classic, wang2021 or fan), the coordination degree D = √(C·T), its level, and the lagging
 * dimension (the smallest U, first in model order on ties).
 */
export function couple(scores: DimensionScores, model: Model): Coupling {
  const m = scores.T.length;
  const K = scores.scores.length;
  const C = new Float64Array(m);
  const D = new Float64Array(m);
  const level = new Int32Array(m);
  const lagging = new Int32Array(m);
  const u = new Float64Array(K);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < K; k++) u[k] = scores.scores[k][i];
    C[i] = couplingDegree(u, model.coupling);
    D[i] = coordinationDegree(C[i], scores.T[i]);
    level[i] = coordinationLevel(D[i]);
    lagging[i] = laggingIndex(u);
  }
  return { settings: { model: model.coupling }, C, D, level, lagging };
}
