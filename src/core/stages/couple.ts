import type { Warning } from '../../errors.js';
import type { Model } from '../../model/schema.js';
import { coordinationDegree, couplingDegree, laggingIndex } from '../coordination.js';
import { levelOf } from '../levels.js';
import type { Coupling, DimensionScores, EvaluationInput } from './types.js';

/**
 * Stage 4 (docs/methods.md §6): per observation the coupling degree C of its dimension scores
 * (classic, with the model's exponent k when given, wang2021 or fan), the coordination degree
 * D = √(C·T), its level (the model's level table, or the built-in ten), and the lagging dimension
 * (the smallest U, first in model order on ties).
 *
 * When some U_k = 0 makes C = 0 (classic and wang2021: the product of the U is 0), a warning names
 * the region-years and the dimension and suggests `normalization.range` (docs/methods.md §1a).
 * `observations` gives the region and year of each row for that warning.
 *
 * @throws CouplingExponentError for an exponent k with a model other than classic, or k ≤ 0.
 */
export function couple(scores: DimensionScores, model: Model, observations?: Pick<EvaluationInput, 'regions' | 'years'>): Coupling {
  const m = scores.T.length;
  const K = scores.scores.length;
  const C = new Float64Array(m);
  const D = new Float64Array(m);
  const level = new Int32Array(m);
  const lagging = new Int32Array(m);
  const u = new Float64Array(K);
  const k = model.couplingExponent ?? undefined;
  const levels = model.levels ?? undefined;
  const zeroBy: number[][] = model.coupling === 'fan' ? [] : Array.from({ length: K }, () => []);
  for (let i = 0; i < m; i++) {
    for (let d = 0; d < K; d++) u[d] = scores.scores[d][i];
    C[i] = couplingDegree(u, model.coupling, k);
    D[i] = coordinationDegree(C[i], scores.T[i]);
    level[i] = levelOf(D[i], levels);
    lagging[i] = laggingIndex(u);
    if (model.coupling !== 'fan' && C[i] === 0) for (let d = 0; d < K; d++) if (u[d] === 0) zeroBy[d].push(i);
  }
  const warnings: Warning[] = [];
  zeroBy.forEach((rows, d) => {
    if (rows.length === 0) return;
    const name = (i: number) => {
      const region = observations?.regions[i] ?? `observation ${i}`;
      const year = observations?.years[i];
      return year == null ? region : `${region} ${year}`;
    };
    const listed = rows.slice(0, 5).map(name).join(', ') + (rows.length > 5 ? `, … (${rows.length} in all)` : '');
    warnings.push({
      code: 'zero-dimension-score',
      message: `dimension "${model.dimensions[d].id}" scores U = 0 for ${listed}, which makes C = 0 and D = 0 there; set normalization.range (e.g. [0.01, 0.99]) so that no score is exactly 0`,
    });
  });
  return { settings: { model: model.coupling, k: model.couplingExponent, levels: model.levels }, C, D, level, lagging, warnings };
}
