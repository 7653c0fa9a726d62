import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { competitionRanks, coordinationDegree, couplingDegree, CouplingExponentError, laggingIndex } from '../../src/core/coordination.js';
import { coordinationLevel, levelName } from '../../src/core/levels.js';

/**
 * Published example: mathmodels `coupling_degree` (Zhang Jingxin, github zhjx19/mathmodels,
 * docs/reference/system_evaluation.md), 6 units × 3 subsystems, classic C with equal weights;
 * values to 4 d.p. (published to 3 d.p.; recomputed in float64 from the published inputs).
 */
const golden = [
  { U: [0.0162, 0.272, 0.2655], C: 0.5709, T: 0.1846, D: 0.3246 },
  { U: [0.1782, 0.6824, 0.3721], C: 0.8672, T: 0.4109, D: 0.5969 },
  { U: [0.549, 0.0593, 0.5729], C: 0.6735, T: 0.3937, D: 0.515 },
  { U: [0.673, 0.4812, 0.9082], C: 0.9674, T: 0.6875, D: 0.8155 },
  { U: [0.0207, 0.8891, 0.2017], C: 0.4179, T: 0.3705, D: 0.3935 },
  { U: [0.9875, 0.5573, 0.8984], C: 0.9709, T: 0.8144, D: 0.8892 },
];

describe('classic coupling (methods.md §6)', () => {
  it.each(golden.map((g, i) => [String.fromCharCode(65 + i), g] as const))('reproduces the published unit %s', (_, g) => {
    const C = couplingDegree(g.U, 'classic');
    const T = g.U.reduce((s, u) => s + u / 3, 0);
    expect(C).toBeCloseTo(g.C, 4);
    expect(T).toBeCloseTo(g.T, 4);
    expect(coordinationDegree(C, T)).toBeCloseTo(g.D, 4);
  });

  it('is 2√(U1·U2)/(U1+U2) for two dimensions', () => {
    // U = (0.25, 1): 2·0.5/1.25 = 0.8
    expect(couplingDegree([0.25, 1], 'classic')).toBeCloseTo(0.8, 15);
  });

  it('is 0 when any dimension is 0, and when all are 0', () => {
    expect(couplingDegree([0, 0.5, 0.9], 'classic')).toBe(0);
    expect(couplingDegree([0, 0], 'classic')).toBe(0);
  });

  it('does not underflow for tiny scores', () => {
    expect(couplingDegree([1e-320, 1e-320], 'classic')).toBeCloseTo(1, 12);
  });
});

describe('classic coupling with an exponent k (methods.md §6)', () => {
  it('matches a hand-worked two-dimension example with k = 2', () => {
    // U = (0.25, 1): ΠU = 0.25, (ΣU/2)² = 0.625² = 0.390625, ratio 0.64, C = 0.64² = 0.4096
    expect(couplingDegree([0.25, 1], 'classic', 2)).toBeCloseTo(0.4096, 15);
  });

  it('matches a hand-worked three-dimension example with k = 1', () => {
    // U = (0.2, 0.4, 0.8): ΠU = 0.064, (ΣU/3)³ = (1.4/3)³ = 0.1016296…, C = 0.064 / 0.1016296 = 0.629737…
    expect(couplingDegree([0.2, 0.4, 0.8], 'classic', 1)).toBeCloseTo(0.064 / (1.4 / 3) ** 3, 14);
    expect(couplingDegree([0.2, 0.4, 0.8], 'classic', 1)).toBeCloseTo(0.629738, 6);
  });

  it('reproduces the published mathmodels units with k = 1/K (mathmodels coupling_degree example above)', () => {
    for (const g of golden) expect(couplingDegree(g.U, 'classic', 1 / 3)).toBeCloseTo(g.C, 4);
  });

  it('k = 1/K is the classic formula: the same double as without k (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 8 }), (U) => {
        expect(couplingDegree(U, 'classic', 1 / U.length)).toBe(couplingDegree(U, 'classic'));
      }),
    );
  });

  it('C with k = m/K is the classic C to the power m, to 1e-14 relative (fast-check)', () => {
    // [ΠU/Ū^K]^(m/K) = ([ΠU/Ū^K]^(1/K))^m = C_classic^m; the logarithmic path is checked against the classic one
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-3, max: 1, noNaN: true }), { minLength: 2, maxLength: 8 }), fc.integer({ min: 2, max: 4 }), (U, m) => {
        const expected = couplingDegree(U, 'classic') ** m;
        expect(Math.abs(couplingDegree(U, 'classic', m / U.length) - expected)).toBeLessThanOrEqual(1e-14 * expected);
      }),
    );
  });

  it('a larger k gives a smaller C for unequal scores, and C = 1 for equal ones', () => {
    // C(k) = r^k with r = ΠU/(ΣU/K)^K < 1 unless all U are equal
    expect(couplingDegree([0.3, 0.6], 'classic', 2)).toBeLessThan(couplingDegree([0.3, 0.6], 'classic', 1));
    // 0.4 + 0.4 + 0.4 = 1.2000000000000002, so U/Ū = 0.9999999999999998 and C = 1 − ~15 ulp
    expect(couplingDegree([0.4, 0.4, 0.4], 'classic', 5)).toBeCloseTo(1, 13);
    expect(couplingDegree([0.5, 0.5], 'classic', 5)).toBe(1);
  });

  it('is 0 when any dimension is 0, and does not underflow for tiny scores', () => {
    expect(couplingDegree([0, 0.5], 'classic', 2)).toBe(0);
    expect(couplingDegree([0, 0], 'classic', 2)).toBe(0);
    // ΠU = 1e-640 underflows as a product; in logarithms C = 1 exactly in theory
    expect(couplingDegree([1e-320, 1e-320], 'classic', 2)).toBeCloseTo(1, 12);
  });

  it('refuses k for another model and a k that is not positive and finite', () => {
    expect(() => couplingDegree([0.2, 0.4], 'fan', 2)).toThrow(CouplingExponentError);
    expect(() => couplingDegree([0.2, 0.4], 'wang2021', 2)).toThrow(/applies to the classic coupling only, not to wang2021/);
    for (const k of [0, -1, Number.NaN, Infinity]) expect(() => couplingDegree([0.2, 0.4], 'classic', k)).toThrow(/must be a positive finite number/);
  });
});

