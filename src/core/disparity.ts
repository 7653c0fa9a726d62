import { CoordixError } from '../errors.js';
import { exactSum } from './fsum.js';

/**
 * Regional disparity of one variable across n regions in one year (methods.md §8).
 *
 * Unweighted always: n, mean, population standard deviation σ, CV = σ/mean, Gini, the unbiased
 * Gini, max/min ratio. Population-weighted when populations are given (else with s_i = 1/n):
 * weighted CV (Williamson), weighted Gini, Theil T, Theil L, Atkinson, and the Theil T
 * decomposition by groups.
 *
 *   s_i = p_i / Σp,  Y_i = s_i y_i / Σ s y (the region's share of the total), ȳ_w = Σ s_i y_i
 *   Theil T = Σ Y_i ln(Y_i / s_i)            (0 · ln 0 = 0)
 *   Theil L = Σ s_i ln(s_i / Y_i)            (undefined when some y_i = 0)
 *   CV_w    = sqrt(Σ s_i (y_i − ȳ_w)²) / ȳ_w
 *   Gini    = Σ_i Σ_j |y_i − y_j| / (2 n² ȳ);   unbiased Gini = Gini · n/(n − 1)
 *   Gini_w  = Σ_i Σ_j s_i s_j |y_i − y_j| / (2 ȳ_w)
 *   Atkinson A_ε = 1 − [Σ s_i (y_i/ȳ_w)^(1−ε)]^(1/(1−ε)) for ε = 0.5, 2;  A_1 = 1 − Π y_i^(s_i) / ȳ_w
 *   T = T_between + T_within, T_between = Σ_g Y_g ln(Y_g / s_g), T_within = Σ_g Y_g T_g
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
  /** Gini · n/(n − 1) (methods.md §8 `gini_unbiased`); null with one region or no Gini. */
  giniUnbiased: number | null;
  /** Σ_i Σ_j s_i s_j |y_i − y_j| / (2 ȳ_w) (`gini_weighted`); the Gini itself without populations. */
  giniWeighted: number | null;
  /** Atkinson A_0.5; null when ȳ_w = 0. */
  atkinson05: number | null;
  /** Atkinson A_1; null when ȳ_w = 0 or some y_i = 0. */
  atkinson1: number | null;
  /** Atkinson A_2; null when ȳ_w = 0 or some y_i = 0. */
  atkinson2: number | null;
}

export interface TheilDecomposition {
  between: number;
  within: number;
  betweenShare: number | null;
  withinShare: number | null;
  groups: { name: string; n: number; mean: number; theilT: number | null }[];
}

/** A value that is not a finite number (the caller names the region from the index). */
export class DisparityValueError extends CoordixError {
  constructor(
    readonly index: number,
    readonly value: number,
  ) {
    super(`value ${index + 1} is ${value}: disparity measures need finite numbers; fix or drop that region's value`);
    this.name = 'DisparityValueError';
  }
}

/** A population that is not a positive finite number, or a population list of the wrong length. */
export class PopulationError extends CoordixError {
  constructor(
    readonly index: number,
    readonly value: number,
  ) {
    super(
      index < 0
        ? `${value} populations for a different number of values: give one population per region`
        : `population ${index + 1} is ${value}, but populations must be positive finite numbers; fix that region's population`,
    );
    this.name = 'PopulationError';
  }
}

/**
 * Values that double precision cannot measure without a contradiction (`reason`):
 * - `span`: a positive value more than 300 orders of magnitude below the largest (their ratio, and
 *   the shares behind Theil L and Atkinson, would overflow or underflow);
 * - `underflow`: the mean or σ, scaled back, underflows to 0 beside a positive Gini (values in the
 *   subnormal range, below 2.2e-308).
 */
export class DisparityRangeError extends CoordixError {
  constructor(
    readonly reason: 'span' | 'underflow',
    readonly largest: number,
    readonly smallest: number,
  ) {
    super(
      `values from ${smallest} to ${largest} cannot be measured in double precision: ${
        reason === 'span' ? 'they are more than 300 orders of magnitude apart' : 'their mean or standard deviation underflows to 0'
      }; rescale the variable (e.g. change its unit)`,
    );
    this.name = 'DisparityRangeError';
  }
}

