import { CoordixError } from '../../errors.js';
import { exactSum } from '../fsum.js';
import { deriveSeed, mulberry32 } from '../random.js';
import type { SpatialWeights } from './weights.js';

/**
 * Global and local Moran's I (docs/methods.md §11).
 *
 * The values x are in the order of the weights' regions (x[i] belongs to row i of W). A plain
 * number[][] may be passed as W; local results then name regions '1', '2', … by position.
 */

/** Permutations when none are asked for (R = 999, as GeoDa and PySAL). */
export const DEFAULT_PERMUTATIONS = 999;
/** Seed of the permutation stream when none is given. */
export const DEFAULT_SEED = 1;

/** The variable does not vary, so Moran's I (a ratio over Σ(x − x̄)²) is undefined. */
export class ZeroVarianceError extends CoordixError {
  constructor(readonly value: number) {
    super(`every value is ${value}: Moran's I is undefined for a variable that does not vary; choose another variable or year`);
    this.name = 'ZeroVarianceError';
  }
}

/** The values and the weights do not fit together, or a value is not a finite number. */
export class MoranInputError extends CoordixError {
  constructor(message: string) {
    super(message);
    this.name = 'MoranInputError';
  }
}

export interface MoranResult {
  /** I = (n / S0) · Σ_i Σ_j w_ij z_i z_j / Σ_i z_i², z = x − x̄. */
  I: number;
  /** E[I] = −1/(n − 1). */
  expected: number;
  /** Var[I] under randomisation (Cliff and Ord); null when n < 4 or the formula gives ≤ 0 (kurtosis overflow). */
  variance: number | null;
  /** z = (I − E[I]) / √Var[I]. */
  z: number | null;
  /** One-sided p for positive autocorrelation, P(Z ≥ z) under the standard normal. */
  p: number | null;
  /** (1 + #{I_perm ≥ I}) / (1 + R); null when R = 0. */
  pseudoP: number | null;
  /** R, the number of permutations drawn. */
  permutations: number;
  n: number;
}

export interface LocalMoran {
  region: string;
  /** x_i */
  value: number;
  /** The spatial lag Σ_j w_ij x_j (0 for a region without neighbours). */
  lag: number;
  /** I_i = (z_i / m2) · Σ_j w_ij z_j, m2 = Σ z² / n. */
  Ii: number;
  /** 'H' when z_i > 0 else 'L', then 'H' when Σ_j w_ij z_j > 0 else 'L' (spdep's "mean" quadrants). */
  quadrant: 'HH' | 'LL' | 'HL' | 'LH';
  /** Folded conditional-permutation pseudo p; null for a region without neighbours or when R = 0. */
  p: number | null;
  /** p ≤ alpha. */
  significant: boolean;
}

interface Prepared {
  n: number;
  matrix: number[][];
  names: string[];
  z: number[];
  sumSquares: number;
}

function prepare(x: ArrayLike<number>, weights: SpatialWeights | number[][]): Prepared {
  const matrix = Array.isArray(weights) ? weights : weights.matrix;
  const names = Array.isArray(weights) ? matrix.map((_, i) => String(i + 1)) : weights.regions;
  const n = x.length;
  if (matrix.length !== n || matrix.some((row) => row.length !== n))
    throw new MoranInputError(`${n} values but a ${matrix.length}-region weights matrix; give one value per region of the weights`);
  if (n < 2) throw new MoranInputError(`Moran's I needs at least 2 regions, not ${n}`);
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(x[i])) throw new MoranInputError(`the value for ${names[i]} is ${x[i]}, not a finite number`);
  const mean = exactSum(x) / n;
  const z = Array.from({ length: n }, (_, i) => x[i] - mean);
  const sumSquares = exactSum(z.map((v) => v * v));
  if (sumSquares === 0) throw new ZeroVarianceError(x[0]);
  return { n, matrix, names, z, sumSquares };
}

/** Σ_i Σ_j w_ij a_i a_j, exactly summed. */
function crossProduct(matrix: number[][], a: ArrayLike<number>): number {
  const terms: number[] = [];
  for (let i = 0; i < matrix.length; i++) {
    const row = matrix[i];
    for (let j = 0; j < row.length; j++) if (row[j] !== 0) terms.push(row[j] * a[i] * a[j]);
  }
  return exactSum(terms);
}