describe('wang2021 coupling (Wang Shujia et al. 2021, 自然资源学报 36(3))', () => {
  it('matches a hand-worked three-dimension example', () => {
    // U = (0.2, 0.4, 0.8): Σ|Ui−Uj| = 0.2 + 0.6 + 0.4 = 1.2; Σ_{m=1}^{2} m = 3 → 1 − 0.4 = 0.6
    // Π(U/maxU) = 0.25·0.5·1 = 0.125, ^(1/(K−1)) = √0.125 = 0.353553…
    // C = √(0.6 · 0.353553) = 0.460578…
    expect(couplingDegree([0.2, 0.4, 0.8], 'wang2021')).toBeCloseTo(Math.sqrt(0.6 * Math.sqrt(0.125)), 14);
    expect(couplingDegree([0.2, 0.4, 0.8], 'wang2021')).toBeCloseTo(0.460578, 6);
  });

  it('is 1 for equal scores and 0 when the maximum is 0', () => {
    expect(couplingDegree([0.3, 0.3, 0.3], 'wang2021')).toBeCloseTo(1, 14);
    expect(couplingDegree([0, 0], 'wang2021')).toBe(0);
  });
});

describe('fan coupling', () => {
  it('is 1 − 2σ with the population standard deviation', () => {
    // U = (0.2, 0.4, 0.8): mean 0.4667, σ² = (0.07111 + 0.00444 + 0.11111)/3 = 0.062222, σ = 0.249444
    expect(couplingDegree([0.2, 0.4, 0.8], 'fan')).toBeCloseTo(1 - 2 * Math.sqrt(0.0622222222222222), 12);
    expect(couplingDegree([0, 1], 'fan')).toBe(0);
  });
});

describe('coordination levels (Acta Geographica Sinica 2021, 76(4): 781, Table 1; [lower, upper))', () => {
  it('puts each boundary in the upper level and D = 1 in level 10', () => {
    expect([0, 0.0999, 0.1, 0.5, 0.7, 0.8999, 0.9, 1].map(coordinationLevel)).toEqual([1, 1, 2, 6, 8, 9, 10, 10]);
  });

  it('names the levels in English and Chinese', () => {
    expect(levelName(1)).toBe('extreme imbalance');
    expect(levelName(6, 'zh')).toBe('勉强协调');
    expect(levelName(10, 'zh')).toBe('优质协调');
  });
});

describe('ranks and lagging dimensions', () => {
  it('gives ties the smallest rank (1,2,2,4)', () => {
    expect(competitionRanks([0.3, 0.5, 0.5, 0.1])).toEqual([3, 1, 1, 4]);
    expect(competitionRanks([0.9, 0.5, 0.5, 0.1])).toEqual([1, 2, 2, 4]);
  });

  it('takes the first dimension in model order on ties', () => {
    expect(laggingIndex([0.4, 0.2, 0.2])).toBe(1);
    expect(laggingIndex([0, 0])).toBe(0);
  });
});
