import { quantileSorted } from 'simple-statistics';
import { CoordixError } from '../errors.js';
import type { IndicatorWeighting, Model, Scope } from '../model/schema.js';
import type { CouplingModel } from './coordination.js';
import { evaluate, type EvaluateOptions, type EvaluationInput } from './pipeline.js';
import { deriveSeed, dirichlet, mulberry32 } from './random.js';
import { analyseMatrix } from './weights/ahp.js';

/**
 * Uncertainty and sensitivity analysis of the ranking, as the OECD/JRC handbook on composite
 * indicators asks (and the JRC's COINr does): each uncertain input is a factor drawn at random,
 * the model is re-evaluated, and the ranks are summarised.
 *
 * Factors: weights (Dirichlet around the computed weights, concentration κ), indicator weighting
 * method, normalisation scope, coupling formula, AHP judgements (each moved one step on the 1–9
 * scale with probability p, reciprocity kept, draws with CR ≥ 0.1 redrawn).
 *
 * Design: radial Saltelli sampling with two independent sample matrices A and B (N rows each) and
 * for each factor i the matrix A_B^i (A with factor i from B): N·(d + 2) evaluations = `runs`.
 * Output Y of a run: the mean absolute rank shift over all region-years. Indices:
 *   first order  S_i  = mean_j f(B)_j (f(A_B^i)_j − f(A)_j) / V      (Saltelli et al. 2010)
 *   total        ST_i = mean_j (f(A)_j − f(A_B^i)_j)² / (2V)          (Jansen 1999)
 * with V the variance of f over A and B (0 indices when V = 0). Every evaluation also serves the
 * uncertainty statistics (rank median and 5–95 % interval, D mean and interval).
 */
export type Factor = 'weights' | 'method' | 'scope' | 'coupling' | 'judgements';
export const FACTORS: readonly Factor[] = ['weights', 'method', 'scope', 'coupling', 'judgements'];

export interface SensitivitySettings {
  runs: number;
  seed: number;
  vary: Factor[];
  /** Dirichlet concentration κ. */
  kappa: number;
  /** Probability that an AHP judgement moves one step. */
  judgementProbability: number;
  allowInconsistent?: boolean;
}

export interface SensitivityRow {
  region: string;
  year: number | null;
  baseRank: number;
  medianRank: number;
  rankP05: number;
  rankP95: number;
  meanAbsRankShift: number;
  dMean: number;
  dP05: number;
  dP95: number;
}

export interface SensitivityResult {
  runs: number;
  samples: number;
  vary: Factor[];
  methods: IndicatorWeighting[];
  rows: SensitivityRow[];
  /** Mean absolute rank shift over every region-year and run. */
  meanAbsRankShift: number;
  indices: { input: Factor; first: number; total: number }[];
  /** AHP judgement draws rejected for CR ≥ 0.1 and drawn again. */
  redrawn: number;
}

/** The 17 values of Saaty's scale in order: 1/9 … 1/2, 1, 2 … 9. */
const SCALE = [...[9, 8, 7, 6, 5, 4, 3, 2].map((x) => 1 / x), 1, 2, 3, 4, 5, 6, 7, 8, 9];

function nearestStep(a: number): number {
  let best = 0;
  for (let k = 1; k < SCALE.length; k++) if (Math.abs(Math.log(SCALE[k] / a)) < Math.abs(Math.log(SCALE[best] / a))) best = k;
  return best;
}

/** Moves each upper-triangle judgement one step with probability p; lower triangle reciprocal. */
function perturbMatrix(matrix: number[][], p: number, random: () => number): number[][] {
  const n = matrix.length;
  const out = matrix.map((row) => [...row]);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (random() >= p) continue;
      const k = nearestStep(matrix[i][j]);
      const next = random() < 0.5 ? Math.max(0, k - 1) : Math.min(SCALE.length - 1, k + 1);
      out[i][j] = SCALE[next];
      out[j][i] = 1 / SCALE[next];
    }
  }
  return out;
}

