import type { Warning } from '../errors.js';
import type { Model } from '../model/schema.js';
import { aggregate } from './stages/aggregate.js';
import { couple } from './stages/couple.js';
import { normalise } from './stages/normalise.js';
import { rank } from './stages/rank.js';
import type { AhpReport, CouplingSettings, EvaluationInput, FrozenState, GroupWeights, NormalisedPanel, Weights } from './stages/types.js';
import { weigh, type WeighOptions } from './stages/weigh.js';

export type { AhpReport, CouplingSettings, EvaluationInput, FrozenState, GroupWeights, IndicatorWeight } from './stages/types.js';
export { membersByYear } from './stages/groups.js';

export type EvaluateOptions = WeighOptions;

/** The whole run, described: scores and everything that produced them. */
export interface CoordinationResult {
  model: Model;
  regions: string[];
  years: (number | null)[];
  dimensionIds: string[];
  indicatorIds: string[];
  /** Normalised z per indicator (model order), per observation. */
  normalised: Float64Array[];
  /** U_k per dimension, per observation. */
  scores: Float64Array[];
  T: Float64Array;
  C: Float64Array;
  D: Float64Array;
  level: Int32Array;
  rank: Int32Array;
  /** Index of the lagging dimension per observation. */
  lagging: Int32Array;
  /** Normalisation group of each observation (an index into `groups`). */
  groupOf: Int32Array;
  groups: GroupWeights[];
  ahp: AhpReport[];
  /** Cells clamped to [0, 1] under frozen bounds. */
  clamped: NormalisedPanel['clamped'];
  /** The settings each stage recorded. */
  settings: { normalisation: NormalisedPanel['settings']; weights: Weights['settings']; aggregation: { aggregation: Model['aggregation'] }; coupling: CouplingSettings };
  warnings: Warning[];
}

/**
 * The whole computation (docs/methods.md §1–§6): normalise → weigh → aggregate → couple → rank.
 * Pure: no I/O; the same input gives the same bits whatever the order of its rows.
 *
 * @throws NoObservationsError, FrozenStateError (normalise); AhpInconsistentError,
 *   EntropyObservationsError (weigh).
 */
export function evaluate(input: EvaluationInput, model: Model, options: EvaluateOptions = {}): CoordinationResult {
  const normalised = normalise(input, model, options.frozen);
  const weights = weigh(normalised, options);
  const dimensionScores = aggregate(normalised, weights);
  const coupling = couple(dimensionScores, model, input);
  return {
    model,
    regions: input.regions,
    years: input.years,
    dimensionIds: model.dimensions.map((d) => d.id),
    indicatorIds: model.dimensions.flatMap((d) => d.indicators.map((i) => i.id)),
    normalised: normalised.z,
    scores: dimensionScores.scores,
    T: dimensionScores.T,
    C: coupling.C,
    D: coupling.D,
    level: coupling.level,
    rank: rank(coupling.D, input.years),
    lagging: coupling.lagging,
    groupOf: normalised.groupOf,
    groups: weights.groups,
    ahp: weights.ahp,
    clamped: normalised.clamped,
    settings: { normalisation: normalised.settings, weights: weights.settings, aggregation: dimensionScores.settings, coupling: coupling.settings },
    warnings: dedupe([...normalised.warnings, ...weights.warnings, ...clampedWarning(normalised.clamped), ...coupling.warnings]),
  };
}

function clampedWarning(clamped: NormalisedPanel['clamped']): Warning[] {
  if (clamped.length === 0) return [];
  const first = clamped.slice(0, 5).map((c) => `${c.region}${c.year === null ? '' : ` ${c.year}`} ${c.indicator}`);
  return [
    {
      code: 'clamped',
      message: `${clamped.length} cell${clamped.length === 1 ? '' : 's'} outside the frozen bounds clamped to [0, 1]: ${first.join(', ')}${clamped.length > 5 ? ', …' : ''}`,
    },
  ];
}

function dedupe(warnings: Warning[]): Warning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => (seen.has(w.message) ? false : (seen.add(w.message), true)));
}
