import { CoordixError, type Warning } from '../errors.js';
import { exactSum } from './fsum.js';
import type { Direction, NormalisationMethod } from '../model/vocabulary.js';

/**
 * Which raw value is best (docs/methods.md §1, §1a): `benefit` the highest, `cost` the lowest,
 * `target` a given value t (适度指标), `interval` any value in a given band [q1, q2].
 */
export type { Direction };

/** How raw values become scores z (docs/methods.md §1a): min–max range scaling (default), none, vector. */
export type NormaliseMethod = NormalisationMethod;

/** The normalisation of one indicator: its method, its direction, and the settings they take. */
export interface NormaliseSpec {
  method: NormaliseMethod;
  direction: Direction;
  /** t, for direction `target` (required there, ignored otherwise). */
  target?: number;
  /** [q1, q2] with q1 ≤ q2, for direction `interval` (required there, ignored otherwise). */
  interval?: readonly [number, number];
  /** [a, b] with 0 ≤ a < b ≤ 1 (default [0, 1]); min–max only, except that [0, 1] is accepted everywhere. */
  range?: readonly [number, number];
}

/**
 * What a normalisation measured over its group, all a frozen run (docs/methods.md §10) needs to
 * give the same z again:
 *
 * - every method: `min` and `max` of the raw values (what min–max scales by);
 * - `target`: `maxDeviation` = max_i |x_i − t|, which is max(|min − t|, |max − t|) exactly;
 * - `interval`: `maxDeviation` = M = max(q1 − min, max − q2) (M ≤ 0: every value inside the band);
 * - `vector`: `norm` = sqrt(Σ x²).
 *
 * A frozen run uses `min` and `max`, `norm` (required for vector) and `maxDeviation` when
 * recorded (otherwise derives it from the frozen min and max and the spec's t or [q1, q2]).
 */
export interface Bounds {
  min: number;
  max: number;
  /** vector only: sqrt(Σ_i x_i²) over the group. */
  norm?: number;
  /** target and interval only: the deviation that scores 0 (max |x − t|, or M). */
  maxDeviation?: number;
}

/** The scores of one indicator over one group, and what was measured to get them. */
export interface Normalised {
  /** z (or z' = a + (b − a)·z with a range) of each member, in member order. */
  out: Float64Array;
  bounds: Bounds;
  /**
   * Every z of the group is the same by construction: the bounds have max = min, or the scale
   * has nothing to measure (target: max deviation 0; interval: M ≤ 0). The entropy step then
   * sets d = 0 exactly (docs/methods.md §2) and the caller warns.
   */
  zeroRange: boolean;
  /** Indices (into `values`) of observations clamped to [0, 1] against frozen bounds. */
  clamped: number[];
}

/** What a raw value broke: not finite; outside [0, 1] under method `none`; negative under `vector`; too large to square. */
export type ValueRule = 'finite' | 'score' | 'non-negative' | 'magnitude';

const RULE_TEXT: Record<ValueRule, string> = {
  finite: 'is not a finite number; every raw value must be a finite number',
  score: 'is outside [0, 1]; normalisation method "none" takes values that are already scores in [0, 1]: rescale them, or use method min-max',
  'non-negative': 'is negative; vector normalisation (z = x / sqrt(Σ x²)) needs values ≥ 0: use method min-max instead',
  magnitude: 'is too large for vector normalisation (sqrt(Σ x²) exceeds the largest double); rescale the indicator (e.g. to thousands)',
};

/**
 * A raw value that the normalisation cannot take. `index` is the observation's index into the
 * values array, so the caller can name the region, year and indicator; it may rethrow with
 * `new NormaliseValueError(e.index, e.value, e.rule, '河北 2019, indicator "gdp"')`.
 */
export class NormaliseValueError extends CoordixError {
  constructor(
    readonly index: number,
    readonly value: number,
    readonly rule: ValueRule,
    readonly place: string = `observation ${index}`,
  ) {
    super(`${place}: the value ${value} ${RULE_TEXT[rule]}`);
    this.name = 'NormaliseValueError';
  }
}

/** Which part of a normalisation spec, or of the frozen bounds, is wrong. */
export type SpecSetting = 'method' | 'direction' | 'range' | 'target' | 'interval' | 'frozen';

