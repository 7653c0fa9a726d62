import type { Warning } from '../../errors.js';
import type { BaseWeighting, Model } from '../../model/schema.js';
import { AhpInconsistentError, EntropyObservationsError, short } from '../errors.js';
import { analyseMatrix } from '../weights/ahp.js';
import { offScaleJudgements } from '../../model/ahp-matrix.js';
import { combineWeights } from '../weights/combined.js';
import { criticWeights, type CriticWeights } from '../weights/critic.js';
import { cvWeights, sdWeights, varianceWeights, ZeroMeanError, type DispersionWeights } from '../weights/dispersion.js';
import { entropyOfColumn, entropyOfRawColumn, RawProportionError, weightsFromDivergence } from '../weights/entropy.js';
import { gather } from './groups.js';
import type { AhpReport, FrozenState, GroupWeights, NormalisedPanel, Weights } from './types.js';

export interface WeighOptions {
  /** Accept AHP matrices with CR ≥ 0.1 (with a warning) instead of failing. */
  allowInconsistent?: boolean;
  /** Use recorded weights instead of computing them. */
  frozen?: FrozenState;
  /**
   * Replaces the weights computed for each group (the sensitivity analysis draws them around the
   * computed ones). Receives and returns weights in model order: indicator weights within their
   * dimension, and dimension weights.
   */
  perturbWeights?: (group: number, base: { indicatorWeights: number[]; dimensionWeights: number[] }) => { indicatorWeights: number[]; dimensionWeights: number[] };
}

/**
 * Stage 2 (docs/methods.md §2–§5): indicator weights within each dimension (entropy — on the
 * scores z, or on raw proportions with `weights.entropy.basis: raw` —, CRITIC, sd, variance, cv,
 * equal, manual, AHP, or `combined`: any two of them, `combine.of`) and dimension weights W_k
 * (equal, manual, entropy or AHP), per normalisation group; every AHP matrix checked for
 * consistency.
 *
 * @throws AhpInconsistentError for a matrix with CR ≥ 0.10 unless `allowInconsistent`;
 *   EntropyObservationsError when entropy weights are needed for a group of one observation;
 *   RawProportionError (raw entropy: a value ≤ 0) and ZeroMeanError (cv: a mean of 0), naming the
 *   region, year and indicator.
 */
