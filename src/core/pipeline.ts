import { CoordixError, type Warning } from '../errors.js';
import type { Model } from '../model/schema.js';
import { weightedSum, topsis } from './aggregate.js';
import { competitionRanks, coordinationDegree, couplingDegree, laggingIndex } from './coordination.js';
import { coordinationLevel } from './levels.js';
import { normaliseColumn, zeroRangeWarning, type Bounds, type Direction } from './normalise.js';
import { analyseMatrix, type AhpResult } from './weights/ahp.js';
import { combineWeights } from './weights/combined.js';
import { entropyOfColumn, weightsFromDivergence } from './weights/entropy.js';

/** What the core needs: observations in order and one value column per model indicator. */
export interface EvaluationInput {
  regions: string[];
  years: (number | null)[];
  values: Float64Array[];
}

/** Weights and bounds recorded by an earlier run (methods.md §10). */
export interface FrozenState {
  /** Per indicator, in model order. */
  bounds: Bounds[];
  /** Within-dimension indicator weights, in model order. */
  indicatorWeights: number[];
  /** Dimension weights, in model order. */
  dimensionWeights: number[];
}

export interface EvaluateOptions {
  /** Accept AHP matrices with CR ≥ 0.1 (with a warning) instead of failing. */
  allowInconsistent?: boolean;
  /** Use recorded bounds and weights (pooled scope only). */
  frozen?: FrozenState;
  /**
   * Replaces the weights computed for each normalisation group (the sensitivity analysis draws
   * them around the computed ones). Receives and returns weights in model order: indicator
   * weights within their dimension, and dimension weights.
   */
  perturbWeights?: (group: number, base: { indicatorWeights: number[]; dimensionWeights: number[] }) => { indicatorWeights: number[]; dimensionWeights: number[] };
}

export interface IndicatorWeight {
  id: string;
  dimension: string;
  direction: 'benefit' | 'cost';
  min: number;
  max: number;
  /** Entropy e_j and divergence d_j (null when the group has one observation). */
  entropy: number | null;
  divergence: number | null;
  entropyWeight: number | null;
  ahpWeight: number | null;
  /** Final within-dimension weight w_j. */
  weight: number;
  /** W_k · w_j. */
  globalWeight: number;
}

/** The weights of one normalisation group: all region-years (pooled) or one year (per-year). */
export interface GroupWeights {
  /** null for the pooled group (or a cross-section). */
  year: number | null;
  observations: number;
  indicators: IndicatorWeight[];
  dimensions: { id: string; weight: number }[];
}

export interface AhpReport extends AhpResult {
  /** "ahp.dimensions" or "ahp.indicators.<dimension>". */
  matrix: string;
}

export interface CoordinationResult {
  model: Model;
  regions: string[];
  years: (number | null)[];
  dimensionIds: string[];
  indicatorIds: string[];
  /** Normalised z per indicator (model order), per observation; computed when first read. */
  readonly normalised: Float64Array[];
  /** U_k per dimension, per observation. */
  scores: Float64Array[];
  T: Float64Array;
  C: Float64Array;
  D: Float64Array;
  level: Int32Array;
  rank: Int32Array;
  /** Index of the lagging dimension per observation. */
  lagging: Int32Array;
  /** Group index of each observation. */
  groupOf: Int32Array;
  groups: GroupWeights[];
  ahp: AhpReport[];
  /** Cells clamped to [0, 1] under frozen bounds. */
  clamped: { region: string; year: number | null; indicator: string }[];
  warnings: Warning[];
}

/**
 * The whole computation of methods.md §1, §2, §3–§6: normalise, weigh, aggregate, couple.
 * Pure: no I/O. Sums run in observation order, so the same input gives the same bits.
 *
 * @throws CoordixError entropy weights with one observation in a group; an AHP matrix with
 *   CR ≥ 0.1 unless `allowInconsistent`; frozen state that does not fit the model.
 */