/**
 * A normalisation spec the contract does not allow (docs/methods.md §1a): a range outside
 * 0 ≤ a < b ≤ 1, a range, target or interval with method `none` or `vector`, a target or interval
 * direction without its value, or frozen vector bounds without their norm.
 */
export class NormaliseSpecError extends CoordixError {
  constructor(
    readonly setting: SpecSetting,
    message: string,
  ) {
    super(message);
    this.name = 'NormaliseSpecError';
  }
}

/**
 * Checks a spec against the contract (docs/methods.md §1a); returns the range [a, b] to apply, or
 * null for the identity [0, 1]. @throws NormaliseSpecError naming the setting.
 */
function checkSpec(spec: NormaliseSpec): readonly [number, number] | null {
  const { method, direction, range } = spec;
  if (method !== 'min-max' && method !== 'none' && method !== 'vector') {
    throw new NormaliseSpecError('method', `unknown normalisation method ${JSON.stringify(method)}; use min-max, none or vector`);
  }
  if (direction !== 'benefit' && direction !== 'cost' && direction !== 'target' && direction !== 'interval') {
    throw new NormaliseSpecError('direction', `unknown direction ${JSON.stringify(direction)}; use benefit, cost, target or interval`);
  }
  let scale: readonly [number, number] | null = null;
  if (range !== undefined) {
    const [a, b] = range;
    if (!(Number.isFinite(a) && Number.isFinite(b) && a >= 0 && a < b && b <= 1)) {
      throw new NormaliseSpecError('range', `normalisation range [${a}, ${b}] is not allowed; it needs 0 ≤ a < b ≤ 1, e.g. [0.01, 0.99]`);
    }
    if (a !== 0 || b !== 1) scale = range;
  }
  if (method !== 'min-max' && scale !== null) {
    throw new NormaliseSpecError('range', `normalisation range [${scale[0]}, ${scale[1]}] works with method min-max only, not ${method}; drop the range or use min-max`);
  }
  if (direction === 'target') {
    if (method !== 'min-max') throw new NormaliseSpecError('target', `direction target works with method min-max only, not ${method}`);
    if (!Number.isFinite(spec.target)) throw new NormaliseSpecError('target', `direction target needs a finite target value t (got ${spec.target})`);
  }
  if (direction === 'interval') {
    if (method !== 'min-max') throw new NormaliseSpecError('interval', `direction interval works with method min-max only, not ${method}`);
    const q = spec.interval;
    if (!q || !(Number.isFinite(q[0]) && Number.isFinite(q[1]) && q[0] <= q[1])) {
      throw new NormaliseSpecError('interval', `direction interval needs an interval [q1, q2] of finite numbers with q1 ≤ q2 (got ${q ? `[${q[0]}, ${q[1]}]` : q})`);
    }
  }
  return scale;
}

