import { CoordixError } from '../../errors.js';
import { exactSum } from '../fsum.js';

/**
 * Absolute β-convergence (docs/methods.md §12; Barro and Sala-i-Martin 1992):
 * g_i = ln(y_iT / y_i0) / (T − t0), the average yearly growth, regressed by OLS on ln y_i0:
 * g = α + β ln y_0 + ε. β < 0 means regions that started lower grew faster.
 *   se(β) = √(RSS / (n − 2) / Sxx), t = β / se, p two-sided from Student's t with n − 2 df,
 *   R² = 1 − RSS / Syy, speed λ = −ln(1 + β(T − t0)) / (T − t0), half-life ln 2 / λ.
 * Only regions with positive values in both years enter (ln needs y > 0).
 */

export interface BetaConvergence {
  /** Regions used (positive in both years). */
  n: number;
  /** Regions left out for a value ≤ 0. */
  dropped: number;
  alpha: number;
  beta: number;
  /** Standard error of β; 0 when the fit is exact. */
  se: number;
  /** β / se; null when se = 0. */
  t: number | null;
  /** Two-sided p of t with n − 2 df; null when se = 0. */
  p: number | null;
  /** R²; null when every growth rate is the same (Syy = 0). */
  r2: number | null;
  /** λ = −ln(1 + β(T − t0)) / (T − t0); null when 1 + β(T − t0) ≤ 0. */
  speed: number | null;
  /** ln 2 / λ in years; null when λ is null or ≤ 0 (no convergence, so no half-life). */
  halfLife: number | null;
}

/** Data the regression cannot use. */
export class ConvergenceInputError extends CoordixError {
  constructor(message: string) {
    super(message);
    this.name = 'ConvergenceInputError';
  }
}

/**
 * β-convergence from first- and last-year values of the same regions (same order), `years` = T − t0.
 * @throws ConvergenceInputError on lengths that differ, years ≤ 0, a non-finite value, fewer than 3
 *   usable regions, or equal first-year values (no spread in ln y_0).
 * @example betaConvergence([1, Math.E, Math.E ** 2], [Math.E, Math.E ** 2, Math.E ** 2], 1).beta // => -0.5
 */
export function betaConvergence(first: readonly number[], last: readonly number[], years: number): BetaConvergence {
  if (first.length !== last.length) throw new ConvergenceInputError(`${first.length} first-year values but ${last.length} last-year values`);
  if (!(Number.isFinite(years) && years > 0)) throw new ConvergenceInputError(`the span T − t0 must be > 0 years, not ${years}`);
  const x: number[] = [];
  const y: number[] = [];
  let dropped = 0;
  for (let i = 0; i < first.length; i++) {
    const a = first[i];
    const b = last[i];
    if (!Number.isFinite(a) || !Number.isFinite(b)) throw new ConvergenceInputError(`value ${i + 1} is not a finite number (${a}, ${b})`);
    if (a > 0 && b > 0) {
      x.push(Math.log(a));
      y.push(Math.log(b / a) / years);
    } else dropped++;
  }
  const n = x.length;
  if (n < 3) throw new ConvergenceInputError(`β-convergence needs at least 3 regions with positive values in both years, not ${n}`);
  const meanX = exactSum(x) / n;
  const meanY = exactSum(y) / n;
  const Sxx = exactSum(x.map((v) => (v - meanX) ** 2));
  const Syy = exactSum(y.map((v) => (v - meanY) ** 2));
  const Sxy = exactSum(x.map((v, i) => (v - meanX) * (y[i] - meanY)));
  if (!(Sxx > 0)) throw new ConvergenceInputError('every region starts at the same value: β is undefined');
  const beta = Sxy / Sxx;
  const alpha = meanY - beta * meanX;
  const rss = exactSum(x.map((v, i) => (y[i] - alpha - beta * v) ** 2));
  const se = Math.sqrt(rss / (n - 2) / Sxx);
  const t = se > 0 ? beta / se : null;
  const p = t === null ? null : studentTwoSidedP(t, n - 2);
  const r2 = Syy > 0 ? Math.max(0, 1 - rss / Syy) : null;
  const base = 1 + beta * years;
  const speed = base > 0 ? -Math.log(base) / years : null;
  const halfLife = speed !== null && speed > 0 ? Math.LN2 / speed : null;
  return { n, dropped, alpha, beta, se, t, p, r2, speed, halfLife };
}

