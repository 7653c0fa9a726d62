import { quantileSorted } from 'simple-statistics';
import { CoordixError } from '../errors.js';
import type { IndicatorWeighting, Model, Scope } from '../model/schema.js';
import type { CouplingModel } from './coordination.js';
import { evaluate, type EvaluateOptions, type EvaluationInput } from './pipeline.js';
import { deriveSeed, dirichlet, mulberry32, normalQuantile } from './random.js';
import { analyseMatrix } from './weights/ahp.js';

/**
 * Uncertainty and sensitivity analysis of the ranking, as the OECD/JRC handbook on composite
 * indicators asks (and the JRC's COINr does): each uncertain input is a factor drawn at random,
 * the model is re-evaluated, and the ranks are summarised.
 *
 * Factors: weights (Dirichlet around the computed weights, concentration κ), indicator weighting
 * method (entropy, equal, critic, sd, cv, and ahp and combined when the model has AHP matrices),
 * normalisation scope, normalisation range ([0, 1], [0.0001, 1] or [0.01, 0.99]; min–max only),
 * coupling formula (the exponent k kept with classic only), AHP judgements (each moved one step
 * on the 1–9 scale with probability p, reciprocity kept, draws with CR ≥ 0.1 redrawn).
 *
 * Design: radial Saltelli sampling with two independent sample matrices A and B (N rows each) and
 * for each factor i the matrix A_B^i (A with factor i from B): N·(d + 2) evaluations = `runs`.
 * Output Y of a run: the mean absolute rank shift over all region-years. Indices:
 *   first order  S_i  = mean_j f(B)_j (f(A_B^i)_j − f(A)_j) / V      (Saltelli et al. 2010)
 *   total        ST_i = mean_j (f(A)_j − f(A_B^i)_j)² / (2V)          (Jansen 1999)
 * with V the variance of f over A and B (0 indices when V = 0). Every evaluation also serves the
 * uncertainty statistics (rank median and 5–95 % interval, D mean and interval).
 *
 * Confidence of each index: a seeded bootstrap as SALib's `sobol.analyze` reports it (Herman and
 * Usher 2017, SALib, JOSS 2(9): 97; `num_resamples` = 100, `conf_level` = 0.95 by default): the N
 * rows (j of A, B and every A_B^i together) are drawn with replacement B times, the index is
 * recomputed on each resample (V too), and the reported half-width is z · s, with s the standard
 * deviation (n − 1) of the B bootstrap indices and z = Φ⁻¹(0.5 + level/2) (1.96 for 95 %) — a
 * normal approximation, not percentiles. The interval is S ± conf. (SALib also standardises Y before
 * estimating; coordix keeps its unstandardised estimator, the same for the point and the resamples.)
 */
export type Factor = 'weights' | 'method' | 'scope' | 'range' | 'coupling' | 'judgements';
export const FACTORS: readonly Factor[] = ['weights', 'method', 'scope', 'range', 'coupling', 'judgements'];

/** The normalisation ranges `range` draws from (docs/methods.md §1a): the default, a common shift, SPSSAU's. */
export const RANGES: readonly (readonly [number, number])[] = [[0, 1], [0.0001, 1], [0.01, 0.99]];

export interface SensitivitySettings {
  runs: number;
  seed: number;
  vary: Factor[];
  /** Dirichlet concentration κ. */
  kappa: number;
  /** Probability that an AHP judgement moves one step. */
  judgementProbability: number;
  allowInconsistent?: boolean;
  /** Bootstrap resamples for the confidence of the indices (default 100, as SALib). */
  resamples?: number;
  /** Confidence level of the index intervals, 0 < level < 1 (default 0.95, as SALib). */
  confidenceLevel?: number;
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
  /**
   * First-order S (`first`) and total ST (`total`) index per varied input, each with the half-width
   * of its bootstrap confidence interval (`firstConf`, `totalConf`: the interval is S ± conf, SALib's
   * S1_conf and ST_conf).
   */
  indices: SobolIndex[];
  /** The bootstrap behind the confidence half-widths. */
  bootstrap: { resamples: number; confidenceLevel: number };
  /** AHP judgement draws rejected for CR ≥ 0.1 and drawn again. */
  redrawn: number;
}

export interface SobolIndex {
  input: Factor;
  first: number;
  total: number;
  firstConf: number;
  totalConf: number;
}

export interface BootstrapSettings {
  resamples: number;
  confidenceLevel: number;
  seed: number;
}

/** The first-order and total index of one factor from the rows `rows` (N of them, repeats allowed). */
function estimate(outputs: ArrayLike<number>, N: number, f: number, rows: ArrayLike<number> | null): { first: number; total: number } {
  const at = (block: number, j: number) => outputs[block * N + (rows === null ? j : rows[j])];
  let mean = 0;
  for (let j = 0; j < N; j++) mean += at(0, j);
  for (let j = 0; j < N; j++) mean += at(1, j);
  mean /= 2 * N;
  let variance = 0;
  for (let j = 0; j < N; j++) variance += (at(0, j) - mean) ** 2;
  for (let j = 0; j < N; j++) variance += (at(1, j) - mean) ** 2;
  variance /= 2 * N;
  let first = 0;
  let totalEffect = 0;
  for (let j = 0; j < N; j++) {
    const a = at(0, j);
    const ab = at(2 + f, j);
    first += at(1, j) * (ab - a);
    totalEffect += (a - ab) ** 2;
  }
  return { first: variance > 0 ? first / N / variance : 0, total: variance > 0 ? totalEffect / (2 * N) / variance : 0 };
}

