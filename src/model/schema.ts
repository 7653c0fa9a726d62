import type { AhpMethod, Aggregation, CombineMethod, CouplingModel, DimensionWeighting, Direction, IndicatorWeighting, RandomIndexTable, Scope } from './vocabulary.js';

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
  normalization: { scope: Scope; shift: number };
  weights: { indicators: IndicatorWeighting; dimensions: DimensionWeighting };
  coupling: CouplingModel;
  aggregation: Aggregation;
  combine: { method: CombineMethod; alpha: number };
  ahp: {
    method: AhpMethod;
    ri: RandomIndexTable;
    /** K × K over the dimensions in model order, or null. */
    dimensions: number[][] | null;
    /** Per dimension id: the n × n matrix over its indicators (absent for one-indicator dimensions). */
    indicators: Record<string, number[][]>;
  };
  dimensions: Dimension[];
}

export const DEFAULTS = {
  columns: { region: 'region', year: 'year' },
  normalization: { scope: 'pooled' as Scope, shift: 0 },
  weights: { indicators: 'entropy' as IndicatorWeighting, dimensions: 'equal' as DimensionWeighting },
  coupling: 'classic' as CouplingModel,
  aggregation: 'weighted-sum' as Aggregation,
  combine: { method: 'multiplicative' as CombineMethod, alpha: 0.5 },
  ahp: { method: 'eigen' as AhpMethod, ri: 'saaty' as RandomIndexTable },
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