export function weigh(panel: NormalisedPanel, options: WeighOptions = {}): Weights {
  const { model, groups, z } = panel;
  const frozen = options.frozen;
  const K = model.dimensions.length;
  const flat = model.dimensions.flatMap((d, k) => d.indicators.map((indicator, t) => ({ indicator, k, t })));
  const J = flat.length;
  const warnings: Warning[] = [];

  const ahp: AhpReport[] = [];
  const checkAhp = (matrix: number[][], name: string): number[] => {
    const result = analyseMatrix(matrix, model.ahp.method, model.ahp.ri);
    ahp.push({ ...result, matrix: name });
    for (const j of offScaleJudgements(matrix)) {
      warnings.push({ code: 'ahp-off-scale', message: `${name}: judgement (${j.row},${j.col}) = ${j.value} is off Saaty's 1–9 scale (1/9 … 9); it is used as given — check it was meant` });
    }
    if (!result.consistent) {
      const error = new AhpInconsistentError(name, result.cr, result.worst);
      if (!options.allowInconsistent) throw error;
      warnings.push({ code: 'ahp-inconsistent', message: `${error.message.split('; revise')[0]} (accepted with allowInconsistent)` });
    }
    return result.weights;
  };
  const used: BaseWeighting[] = model.weights.indicators === 'combined' ? [...model.combine.of] : [model.weights.indicators];
  const usesAhpIndicators = used.includes('ahp');
  const ahpIndicatorWeights: (number[] | null)[] = model.dimensions.map((d) => {
    const matrix = model.ahp.indicators[d.id];
    if (matrix) return checkAhp(matrix, `ahp.indicators.${d.id}`);
    // Without a matrix: a one-indicator dimension under AHP weighting (validation requires matrices
    // for the others); no AHP weight at all when the model does not weigh indicators by AHP.
    return usesAhpIndicators ? d.indicators.map(() => 1 / d.indicators.length) : null;
  });
  const ahpDimensionWeights = model.ahp.dimensions ? checkAhp(model.ahp.dimensions, 'ahp.dimensions') : null;

  const entropyIndicators = used.includes('entropy');
  const needsEntropy = !frozen && (entropyIndicators || model.weights.dimensions === 'entropy');

  const groupWeights: GroupWeights[] = groups.map((group, g) => {
    const size = group.members.length;
    if (needsEntropy && size < 2) throw new EntropyObservationsError(panel.settings.scope === 'per-year' ? group.year : null, size);
    // e_j and d_j of every indicator (docs/methods.md §3), when the group has two observations or more.
    const place = (j: number, index?: number) => {
      const obs = index === undefined ? '' : `${panel.input.regions[index]}${panel.input.years[index] === null ? '' : ` ${panel.input.years[index]}`}, `;
      const when = index === undefined && group.year !== null && panel.settings.scope === 'per-year' ? ` in ${group.year}` : '';
      return `${obs}indicator "${flat[j].indicator.id}"${when}`;
    };
    const rawBasis = model.weights.entropy.basis === 'raw';
    const entropies = flat.map(({ indicator }, j) => {
      if (size < 2) return null;
      if (!rawBasis || !needsEntropy) return entropyOfColumn(gather(z[j], group.members), model.normalization.shift, panel.zeroRange[g][j]);
      try {
        return entropyOfRawColumn(gather(panel.input.values[j], group.members), indicator.direction === 'cost' ? 'cost' : 'benefit');
      } catch (e) {
        if (e instanceof RawProportionError) throw new RawProportionError(group.members[e.index], e.value, place(j, group.members[e.index]));
        throw e;
      }
    });
    const critic: (CriticWeights | null)[] = [];
    const dispersion: (DispersionWeights | null)[] = [];

    // Indicator weights within each dimension.
    const entropyWeights: (number | null)[] = new Array(J).fill(null);
    const finalWeights: number[] = new Array(J);
    const parts: GroupWeights['indicators'][number]['parts'][] = new Array(J);
    const criticOf: GroupWeights['indicators'][number]['critic'][] = new Array(J);
    let offset = 0;
    model.dimensions.forEach((dim, k) => {
      const n = dim.indicators.length;
      const range = Array.from({ length: n }, (_, t) => offset + t);
      if (entropies[offset] !== null) {
        const { weights, allZero } = weightsFromDivergence(range.map((j) => entropies[j]!.divergence));
        range.forEach((j, t) => (entropyWeights[j] = weights[t]));
        if (allZero && needsEntropy && n > 1 && entropyIndicators) {
          const when = panel.settings.scope === 'per-year' && group.year !== null ? ` in ${group.year}` : '';
          warnings.push({ code: 'dimension-constant', message: `every indicator of dimension "${dim.id}" is constant${when}: its entropy weights are equal` });
        }
      }
      // The objective weightings on z (critic, sd, variance) or on raw x (cv), when used.
      const columnsZ = () => range.map((j) => gather(z[j], group.members));
      critic[k] = !frozen && used.includes('critic') ? criticWeights(columnsZ()) : null;
      const spread = used.find((u) => u === 'sd' || u === 'variance' || u === 'cv');
      dispersion[k] = null;
      if (!frozen && spread) {
        try {
          dispersion[k] = spread === 'sd' ? sdWeights(columnsZ()) : spread === 'variance' ? varianceWeights(columnsZ()) : cvWeights(range.map((j) => gather(panel.input.values[j], group.members)));
        } catch (e) {
          if (e instanceof ZeroMeanError) throw new ZeroMeanError(range[e.column], place(range[e.column]));
          throw e;
        }
      }
      const when = panel.settings.scope === 'per-year' && group.year !== null ? ` in ${group.year}` : '';
      if (critic[k]?.allZero) warnings.push({ code: 'dimension-constant', message: `every indicator of dimension "${dim.id}" is constant${when}: its CRITIC weights are equal` });
      if (dispersion[k]?.allZero) warnings.push({ code: 'dimension-constant', message: `every indicator of dimension "${dim.id}" is constant${when}: its ${spread} weights are equal` });
      const base = (method: BaseWeighting): number[] => baseWeights(method, model, k, range, entropyWeights, ahpIndicatorWeights[k], critic[k], dispersion[k]);
      const w = frozen
        ? range.map((j) => frozen.indicatorWeights[j])
        : model.weights.indicators === 'combined'
          ? combineWeights(base(model.combine.of[0]), base(model.combine.of[1]), model.combine.method, model.combine.alpha)
          : base(model.weights.indicators);
      range.forEach((j, t) => (finalWeights[j] = w[t]));
      range.forEach((j, t) => {
        parts[j] = frozen
          ? []
          : used.map((method) => ({ method, weight: base(method)[t], measure: measureOf(method, t, entropies[j]?.divergence ?? null, critic[k], dispersion[k]) }));
        criticOf[j] = critic[k] ? { sd: critic[k]!.sd[t], correlations: [...critic[k]!.correlations[t]] } : null;
      });
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
            warnings.push({ code: 'dimension-weights-rescaled', message: `manual dimension weights sum to ${short(total)}, not 1: rescaled to sum 1` });
          }
          W = model.dimensions.map((d) => d.weight / total);
          break;
        }
        case 'entropy': {
          let j = 0;
          const sums = model.dimensions.map((d) => d.indicators.reduce((s) => s + entropies[j++]!.divergence, 0));
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

    return {
      year: group.year,
      observations: size,
      indicators: flat.map(({ indicator, k, t }, j) => ({
        id: indicator.id,
        dimension: model.dimensions[k].id,
        direction: indicator.direction,
        min: panel.bounds[g][j].min,
        max: panel.bounds[g][j].max,
        entropy: entropies[j]?.entropy ?? null,
        divergence: entropies[j]?.divergence ?? null,
        entropyWeight: entropyWeights[j],
        ahpWeight: ahpIndicatorWeights[k]?.[t] ?? null,
        parts: parts[j],
        critic: criticOf[j],
        weight: finalWeights[j],
        globalWeight: W[k] * finalWeights[j],
      })),
      dimensions: model.dimensions.map((d, k) => ({ id: d.id, weight: W[k] })),
    };
  });

  return {
    settings: {
      indicators: model.weights.indicators,
      dimensions: model.weights.dimensions,
      entropy: model.weights.entropy,
      combine: model.combine,
      ahp: { method: model.ahp.method, ri: model.ahp.ri },
      frozen: frozen !== undefined,
    },
    groups: groupWeights,
    ahp,
    warnings,
  };
}

/** The within-dimension weights of dimension k under one base weighting (docs/methods.md §2–§4). */
function baseWeights(
  method: BaseWeighting,
  model: Model,
  k: number,
  range: number[],
  entropyWeights: (number | null)[],
  ahpWeights: number[] | null,
  critic: CriticWeights | null,
  dispersion: DispersionWeights | null,
): number[] {
  const dim = model.dimensions[k];
  switch (method) {
    case 'entropy':
      return range.map((j) => entropyWeights[j]!);
    case 'equal':
      return range.map(() => 1 / range.length);
    case 'manual': {
      const total = dim.indicators.reduce((s, ind) => s + ind.weight, 0);
      return dim.indicators.map((ind) => ind.weight / total);
    }
    case 'ahp':
      return ahpWeights!;
    case 'critic':
      return critic!.weights;
    case 'sd':
    case 'variance':
    case 'cv':
      return dispersion!.weights;
  }
}

/** The measure a weighting is proportional to, for indicator t of its dimension (null for equal, manual, ahp). */
function measureOf(method: BaseWeighting, t: number, divergence: number | null, critic: CriticWeights | null, dispersion: DispersionWeights | null): number | null {
  if (method === 'entropy') return divergence;
  if (method === 'critic') return critic?.information[t] ?? null;
  if (method === 'sd' || method === 'variance' || method === 'cv') return dispersion?.measure[t] ?? null;
  return null;
}