/** Values whose largest magnitude lies in [SAFE_LOW, SAFE_HIGH] are measured as they are. */
const SAFE_LOW = 1e-100;
const SAFE_HIGH = 1e100;
/** The widest ratio of the largest magnitude to the smallest positive one that is measured. */
const MAX_SPAN = 1e300;

/** Population shares s_i, or 1/n each. */
function shares(n: number, populations?: readonly number[]): number[] {
  if (!populations) return new Array<number>(n).fill(1 / n);
  const total = exactSum(populations);
  return populations.map((p) => p / total);
}

/** Σ_i term(i) over i < n, exactly rounded. */
function sumOf(n: number, term: (i: number) => number): number {
  return exactSum(Array.from({ length: n }, (_, i) => term(i)));
}

/**
 * Checks the values and populations and returns the factor to divide the values by: 1 when the
 * largest magnitude M is in [1e-100, 1e100] (every sum, square and ratio is then far from overflow
 * and underflow, and the values are measured as they are), otherwise M itself.
 * @throws DisparityValueError, PopulationError, DisparityRangeError
 */
function scaleOf(values: readonly number[], populations?: readonly number[]): number {
  let largest = 0;
  let smallestPositive = Infinity;
  values.forEach((y, i) => {
    if (!Number.isFinite(y)) throw new DisparityValueError(i, y);
    const a = Math.abs(y);
    if (a > largest) largest = a;
    if (a > 0 && a < smallestPositive) smallestPositive = a;
  });
  if (populations) {
    if (populations.length !== values.length) throw new PopulationError(-1, populations.length);
    populations.forEach((p, i) => {
      if (!(Number.isFinite(p) && p > 0)) throw new PopulationError(i, p);
    });
    const total = exactSum(populations);
    if (!Number.isFinite(total)) throw new PopulationError(populations.indexOf(Math.max(...populations)), Math.max(...populations));
  }
  if (largest === 0) return 1;
  if (largest / smallestPositive > MAX_SPAN) throw new DisparityRangeError('span', largest, smallestPositive);
  return largest >= SAFE_LOW && largest <= SAFE_HIGH ? 1 : largest;
}

/**
 * The disparity measures of one variable in one year (methods.md §8). Undefined values are null
 * (a mean of 0 makes CV, Gini, Theil and Atkinson undefined). Every sum over regions (and over
 * groups) is exactly rounded (fsum.ts), and the Ginis are taken over the sorted values
 * (Gini = Σ_i (2i − n − 1) y_(i) / (n² ȳ), the same number as the double sum), so the order of the
 * regions changes no bit of any measure.
 *
 * Scale: when the largest magnitude M is outside [1e-100, 1e100], the values are divided by M
 * first — every measure here is scale-invariant except the mean and σ, which are multiplied back
 * by M — so values near 1e-300 or 1e308 neither underflow (σ = 0 beside a positive Gini) nor
 * overflow (mean = Infinity). Equal values give every Atkinson index exactly 0 (set, not computed).
 * Atkinson indices are kept below 1: when 1 − A is below the spacing of doubles near 1 (a range of
 * values over ~1e16), A is the largest double below 1.
 *
 * @throws DisparityValueError a value that is NaN or infinite.
 * @throws PopulationError a population ≤ 0 or not finite, or one per region not given.
 * @throws DisparityRangeError a positive value more than 300 orders of magnitude below the
 *   largest, or the mean or σ underflowing to 0 when scaled back (subnormal values).
 * @throws CoordixError no values.
 * @example disparity([10, 20, 30, 40, 100]).theilT // => 0.27636361895732137
 * @example disparity([1, 2, 3]).giniUnbiased // => 0.3333333333333333
 */
export function disparity(values: readonly number[], populations?: readonly number[]): DisparityMeasures {
  const n = values.length;
  if (n === 0) throw new CoordixError('no values to measure');
  const scale = scaleOf(values, populations);
  if (scale === 1) return measure(values, populations);
  const m = measure(
    values.map((y) => y / scale),
    populations,
  );
  const mean = m.mean * scale;
  const sd = m.sd * scale;
  if ((m.mean !== 0 && mean === 0) || (m.sd !== 0 && sd === 0)) {
    throw new DisparityRangeError('underflow', scale, Math.min(...values.map(Math.abs).filter((a) => a > 0)));
  }
  return { ...m, mean, sd };
}

