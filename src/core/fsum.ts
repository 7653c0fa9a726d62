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
  private readonly partials: number[] = [];
  private plain = 0;

  /** Adds x to the running sum. */
  add(x: number): void {
    this.plain += x;
    const partials = this.partials;
    let i = 0;
    for (let k = 0; k < partials.length; k++) {
      let y = partials[k];
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }

  /** The correctly rounded sum of everything added so far. */
  value(): number {
    if (!Number.isFinite(this.plain)) return this.plain;
    const partials = this.partials;
    let n = partials.length;
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
    return hi;
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