/**
 * Normalisation of one indicator over a group of observations, every convention of
 * docs/methods.md §1 and §1a. `members` are the indices into `values` of the group (all
 * region-years when pooled, one year when per-year); z comes out in member order.
 *
 * - `min-max` (default), over the group:
 *   - benefit: z = (x − min) / (max − min); cost: z = (max − x) / (max − min); max = min ⇒ z = 1.
 *   - target t: z = 1 − |x − t| / max_i |x_i − t|; every z = 1 when that max is 0 (all x = t).
 *     (All x equal but ≠ t gives z = 0 for all, as the formula says: no region is near the target.)
 *   - interval [q1, q2], M = max(q1 − min, max − q2): z = 1 − (q1 − x)/M below q1, 1 inside,
 *     1 − (x − q2)/M above q2; every z = 1 when M ≤ 0.
 *   - `range` [a, b]: z' = a + (b − a)·z, computed after z (and after clamping to [0, 1] with
 *     frozen bounds); z = 1 (so every zero-range value) gives b exactly, and z' stays in [a, b].
 * - `none`: the values are scores already: z = x (benefit) or 1 − x (cost).
 * - `vector`: z = x / sqrt(Σ x²) (benefit) or 1 − x / sqrt(Σ x²) (cost), Σ over the group,
 *   exactly rounded (fsum.ts). A zero always scores 0 (benefit) or 1 (cost), whatever the others
 *   are; so an all-zero group (norm 0) scores 0 or 1 everywhere, and zeroRange is set.
 *
 * Frozen bounds (docs/methods.md §10; min-max and vector): z is computed against them and clamped
 * to [0, 1], and the clamped observations are listed; see {@link Bounds} for what is used. With
 * frozen bounds whose scale is degenerate (max = min, max deviation 0, M ≤ 0) every z is 1, as
 * for plain min–max; with a frozen norm of 0 a positive value is clamped. `none` ignores frozen
 * bounds (it measures nothing). Normalising again against the returned bounds gives the same z,
 * bit for bit. `into` (length ≥ members) receives z instead of a new array.
 *
 * References: Hwang and Yoon (1981) for vector normalisation; the target and interval forms as
 * in Chinese composite-index practice (适度指标, 区间型指标), docs/methods.md §1a.
 *
 * @throws NormaliseSpecError for a spec the contract forbids (see {@link NormaliseSpecError}).
 * @throws NormaliseValueError naming the observation for a non-finite value, a value outside
 *   [0, 1] under `none`, a negative value under `vector`.
 * @example Array.from(normalise(Float64Array.of(2, 4, 6), [0, 1, 2], { method: 'min-max', direction: 'benefit', range: [0.01, 0.99] }).out) // => [0.01, 0.5, 0.99]
 * @example Array.from(normalise(Float64Array.of(0, 2, 4, 8), [0, 1, 2, 3], { method: 'min-max', direction: 'target', target: 4 }).out) // => [0, 0.5, 1, 0]
 * @example normalise(Float64Array.of(0, 3, 5, 9, 12), [0, 1, 2, 3, 4], { method: 'min-max', direction: 'interval', interval: [3, 6] }).bounds // => { min: 0, max: 12, maxDeviation: 6 }
 * @example Array.from(normalise(Float64Array.of(0, 3, 5, 9, 12), [0, 1, 2, 3, 4], { method: 'min-max', direction: 'interval', interval: [3, 6] }).out) // => [0.5, 1, 1, 0.5, 0]
 * @example Array.from(normalise(Float64Array.of(3, 4), [0, 1], { method: 'vector', direction: 'benefit' }).out) // => [0.6, 0.8]
 * @example Array.from(normalise(Float64Array.of(0.25, 1), [0, 1], { method: 'none', direction: 'cost' }).out) // => [0.75, 0]
 */
export function normalise(
  values: Float64Array,
  members: ArrayLike<number>,
  spec: NormaliseSpec,
  frozen?: Bounds,
  into?: Float64Array,
): Normalised {
  const scale = checkSpec(spec);
  for (let k = 0; k < members.length; k++) {
    const x = values[members[k]];
    if (!Number.isFinite(x)) throw new NormaliseValueError(members[k], x, 'finite');
  }
  if (spec.method === 'none') return asScores(values, members, spec.direction === 'cost', into);
  if (spec.method === 'vector') return vector(values, members, spec.direction === 'cost', frozen, into);
  let result: Normalised;
  if (spec.direction === 'target') result = towardsTarget(values, members, spec.target as number, frozen, into);
  else if (spec.direction === 'interval') result = towardsInterval(values, members, spec.interval as readonly [number, number], frozen, into);
  else result = minMax(values, members, spec.direction, frozen, into);
  if (scale !== null) rescale(result.out, members.length, scale[0], scale[1]);
  return result;
}

/** z' = a + (b − a)·z for the first m entries, z = 1 giving b exactly, z' kept in [a, b]. */
function rescale(z: Float64Array, m: number, a: number, b: number): void {
  const width = b - a;
  for (let k = 0; k < m; k++) {
    const v = z[k];
    z[k] = v === 1 ? b : Math.min(b, a + width * v);
  }
}

/** Benefit/cost min–max (docs/methods.md §1), exactly as `normaliseColumn` has always computed it. */
function minMax(
  values: Float64Array,
  members: ArrayLike<number>,
  direction: 'benefit' | 'cost',
  frozen: Bounds | undefined,
  into: Float64Array | undefined,
): Normalised {
  const out = into ?? new Float64Array(members.length);
  let min = Infinity;
  let max = -Infinity;
  if (frozen) {
    min = frozen.min;
    max = frozen.max;
  } else {
    for (let k = 0; k < members.length; k++) {
      const x = values[members[k]];
      if (x < min) min = x;
      if (x > max) max = x;
    }
  }
  const range = max - min;
  const clamped: number[] = [];
  const zeroRange = !(range > 0);
  for (let k = 0; k < members.length; k++) {
    const x = values[members[k]];
    let z: number;
    if (zeroRange) z = 1;
    else z = direction === 'benefit' ? (x - min) / range : (max - x) / range;
    if (frozen) {
      if (z < 0) {
        z = 0;
        clamped.push(members[k]);
      } else if (z > 1) {
        z = 1;
        clamped.push(members[k]);
      }
    }
    out[k] = z;
  }
  return { out, bounds: { min, max }, zeroRange, clamped };
}