/**
 * Fisher–Yates shuffle in place (Durstenfeld's version), driven by a stream of uniforms in [0, 1)
 * such as mulberry32(seed); returns the same array.
 * @example shuffleInPlace([1, 2, 3], () => 0) // => [2, 3, 1]
 */
export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}

/**
 * Global Moran's I with its randomisation variance (Cliff and Ord 1981; the same numbers as R
 * spdep::moran.test(x, listw, randomisation = TRUE, alternative = "greater") on weights without
 * islands; with islands coordix keeps n = all regions, i.e. spdep's adjust.n = FALSE):
 *   S0 = Σ_ij w_ij, S1 = ½ Σ_ij (w_ij + w_ji)², S2 = Σ_i (Σ_j w_ij + Σ_j w_ji)², b2 = n Σz⁴ / (Σz²)²,
 *   Var[I] = [n((n² − 3n + 3)S1 − nS2 + 3S0²) − b2((n² − n)S1 − 2nS2 + 6S0²)] / ((n−1)(n−2)(n−3)S0²) − E[I]².
 * The permutation test shuffles x over the regions R times with a seeded stream
 * (mulberry32(seed)); pseudo p = (1 + #{I_perm ≥ I}) / (1 + R).
 *
 * @throws ZeroVarianceError when every value is the same.
 * @throws MoranInputError on a length mismatch, a non-finite value, or weights that sum to 0.
 * @example moranI([1, 2, 3, 4], [[0, 1, 0, 0], [0.5, 0, 0.5, 0], [0, 0.5, 0, 0.5], [0, 0, 1, 0]], { permutations: 0 }).I // => 0.4
 */
export function moranI(
  x: ArrayLike<number>,
  weights: SpatialWeights | number[][],
  options: { permutations?: number; seed?: number } = {},
): MoranResult {
  const { n, matrix, z, sumSquares } = prepare(x, weights);
  const permutations = options.permutations ?? DEFAULT_PERMUTATIONS;
  if (!(Number.isInteger(permutations) && permutations >= 0))
    throw new MoranInputError(`the number of permutations must be a whole number ≥ 0, not ${permutations}`);
  const S0 = exactSum(matrix.flat());
  if (!(S0 > 0)) throw new MoranInputError('the weights are all zero (no region has a neighbour); Moran\'s I is undefined');
  const I = ((n / S0) * crossProduct(matrix, z)) / sumSquares;
  const expected = -1 / (n - 1);

  const s1Terms: number[] = [];
  const rowSums = matrix.map((row) => exactSum(row));
  const colSums = matrix.map((_, j) => exactSum(matrix.map((row) => row[j])));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s1Terms.push((matrix[i][j] + matrix[j][i]) ** 2);
  const S1 = exactSum(s1Terms) / 2;
  const S2 = exactSum(rowSums.map((r, i) => (r + colSums[i]) ** 2));
  const b2 = (n * exactSum(z.map((v) => v ** 4))) / sumSquares ** 2;
  let variance: number | null = null;
  if (n >= 4) {
    const numerator = n * ((n * n - 3 * n + 3) * S1 - n * S2 + 3 * S0 * S0) - b2 * ((n * n - n) * S1 - 2 * n * S2 + 6 * S0 * S0);
    const v = numerator / ((n - 1) * (n - 2) * (n - 3) * S0 * S0) - expected * expected;
    variance = Number.isFinite(v) && v > 0 ? v : null;
  }
  const zScore = variance === null ? null : (I - expected) / Math.sqrt(variance);
  const p = zScore === null ? null : normalUpperTail(zScore);

  let pseudoP: number | null = null;
  if (permutations > 0) {
    const random = mulberry32(options.seed ?? DEFAULT_SEED);
    const shuffled = [...z];
    let atLeast = 0;
    for (let r = 0; r < permutations; r++) {
      shuffleInPlace(shuffled, random);
      const permuted = ((n / S0) * crossProduct(matrix, shuffled)) / sumSquares;
      if (permuted >= I) atLeast++;
    }
    pseudoP = (1 + atLeast) / (1 + permutations);
  }
  return { I, expected, variance, z: zScore, p, pseudoP, permutations, n };
}

