import type { LevelTable } from './levels.js';
import type { AhpMethod, Aggregation, BaseWeighting, CombineMethod, CouplingModel, DimensionWeighting, Direction, EntropyBasis, IndicatorWeighting, NormalisationMethod, RandomIndexTable, Scope } from './vocabulary.js';

export * from './vocabulary.js';

/**
 * The model: which indicators form which dimension, their directions, and every convention of
 * the computation. One shape for the model file, the defaults and the flags (precedence:
 * defaults < model file < flags); the resolved model travels with every result.
 */

export interface Label {
  en?: string;
  zh?: string;
}

export interface Indicator {
  /** Its name everywhere coordix prints it; defaults to `column`. */
  id: string;
  /** The input column it reads, or null for a derived indicator. */
  column: string | null;
  /** A derived indicator's expression (see core/expr.ts), or null. */
  expr: string | null;
  direction: Direction;
  /** t of a `target` indicator (z = 1 − |x − t| / max |x − t|); absent otherwise. */
  target?: number;
  /** [q1, q2] of an `interval` indicator; absent otherwise. */
  interval?: [number, number];
  /** `valid: [lo, hi]`: the values it can take (a share: [0, 100]); a value outside stops the run. */
  valid?: [number, number];
  /** Relative manual weight (> 0), used by `weights.indicators: manual`. */
  weight: number;
  label: Label;
  unit: string | null;
}

export interface Dimension {
  id: string;
  label: Label;
  /** Relative manual weight (> 0), used by `weights.dimensions: manual`. */
  weight: number;
  indicators: Indicator[];
}

export interface Model {
  name: string;
  columns: { region: string; year: string };
  /** method and range [a, b] (z' = a + (b − a)·z, min–max only; docs/methods.md §1a), scope, shift. */
  normalization: { method: NormalisationMethod; range: [number, number]; scope: Scope; shift: number };
  weights: { indicators: IndicatorWeighting; dimensions: DimensionWeighting; entropy: { basis: EntropyBasis } };
  coupling: CouplingModel;
  /** Exponent k of the classic coupling (`coupling: { model: classic, k }`), or null for the classic 1/K. */
  couplingExponent: number | null;
  aggregation: Aggregation;
  /** `of`: the two weightings combined (A, B; α weighs A), default [ahp, entropy]. */
  combine: { of: [BaseWeighting, BaseWeighting]; method: CombineMethod; alpha: number };
  /** Custom coordination levels (docs/methods.md §6), or null for the built-in ten. */
  levels: LevelTable | null;
  ahp: {
    method: AhpMethod;
    ri: RandomIndexTable;
    /** K × K over the dimensions in model order, or null. */
    dimensions: number[][] | null;
    /** Per dimension id: the n × n matrix over its indicators (absent for one-indicator dimensions). */
    indicators: Record<string, number[][]>;
  };
  dimensions: Dimension[];
  /** `years:` — only these years are read (before missing-value handling); absent: all. `--years` wins. */
  years?: number[];
  /** `regions:` — only these regions (names, `provinces`, or east/central/west/northeast); absent: all. `--regions` wins. */
  regions?: string[];
  /** `aliases:` — region names in the data mapped to provinces (Mongolia: 内蒙古); `--aliases FILE` adds to them. */
  aliases?: Record<string, string>;
}

export const DEFAULTS = {
  columns: { region: 'region', year: 'year' },
  normalization: { method: 'min-max' as NormalisationMethod, range: [0, 1] as [number, number], scope: 'pooled' as Scope, shift: 0 },
  weights: { indicators: 'entropy' as IndicatorWeighting, dimensions: 'equal' as DimensionWeighting, entropy: { basis: 'normalised' as EntropyBasis } },
  coupling: 'classic' as CouplingModel,
  couplingExponent: null as number | null,
  aggregation: 'weighted-sum' as Aggregation,
  combine: { of: ['ahp', 'entropy'] as [BaseWeighting, BaseWeighting], method: 'multiplicative' as CombineMethod, alpha: 0.5 },
  ahp: { method: 'eigen' as AhpMethod, ri: 'saaty' as RandomIndexTable },
  levels: null as LevelTable | null,
};


/** Column names of the score output that a dimension id must not take. */
export const RESERVED_IDS = ['region', 'year', 'T', 'C', 'D', 'level', 'level_name', 'rank', 'lagging'];

/** All indicators in model order, with their dimension index. */
export function flatIndicators(model: Model): { indicator: Indicator; dimension: number }[] {
  return model.dimensions.flatMap((d, k) => d.indicators.map((indicator) => ({ indicator, dimension: k })));
}

/** The label of a dimension or indicator in a language, falling back to the other, then the id. */
export function labelOf(item: { id: string; label: Label }, lang: 'en' | 'zh'): string {
  return (lang === 'zh' ? item.label.zh ?? item.label.en : item.label.en ?? item.label.zh) ?? item.id;
}
