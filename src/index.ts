/**
 * coordix as a library: the same self-describing results the CLI prints.
 * Re-exports only; see README "Library".
 */
export { CoordixError, UsageError, type Warning } from './errors.js';
export { loadModel, parseModel, type LoadedModel } from './model/load.js';
export { BUILTIN_MODEL_YAML } from './model/builtin.js';
export type { Model, Dimension, Indicator, Label, Scope, IndicatorWeighting, DimensionWeighting, Aggregation } from './model/schema.js';
export { readPanel, type ReadOptions } from './input/read.js';
export type { Panel, PanelColumn, InputFileInfo } from './input/panel.js';
export { resolveIndicators, type IndicatorData, type MissingPolicy, type ImputedCell } from './input/resolve.js';
export { findProvince, fourRegionOf, displayRegionName, allProvinces, type Province, type FourRegion } from './regions/names.js';
export { evaluate, type CoordinationResult, type EvaluateOptions, type EvaluationInput, type GroupWeights, type IndicatorWeight, type FrozenState } from './core/pipeline.js';
export { normaliseColumn, type Direction, type Bounds } from './core/normalise.js';
export { entropyOfColumn, weightsFromDivergence } from './core/weights/entropy.js';
export { analyseMatrix, pairwiseMatrix, priorityVector, RANDOM_INDEX, type AhpResult, type AhpMethod, type RandomIndexTable } from './core/weights/ahp.js';
export { combineWeights, type CombineMethod } from './core/weights/combined.js';
export { couplingDegree, coordinationDegree, competitionRanks, laggingIndex, type CouplingModel } from './core/coordination.js';
export { coordinationLevel, levelName, type Lang } from './core/levels.js';
export { parseExpression, evaluateExpression, type Expr } from './model/expr.js';
export { scoresCsv, scoresJson, scoresTable, type PresentOptions } from './output/scores.js';