export function sensitivityAnalysis(
  input: EvaluationInput,
  model: Model,
  settings: SensitivitySettings,
  onProgress?: (done: number, total: number) => void,
): SensitivityResult {
  const vary = FACTORS.filter((f) => settings.vary.includes(f));
  const d = vary.length;
  const hasAhp = model.dimensions.every((dim) => dim.indicators.length === 1 || model.ahp.indicators[dim.id]);
  const methods: IndicatorWeighting[] = hasAhp ? ['entropy', 'equal', 'ahp', 'combined'] : ['entropy', 'equal'];
  const matrices = [...(model.ahp.dimensions ? [['', model.ahp.dimensions] as const] : []), ...Object.entries(model.ahp.indicators)];
  if (vary.includes('judgements') && matrices.length === 0) {
    throw new CoordixError('--vary-judgements: the model has no AHP matrices (ahp.dimensions or ahp.indicators) to vary');
  }
  const m = input.regions.length;
  const N = d === 0 ? settings.runs : Math.floor(settings.runs / (d + 2));
  if (d > 0 && N < 2) throw new CoordixError(`--runs ${settings.runs} is too few for ${d} varied input${d === 1 ? '' : 's'}: the design needs at least ${2 * (d + 2)} (N·(d + 2) with N ≥ 2)`);
  const total = d === 0 ? settings.runs : N * (d + 2);
  if (total * m > 50_000_000) throw new CoordixError(`${total} runs × ${m} region-years is more than this analysis keeps in memory; lower --runs`);

  const options: EvaluateOptions = { allowInconsistent: settings.allowInconsistent };
  const base = evaluate(input, model, options);
  const baseRank = base.rank;
  let redrawn = 0;

  /** One evaluation from one seed per factor. */
  const evaluateDraw = (seeds: number[]) => {
    let variant: Model = model;
    let perturb: EvaluateOptions['perturbWeights'];
    vary.forEach((factor, i) => {
      const random = mulberry32(seeds[i]);
      switch (factor) {
        case 'method':
          variant = { ...variant, weights: { ...variant.weights, indicators: methods[Math.floor(random() * methods.length)] } };
          break;
        case 'scope':
          variant = { ...variant, normalization: { ...variant.normalization, scope: (['pooled', 'per-year'] as Scope[])[Math.floor(random() * 2)] } };
          break;
        case 'coupling':
          variant = { ...variant, coupling: (['classic', 'wang2021', 'fan'] as CouplingModel[])[Math.floor(random() * 3)] };
          break;
        case 'judgements': {
          const draw = (matrix: number[][]) => {
            for (let attempt = 0; attempt < 1000; attempt++) {
              const candidate = perturbMatrix(matrix, settings.judgementProbability, random);
              if (matrix.length <= 2 || analyseMatrix(candidate, model.ahp.method, model.ahp.ri).consistent) return candidate;
              redrawn++;
            }
            throw new CoordixError('--vary-judgements: 1000 draws in a row had CR ≥ 0.10; lower --judgement-p');
          };
          const indicators = Object.create(null) as Record<string, number[][]>;
          for (const [id, matrix] of Object.entries(model.ahp.indicators)) indicators[id] = draw(matrix);
          variant = { ...variant, ahp: { ...variant.ahp, dimensions: model.ahp.dimensions ? draw(model.ahp.dimensions) : null, indicators } };
          break;
        }
        case 'weights':
          perturb = (group, w) => {
            const r = mulberry32(deriveSeed(seeds[i], group));
            const out: number[] = [];
            let offset = 0;
            for (const dim of model.dimensions) {
              const n = dim.indicators.length;
              out.push(...(n === 1 ? [1] : dirichlet(w.indicatorWeights.slice(offset, offset + n), settings.kappa, r)));
              offset += n;
            }
            return { indicatorWeights: out, dimensionWeights: dirichlet(w.dimensionWeights, settings.kappa, r) };
          };
          break;
      }
    });
    return evaluate(input, variant, { ...options, perturbWeights: perturb });
  };

  const ranks = new Int32Array(total * m);
  const degrees = new Float64Array(total * m);
  const outputs = new Float64Array(total);
  const record = (run: number, result: ReturnType<typeof evaluate>) => {
    let shift = 0;
    for (let i = 0; i < m; i++) {
      ranks[run * m + i] = result.rank[i];
      degrees[run * m + i] = result.D[i];
      shift += Math.abs(result.rank[i] - baseRank[i]);
    }
    outputs[run] = shift / m;
  };

  if (d === 0) {
    for (let run = 0; run < total; run++) record(run, base);
    onProgress?.(total, total);
  } else {
    const seedOf = (matrix: number, row: number, factor: number) => deriveSeed(settings.seed, matrix, row, factor);
    let run = 0;
    const step = Math.max(1, Math.floor(total / 100));
    const tick = () => {
      run++;
      if (run % step === 0 || run === total) onProgress?.(run, total);
    };
    // Rows of A, then B, then A_B^i for each factor i.
    for (let j = 0; j < N; j++) {
      record(run, evaluateDraw(vary.map((_, i) => seedOf(0, j, i))));
      tick();
    }
    for (let j = 0; j < N; j++) {
      record(run, evaluateDraw(vary.map((_, i) => seedOf(1, j, i))));
      tick();
    }
    for (let f = 0; f < d; f++) {
      for (let j = 0; j < N; j++) {
        record(run, evaluateDraw(vary.map((_, i) => seedOf(i === f ? 1 : 0, j, i))));
        tick();
      }
    }
  }

  // Uncertainty of each region-year's rank and D.
  const rows: SensitivityRow[] = [];
  const r = new Float64Array(total);
  const dv = new Float64Array(total);
  let shiftSum = 0;
  for (let i = 0; i < m; i++) {
    let shift = 0;
    let dSum = 0;
    for (let run = 0; run < total; run++) {
      r[run] = ranks[run * m + i];
      dv[run] = degrees[run * m + i];
      shift += Math.abs(r[run] - baseRank[i]);
      dSum += dv[run];
    }
    const rs = Array.from(r).sort((a, b) => a - b);
    const ds = Array.from(dv).sort((a, b) => a - b);
    shiftSum += shift;
    rows.push({
      region: input.regions[i],
      year: input.years[i],
      baseRank: baseRank[i],
      medianRank: quantileSorted(rs, 0.5),
      rankP05: quantileSorted(rs, 0.05),
      rankP95: quantileSorted(rs, 0.95),
      meanAbsRankShift: shift / total,
      dMean: dSum / total,
      dP05: quantileSorted(ds, 0.05),
      dP95: quantileSorted(ds, 0.95),
    });
  }

  // Variance-based indices on Y = mean absolute rank shift.
  const indices: SensitivityResult['indices'] = [];
  if (d > 0) {
    const fA = outputs.subarray(0, N);
    const fB = outputs.subarray(N, 2 * N);
    let mean = 0;
    for (let j = 0; j < 2 * N; j++) mean += outputs[j];
    mean /= 2 * N;
    let variance = 0;
    for (let j = 0; j < 2 * N; j++) variance += (outputs[j] - mean) ** 2;
    variance /= 2 * N;
    vary.forEach((input, f) => {
      const fAB = outputs.subarray((2 + f) * N, (3 + f) * N);
      let first = 0;
      let totalEffect = 0;
      for (let j = 0; j < N; j++) {
        first += fB[j] * (fAB[j] - fA[j]);
        totalEffect += (fA[j] - fAB[j]) ** 2;
      }
      indices.push({
        input,
        first: variance > 0 ? first / N / variance : 0,
        total: variance > 0 ? totalEffect / (2 * N) / variance : 0,
      });
    });
  }
  return { runs: total, samples: N, vary, methods, rows, meanAbsRankShift: shiftSum / (total * m), indices, redrawn };
}