function measure(values: readonly number[], populations?: readonly number[]): DisparityMeasures {
  const n = values.length;
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
  const gini = positiveMean ? giniSum / (n * n * mean) : null;
  const atkinson = atkinsonIndices(values, s, weightedMean);
  return {
    n,
    mean,
    sd,
    cv: positiveMean ? sd / mean : null,
    cvWeighted: weightedMean > 0 ? Math.sqrt(ss) / weightedMean : null,
    gini,
    theilT,
    theilL,
    maxMinRatio: values[minIndex] > 0 ? values[maxIndex] / values[minIndex] : null,
    maxIndex,
    minIndex,
    giniUnbiased: gini !== null && n > 1 ? (gini * n) / (n - 1) : null,
    giniWeighted: populations ? weightedGini(values, s, weightedMean) : gini,
    atkinson05: atkinson.half,
    atkinson1: atkinson.one,
    atkinson2: atkinson.two,
  };
}

/**
 * Σ_i Σ_j s_i s_j |y_i − y_j| / (2 ȳ_w), through the gaps between neighbours in the values sorted
 * by (y, s): with g_k = y_(k+1) − y_(k), S_≤k the shares up to position k and S_>k those after it,
 * Σ_i Σ_j s_i s_j |y_i − y_j| = 2 Σ_k g_k S_≤k S_>k — every term ≥ 0, so no cancellation, and equal
 * values give exactly 0.
 */
function weightedGini(values: readonly number[], s: readonly number[], weightedMean: number): number | null {
  if (!(weightedMean > 0)) return null;
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b] || s[a] - s[b]);
  const after = new Float64Array(n);
  for (let k = n - 2; k >= 0; k--) after[k] = after[k + 1] + s[order[k + 1]];
  const terms: number[] = [];
  let upTo = 0;
  for (let k = 0; k < n - 1; k++) {
    upTo += s[order[k]];
    terms.push((values[order[k + 1]] - values[order[k]]) * upTo * after[k]);
  }
  return exactSum(terms) / weightedMean;
}

/** Largest double below 1. */
const BELOW_ONE = 1 - Number.EPSILON / 2;

function atkinsonIndices(values: readonly number[], s: readonly number[], weightedMean: number): { half: number | null; one: number | null; two: number | null } {
  if (!(weightedMean > 0)) return { half: null, one: null, two: null };
  const n = values.length;
  if (values.every((y) => y === values[0])) return { half: 0, one: 0, two: 0 };
  const anyZero = values.some((y) => y === 0);
  const ratio = values.map((y) => y / weightedMean);
  const clamp = (a: number) => Math.min(BELOW_ONE, Math.max(0, a));
  // A_0.5 = 1 − (Σ s_i √r_i)²
  const root = sumOf(n, (i) => s[i] * Math.sqrt(ratio[i]));
  const half = clamp(1 - root * root);
  if (anyZero) return { half, one: null, two: null };
  // A_1 = 1 − exp(Σ s_i ln r_i), through expm1 for accuracy near 0
  const one = clamp(-Math.expm1(sumOf(n, (i) => s[i] * Math.log(ratio[i]))));
  // A_2 = 1 − 1 / Σ s_i / r_i
  const two = clamp(1 - 1 / sumOf(n, (i) => s[i] / ratio[i]));
  return { half, one, two };
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
 * (null when T = 0). Values are scaled as in {@link disparity} (the decomposition is
 * scale-invariant; group means are scaled back).
 * @throws DisparityValueError, PopulationError, DisparityRangeError as {@link disparity}.
 * @example theilDecomposition([10, 20, 30, 40, 100], ['a', 'a', 'b', 'b', 'b']).between // => 0.14893630217622436
 */
export function theilDecomposition(values: readonly number[], groups: readonly string[], populations?: readonly number[]): TheilDecomposition {
  const scale = scaleOf(values, populations);
  if (scale === 1) return decompose(values, groups, populations);
  const d = decompose(
    values.map((y) => y / scale),
    groups,
    populations,
  );
  return { ...d, groups: d.groups.map((g) => ({ ...g, mean: g.mean * scale })) };
}

function decompose(values: readonly number[], groups: readonly string[], populations?: readonly number[]): TheilDecomposition {
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
