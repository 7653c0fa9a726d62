import { CoordixError } from '../../errors.js';

/**
 * The analytic hierarchy process (Saaty 1980), exactly per methods.md §3: a pairwise comparison
 * matrix on the 1–9 scale, its priority vector, and its consistency ratio.
 */

import type { AhpMethod, RandomIndexTable } from '../../model/vocabulary.js';

export type { AhpMethod, RandomIndexTable };

/**
 * Random consistency indices RI(n) for n = 1..15 (methods.md §3).
 * - `saaty` (default): Saaty's table.
 * - `cn`: the table of Chinese textbooks.
 * - `donegan-dodd`: Donegan, H. A. and Dodd, F. J. (1991), "A note on Saaty's random indexes",
 *   Mathematical and Computer Modelling 15(10): 135–137, doi:10.1016/0895-7177(91)90098-R — the
 *   default of the Python package AHPy (`random_index='dd'`). The paper tabulates n = 3..20 and then
 *   25, 30, 40, …, 100 (AHPy interpolates linearly between the tabulated sizes above 20); coordix
 *   takes n = 3..15 from it (RI = 0 for n ≤ 2), as every table here stops at 15.
 */
export const RANDOM_INDEX: Record<RandomIndexTable, readonly number[]> = {
  saaty: [0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59],
  cn: [0, 0, 0.52, 0.89, 1.12, 1.26, 1.36, 1.41, 1.46, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59],
  'donegan-dodd': [0, 0, 0.4914, 0.8286, 1.0591, 1.1797, 1.2519, 1.3171, 1.3733, 1.4055, 1.4213, 1.4497, 1.4643, 1.4822, 1.4969],
};

/** The names of the RI tables, default first. @example RANDOM_INDEX_TABLES // => ['saaty', 'cn', 'donegan-dodd'] */
export const RANDOM_INDEX_TABLES: readonly RandomIndexTable[] = ['saaty', 'cn', 'donegan-dodd'];


import type { PairwiseMatrix } from '../../model/ahp-matrix.js';

export type { PairwiseMatrix };

export interface AhpResult {
  weights: number[];
  lambdaMax: number;
  ci: number;
  ri: number;
  cr: number;
  consistent: boolean;
  method: AhpMethod;
  riTable: RandomIndexTable;
  /** The judgement contributing most to inconsistency (methods.md §3); null when n ≤ 2. */
  worst: { row: number; col: number; given: number; consistentValue: number } | null;
}

/**
 * Priority vector of a pairwise matrix, normalised to Σw = 1.
 * - `eigen`: the principal right eigenvector, by power iteration until max |Δw| < 1e-12;
 * - `geometric`: row geometric means (方根法);
 * - `arithmetic`: columns normalised to sum 1, then row means (和积法).
 * @example priorityVector([[1, 3], [1/3, 1]], 'eigen') // => [0.75, 0.25]
 */
export function priorityVector(matrix: PairwiseMatrix, method: AhpMethod = 'eigen'): number[] {
  const n = matrix.length;
  if (method === 'geometric') {
    const g = matrix.map((row) => Math.exp(row.reduce((s, a) => s + Math.log(a), 0) / n));
    return normaliseSum(g);
  }
  if (method === 'arithmetic') {
    const colSums = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) colSums[j] += matrix[i][j];
    return matrix.map((row) => row.reduce((s, a, j) => s + a / colSums[j], 0) / n);
  }
  let w = new Array<number>(n).fill(1 / n);
  for (let iteration = 0; iteration < 100000; iteration++) {
    const next = normaliseSum(multiply(matrix, w));
    let delta = 0;
    for (let i = 0; i < n; i++) delta = Math.max(delta, Math.abs(next[i] - w[i]));
    w = next;
    if (delta < 1e-12) break;
  }
  return w;
}

/**
 * λmax = mean_i ((A w)_i / w_i), CI = (λmax − n)/(n − 1), CR = CI / RI(n); CI = CR = 0 for n ≤ 2.
 * Acceptance: CR < 0.10. Also names the most inconsistent judgement: the pair i < j with the
 * largest |ln a_ij − ln(w_i / w_j)| (first in row order on ties), with w_i / w_j.
 */
export function analyseMatrix(matrix: PairwiseMatrix, method: AhpMethod = 'eigen', riTable: RandomIndexTable = 'saaty'): AhpResult {
  const n = matrix.length;
  const weights = priorityVector(matrix, method);
  const ri = RANDOM_INDEX[riTable][n - 1];
  if (n <= 2) {
    return { weights, lambdaMax: n, ci: 0, ri, cr: 0, consistent: true, method, riTable, worst: null };
  }
  const product = multiply(matrix, weights);
  let lambdaMax = 0;
  for (let i = 0; i < n; i++) lambdaMax += product[i] / weights[i];
  lambdaMax /= n;
  const ci = (lambdaMax - n) / (n - 1);
  const cr = ci / ri;
  let worst: AhpResult['worst'] = null;
  let worstGap = -1;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const gap = Math.abs(Math.log(matrix[i][j]) - Math.log(weights[i] / weights[j]));
      if (gap > worstGap) {
        worstGap = gap;
        worst = { row: i + 1, col: j + 1, given: matrix[i][j], consistentValue: weights[i] / weights[j] };
      }
    }
  }
  return { weights, lambdaMax, ci, ri, cr, consistent: cr < 0.1, method, riTable, worst };
}

function multiply(matrix: PairwiseMatrix, vector: number[]): number[] {
  return matrix.map((row) => row.reduce((s, a, j) => s + a * vector[j], 0));
}

function normaliseSum(values: number[]): number[] {
  const total = values.reduce((s, v) => s + v, 0);
  return values.map((v) => v / total);
}
