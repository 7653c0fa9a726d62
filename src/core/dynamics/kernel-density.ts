import { CoordixError } from '../../errors.js';
import { exactSum } from '../fsum.js';

/**
 * Kernel density of a variable per year (docs/methods.md §12): Gaussian kernel, Silverman's rule
 * of thumb for the bandwidth, evaluated exactly (no binning) on one grid shared by every year.
 */

/** A value that is not a finite number, or a year given twice. */
export class KernelDensityInputError extends CoordixError {
  constructor(
    message: string,
    readonly year: number | null = null,
  ) {
    super(message);
    this.name = 'KernelDensityInputError';
  }
}

/** The sample quantile of sorted values by linear interpolation (Hyndman and Fan type 7, R's default). */
function quantileSorted(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Silverman's rule of thumb (Silverman 1986, eq. 3.31; R's bw.nrd0):
 * h = 0.9 · min(s, IQR/1.34) · n^(−1/5), s the sample standard deviation (n − 1), IQR by type-7
 * quantiles; when IQR = 0, h = 0.9 · s · n^(−1/5). Null when s = 0 or n < 2 (no spread to smooth).
 * @throws KernelDensityInputError on a non-finite value.
 * @example bandwidth([1, 2, 3, 4, 5]) // => 0.9735846228506357
 */
export function bandwidth(values: readonly number[]): number | null {
  const n = values.length;
  for (const v of values) if (!Number.isFinite(v)) throw new KernelDensityInputError(`the value ${v} is not a finite number`);
  if (n < 2) return null;
  const mean = exactSum(values) / n;
  const s = Math.sqrt(exactSum(values.map((v) => (v - mean) ** 2)) / (n - 1));
  if (!(s > 0)) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  const spread = iqr > 0 ? Math.min(s, iqr / 1.34) : s;
  return 0.9 * spread * n ** -0.2;
}

/**
 * The Gaussian kernel density estimate at one point: f̂(x) = (1 / (n h)) Σ_i φ((x − x_i) / h),
 * φ the standard normal density.
 * @example densityAt([0], 1, 0) // => 0.3989422804014327
 */
export function densityAt(values: readonly number[], h: number, x: number): number {
  const terms = values.map((v) => Math.exp(-0.5 * ((x - v) / h) ** 2));
  return exactSum(terms) / (values.length * h * Math.sqrt(2 * Math.PI));
}

export interface KernelDensityResult {
  /** The evaluation points, shared by every year. */
  grid: number[];
  /** One entry per year with a density, in ascending year order. */
  years: { year: number; bandwidth: number; density: number[] }[];
  /** Years without a density: fewer than 2 values, or all values equal (s = 0). */
  skipped: { year: number; reason: 'too-few-values' | 'zero-variance' }[];
}

/**
 * Densities for each year on a common grid of `points` (512 by default) evenly spaced from the
 * pooled min − 3·h_max to the pooled max + 3·h_max, h_max the largest bandwidth of the years kept;
 * the min and max are pooled over the years kept. With no year kept the grid is empty.
 * @throws KernelDensityInputError on a non-finite value, a year given twice, or points < 2.
 * @example kernelDensity([{ year: 2020, values: [0, 1] }], { points: 3 }).grid.length // => 3
 */
export function kernelDensity(
  series: readonly { year: number; values: readonly number[] }[],
  options: { points?: number } = {},
): KernelDensityResult {
  const points = options.points ?? 512;
  if (!(Number.isInteger(points) && points >= 2)) throw new KernelDensityInputError(`the grid needs a whole number of points ≥ 2, not ${points}`);
  const seen = new Set<number>();
  for (const s of series) {
    if (seen.has(s.year)) throw new KernelDensityInputError(`year ${s.year} is given twice`, s.year);
    seen.add(s.year);
    for (const v of s.values)
      if (!Number.isFinite(v)) throw new KernelDensityInputError(`a value of year ${s.year} is ${v}, not a finite number`, s.year);
  }
  const ordered = [...series].sort((a, b) => a.year - b.year);
  const kept: { year: number; values: readonly number[]; h: number }[] = [];
  const skipped: KernelDensityResult['skipped'] = [];
  for (const s of ordered) {
    if (s.values.length < 2) {
      skipped.push({ year: s.year, reason: 'too-few-values' });
      continue;
    }
    const h = bandwidth(s.values);
    if (h === null) skipped.push({ year: s.year, reason: 'zero-variance' });
    else kept.push({ year: s.year, values: s.values, h });
  }
  if (kept.length === 0) return { grid: [], years: [], skipped };
  let min = Infinity;
  let max = -Infinity;
  let hMax = 0;
  for (const k of kept) {
    for (const v of k.values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (k.h > hMax) hMax = k.h;
  }
  const lo = min - 3 * hMax;
  const hi = max + 3 * hMax;
  const step = (hi - lo) / (points - 1);
  const grid = Array.from({ length: points }, (_, i) => (i === points - 1 ? hi : lo + i * step));
  const years = kept.map((k) => ({ year: k.year, bandwidth: k.h, density: grid.map((x) => densityAt(k.values, k.h, x)) }));
  return { grid, years, skipped };
}
