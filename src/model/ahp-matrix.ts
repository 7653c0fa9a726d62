import { CoordixError } from '../errors.js';

/**
 * AHP judgement matrices as a model file (or `coordix ahp`) gives them: entries as numbers or
 * fractions, a full matrix or its upper triangle, checked for shape, positivity and reciprocity
 * (docs/methods.md §4). The analysis of a checked matrix is numeric and lives in the core.
 */

/** The largest matrix with a random index in every table. */
export const MAX_AHP_SIZE = 15;

/** A square positive reciprocal matrix, rows of doubles. */
export type PairwiseMatrix = number[][];

/** A plain decimal, optionally signed and with an exponent: no hex, no Infinity, no separators. */
const NUMBER_TEXT = /^\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$/;
const FRACTION = /^\s*([0-9]+(?:\.[0-9]+)?)\s*\/\s*([0-9]+(?:\.[0-9]+)?)\s*$/;

/**
 * A judgement written as a number or a fraction ("1/3"). Text must be a plain decimal number
 * (optionally with an exponent, "1e-1") or a fraction of two decimals; anything else — "0x10",
 * "Infinity", "1_000", "" — gives NaN. A decimal too large for a double ("1e999") gives Infinity, and
 * "1/0" Infinity: the matrix check rejects both, naming the cell.
 * @example parseJudgement('1/4') // => 0.25
 * @example [parseJudgement(' 3 '), parseJudgement('1e-1'), Number.isNaN(parseJudgement('0x10'))] // => [3, 0.1, true]
 */
export function parseJudgement(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return NaN;
  const fraction = FRACTION.exec(value);
  if (fraction) return Number(fraction[1]) / Number(fraction[2]);
  return NUMBER_TEXT.test(value) ? Number(value.trim()) : NaN;
}

/** A judgement outside Saaty's 1/9 … 9 scale: accepted, and reported so the caller can warn. */
export interface OffScaleJudgement {
  /** 1-based row and column of the upper-triangle cell (its reciprocal is off the scale too). */
  row: number;
  col: number;
  value: number;
}

/**
 * The judgements a_ij (i < j) outside Saaty's scale 1/9 … 9 by more than 1 % (the tolerance of the
 * reciprocity check, so 0.111 typed for 1/9 is on the scale). Such entries are used as given
 * (methods.md §3 asks only for finite positive entries); a caller warns about each one.
 * @example offScaleJudgements([[1, 12], [1/12, 1]]) // => [{ row: 1, col: 2, value: 12 }]
 */
export function offScaleJudgements(matrix: PairwiseMatrix): OffScaleJudgement[] {
  const out: OffScaleJudgement[] = [];
  const n = matrix.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = matrix[i][j];
      if (a > 9 * 1.01 || a < 1 / 9 / 1.01) out.push({ row: i + 1, col: j + 1, value: a });
    }
  }
  return out;
}

/**
 * Builds and validates a pairwise matrix from what a user wrote: a full n × n array, or the upper
 * triangle as n(n−1)/2 values row by row (the rest derived as exact reciprocals). `expectedSize`,
 * when known, must match. Errors name the matrix and the cell (1-based row, column).
 *
 * @throws CoordixError not square, a non-numeric, non-finite, zero or negative entry, a diagonal ≠ 1,
 *   |a_ij · a_ji − 1| > 0.01, n > 15, or a size other than expected. Entries outside the 1/9 … 9
 *   scale are accepted: list them with {@link offScaleJudgements} to warn.
 */
export function pairwiseMatrix(spec: unknown, name: string, expectedSize?: number): PairwiseMatrix {
  if (!Array.isArray(spec) || spec.length === 0) {
    throw new CoordixError(`${name}: an AHP matrix must be a list of rows or an upper triangle of judgements`);
  }
  let matrix: number[][];
  if (spec.every((row) => !Array.isArray(row))) {
    const count = spec.length;
    const n = (1 + Math.sqrt(1 + 8 * count)) / 2;
    if (!Number.isInteger(n)) {
      throw new CoordixError(`${name}: ${count} values is not an upper triangle (n(n−1)/2 values: 1, 3, 6, 10, …)`);
    }
    checkSize(n, name);
    if (expectedSize !== undefined && n !== expectedSize) {
      throw new CoordixError(`${name}: the upper triangle gives a ${n} × ${n} matrix, but ${expectedSize} items are compared (give ${(expectedSize * (expectedSize - 1)) / 2} values)`);
    }
    matrix = Array.from({ length: n }, () => new Array<number>(n).fill(1));
    let k = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = parseJudgement(spec[k++]);
        checkEntry(a, spec[k - 1], name, i, j);
        matrix[i][j] = a;
        matrix[j][i] = 1 / a;
      }
    }
    return matrix;
  }
  const n = spec.length;
  checkSize(n, name);
  if (expectedSize !== undefined && n !== expectedSize) {
    throw new CoordixError(`${name}: the matrix has ${n} rows, but ${expectedSize} items are compared`);
  }
  matrix = spec.map((row, i) => {
    if (!Array.isArray(row) || row.length !== n) {
      throw new CoordixError(`${name}: row ${i + 1} has ${Array.isArray(row) ? row.length : 1} entries, but the matrix must be ${n} × ${n} (square)`);
    }
    return row.map((cell, j) => {
      const a = parseJudgement(cell);
      checkEntry(a, cell, name, i, j);
      return a;
    });
  });
  for (let i = 0; i < n; i++) {
    if (Math.abs(matrix[i][i] - 1) > 1e-12) {
      throw new CoordixError(`${name}: cell (${i + 1},${i + 1}) is ${matrix[i][i]}, but the diagonal must be 1`);
    }
    for (let j = i + 1; j < n; j++) {
      if (Math.abs(matrix[i][j] * matrix[j][i] - 1) > 0.01) {
        throw new CoordixError(
          `${name}: cells (${i + 1},${j + 1}) = ${matrix[i][j]} and (${j + 1},${i + 1}) = ${matrix[j][i]} are not reciprocal (a_ji must be 1/a_ij)`,
        );
      }
    }
  }
  return matrix;
}

function checkSize(n: number, name: string): void {
  if (n > MAX_AHP_SIZE) {
    throw new CoordixError(`${name}: a ${n} × ${n} matrix is larger than the random-index tables (at most ${MAX_AHP_SIZE} items); split the comparison into groups`);
  }
}

function checkEntry(a: number, raw: unknown, name: string, i: number, j: number): void {
  if (Number.isNaN(a)) {
    throw new CoordixError(`${name}: cell (${i + 1},${j + 1}) is ${describe(raw)}, not a number or a fraction like "1/3" (write decimals, e.g. 3, 0.5, 1/3)`);
  }
  if (!Number.isFinite(a)) {
    throw new CoordixError(`${name}: cell (${i + 1},${j + 1}) is ${describe(raw)}, which is not a finite number; judgements are 1–9 or 1/9–1`);
  }
  if (a <= 0) {
    throw new CoordixError(`${name}: cell (${i + 1},${j + 1}) is ${a}, but judgements must be positive (1–9 or 1/9–1)`);
  }
}

function describe(raw: unknown): string {
  return typeof raw === 'number' ? String(raw) : JSON.stringify(raw) ?? String(raw);
}