/** The group's min and max, or the frozen ones. */
function extremes(values: Float64Array, members: ArrayLike<number>, frozen: Bounds | undefined): { min: number; max: number } {
  if (frozen) return { min: frozen.min, max: frozen.max };
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < members.length; k++) {
    const x = values[members[k]];
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { min, max };
}

/** Target direction: z = 1 − |x − t| / D, D = max_i |x_i − t| = max(|min − t|, |max − t|). */
function towardsTarget(
  values: Float64Array,
  members: ArrayLike<number>,
  target: number,
  frozen: Bounds | undefined,
  into: Float64Array | undefined,
): Normalised {
  const out = into ?? new Float64Array(members.length);
  const { min, max } = extremes(values, members, frozen);
  // |x − t| is convex in x, so its largest value over the group is at min or at max; rounding is
  // monotone, so this is also the largest of the rounded |x_i − t| (and no z is below 0).
  const deviation = frozen?.maxDeviation ?? Math.max(Math.abs(min - target), Math.abs(max - target));
  const degenerate = !(deviation > 0);
  const clamped: number[] = [];
  for (let k = 0; k < members.length; k++) {
    let z = degenerate ? 1 : 1 - Math.abs(values[members[k]] - target) / deviation;
    if (frozen && z < 0) {
      z = 0;
      clamped.push(members[k]);
    }
    out[k] = z;
  }
  return { out, bounds: { min, max, maxDeviation: deviation }, zeroRange: degenerate || !(max - min > 0), clamped };
}

/** Interval direction: M = max(q1 − min, max − q2); distance below q1 or above q2 over M. */
function towardsInterval(
  values: Float64Array,
  members: ArrayLike<number>,
  [low, high]: readonly [number, number],
  frozen: Bounds | undefined,
  into: Float64Array | undefined,
): Normalised {
  const out = into ?? new Float64Array(members.length);
  const { min, max } = extremes(values, members, frozen);
  const reach = frozen?.maxDeviation ?? Math.max(low - min, max - high);
  const degenerate = !(reach > 0);
  const clamped: number[] = [];
  for (let k = 0; k < members.length; k++) {
    const x = values[members[k]];
    let z: number;
    if (degenerate) z = 1;
    else if (x < low) z = 1 - (low - x) / reach;
    else if (x > high) z = 1 - (x - high) / reach;
    else z = 1;
    if (frozen && z < 0) {
      z = 0;
      clamped.push(members[k]);
    }
    out[k] = z;
  }
  return { out, bounds: { min, max, maxDeviation: reach }, zeroRange: degenerate || !(max - min > 0), clamped };
}

/** Method `none`: z = x or 1 − x, every x in [0, 1]. */
function asScores(values: Float64Array, members: ArrayLike<number>, cost: boolean, into: Float64Array | undefined): Normalised {
  const out = into ?? new Float64Array(members.length);
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < members.length; k++) {
    const x = values[members[k]];
    if (!(x >= 0 && x <= 1)) throw new NormaliseValueError(members[k], x, 'score');
    if (x < min) min = x;
    if (x > max) max = x;
    out[k] = cost ? 1 - x : x;
  }
  return { out, bounds: { min, max }, zeroRange: !(max - min > 0), clamped: [] };
}