/**
 * β-convergence over a panel between its first and last year: the regions observed in both.
 * @throws ConvergenceInputError as betaConvergence, or when the panel spans one year only.
 * @example betaConvergencePanel([{ region: 'a', year: 0, value: 1 }, { region: 'a', year: 1, value: Math.E }, { region: 'b', year: 0, value: Math.E }, { region: 'b', year: 1, value: Math.E ** 2 }, { region: 'c', year: 0, value: Math.E ** 2 }, { region: 'c', year: 1, value: Math.E ** 2 }]).beta // => -0.5
 */
export function betaConvergencePanel(panel: readonly { region: string; year: number; value: number }[]): BetaConvergence & { from: number; to: number } {
  if (panel.length === 0) throw new ConvergenceInputError('the panel is empty');
  let from = Infinity;
  let to = -Infinity;
  for (const r of panel) {
    if (r.year < from) from = r.year;
    if (r.year > to) to = r.year;
  }
  if (!(to > from)) throw new ConvergenceInputError(`the panel spans one year (${from}); β-convergence needs two`);
  const start = new Map<string, number>();
  const end = new Map<string, number>();
  for (const r of panel) {
    if (r.year === from) start.set(r.region, r.value);
    if (r.year === to) end.set(r.region, r.value);
  }
  const regions = [...start.keys()].filter((r) => end.has(r));
  const result = betaConvergence(
    regions.map((r) => start.get(r)!),
    regions.map((r) => end.get(r)!),
    to - from,
  );
  return { ...result, from, to };
}

/**
 * Two-sided p of Student's t with df degrees of freedom: P(|T| ≥ |t|) = I_x(df/2, 1/2),
 * x = df / (df + t²), I the regularized incomplete beta function.
 * @example studentTwoSidedP(0, 5) // => 1
 */
export function studentTwoSidedP(t: number, df: number): number {
  if (!(df > 0)) throw new ConvergenceInputError(`Student's t needs df > 0, not ${df}`);
  if (!Number.isFinite(t)) return 0;
  return regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/**
 * ln Γ(x), x > 0: the Lanczos approximation with γ = 671/128 and 14 terms of Numerical Recipes,
 * 3rd ed. (2007), §6.1 (gammln), good to about 1e-15 relative; reflection for x < 0.5.
 * @example logGamma(1) // => 0
 */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  let y = x;
  const t = x + 5.2421875;
  const head = (x + 0.5) * Math.log(t) - t;
  let series = 0.999999999999997092;
  for (const c of LANCZOS) series += c / ++y;
  return head + Math.log((2.5066282746310005 * series) / x);
}

const LANCZOS = [
  57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199, 0.339946499848118887e-4,
  0.465236289270485756e-4, -0.983744753048795646e-4, 0.158088703224912494e-3, -0.210264441724104883e-3,
  0.217439618115212643e-3, -0.16431810653676389e-3, 0.844182239838527433e-4, -0.261908384015814087e-4,
  0.368991826595316234e-5,
];

/**
 * The regularized incomplete beta function I_x(a, b) (Numerical Recipes §6.4: the continued
 * fraction by the modified Lentz method, with I_x(a, b) = 1 − I_(1−x)(b, a) where it converges
 * faster).
 * @example regularizedIncompleteBeta(0.25, 1, 1) // => 0.25
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const eps = 1e-16;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < eps) break;
  }
  return h;
}