/**
 * Local Moran's I (LISA, Anselin 1995) as R spdep::localmoran: I_i = (z_i / m2) · Σ_j w_ij z_j,
 * m2 = Σ_i z_i² / n. Significance by conditional permutation (Anselin 1995; GeoDa, PySAL esda):
 * x_i is held fixed and its neighbours' values are drawn without replacement from the other
 * n − 1 values, R times, each region with its own seeded stream mulberry32(deriveSeed(seed, i)).
 * The pseudo p is folded as GeoDa and esda do: with c = #{I_i,perm ≥ I_i}, c is replaced by
 * R − c when that is smaller (the permutations more extreme on the other side), and
 * p = (1 + c) / (1 + R). A region is significant when p ≤ alpha (0.05 by default).
 *
 * @throws ZeroVarianceError when every value is the same.
 * @throws MoranInputError on a length mismatch or a non-finite value.
 * @example localMoran([1, 2, 3, 4], [[0, 1, 0, 0], [0.5, 0, 0.5, 0], [0, 0.5, 0, 0.5], [0, 0, 1, 0]], { permutations: 0 }).map((r) => r.Ii) // => [0.6, 0.2, 0.2, 0.6]
 */
export function localMoran(
  x: ArrayLike<number>,
  weights: SpatialWeights | number[][],
  options: { permutations?: number; seed?: number; alpha?: number } = {},
): LocalMoran[] {
  const { n, matrix, names, z, sumSquares } = prepare(x, weights);
  const permutations = options.permutations ?? DEFAULT_PERMUTATIONS;
  if (!(Number.isInteger(permutations) && permutations >= 0))
    throw new MoranInputError(`the number of permutations must be a whole number ≥ 0, not ${permutations}`);
  const alpha = options.alpha ?? 0.05;
  const seed = options.seed ?? DEFAULT_SEED;
  const m2 = sumSquares / n;
  const results: LocalMoran[] = [];
  for (let i = 0; i < n; i++) {
    const row = matrix[i];
    const neighbours: number[] = [];
    for (let j = 0; j < n; j++) if (j !== i && row[j] !== 0) neighbours.push(j);
    const lagZ = exactSum(neighbours.map((j) => row[j] * z[j]));
    const lag = exactSum(neighbours.map((j) => row[j] * x[j]));
    const Ii = (z[i] / m2) * lagZ;
    const quadrant = ((z[i] > 0 ? 'H' : 'L') + (lagZ > 0 ? 'H' : 'L')) as LocalMoran['quadrant'];
    let p: number | null = null;
    if (permutations > 0 && neighbours.length > 0) {
      const random = mulberry32(deriveSeed(seed, i));
      const pool = z.filter((_, j) => j !== i);
      const k = neighbours.length;
      const drawn = new Array<number>(k);
      let atLeast = 0;
      for (let r = 0; r < permutations; r++) {
        // partial Fisher–Yates: the first k places of the pool become the neighbours' values
        for (let t = 0; t < k; t++) {
          const s = t + Math.floor(random() * (pool.length - t));
          const v = pool[s];
          pool[s] = pool[t];
          pool[t] = v;
          drawn[t] = row[neighbours[t]] * v;
        }
        if ((z[i] / m2) * exactSum(drawn) >= Ii) atLeast++;
      }
      const folded = Math.min(atLeast, permutations - atLeast);
      p = (1 + folded) / (1 + permutations);
    }
    results.push({ region: names[i], value: x[i], lag, Ii, quadrant, p, significant: p !== null && p <= alpha });
  }
  return results;
}

/**
 * P(Z ≥ z) for a standard normal Z: ½ erfc(z/√2), with erfc(t) = Q(½, t²) (t ≥ 0), the
 * regularized upper incomplete gamma function (series or Lentz continued fraction, Numerical
 * Recipes §6.2), accurate to about 1e-15 relative.
 * @example normalUpperTail(0) // => 0.5
 */
export function normalUpperTail(z: number): number {
  const t = z / Math.SQRT2;
  const erfc = t >= 0 ? gammaQHalf(t * t) : 2 - gammaQHalf(t * t);
  return erfc / 2;
}

/** Q(½, x) = Γ(½, x)/Γ(½), x ≥ 0. */
function gammaQHalf(x: number): number {
  const a = 0.5;
  if (x === 0) return 1;
  const logPrefactor = -x + a * Math.log(x) - 0.5 * Math.log(Math.PI);
  const eps = 1e-16;
  if (x < a + 1) {
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let i = 0; i < 1000; i++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * eps) break;
    }
    return 1 - sum * Math.exp(logPrefactor);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < eps) break;
  }
  return Math.exp(logPrefactor) * h;
}