export function evaluate(input: EvaluationInput, model: Model, options: EvaluateOptions = {}): CoordinationResult {
  const m = input.regions.length;
  const K = model.dimensions.length;
  const indicatorsOf = model.dimensions.map((d) => d.indicators);
  // Every indicator with its dimension k and its place t within that dimension.
  const flat = model.dimensions.flatMap((d, k) => d.indicators.map((ind, t) => ({ ind, k, t })));
  const J = flat.length;
  if (input.values.length !== J) throw new Error(`evaluate: ${input.values.length} value columns for ${J} indicators`);
  if (m === 0) throw new CoordixError('no observations to score');
  const warnings: Warning[] = [];
  const scope = model.normalization.scope;
  const frozen = options.frozen;
  if (frozen) {
    if (scope !== 'pooled') throw new CoordixError('--frozen needs pooled normalisation (normalization.scope: pooled): per-year bounds cannot be carried to a new year');
    if (frozen.bounds.length !== J || frozen.indicatorWeights.length !== J || frozen.dimensionWeights.length !== K) {
      throw new CoordixError(`the frozen manifest records ${frozen.bounds.length} indicators and ${frozen.dimensionWeights.length} dimensions, but the model has ${J} and ${K}; freeze again with this model`);
    }
  }

  // Groups of observations: one pooled group, or one per year (observations are sorted by year).
  const groupOf = new Int32Array(m);
  const groupMembers: number[][] = [];
  const groupYears: (number | null)[] = [];
  const distinctYears = new Set(input.years).size;
  if (scope === 'per-year') {
    if (distinctYears === 1) warnings.push({ code: 'single-year-per-year', message: 'normalization scope per-year with a single year: the same as pooled' });
    for (const [year, members] of membersByYear(input.years)) {
      for (const i of members) groupOf[i] = groupMembers.length;
      groupMembers.push(members);
      groupYears.push(year);
    }
  } else {
    groupMembers.push(Array.from({ length: m }, (_, i) => i));
    groupYears.push(distinctYears === 1 ? input.years[0] : null);
  }

  // AHP matrices (group-independent).
  const ahp: AhpReport[] = [];
  const checkAhp = (matrix: number[][], name: string): number[] => {
    const result = analyseMatrix(matrix, model.ahp.method, model.ahp.ri);
    ahp.push({ ...result, matrix: name });
    if (!result.consistent) {
      const worst = result.worst ? `; the least consistent judgement is (${result.worst.row},${result.worst.col}) = ${fmt(result.worst.given)}, consistent would be ${fmt(result.worst.consistentValue)}` : '';
      const message = `${name}: consistency ratio CR = ${fmt(result.cr)} ≥ 0.10${worst}`;
      if (!options.allowInconsistent) throw new CoordixError(`${message}; revise the judgements, or pass --allow-inconsistent`);
      warnings.push({ code: 'ahp-inconsistent', message: `${message} (accepted with --allow-inconsistent)` });
    }
    return result.weights;
  };
  const usesAhpIndicators = model.weights.indicators === 'ahp' || model.weights.indicators === 'combined';
  const ahpIndicatorWeights: (number[] | null)[] = model.dimensions.map((d) => {
    const matrix = model.ahp.indicators[d.id];
    if (matrix) return checkAhp(matrix, `ahp.indicators.${d.id}`);
    // Without a matrix: a one-indicator dimension under AHP weighting (validation requires matrices
    // for the others); no AHP weight at all when the model does not weigh indicators by AHP.
    return usesAhpIndicators ? d.indicators.map(() => 1 / d.indicators.length) : null;
  });
  const ahpDimensionWeights = model.ahp.dimensions ? checkAhp(model.ahp.dimensions, 'ahp.dimensions') : null;

  const needsEntropy = !frozen && (model.weights.indicators === 'entropy' || model.weights.indicators === 'combined' || model.weights.dimensions === 'entropy');

  // z is not kept: each group's columns are normalised into one scratch array when needed (for the
  // entropy, then again for the scores — the same arithmetic on the same bounds, so the same bits),
  // and result.normalised computes them all only if asked (obstacle degrees).
  const scratch = new Float64Array(m);
  const groupBounds: Bounds[][] = [];
  const scores = model.dimensions.map(() => new Float64Array(m));
  const T = new Float64Array(m);
  const groups: GroupWeights[] = [];
  const clamped: CoordinationResult['clamped'] = [];

  groupMembers.forEach((members, g) => {
    const size = members.length;
    const year = groupYears[g];
    if (needsEntropy && size < 2) {
      throw new CoordixError(
        `entropy weights need at least 2 observations${scope === 'per-year' ? ` per year, but ${year} has 1` : ', but the input has 1'}; use weights.indicators: equal or manual, or add regions`,
      );
    }
    // §1 normalisation and §2 entropy, per indicator.
    const entropies: ({ entropy: number; divergence: number } | null)[] = [];
    const bounds: Bounds[] = [];
    const z = scratch.subarray(0, size);
    flat.forEach(({ ind }, j) => {
      const result = normaliseColumn(input.values[j], members, ind.direction, frozen?.bounds[j], z);
      if (result.zeroRange) warnings.push(zeroRangeWarning(ind.id, scope === 'per-year' ? year : undefined));
      for (const i of result.clamped) clamped.push({ region: input.regions[i], year: input.years[i], indicator: ind.id });
      bounds.push(result.bounds);
      entropies.push(size >= 2 ? entropyOfColumn(z, model.normalization.shift, result.zeroRange) : null);
    });
    groupBounds.push(bounds);
    /** z of indicator j over this group, into the scratch array, against the bounds found above. */
    const zOf = (j: number): Float64Array => normaliseColumn(input.values[j], members, flat[j].ind.direction, bounds[j], z).out;

    // Indicator weights within each dimension.
    const entropyWeights: (number | null)[] = new Array(J).fill(null);
    const finalWeights: number[] = new Array(J);
    let offset = 0;
    model.dimensions.forEach((dim, k) => {
      const n = dim.indicators.length;
      const range = Array.from({ length: n }, (_, t) => offset + t);
      if (entropies[offset] !== null) {
        const { weights, allZero } = weightsFromDivergence(range.map((j) => entropies[j]!.divergence));
        range.forEach((j, t) => (entropyWeights[j] = weights[t]));
        if (allZero && needsEntropy && n > 1 && (model.weights.indicators === 'entropy' || model.weights.indicators === 'combined')) {
          warnings.push({ code: 'dimension-constant', message: `every indicator of dimension "${dim.id}" is constant${scope === 'per-year' && year !== null ? ` in ${year}` : ''}: its entropy weights are equal` });
        }
      }
      let w: number[];
      if (frozen) w = range.map((j) => frozen.indicatorWeights[j]);
      else {
        switch (model.weights.indicators) {
          case 'entropy':
            w = range.map((j) => entropyWeights[j]!);
            break;
          case 'equal':
            w = range.map(() => 1 / n);
            break;
          case 'manual': {
            const total = dim.indicators.reduce((s, ind) => s + ind.weight, 0);
            w = dim.indicators.map((ind) => ind.weight / total);
            break;
          }
          case 'ahp':
            w = ahpIndicatorWeights[k]!;
            break;
          case 'combined':
            w = combineWeights(ahpIndicatorWeights[k]!, range.map((j) => entropyWeights[j]!), model.combine.method, model.combine.alpha);
            break;
        }
      }
      range.forEach((j, t) => (finalWeights[j] = w[t]));
      offset += n;
    });

    // Dimension weights W_k.
    let W: number[];
    if (frozen) W = frozen.dimensionWeights;
    else {
      switch (model.weights.dimensions) {
        case 'equal':
          W = model.dimensions.map(() => 1 / K);
          break;
        case 'manual': {
          const total = model.dimensions.reduce((s, d) => s + d.weight, 0);
          if (g === 0 && Math.abs(total - 1) > 1e-9) {
            warnings.push({ code: 'dimension-weights-rescaled', message: `manual dimension weights sum to ${fmt(total)}, not 1: rescaled to sum 1` });
          }
          W = model.dimensions.map((d) => d.weight / total);
          break;
        }
        case 'entropy': {
          let j = 0;
          const sums = indicatorsOf.map((inds) => inds.reduce((s) => s + entropies[j++]!.divergence, 0));
          const { weights, allZero } = weightsFromDivergence(sums);
          if (allZero) warnings.push({ code: 'dimension-entropy-zero', message: 'every indicator is constant: entropy dimension weights are equal' });
          W = weights;
          break;
        }
        case 'ahp':
          W = ahpDimensionWeights!;
          break;
      }
    }

    if (options.perturbWeights) {
      const perturbed = options.perturbWeights(g, { indicatorWeights: [...finalWeights], dimensionWeights: [...W] });
      perturbed.indicatorWeights.forEach((x, j) => (finalWeights[j] = x));
      W = perturbed.dimensionWeights;
    }

    // §5 dimension scores and the composite T.
    offset = 0;
    model.dimensions.forEach((dim, k) => {
      const n = dim.indicators.length;
      const first = offset;
      const ws = finalWeights.slice(offset, offset + n);
      const column = (t: number) => zOf(first + t);
      const u = model.aggregation === 'topsis' ? topsis(column, ws, size) : weightedSum(column, ws, size);
      for (let p = 0; p < size; p++) scores[k][members[p]] = u[p];
      offset += n;
    });
    // T = Σ W_k U_k / Σ W_k: the same value, exactly 1 when every U is 1 and never above 1 (aggregate.ts).
    let wTotal = 0;
    for (let k = 0; k < K; k++) wTotal += W[k];
    for (const i of members) {
      let t = 0;
      for (let k = 0; k < K; k++) t += W[k] * scores[k][i];
      T[i] = wTotal > 0 && wTotal !== 1 ? t / wTotal : t;
    }

    groups.push({
      year,
      observations: size,
      indicators: flat.map(({ ind, k, t }, j) => ({
        id: ind.id,
        dimension: model.dimensions[k].id,
        direction: ind.direction,
        min: bounds[j].min,
        max: bounds[j].max,
        entropy: entropies[j]?.entropy ?? null,
        divergence: entropies[j]?.divergence ?? null,
        entropyWeight: entropyWeights[j],
        ahpWeight: ahpIndicatorWeights[k]?.[t] ?? null,
        weight: finalWeights[j],
        globalWeight: W[k] * finalWeights[j],
      })),
      dimensions: model.dimensions.map((d, k) => ({ id: d.id, weight: W[k] })),
    });
  });

  if (clamped.length > 0) {
    warnings.push({
      code: 'clamped',
      message: `${clamped.length} cell${clamped.length === 1 ? '' : 's'} outside the frozen bounds clamped to [0, 1]: ${clamped.slice(0, 5).map((c) => `${c.region}${c.year === null ? '' : ` ${c.year}`} ${c.indicator}`).join(', ')}${clamped.length > 5 ? ', …' : ''}`,
    });
  }

  // §6 coupling, coordination, level, rank, lagging.
  const C = new Float64Array(m);
  const D = new Float64Array(m);
  const level = new Int32Array(m);
  const lagging = new Int32Array(m);
  const u = new Float64Array(K);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < K; k++) u[k] = scores[k][i];
    C[i] = couplingDegree(u, model.coupling);
    D[i] = coordinationDegree(C[i], T[i]);
    level[i] = coordinationLevel(D[i]);
    lagging[i] = laggingIndex(u);
  }
  const rank = new Int32Array(m);
  for (const members of membersByYear(input.years).values()) {
    const ranks = competitionRanks(members.map((i) => D[i]));
    ranks.forEach((r, p) => (rank[members[p]] = r));
  }

  const directions = flat.map(({ ind }) => ind.direction);
  return new Result(
    {
      model,
      regions: input.regions,
      years: input.years,
      dimensionIds: model.dimensions.map((d) => d.id),
      indicatorIds: flat.map(({ ind }) => ind.id),
      scores,
      T,
      C,
      D,
      level,
      rank,
      lagging,
      groupOf,
      groups,
      ahp,
      clamped,
      warnings: dedupe(warnings),
    },
    () => normaliseAll(input, directions, groupMembers, groupBounds),
  );
}

