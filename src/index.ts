/**
 * coordix as a library: the same self-describing results the CLI prints (README, "Library").
 * Re-exports only. Formulas and conventions: docs/methods.md.
 */

// Scoring, in one call or stage by stage.
export { score, defineModel, scoresCsv, scoresJson, scoresTable, type ScoreOptions, type ScoreResult, type PrintOptions } from './library.js';
export type { DataRow } from './input/rows.js';
export { evaluate, type CoordinationResult, type EvaluateOptions, type EvaluationInput, type GroupWeights, type IndicatorWeight, type FrozenState } from './core/pipeline.js';
export { normalise as normaliseStage } from './core/stages/normalise.js';
export { weigh, type WeighOptions } from './core/stages/weigh.js';
export { aggregate } from './core/stages/aggregate.js';
export { couple } from './core/stages/couple.js';
export { rank } from './core/stages/rank.js';
export type { NormalisedPanel, Weights, DimensionScores, Coupling, Group } from './core/stages/types.js';

// The model.
export { loadModel, parseModel, type LoadedModel } from './model/load.js';
export { BUILTIN_MODEL_YAML } from './model/builtin.js';
export type { Model, Dimension, Indicator, Label } from './model/schema.js';
export * from './model/vocabulary.js';

// Reading data.
export { readPanel, type ReadOptions } from './input/read.js';
export type { Panel, PanelColumn, InputFileInfo } from './input/panel.js';
export { resolveIndicators, type IndicatorData, type MissingPolicy, type ImputedCell } from './input/resolve.js';
export { findProvince, fourRegionOf, displayRegionName, allProvinces, FOUR_REGIONS, type Province, type FourRegion } from './regions/names.js';

// Analyses after the score.
export { analyseMatrix, type AhpResult } from './core/weights/ahp.js';
export { obstacleDegrees } from './core/obstacles.js';
export { disparity, theilDecomposition, sigmaConvergence, type DisparityMeasures, type TheilDecomposition } from './core/disparity.js';
export { disparityByYear, type YearDisparity, type DisparityByYear } from './core/disparity-by-year.js';
export { sensitivityAnalysis, type SensitivitySettings, type SensitivityResult } from './core/sensitivity.js';
export { compareTables, type Comparable, type CheckResult } from './core/compare.js';
export { coordinationLevel, levelName, type Lang } from './core/levels.js';
export { spatialWeights, type SpatialWeights, type WeightsSpec } from './core/spatial/weights.js';
export { moranI, localMoran, type MoranResult, type LocalMoran } from './core/spatial/moran.js';
export { dagumGini, type DagumGini } from './core/dagum.js';
export { distributionBalance, flagRatios, BalanceValueError, BalanceZeroTotalError, type BalanceResult, type RegionBalance } from './core/balance.js';
export { locationQuotients, krugmanSpecialisation, structuralSimilarity, similarPairs, type SectorRow, type SimilarityMatrix } from './core/structure.js';
export { outsideBand, parseBand, InvalidBandError, type BandResult, type OutsideRegion } from './core/band.js';
export { balanceByYear, structureByYear, sectorTotalMismatches, bandByYear, type YearBalance, type YearStructure, type TotalMismatch } from './core/standards-by-year.js';
export { kernelDensity, type KernelDensityResult } from './core/dynamics/kernel-density.js';
export { markovTransitions, type MarkovResult, type MarkovStates } from './core/dynamics/markov.js';
export { betaConvergence, betaConvergencePanel, type BetaConvergence } from './core/dynamics/convergence.js';
export { parseWeightsCsv } from './input/spatial-weights.js';

// Errors a caller can catch by type.
export { CoordixError, UsageError, type Warning } from './errors.js';
export { AhpInconsistentError, EntropyObservationsError, FrozenStateError, NoObservationsError } from './core/errors.js';
