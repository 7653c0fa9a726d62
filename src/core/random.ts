import { CoordixError } from '../errors.js';

/**
 * Seeded pseudo-random numbers for the sensitivity analysis: never Math.random, so the same seed
 * gives the same bytes. mulberry32 (Tommy Ettinger's 32-bit generator) for streams, splitmix32 to
 * derive independent stream seeds from (seed, labels…).
 */

/** A stream of uniforms in [0, 1). @example mulberry32(1)() // => 0.6270739405881613 */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes integers into one 32-bit seed (splitmix32 finaliser per step). */
export function deriveSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = (h ^ (p >>> 0)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h;
}

/** A standard normal draw (Box–Muller). */
export function normal(random: () => number): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * A Gamma(shape, 1) draw and its natural logarithm, from the same uniforms: Marsaglia and Tsang
 * (2000), "A simple method for generating gamma variables", ACM TOMS 26(3): 363–372, with their
 * boost for shape < 1, G(a) = G(a + 1) · U^(1/a), whose logarithm ln G(a + 1) + ln(U)/a stays finite
 * long after U^(1/a) has underflowed to 0 (a = 1e-20 gives ln G ≈ −1e20).
 */
function gammaWithLog(shape: number, random: () => number): [value: number, log: number] {
  if (shape < 1) {
    const [value, log] = gammaWithLog(shape + 1, random);
    const u = random() || Number.MIN_VALUE;
    return [value * Math.pow(u, 1 / shape), log + Math.log(u) / shape];
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return [d * v, Math.log(d * v)];
  }
}

/** A Gamma(shape, 1) draw: Marsaglia and Tsang (2000), with the shape < 1 boost; 0 for shape ≤ 0. */
export function gamma(shape: number, random: () => number): number {
  if (shape <= 0) return 0;
  return gammaWithLog(shape, random)[0];
}

/**
 * The natural logarithm of a Gamma(shape, 1) draw, computed in logarithms throughout (it consumes
 * the same uniforms as {@link gamma}, and exp of it is that draw where the draw does not underflow).
 * @throws ConcentrationError shape not a positive finite number.
 */
export function logGammaDraw(shape: number, random: () => number): number {
  if (!(shape > 0 && Number.isFinite(shape))) throw new ConcentrationError('shape', shape);
  return gammaWithLog(shape, random)[1];
}

/**
 * A Dirichlet concentration κ (or a gamma shape κ·w) that cannot be drawn from: not a positive
 * finite number, or so small that even the logarithms of the gamma draws are infinite (κ·w below
 * about 1e-300).
 */
export class ConcentrationError extends CoordixError {
  constructor(
    readonly reason: 'concentration' | 'shape' | 'underflow',
    readonly value: number,
  ) {
    super(
      reason === 'underflow'
        ? `the Dirichlet concentration κ = ${value} is too small to draw weights from, even in logarithms (κ times a weight is below about 1e-300); raise --kappa`
        : `${reason === 'shape' ? 'gamma shape' : 'Dirichlet concentration κ'} = ${value} must be a positive finite number${reason === 'concentration' ? '; give --kappa > 0' : ''}`,
    );
    this.name = 'ConcentrationError';
  }
}

/** Sums of gamma draws at or above this are normalised as they are; smaller ones in logarithms. */
const SAFE_TOTAL = 1e-200;

/**
 * A draw from the Dirichlet distribution centred on `centre` (Σ = 1) with concentration κ:
 * Dir(κ·w), as normalised gamma draws G_i ~ Gamma(κ w_i): x_i = G_i / Σ G. Components with w = 0
 * stay 0. Larger κ, draws closer to the centre; small κ, draws near a corner of the simplex.
 *
 * When Σ G is below 1e-200 (or overflows) — small κ makes U^(1/(κw)) underflow, and κ = 1e-20 makes
 * every draw 0 — the shares are taken from the logarithms of the same draws with log-sum-exp,
 * x_i = exp(ln G_i − m) / Σ_l exp(ln G_l − m), m = max ln G; otherwise from the draws themselves.
 * Either way the weights are never replaced by the centre.
 * @throws ConcentrationError κ not a positive finite number, or too small even for logarithms.
 */
export function dirichlet(centre: readonly number[], concentration: number, random: () => number): number[] {
  if (!(concentration > 0 && Number.isFinite(concentration))) throw new ConcentrationError('concentration', concentration);
  const g = new Array<number>(centre.length).fill(0);
  const logs = new Array<number>(centre.length).fill(-Infinity);
  let positive = false;
  centre.forEach((w, i) => {
    if (!(w > 0)) return;
    positive = true;
    const shape = concentration * w;
    if (shape > 0) [g[i], logs[i]] = gammaWithLog(shape, random);
  });
  // No positive centre weight: nothing to draw (the centre is not a point of the simplex).
  if (!positive) return [...centre];
  const total = g.reduce((s, x) => s + x, 0);
  if (total >= SAFE_TOTAL && Number.isFinite(total)) return g.map((x) => x / total);
  let largest = -Infinity;
  for (const l of logs) if (l > largest) largest = l;
  if (!Number.isFinite(largest)) throw new ConcentrationError('underflow', concentration);
  const scaled = logs.map((l) => Math.exp(l - largest));
  const sum = scaled.reduce((s, x) => s + x, 0);
  return scaled.map((x) => x / sum);
}

/**
 * The standard normal quantile Φ⁻¹(p), 0 < p < 1: Acklam's rational approximation (relative error
 * below 1.15e-9; Acklam 2003), enough for a confidence multiplier: it gives 1.959963986 for
 * Φ⁻¹(0.975) = 1.959963984540054.
 * @throws RangeError p outside (0, 1).
 * @example Math.round(normalQuantile(0.975) * 1e6) / 1e6 // => 1.959964
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p = ${p} is not in (0, 1)`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low || p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(p < low ? p : 1 - p));
    const x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    return p < low ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
