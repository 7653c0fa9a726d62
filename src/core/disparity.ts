import { CoordixError } from '../errors.js';
import { exactSum } from './fsum.js';

/**
 * Regional disparity of one variable across n regions in one year (methods.md §8).
 *
 * Unweighted always: n, mean, population standard deviation σ, CV = σ/mean, Gini, max/min ratio.
 * Population-weighted when populations are given (else with s_i = 1/n): weighted CV (Williamson),
 * Theil T, Theil L, and the Theil T decomposition by groups.
 *
 *   s_i = p_i / Σp,  Y_i = s_i y_i / Σ s y (the region's share of the total)
 *   Theil T = Σ Y_i ln(Y_i / s_i)            (0 · ln 0 = 0)
 *   Theil L = Σ s_i ln(s_i / Y_i)            (undefined when some y_i = 0)
 *   CV_w    = sqrt(Σ s_i (y_i − ȳ_w)²) / ȳ_w,  ȳ_w = Σ s_i y_i
 *   Gini    = Σ_i Σ_j |y_i − y_j| / (2 n² ȳ)
 *   T = T_between + T_within, T_between = Σ_g Y_g ln(Y_g / s_g), T_within = Σ_g Y_g T_g
 *
 * Undefined values are null (a mean of 0 makes CV, Gini and Theil undefined). Every sum over
 * regions (and over groups) is exactly rounded (fsum.ts), and the Gini is taken over the sorted
 * values, Σ_i (2i − n − 1) y_(i) / (n² ȳ) — the same number as the double sum — so the order of
 * the regions changes no bit of any measure.
 * @example disparity([10, 20, 30, 40, 100]).theilT // => 0.2763637…
 */
export interface DisparityMeasures {
  n: number;
  mean: number;
  sd: number;
  cv: number | null;
  cvWeighted: number | null;
  gini: number | null;
  theilT: number | null;
  theilL: number | null;
  maxMinRatio: number | null;
  /** Index of the largest and smallest value (first on ties). */
  maxIndex: number;
  minIndex: number;
}

export interface TheilDecomposition {
  between: number;
  within: number;
  betweenShare: number | null;
  withinShare: number | null;
  groups: { name: string; n: number; mean: number; theilT: number | null }[];
}

/** Population shares s_i, or 1/n each. @throws CoordixError on a population ≤ 0 or non-finite. */
function shares(n: number, populations?: readonly number[]): number[] {
  if (!populations) return new Array<number>(n).fill(1 / n);
  const total = exactSum(populations);
  return populations.map((p) => p / total);
}

/** Σ_i term(i) over i < n, exactly rounded. */
function sumOf(n: number, term: (i: number) => number): number {
  return exactSum(Array.from({ length: n }, (_, i) => term(i)));
}

export function disparity(values: readonly number[], populations?: readonly number[]): DisparityMeasures {
  const n = values.length;
  if (n === 0) throw new CoordixError('no values to measure');
  const mean = exactSum(values) / n;
  const sd = Math.sqrt(sumOf(n, (i) => (values[i] - mean) ** 2) / n);
  let maxIndex = 0;
  let minIndex = 0;
  for (let i = 1; i < n; i++) {
    if (values[i] > values[maxIndex]) maxIndex = i;
    if (values[i] < values[minIndex]) minIndex = i;
  }
  const positiveMean = mean > 0;
  const sorted = Float64Array.from(values).sort();
  const giniSum = sumOf(n, (i) => (2 * (i + 1) - n - 1) * sorted[i]);
  const s = shares(n, populations);
  const { theilT, theilL, weightedMean } = theil(values, s);
  const ss = sumOf(n, (i) => s[i] * (values[i] - weightedMean) ** 2);
  return {
    n,
    mean,
    sd,
    cv: positiveMean ? sd / mean : null,
    cvWeighted: weightedMean > 0 ? Math.sqrt(ss) / weightedMean : null,
    gini: positiveMean ? giniSum / (n * n * mean) : null,
    theilT,
    theilL,
    maxMinRatio: values[minIndex] > 0 ? values[maxIndex] / values[minIndex] : null,
    maxIndex,
    minIndex,
  };
}

function theil(values: readonly number[], s: readonly number[]): { theilT: number | null; theilL: number | null; weightedMean: number } {
  const n = values.length;
  const weightedMean = sumOf(n, (i) => s[i] * values[i]);
  if (!(weightedMean > 0)) return { theilT: null, theilL: null, weightedMean };
  const Y = Array.from({ length: n }, (_, i) => (s[i] * values[i]) / weightedMean);
  const anyZero = Y.some((y) => !(y > 0));
  const t = sumOf(n, (i) => (Y[i] > 0 ? Y[i] * Math.log(Y[i] / s[i]) : 0));
  const l = anyZero ? 0 : sumOf(n, (i) => s[i] * Math.log(s[i] / Y[i]));
  return { theilT: Math.max(0, t), theilL: anyZero ? null : Math.max(0, l), weightedMean };
}

/**
 * Theil T between and within groups. Group order: first appearance. Shares are of total T
 * (null when T = 0).
 * @example theilDecomposition([10, 20, 30, 40, 100], ['a', 'a', 'b', 'b', 'b']) // between 0.148936…, within 0.127427…
 */
export function theilDecomposition(values: readonly number[], groups: readonly string[], populations?: readonly number[]): TheilDecomposition {
  const n = values.length;
  const s = shares(n, populations);
  const total = sumOf(n, (i) => s[i] * values[i]);
  const members = new Map<string, number[]>();
  groups.forEach((g, i) => (members.get(g) ?? members.set(g, []).get(g)!).push(i));
  const betweenTerms: number[] = [];
  const withinTerms: number[] = [];
  const out: TheilDecomposition['groups'] = [];
  for (const [name, idx] of members) {
    const sg = exactSum(idx.map((i) => s[i]));
    const yg = exactSum(idx.map((i) => s[i] * values[i]));
    const Yg = total > 0 ? yg / total : 0;
    const inner = theil(
      idx.map((i) => values[i]),
      idx.map((i) => s[i] / sg),
    ).theilT;
    if (Yg > 0) betweenTerms.push(Yg * Math.log(Yg / sg));
    withinTerms.push(Yg * (inner ?? 0));
    out.push({ name, n: idx.length, mean: exactSum(idx.map((i) => values[i])) / idx.length, theilT: inner });
  }
  const between = exactSum(betweenTerms);
  const within = exactSum(withinTerms);
  const T = between + within;
  return { between, within, betweenShare: T > 0 ? between / T : null, withinShare: T > 0 ? within / T : null, groups: out };
}

/**
 * σ-convergence over years: the average annual change of the CV, (CV_last − CV_first)/(year span),
 * and its verdict. Needs two years with a CV.
 */
export function sigmaConvergence(series: readonly { year: number; cv: number | null }[]): { averageAnnualChange: number | null; verdict: 'converging' | 'diverging' | 'stable' | null } {
  const known = series.filter((p): p is { year: number; cv: number } => p.cv !== null);
  if (known.length < 2) return { averageAnnualChange: null, verdict: null };
  const first = known[0];
  const last = known[known.length - 1];
  const change = (last.cv - first.cv) / (last.year - first.year);
  return { averageAnnualChange: change, verdict: change < 0 ? 'converging' : change > 0 ? 'diverging' : 'stable' };
}