/**
 * A result whose `normalised` is computed on first read, from the groups' bounds (only obstacle
 * degrees need it; a large panel would otherwise keep J × m values for nothing). A class, so that
 * the getter lives on the prototype: an accessor in each result object literal made evaluate ~50 %
 * slower on small panels. Object spread does not copy `normalised`.
 */
class Result implements CoordinationResult {
  declare model: Model;
  declare regions: string[];
  declare years: (number | null)[];
  declare dimensionIds: string[];
  declare indicatorIds: string[];
  declare scores: Float64Array[];
  declare T: Float64Array;
  declare C: Float64Array;
  declare D: Float64Array;
  declare level: Int32Array;
  declare rank: Int32Array;
  declare lagging: Int32Array;
  declare groupOf: Int32Array;
  declare groups: GroupWeights[];
  declare ahp: AhpReport[];
  declare clamped: CoordinationResult['clamped'];
  declare warnings: Warning[];
  #normalised: Float64Array[] | undefined;
  readonly #compute: () => Float64Array[];

  constructor(fields: Omit<CoordinationResult, 'normalised'>, compute: () => Float64Array[]) {
    Object.assign(this, fields);
    this.#compute = compute;
  }

  get normalised(): Float64Array[] {
    return (this.#normalised ??= this.#compute());
  }
}

/** z of every indicator for every observation, from each group's bounds (result.normalised). */
function normaliseAll(input: EvaluationInput, directions: Direction[], groupMembers: number[][], groupBounds: Bounds[][]): Float64Array[] {
  const m = input.regions.length;
  return directions.map((direction, j) => {
    const out = new Float64Array(m);
    groupMembers.forEach((members, g) => {
      const z = normaliseColumn(input.values[j], members, direction, groupBounds[g][j]).out;
      for (let p = 0; p < members.length; p++) out[members[p]] = z[p];
    });
    return out;
  });
}

/** Observation indices per year, years in first-appearance order. */
export function membersByYear(years: readonly (number | null)[]): Map<number | null, number[]> {
  const out = new Map<number | null, number[]>();
  years.forEach((y, i) => {
    const list = out.get(y);
    if (list) list.push(i);
    else out.set(y, [i]);
  });
  return out;
}

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString();
}

function dedupe(warnings: Warning[]): Warning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => (seen.has(w.message) ? false : (seen.add(w.message), true)));
}
