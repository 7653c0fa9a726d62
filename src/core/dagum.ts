import { CoordixError } from '../errors.js';
import { exactSum } from './fsum.js';

/**
 * The Dagum (1997) decomposition of the Gini coefficient by groups, unweighted (docs/methods.md §8a).
 *
 * n values y in groups j = 1..k (n_j members, means ȳ_j; ȳ the overall mean):
 *   G    = Σ_j Σ_h Σ_i Σ_r |y_ji − y_hr| / (2 n² ȳ)                    the overall Gini
 *   G_jj = Σ_i Σ_r |y_ji − y_jr| / (2 n_j² ȳ_j)                         within group j
 *   G_jh = Σ_i Σ_r |y_ji − y_hr| / (n_j n_h (ȳ_j + ȳ_h))                between j and h
 *   p_j = n_j / n, s_j = n_j ȳ_j / (n ȳ)
 *   D_jh = (d_jh − q_jh) / (d_jh + q_jh), the relative economic affluence, with j the group of the
 *     larger mean, d_jh the mean over all pairs of max(y_ji − y_hr, 0) and q_jh of max(y_hr − y_ji, 0)
 *     (0 when both are 0)
 *   G_w  = Σ_j G_jj p_j s_j                                             within-group contribution
 *   G_nb = Σ_{j<h} G_jh (p_j s_h + p_h s_j) D_jh                        net between-group contribution
 *   G_t  = Σ_{j<h} G_jh (p_j s_h + p_h s_j) (1 − D_jh)                  transvariation
 * and G = G_w + G_nb + G_t.
 *
 * Reference: Dagum, C. (1997), "A new approach to the decomposition of the Gini income inequality
 * ratio", Empirical Economics 22(4): 515–531.
 *
 * Groups are reported in the order of their first appearance; pairs (a, b) with a before b. A group
 * whose values are all 0 has G_jj = 0, and a pair of such groups G_jh = 0 (0/0 taken as no
 * inequality). Every sum is exactly rounded, so the order of the values within the input changes
 * no bit of the result (the group order follows first appearance).
 */
export interface DagumGini {
  G: number;
  Gw: number;
  Gnb: number;
  Gt: number;
  /** G_w / G, G_nb / G, G_t / G; null when G = 0 (all values equal). */
  shares: { within: number | null; between: number | null; transvariation: number | null };
  groups: { name: string; n: number; mean: number; Gjj: number }[];
  pairs: { a: string; b: string; Gjh: number; Djh: number }[];
}

/** Input the decomposition cannot use: a negative or non-finite value, a zero mean, mismatched lengths. */
export class DagumInputError extends CoordixError {
  constructor(
    message: string,
    readonly index: number | null = null,
  ) {
    super(message);
    this.name = 'DagumInputError';
  }
}

/**
 * @throws DagumInputError on a negative or non-finite value (naming its position and group), an
 *   overall mean of 0, no values, or values and groups of different lengths.
 * @example dagumGini([1, 3, 2, 6], ['a', 'a', 'b', 'b']).G // => 0.3333333333333333
 */
export function dagumGini(values: ArrayLike<number>, groups: readonly string[]): DagumGini {
  const n = values.length;
  if (n === 0) throw new DagumInputError('no values to decompose');
  if (groups.length !== n) throw new DagumInputError(`${n} values but ${groups.length} group labels; give one group per value`);
  const members = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const y = values[i];
    if (!Number.isFinite(y)) throw new DagumInputError(`value ${i + 1} (group ${groups[i]}) is ${y}, not a finite number`, i);
    if (y < 0) throw new DagumInputError(`value ${i + 1} (group ${groups[i]}) is ${y}; the Gini decomposition needs values ≥ 0`, i);
    let list = members.get(groups[i]);
    if (!list) members.set(groups[i], (list = []));
    list.push(y);
  }
  const all = Array.from({ length: n }, (_, i) => values[i]);
  const mean = exactSum(all) / n;
  if (!(mean > 0)) throw new DagumInputError('every value is 0: the Gini coefficient is undefined for a zero mean');

  const names = [...members.keys()];
  const stats = names.map((name) => {
    const ys = members.get(name)!;
    const m = exactSum(ys) / ys.length;
    return { name, ys, n: ys.length, mean: m, p: ys.length / n, s: (ys.length * m) / (n * mean) };
  });

  const G = absoluteDifferenceSum(all, all) / (2 * n * n * mean);
  const groupsOut = stats.map((g) => {
    const S = absoluteDifferenceSum(g.ys, g.ys);
    return { name: g.name, n: g.n, mean: g.mean, Gjj: S === 0 ? 0 : S / (2 * g.n * g.n * g.mean) };
  });
  const withinTerms = stats.map((g, j) => groupsOut[j].Gjj * g.p * g.s);
  const pairs: DagumGini['pairs'] = [];
  const netTerms: number[] = [];
  const transTerms: number[] = [];
  for (let j = 0; j < stats.length; j++)
    for (let h = j + 1; h < stats.length; h++) {
      const a = stats[j];
      const b = stats[h];
      const [rich, poor] = a.mean >= b.mean ? [a, b] : [b, a];
      const above: number[] = [];
      const below: number[] = [];
      for (const x of rich.ys)
        for (const y of poor.ys) {
          if (x > y) above.push(x - y);
          else if (y > x) below.push(y - x);
        }
      const d = exactSum(above);
      const q = exactSum(below);
      const Djh = d + q === 0 ? 0 : (d - q) / (d + q);
      const S = d + q === 0 ? 0 : exactSum([...above, ...below]);
      const Gjh = S === 0 ? 0 : S / (a.n * b.n * (a.mean + b.mean));
      const weight = a.p * b.s + b.p * a.s;
      netTerms.push(Gjh * weight * Djh);
      transTerms.push(Gjh * weight * (1 - Djh));
      pairs.push({ a: a.name, b: b.name, Gjh, Djh });
    }
  const Gw = exactSum(withinTerms);
  const Gnb = exactSum(netTerms);
  const Gt = exactSum(transTerms);
  const share = (part: number) => (G > 0 ? part / G : null);
  return {
    G,
    Gw,
    Gnb,
    Gt,
    shares: { within: share(Gw), between: share(Gnb), transvariation: share(Gt) },
    groups: groupsOut,
    pairs,
  };
}

/** Σ_i Σ_r |a_i − b_r|, exactly rounded. */
function absoluteDifferenceSum(a: readonly number[], b: readonly number[]): number {
  const terms: number[] = [];
  for (const x of a) for (const y of b) terms.push(Math.abs(x - y));
  return exactSum(terms);
}
