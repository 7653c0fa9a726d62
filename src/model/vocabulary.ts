/**
 * The words of a model: every convention a model (or a flag) can choose, as types and as the
 * lists that validation and `--help` offer. The model owns this vocabulary; the numeric core
 * (src/core/) imports it, never the other way round. Formulas: docs/methods.md.
 */

/**
 * Indicator direction: higher is better (benefit, "+"), lower is better (cost, "−"), nearest a
 * value t is best (target, 适度指标, with `target: t`), or any value in [q1, q2] is best (interval,
 * 区间型指标, with `interval: [q1, q2]`); docs/methods.md §1a.
 */
export type Direction = 'benefit' | 'cost' | 'target' | 'interval';
export const DIRECTIONS: readonly Direction[] = ['benefit', 'cost', 'target', 'interval'];

/** How raw values become scores z (docs/methods.md §1a): min–max (default), none (already scores), vector. */
export type NormalisationMethod = 'min-max' | 'none' | 'vector';
export const NORMALISATION_METHODS: readonly NormalisationMethod[] = ['min-max', 'none', 'vector'];

/** Where min and max are taken: over all region-years (pooled) or within each year. */
export type Scope = 'pooled' | 'per-year';
export const SCOPES: readonly Scope[] = ['pooled', 'per-year'];

export type IndicatorWeighting = 'entropy' | 'equal' | 'manual' | 'ahp' | 'combined' | 'critic' | 'sd' | 'variance' | 'cv';
export const INDICATOR_WEIGHTINGS: readonly IndicatorWeighting[] = ['entropy', 'equal', 'manual', 'ahp', 'combined', 'critic', 'sd', 'variance', 'cv'];

/** The weightings `combine.of` can pair (docs/methods.md §2b): every indicator weighting but combined. */
export type BaseWeighting = Exclude<IndicatorWeighting, 'combined'>;
export const BASE_WEIGHTINGS: readonly BaseWeighting[] = ['ahp', 'entropy', 'critic', 'sd', 'variance', 'cv', 'equal', 'manual'];

/** What the entropy weights are computed on (docs/methods.md §2, §2a): the scores z (default) or the raw values. */
export type EntropyBasis = 'normalised' | 'raw';
export const ENTROPY_BASES: readonly EntropyBasis[] = ['normalised', 'raw'];

export type DimensionWeighting = 'equal' | 'manual' | 'entropy' | 'ahp';
export const DIMENSION_WEIGHTINGS: readonly DimensionWeighting[] = ['equal', 'manual', 'entropy', 'ahp'];

/** How two weightings are combined (docs/methods.md §3). */
export type CombineMethod = 'multiplicative' | 'linear';
export const COMBINE_METHODS: readonly CombineMethod[] = ['multiplicative', 'linear'];

/** Aggregation inside a dimension: weighted sum or TOPSIS closeness. */
export type Aggregation = 'weighted-sum' | 'topsis';
export const AGGREGATIONS: readonly Aggregation[] = ['weighted-sum', 'topsis'];

/** Coupling formula (docs/methods.md §6). */
export type CouplingModel = 'classic' | 'wang2021' | 'fan';
export const COUPLINGS: readonly CouplingModel[] = ['classic', 'wang2021', 'fan'];

/** AHP priority vector: principal eigenvector, row geometric means, column-normalised row means. */
export type AhpMethod = 'eigen' | 'geometric' | 'arithmetic';
export const AHP_METHODS: readonly AhpMethod[] = ['eigen', 'geometric', 'arithmetic'];

/** Random-index tables for the AHP consistency ratio. */
export type RandomIndexTable = 'saaty' | 'cn' | 'donegan-dodd';
export const RI_TABLES: readonly RandomIndexTable[] = ['saaty', 'cn', 'donegan-dodd'];

/** The languages of labels, level names and tables. */
export type Lang = 'en' | 'zh';
