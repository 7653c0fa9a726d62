/**
 * Exactly rounded summation: the double nearest the true sum of the inputs (ties to even),
 * whatever their order. Every sum taken over regions goes through this, so that reordering the
 * rows of a file cannot change a single bit of any weight or score.
 *
 * Algorithm: Shewchuk's non-overlapping partials (Shewchuk 1997, "Adaptive Precision
 * Floating-Point Arithmetic and Fast Robust Geometric Predicates"), with the final half-even
 * correction of CPython's `math.fsum`; the same result as the ES2026 `Math.sumPrecise`, which
 * Node 20 lacks. For ordinary data the list of partials stays at one to three entries, so the cost
 * is a few additions per input. Non-finite inputs, or an intermediate overflow, fall back to the
 * plain sum (which is then ±Infinity or NaN, as it should be).
 */
export class ExactSum {
  /** Non-overlapping partials, smallest magnitude first; n of them are in use. */
  private partials = new Float64Array(8);
  private n = 0;
  private plain = 0;

  /** Adds x to the running sum. */
  add(x: number): void {
    this.plain += x;
    const partials = this.partials;
    const n = this.n;
    let i = 0;
    for (let k = 0; k < n; k++) {
      // Knuth's TwoSum: hi + lo = x + y exactly, whichever is larger (no compare, no swap).
      const y = partials[k];
      const hi = x + y;
      const b = hi - x;
      const lo = x - (hi - b) + (y - b);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    if (i === partials.length) {
      const grown = new Float64Array(partials.length * 2);
      grown.set(partials);
      this.partials = grown;
    }
    this.partials[i] = x;
    this.n = i + 1;
  }

  /** The correctly rounded sum of everything added so far. */
  value(): number {
    if (!Number.isFinite(this.plain)) return this.plain;
    const partials = this.partials;
    let n = this.n;
    if (n === 0) return 0;
    let hi = partials[--n];
    if (!Number.isFinite(hi)) return this.plain;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = partials[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Round half to even across the remaining partials: if the next partial has the same sign as
    // lo, the true sum lies beyond the halfway point that hi + lo may have rounded away from.
    if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return Number.isFinite(hi) ? hi : this.plain;
  }
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const U = 2 ** -53;

/** Half the smaller of the two gaps between x and its neighbouring doubles; 0 for 0 and subnormals. */
function halfGap(x: number): number {
  bits[0] = x;
  const high = words[1] & 0x7fffffff;
  const exponent = high >>> 20;
  if (exponent === 0) return 0;
  const powerOfTwo = words[0] === 0 && (high & 0xfffff) === 0;
  return 2 ** (exponent - 1023 - (powerOfTwo ? 54 : 53));
}

/**
 * Exactly rounded sum of `values` (the first `n`). First the cheap way: Ogita, Rump and Oishi's
 * Sum2 (2005, "Accurate sum and dot product", SIAM J. Sci. Comput. 26(6)), a running sum whose
 * rounding errors are collected exactly by TwoSum, has |σ + c − s| ≤ γ²₍ₙ₋₁₎ Σ|x| for the exact sum
 * s. When that interval lies inside the rounding interval of r = fl(σ + c), r is the correctly
 * rounded s; otherwise (about once in 10^6 sums of ordinary data, and for zero or subnormal sums)
 * the partials algorithm above decides. Either way the result is the same double.
 * @example exactSum([1e100, 1, -1e100]) // => 1
 */
export function exactSum(values: ArrayLike<number>, n = values.length): number {
  if (n === 0) return 0;
  let sigma = values[0];
  let c = 0;
  let magnitude = sigma < 0 ? -sigma : sigma;
  for (let i = 1; i < n; i++) {
    const x = values[i];
    const t = sigma + x;
    const z = t - sigma;
    c += sigma - (t - z) + (x - z);
    sigma = t;
    magnitude += x < 0 ? -x : x;
  }
  const r = sigma + c;
  if (Number.isFinite(r) && Number.isFinite(magnitude)) {
    const z = r - sigma;
    const e = sigma - (r - z) + (c - z); // r + e = σ + c exactly
    const gamma = ((n - 1) * U) / (1 - (n - 1) * U);
    const bound = 2 * gamma * gamma * magnitude;
    if ((e < 0 ? -e : e) + bound < halfGap(r)) return r;
  }
  const exact = new ExactSum();
  for (let i = 0; i < n; i++) exact.add(values[i]);
  return exact.value();
}
