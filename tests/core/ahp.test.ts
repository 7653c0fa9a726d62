import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseMatrix, priorityVector, RANDOM_INDEX, RANDOM_INDEX_TABLES, type AhpMethod } from '../../src/core/weights/ahp.js';
import { offScaleJudgements, pairwiseMatrix, parseJudgement } from '../../src/model/ahp-matrix.js';
import { combineWeights } from '../../src/core/weights/combined.js';

/** mathmodels `AHP` example (Zhang Jingxin, github zhjx19/mathmodels, docs/reference/AHP.md). */
const MATHMODELS = pairwiseMatrix(
  [
    [1, '1/2', 4, 3, 3],
    [2, 1, 7, 5, 5],
    ['1/4', '1/7', 1, '1/2', '1/3'],
    ['1/3', '1/5', 2, 1, 1],
    ['1/3', '1/5', 3, 1, 1],
  ],
  'mathmodels',
);

/** The "choosing a leader" example (Wikipedia, Analytic hierarchy process): Experience, Education, Charisma, Age. */
const LEADER = pairwiseMatrix([[1, 4, 3, 7], ['1/4', 1, '1/3', 3], ['1/3', 3, 1, 5], ['1/7', '1/3', '1/5', 1]], 'leader');

const close = (actual: number[], expected: number[], digits: number) => actual.forEach((a, i) => expect(a).toBeCloseTo(expected[i], digits));

describe('AHP priority vectors and consistency (methods.md §3)', () => {
  it('reproduces the mathmodels eigenvector, λmax, CI and CR (Saaty RI 1.12)', () => {
    const r = analyseMatrix(MATHMODELS, 'eigen', 'saaty');
    close(r.weights, [0.26360349, 0.47583538, 0.0538146, 0.09806829, 0.10867824], 8);
    expect(r.lambdaMax).toBeCloseTo(5.072084, 6);
    expect(r.ci).toBeCloseTo(0.0180211, 7);
    expect(r.ri).toBe(1.12);
    expect(r.cr).toBeCloseTo(0.01609027, 8);
    expect(r.consistent).toBe(true);
  });

  it('reproduces the mathmodels arithmetic (和积法) and geometric (方根法) approximations', () => {
    close(priorityVector(MATHMODELS, 'arithmetic'), [0.262281, 0.474395, 0.054492, 0.098534, 0.110298], 6);
    close(priorityVector(MATHMODELS, 'geometric'), [0.263633, 0.477264, 0.053074, 0.09884, 0.107189], 6);
  });

  it('reproduces the Wikipedia leader example with both RI tables', () => {
    const saaty = analyseMatrix(LEADER, 'eigen', 'saaty');
    close(saaty.weights, [0.547569, 0.126555, 0.26995, 0.055926], 6);
    expect(saaty.lambdaMax).toBeCloseTo(4.118418, 6);
    expect(saaty.ci).toBeCloseTo(0.039473, 6);
    expect(saaty.cr).toBeCloseTo(0.043859, 6);
    expect(analyseMatrix(LEADER, 'eigen', 'cn').cr).toBeCloseTo(0.044351, 6);
  });

  it('treats n ≤ 2 as always consistent', () => {
    const r = analyseMatrix(pairwiseMatrix([3], 'm'), 'eigen', 'saaty');
    expect(r.weights).toEqual([0.75, 0.25]);
    expect([r.ci, r.cr, r.consistent]).toEqual([0, 0, true]);
  });

  it('names the most inconsistent judgement and the value that would make it consistent', () => {
    // w = (8, 4, 2, 1)/15 gives a_ij = w_i/w_j; reverse a_14 = 8 to 1/8. Every other judgement
    // still agrees, so (1,4) is the culprit.
    const r = analyseMatrix(pairwiseMatrix([2, 4, '1/8', 2, 4, 2], 'm'), 'eigen', 'saaty');
    expect(r.consistent).toBe(false);
    expect(r.worst).toMatchObject({ row: 1, col: 4, given: 0.125 });
    expect(r.worst!.consistentValue).toBeCloseTo(r.weights[0] / r.weights[3], 15);
  });
});

