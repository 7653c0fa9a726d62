import type { Warning } from '../../errors.js';
import type { BaseWeighting, Model } from '../../model/schema.js';
import type { Bounds } from '../normalise.js';
import type { AhpResult } from '../weights/ahp.js';

/**
 * The named stages of an evaluation (the COINr way): each stage is a typed value that the next
 * stage reads, and records the settings it used.
 *
 *   EvaluationInput ─normalise─▶ NormalisedPanel ─weigh─▶ Weights ─aggregate─▶ DimensionScores
 *                   ─couple─▶ Coupling ─rank─▶ ranks
 */

/** What the core needs: observations in order and one value column per model indicator. */
export interface EvaluationInput {
  regions: string[];
  years: (number | null)[];
  values: Float64Array[];
}

/** Weights and bounds recorded by an earlier run (docs/methods.md §13). */
export interface FrozenState {
  /** Per indicator, in model order. */
  bounds: Bounds[];
  /** Within-dimension indicator weights, in model order. */
  indicatorWeights: number[];
  /** Dimension weights, in model order. */
  dimensionWeights: number[];
}

/** A normalisation group: all region-years (pooled) or one year (per-year). */
export interface Group {
  /** The year of a per-year group or of a single-year input; null for a pooled panel. */
  year: number | null;
  /** Observation indices, in observation order. */
  members: number[];
}

/** Stage 1: every indicator scaled into z. */
export interface NormalisedPanel {
  input: EvaluationInput;
  model: Model;
  settings: { method: Model['normalization']['method']; range: [number, number]; scope: Model['normalization']['scope']; frozen: boolean };
  groups: Group[];
  /** Group index of each observation. */
  groupOf: Int32Array;
  /** z per indicator (model order), per observation. */
  z: Float64Array[];
  /** Per group, per indicator: the bounds used and whether the range was zero. */
  bounds: Bounds[][];
  zeroRange: boolean[][];
  /** Cells clamped to [0, 1] under frozen bounds. */
  clamped: { region: string; year: number | null; indicator: string }[];
  warnings: Warning[];
}

export interface AhpReport extends AhpResult {
  /** "ahp.dimensions" or "ahp.indicators.<dimension>". */
  matrix: string;
}

export interface IndicatorWeight {
  id: string;
  dimension: string;
  direction: Model['dimensions'][number]['indicators'][number]['direction'];
  min: number;
  max: number;
  /** Entropy e_j and divergence d_j (null when the group has one observation). */
  entropy: number | null;
  divergence: number | null;
  entropyWeight: number | null;
  ahpWeight: number | null;
  /**
   * Each weighting that made w_j (one, or A and B of combined), with its weight and the measure
   * behind it: d_j (entropy), C_j (critic), σ_j (sd), σ_j² (variance), CV_j (cv); null for equal,
   * manual and ahp.
   */
  parts: { method: BaseWeighting; weight: number; measure: number | null }[];
  /** When CRITIC is used: σ_j (sample) of z and r_jl with each indicator of its dimension, in model order. */
  critic: { sd: number; correlations: number[] } | null;
  /** Final within-dimension weight w_j. */
  weight: number;
  /** W_k · w_j. */
  globalWeight: number;
}

/** The weights of one normalisation group. */
export interface GroupWeights {
  /** null for the pooled group (or a cross-section). */
  year: number | null;
  observations: number;
  indicators: IndicatorWeight[];
  dimensions: { id: string; weight: number }[];
}

/** Stage 2: indicator and dimension weights per group, with the AHP checks. */
export interface Weights {
  settings: { indicators: Model['weights']['indicators']; dimensions: Model['weights']['dimensions']; entropy: Model['weights']['entropy']; combine: Model['combine']; ahp: { method: Model['ahp']['method']; ri: Model['ahp']['ri'] }; frozen: boolean };
  groups: GroupWeights[];
  ahp: AhpReport[];
  warnings: Warning[];
}

/** Stage 3: U_k per dimension and T per observation. */
export interface DimensionScores {
  settings: { aggregation: Model['aggregation'] };
  /** U_k per dimension (model order), per observation. */
  scores: Float64Array[];
  T: Float64Array;
}

/** Stage 4: coupling C, coordination D, level and lagging dimension per observation. */
export interface Coupling {
  settings: CouplingSettings;
  C: Float64Array;
  D: Float64Array;
  level: Int32Array;
  /** Index of the lagging dimension (smallest U, first on ties). */
  lagging: Int32Array;
  warnings: Warning[];
}

/** What the coupling stage used: the formula, its exponent k (null: the classic 1/K) and the level table (null: the built-in ten). */
export interface CouplingSettings {
  model: Model['coupling'];
  k: number | null;
  levels: Model['levels'];
}