/** Method `vector`: z = x / sqrt(Σ x²) or 1 − x / sqrt(Σ x²), every x ≥ 0. */
function vector(
  values: Float64Array,
  members: ArrayLike<number>,
  cost: boolean,
  frozen: Bounds | undefined,
  into: Float64Array | undefined,
): Normalised {
  const m = members.length;
  const out = into ?? new Float64Array(m);
  let largest = -1;
  for (let k = 0; k < m; k++) {
    const x = values[members[k]];
    if (x < 0) throw new NormaliseValueError(members[k], x, 'non-negative');
    if (largest < 0 || x > values[members[largest]]) largest = k;
  }
  let min: number;
  let max: number;
  let norm: number;
  if (frozen) {
    if (!(frozen.norm !== undefined && frozen.norm >= 0 && Number.isFinite(frozen.norm))) {
      throw new NormaliseSpecError('frozen', `the frozen bounds give no valid norm (${frozen.norm}) for a vector-normalised indicator; freeze again from a run with method vector`);
    }
    ({ min, max } = frozen);
    norm = frozen.norm;
  } else {
    ({ min, max } = extremes(values, members, undefined));
    // Values beyond 2^±500 are scaled by a power of two (exactly) so that the largest square
    // neither overflows nor underflows; ordinary values are not scaled at all.
    const top = largest < 0 ? 0 : values[members[largest]];
    const scale = top > 2 ** 500 ? 2 ** -600 : top > 0 && top < 2 ** -500 ? 2 ** 600 : 1;
    // The squares go through out (overwritten below), summed exactly so row order cannot matter.
    for (let k = 0; k < m; k++) {
      const x = values[members[k]] * scale;
      out[k] = x * x;
    }
    norm = Math.sqrt(exactSum(out, m)) / scale;
    if (!Number.isFinite(norm)) throw new NormaliseValueError(members[largest], top, 'magnitude');
  }
  const clamped: number[] = [];
  for (let k = 0; k < m; k++) {
    const x = values[members[k]];
    // A zero scores 0 even when the norm is 0; against a frozen norm of 0 a positive x is off the
    // scale. Unfrozen, x ≤ sqrt(Σ x²) holds for the rounded values too, so the ratio is ≤ 1.
    let ratio = x === 0 ? 0 : norm > 0 ? x / norm : Infinity;
    if (frozen && ratio > 1) {
      ratio = 1;
      clamped.push(members[k]);
    }
    out[k] = cost ? 1 - ratio : ratio;
  }
  return { out, bounds: { min, max, norm }, zeroRange: !(max - min > 0), clamped };
}

/**
 * Min–max range scaling of one benefit or cost indicator over a group of observations
 * (docs/methods.md §1); the plain case of {@link normalise}, kept for its callers.
 *
 *   benefit: z = (x − min) / (max − min)       cost: z = (max − x) / (max − min)
 *
 * Zero range (max = min): every z is 1 (every region is at the best value); the caller warns.
 * With frozen bounds (docs/methods.md §10) z is computed against the given bounds and clamped to
 * [0, 1]; the indices of clamped observations are returned. `into` (length ≥ members) receives z
 * instead of a new array. Values are not checked (the reader has), so this never throws for them.
 *
 * @throws NormaliseSpecError for direction target or interval, which need {@link normalise} with their t or [q1, q2].
 * @example Array.from(normaliseColumn(Float64Array.of(2, 4, 6), [0, 1, 2], 'benefit').out) // => [0, 0.5, 1]
 */
export function normaliseColumn(
  values: Float64Array,
  members: ArrayLike<number>,
  direction: Direction,
  frozen?: Bounds,
  into?: Float64Array,
): Normalised {
  if (direction !== 'benefit' && direction !== 'cost') {
    throw new NormaliseSpecError(direction === 'target' ? 'target' : direction === 'interval' ? 'interval' : 'direction', `normaliseColumn takes benefit or cost indicators; a ${direction} indicator needs normalise() with its ${direction === 'target' ? 'target value' : 'interval'}`);
  }
  return minMax(values, members, direction, frozen, into);
}

/**
 * A warning for an indicator whose scores are all the same in its group (docs/methods.md §1):
 * `z` is the score they all get (1 for min–max, the default; 0 for a target or interval
 * indicator whose equal values all miss the target).
 * @example zeroRangeWarning('gdp', 2019).message // => 'indicator "gdp" has the same value for every observation in 2019: every z is 1 and its entropy divergence is 0'
 */
export function zeroRangeWarning(indicator: string, year: number | null | undefined, z = 1): Warning {
  const where = year == null ? '' : ` in ${year}`;
  return {
    code: 'zero-range',
    message: `indicator "${indicator}" has the same value for every observation${where}: every z is ${z} and its entropy divergence is 0`,
  };
}