describe('the Donegan–Dodd random index (Donegan and Dodd 1991; AHPy\'s default)', () => {
  it('is listed with the other tables and has the published values for n = 3..15', () => {
    expect(RANDOM_INDEX_TABLES).toEqual(['saaty', 'cn', 'donegan-dodd']);
    // Donegan and Dodd (1991), Math. Comput. Modelling 15(10): 135–137, as tabulated in AHPy (ahpy.py, random_index='dd')
    expect(RANDOM_INDEX['donegan-dodd']).toEqual([0, 0, 0.4914, 0.8286, 1.0591, 1.1797, 1.2519, 1.3171, 1.3733, 1.4055, 1.4213, 1.4497, 1.4643, 1.4822, 1.4969]);
    for (const table of RANDOM_INDEX_TABLES) expect(RANDOM_INDEX[table]).toHaveLength(15);
  });

  it('reproduces the AHPy README example: CR 0.0372 and its weights', () => {
    // AHPy README (github PhilipGriffith/AHPy): comparisons a–b 1, a–c 5, a–d 2, b–c 3, b–d 4, c–d 3/4,
    // random_index 'dd' (its default), precision 4: weights b 0.3917, a 0.3742, d 0.1349, c 0.0991; CR 0.0372
    const r = analyseMatrix(pairwiseMatrix([1, 5, 2, 3, 4, '3/4'], 'ahpy'), 'eigen', 'donegan-dodd');
    close(r.weights, [0.3742, 0.3917, 0.0991, 0.1349], 4);
    expect(r.ri).toBe(0.8286);
    expect(r.cr).toBeCloseTo(0.0372, 4);
    expect(r.consistent).toBe(true);
  });

  it('divides the same CI by RI 0.8286 for the leader example (n = 4)', () => {
    // CI = 0.039473 (the Wikipedia leader example above) / 0.8286 = 0.047638
    const r = analyseMatrix(LEADER, 'eigen', 'donegan-dodd');
    expect(r.cr).toBeCloseTo(r.ci / 0.8286, 15);
    expect(r.cr).toBeCloseTo(0.047638, 5);
  });
});

describe('AHP entries: finite, positive, plain decimals; off-scale ones flagged', () => {
  it.each([
    ['0x10', /m: cell \(1,2\) is "0x10", not a number or a fraction like "1\/3"/],
    ['Infinity', /m: cell \(1,2\) is "Infinity", not a number or a fraction/],
    ['1e999', /m: cell \(1,2\) is "1e999", which is not a finite number/],
    ['1/0', /m: cell \(1,2\) is "1\/0", which is not a finite number/],
    [Infinity, /m: cell \(1,2\) is Infinity, which is not a finite number/],
    [Number.NaN, /m: cell \(1,2\) is NaN, not a number or a fraction/],
    ['1_000', /m: cell \(1,2\) is "1_000", not a number/],
    ['', /m: cell \(1,2\) is "", not a number/],
    ['-3', /m: cell \(1,2\) is -3, but judgements must be positive/],
  ])('rejects the entry %j, naming the cell', (entry, message) => {
    expect(() => pairwiseMatrix([entry], 'm')).toThrow(message);
    expect(() => pairwiseMatrix([[1, entry], [1, 1]], 'm')).toThrow(message);
  });

  it('reads plain decimals, exponents and fractions', () => {
    expect(['3', ' 0.5 ', '1e-1', '+2', '.25', '1/3', ' 2 / 4 '].map(parseJudgement)).toEqual([3, 0.5, 0.1, 2, 0.25, 1 / 3, 0.5]);
    expect(Number.isNaN(parseJudgement('0b11'))).toBe(true);
    expect(Number.isNaN(parseJudgement(null))).toBe(true);
  });

  it('accepts entries outside 1/9 … 9 and lists them (upper triangle, 1-based)', () => {
    const m = pairwiseMatrix([12, 2, '1/20'], 'm');
    expect(m[0][1]).toBe(12);
    expect(offScaleJudgements(m)).toEqual([
      { row: 1, col: 2, value: 12 },
      { row: 2, col: 3, value: 0.05 },
    ]);
  });

  it('does not flag the scale ends, nor 0.111 typed for 1/9 (within 1 %)', () => {
    expect(offScaleJudgements(pairwiseMatrix([9, '1/9', 0.111], 'm'))).toEqual([]);
    // 9 · 1.01 = 9.09 and (1/9)/1.01 = 0.110011…
    expect(offScaleJudgements(pairwiseMatrix([9.05], 'm'))).toEqual([]);
    expect(offScaleJudgements(pairwiseMatrix([9.1], 'm'))).toEqual([{ row: 1, col: 2, value: 9.1 }]);
    expect(offScaleJudgements(pairwiseMatrix([9.05, 0.1, 1], 'm'))).toEqual([{ row: 1, col: 3, value: 0.1 }]);
  });
});

