/**
 * The words of a model: every convention a model (or a flag) can choose, as types and as the
 * lists that validation and `--help` offer. The model owns this vocabulary; the numeric core
 * (src/core/) imports it, never the other way round. Formulas: docs/methods.md.
 */

/** Indicator direction: higher is better (benefit, "+") or lower is better (cost, "−"). */
export type Direction = 'benefit' | 'cost';
export const DIRECTIONS: readonly Direction[] = ['benefit', 'cost'];

/** Where min and max are taken: over all region-years (pooled) or within each year. */
export type Scope = 'pooled' | 'per-year';
export const SCOPES: readonly Scope[] = ['pooled', 'per-year'];

export type IndicatorWeighting = 'entropy' | 'equal' | 'manual' | 'ahp' | 'combined';
export const INDICATOR_WEIGHTINGS: readonly IndicatorWeighting[] = ['entropy', 'equal', 'manual', 'ahp', 'combined'];

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
export type RandomIndexTable = 'saaty' | 'cn';
export const RI_TABLES: readonly RandomIndexTable[] = ['saaty', 'cn'];
