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

/**
 * Exactly rounded sum of `values`. @example exactSum([1e100, 1, -1e100]) // => 1
 */
export function exactSum(values: ArrayLike<number>): number {
  const s = new ExactSum();
  for (let i = 0; i < values.length; i++) s.add(values[i]);
  return s.value();
}