describe('AHP matrix validation names the matrix and the cell', () => {
  it('accepts the upper triangle and derives exact reciprocals', () => {
    expect(pairwiseMatrix([3, 5, 2], 'm')).toEqual([
      [1, 3, 5],
      [1 / 3, 1, 2],
      [1 / 5, 1 / 2, 1],
    ]);
  });

  it('accepts 0.333 for 1/3 (within 1 %) and uses it as given', () => {
    expect(pairwiseMatrix([[1, 3], [0.333, 1]], 'm')[1][0]).toBe(0.333);
  });

  it.each([
    [[[1, 2], [0.4, 1]], /m: cells \(1,2\) = 2 and \(2,1\) = 0\.4 are not reciprocal/],
    [[[1, 0], [1, 1]], /m: cell \(1,2\) is 0, but judgements must be positive/],
    [[[1, -2], [-0.5, 1]], /m: cell \(1,2\) is -2, but judgements must be positive/],
    [[[2, 1], [1, 1]], /m: cell \(1,1\) is 2, but the diagonal must be 1/],
    [[[1, 2, 3], [0.5, 1]], /m: row 1 has 3 entries, but the matrix must be 2 × 2 \(square\)/],
    [[[1, 'x'], [1, 1]], /m: cell \(1,2\) is "x", not a number or a fraction/],
    [[1, 2], /m: 2 values is not an upper triangle/],
  ])('rejects %j', (spec, message) => {
    expect(() => pairwiseMatrix(spec, 'm')).toThrow(message);
  });

  it('rejects a 16 × 16 matrix: the random-index tables stop at 15', () => {
    const sixteen = Array.from({ length: 16 }, () => Array(16).fill(1));
    expect(() => pairwiseMatrix(sixteen, 'm')).toThrow(/16 × 16 matrix is larger than the random-index tables \(at most 15 items\)/);
  });

  it('checks the size against the items compared', () => {
    expect(() => pairwiseMatrix([2], 'ahp.indicators.society', 3)).toThrow(/gives a 2 × 2 matrix, but 3 items are compared/);
  });
});

describe('AHP properties (fast-check)', () => {
  const weightsArb = fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 2, maxLength: 9 }).map((w) => {
    const total = w.reduce((s, x) => s + x, 0);
    return w.map((x) => x / total);
  });

  it('a perfectly consistent matrix (a_ij = w_i/w_j) gives CR ≈ 0 and recovers w with every method', () => {
    fc.assert(
      fc.property(weightsArb, fc.constantFrom<AhpMethod>('eigen', 'geometric', 'arithmetic'), (w, method) => {
        const matrix = w.map((wi) => w.map((wj) => wi / wj));
        const r = analyseMatrix(matrix, method, 'saaty');
        w.forEach((wi, i) => expect(Math.abs(r.weights[i] - wi)).toBeLessThan(1e-9));
        expect(Math.abs(r.cr)).toBeLessThan(1e-9);
      }),
    );
  });

  it('eigen weights are invariant to relabelling (rows and columns permuted together)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 7 }).chain((n) =>
          fc.tuple(fc.array(fc.constantFrom(1, 2, 3, 4, 5, 6, 7, 8, 9, 1 / 2, 1 / 3, 1 / 4, 1 / 5), { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 }), fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n })),
        ),
        ([upper, perm]) => {
          const matrix = pairwiseMatrix(upper, 'm');
          const permuted = perm.map((i) => perm.map((j) => matrix[i][j]));
          const w = priorityVector(matrix, 'eigen');
          const wp = priorityVector(permuted, 'eigen');
          perm.forEach((i, p) => expect(Math.abs(wp[p] - w[i])).toBeLessThan(1e-9));
        },
      ),
    );
  });
});

describe('combined weights (methods.md §4)', () => {
  it('multiplies and renormalises by default', () => {
    // a = (0.5, 0.5), b = (0.2, 0.8): a·b = (0.1, 0.4) → (0.2, 0.8)
    const w = combineWeights([0.5, 0.5], [0.2, 0.8], 'multiplicative', 0.5);
    expect(w[0]).toBeCloseTo(0.2, 15);
    expect(w[1]).toBeCloseTo(0.8, 15);
    // a = (0.75, 0.25), b = (0.5, 0.5): (0.375, 0.125)/0.5 = (0.75, 0.25)
    expect(combineWeights([0.75, 0.25], [0.5, 0.5], 'multiplicative', 0.5)).toEqual([0.75, 0.25]);
  });

  it('mixes linearly with α', () => {
    // 0.3·(1, 0) + 0.7·(0.5, 0.5) = (0.65, 0.35)
    const w = combineWeights([1, 0], [0.5, 0.5], 'linear', 0.3);
    expect(w[0]).toBeCloseTo(0.65, 15);
    expect(w[1]).toBeCloseTo(0.35, 15);
  });
});