/**
 * Sobol indices with bootstrap confidence half-widths from the outputs of a radial Saltelli design
 * laid out as f(A) (N values), f(B) (N), then f(A_B^i) for each of the d factors (N each):
 *   S_i  = mean_j f(B)_j (f(A_B^i)_j − f(A)_j) / V,   ST_i = mean_j (f(A)_j − f(A_B^i)_j)² / (2V),
 * V the population variance of f over A and B (both indices 0 when V = 0); conf = z · sd of the
 * index over `resamples` bootstrap draws of the N rows (z = Φ⁻¹(0.5 + level/2)), as SALib.
 * The resamples come from mulberry32(seed): the same seed, the same half-widths.
 * @throws CoordixError fewer than 2 resamples, a level outside (0, 1), or outputs of the wrong length.
 * @example sobolIndices([0, 1, 1, 0, 1, 0], 2, 1, { resamples: 10, confidenceLevel: 0.95, seed: 1 }).map((x) => [x.first, x.total]) // => [[2, 2]]
 */
export function sobolIndices(outputs: ArrayLike<number>, N: number, d: number, bootstrap: BootstrapSettings): { first: number; total: number; firstConf: number; totalConf: number }[] {
  if (outputs.length !== N * (d + 2)) throw new CoordixError(`sobolIndices: ${outputs.length} outputs, but N·(d + 2) = ${N * (d + 2)} were expected`);
  if (!(Number.isInteger(bootstrap.resamples) && bootstrap.resamples >= 2)) {
    throw new CoordixError(`bootstrap resamples = ${bootstrap.resamples}: give a whole number of at least 2 (SALib's default is 100)`);
  }
  if (!(bootstrap.confidenceLevel > 0 && bootstrap.confidenceLevel < 1)) {
    throw new CoordixError(`confidence level = ${bootstrap.confidenceLevel}: give a number between 0 and 1, e.g. 0.95`);
  }
  const z = normalQuantile(0.5 + bootstrap.confidenceLevel / 2);
  const B = bootstrap.resamples;
  // One set of resampled rows for every factor, as SALib does.
  const random = mulberry32(bootstrap.seed);
  const draws: Int32Array[] = [];
  for (let b = 0; b < B; b++) draws.push(Int32Array.from({ length: N }, () => Math.floor(random() * N)));
  const out: { first: number; total: number; firstConf: number; totalConf: number }[] = [];
  for (let f = 0; f < d; f++) {
    const point = estimate(outputs, N, f, null);
    const firsts = new Float64Array(B);
    const totals = new Float64Array(B);
    draws.forEach((rows, b) => {
      const e = estimate(outputs, N, f, rows);
      firsts[b] = e.first;
      totals[b] = e.total;
    });
    out.push({ ...point, firstConf: z * sampleSd(firsts), totalConf: z * sampleSd(totals) });
  }
  return out;
}

/** Standard deviation with n − 1 in the denominator (numpy's std(ddof=1)). */
function sampleSd(values: Float64Array): number {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return Math.sqrt(ss / (n - 1));
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
  const methods: IndicatorWeighting[] = hasAhp ? ['entropy', 'equal', 'critic', 'sd', 'cv', 'ahp', 'combined'] : ['entropy', 'equal', 'critic', 'sd', 'cv'];
  if (vary.includes('range') && model.normalization.method !== 'min-max') {
    throw new CoordixError(`--vary-range: a normalisation range works with normalization.method min-max only, not ${model.normalization.method}`);
  }
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
        case 'range': {
          const [a, b] = RANGES[Math.floor(random() * RANGES.length)];
          variant = { ...variant, normalization: { ...variant.normalization, range: [a, b] } };
          break;
        }
        case 'coupling': {
          const coupling = (['classic', 'wang2021', 'fan'] as CouplingModel[])[Math.floor(random() * 3)];
          variant = { ...variant, coupling, couplingExponent: coupling === 'classic' ? variant.couplingExponent : null };
          break;
        }
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

  // Variance-based indices on Y = mean absolute rank shift, with bootstrap confidence.
  const bootstrap = { resamples: settings.resamples ?? 100, confidenceLevel: settings.confidenceLevel ?? 0.95 };
  const indices: SobolIndex[] =
    d > 0 ? sobolIndices(outputs, N, d, { ...bootstrap, seed: deriveSeed(settings.seed, 0xb0075) }).map((x, f) => ({ input: vary[f], ...x })) : [];
  return { runs: total, samples: N, vary, methods, rows, meanAbsRankShift: shiftSum / (total * m), indices, bootstrap, redrawn };
}
