/**
 * Dimension scores U_ik from normalised indicators (methods.md §5). The z columns of a dimension
 * come from `column(t)`, which may fill and return the same scratch array every time: each column
 * is used before the next is asked for, so a large panel never holds all its z at once.
 */

/** The normalised column of the dimension's t-th indicator (valid until the next call). */
export type ColumnSource = readonly Float64Array[] | ((t: number) => Float64Array);

function columnAt(source: ColumnSource, t: number): Float64Array {
  return typeof source === 'function' ? source(t) : source[t];
}

/**
 * Weighted sum U_i = Σ_j w_j z_ij over the dimension's indicators, computed as
 * Σ_j w_j z_ij / Σ_j w_j. The weights sum to 1, so the value is the same; in floating point their
 * sum is 1 ± ε, and dividing by it (summed in the same order) makes a region at the top of every
 * indicator score exactly 1 and keeps every score ≤ 1 without clamping — a coupling degree near
 * 0 (fan: U = [0, 1]) would otherwise turn that ε into D ≈ 7e-9.
 * @example Array.from(weightedSum([Float64Array.of(1, 0)], [1], 2)) // => [1, 0]
 */
export function weightedSum(z: ColumnSource, weights: readonly number[], m: number): Float64Array {
  const out = new Float64Array(m);
  let total = 0;
  for (let j = 0; j < weights.length; j++) {
    const w = weights[j];
    total += w;
    const column = columnAt(z, j);
    for (let i = 0; i < m; i++) out[i] += w * column[i];
  }
  if (total > 0 && total !== 1) for (let i = 0; i < m; i++) out[i] /= total;
  return out;
}

/**
 * TOPSIS relative closeness inside one dimension, over one group of observations:
 * v_ij = w_j z_ij, D+ = sqrt(Σ_j (v_ij − max_i v_ij)²), D− = sqrt(Σ_j (v_ij − min_i v_ij)²),
 * U_i = D− / (D+ + D−), and 0.5 where D+ + D− = 0.
 * @example Array.from(topsis([Float64Array.of(0, 0.5, 1)], [1], 3)) // => [0, 0.5, 1]
 */
export function topsis(z: ColumnSource, weights: readonly number[], m: number): Float64Array {
  const plus = new Float64Array(m);
  const minus = new Float64Array(m);
  for (let j = 0; j < weights.length; j++) {
    const w = weights[j];
    const column = columnAt(z, j);
    let best = -Infinity;
    let worst = Infinity;
    for (let i = 0; i < m; i++) {
      const v = w * column[i];
      if (v > best) best = v;
      if (v < worst) worst = v;
    }
    for (let i = 0; i < m; i++) {
      const v = w * column[i];
      plus[i] += (v - best) ** 2;
      minus[i] += (v - worst) ** 2;
    }
  }
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const dPlus = Math.sqrt(plus[i]);
    const dMinus = Math.sqrt(minus[i]);
    out[i] = dPlus + dMinus === 0 ? 0.5 : dMinus / (dPlus + dMinus);
  }
  return out;
}
