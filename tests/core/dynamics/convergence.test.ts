import fc from 'fast-check';
import { linearRegression } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import {
  betaConvergence,
  betaConvergencePanel,
  ConvergenceInputError,
  logGamma,
  regularizedIncompleteBeta,
  studentTwoSidedP,
} from '../../../src/core/dynamics/convergence.js';

describe('absolute β-convergence (methods.md §12)', () => {
  it('matches a hand-worked regression on three points', () => {
    // y0 = (1, e, e²), yT = (e, e², e²), T − t0 = 1 → x = ln y0 = (0, 1, 2), g = (1, 1, 0)
    // x̄ = 1, ḡ = 2/3; Sxx = 2, Sxy = (−1)(1/3) + 0 + (1)(−2/3) = −1 → β = −0.5, α = 2/3 + 0.5 = 7/6
    // fitted (7/6, 2/3, 1/6), residuals (−1/6, 1/3, −1/6), RSS = 1/6; Syy = 2/3 → R² = 0.75
    // se = √(RSS/(n − 2)/Sxx) = √(1/12) = 0.288675; t = −0.5/0.288675 = −√3
    // p (1 df, Cauchy): P(|T| ≥ √3) = 1 − (2/π)·atan(√3) = 1/3
    // λ = −ln(1 − 0.5) = ln 2 → half-life = 1 year
    const b = betaConvergence([1, Math.E, Math.E ** 2], [Math.E, Math.E ** 2, Math.E ** 2], 1);
    expect(b.n).toBe(3);
    expect(b.beta).toBeCloseTo(-0.5, 14);
    expect(b.alpha).toBeCloseTo(7 / 6, 14);
    expect(b.se).toBeCloseTo(Math.sqrt(1 / 12), 14);
    expect(b.t).toBeCloseTo(-Math.sqrt(3), 13);
    expect(b.p).toBeCloseTo(1 / 3, 13);
    expect(b.r2).toBeCloseTo(0.75, 14);
    expect(b.speed).toBeCloseTo(Math.LN2, 14);
    expect(b.halfLife).toBeCloseTo(1, 13);
  });

  it('divides growth by the span and leaves out regions with a value ≤ 0', () => {
    // same growth over 10 years: g = ln(yT/y0)/10
    const b = betaConvergence([1, 2, 4, 0, 3], [2, 3, 5, 1, -1], 10);
    expect(b.n).toBe(3);
    expect(b.dropped).toBe(2);
    const reg = linearRegression([0, 1, 2].map((i) => [Math.log([1, 2, 4][i]), Math.log([2, 3, 5][i] / [1, 2, 4][i]) / 10]));
    expect(b.beta).toBeCloseTo(reg.m, 14);
    expect(b.alpha).toBeCloseTo(reg.b, 14);
  });

  it('has no speed or half-life when 1 + β(T − t0) ≤ 0, and no half-life when diverging', () => {
    // β = −0.5 over 4 years: 1 − 2 < 0
    const fast = betaConvergence([1, Math.E, Math.E ** 2], [Math.E ** 4, Math.E ** 4, Math.E ** 2], 4);
    expect(1 + fast.beta * 4).toBeLessThanOrEqual(0);
    expect(fast.speed).toBeNull();
    expect(fast.halfLife).toBeNull();
    const diverging = betaConvergence([1, 2, 3], [1, 4, 9], 1);
    expect(diverging.beta).toBeGreaterThan(0);
    expect(diverging.speed).toBeLessThan(0);
    expect(diverging.halfLife).toBeNull();
  });

  it('gives t and p null for an exact fit (se = 0)', () => {
    const b = betaConvergence([1, 2, 4], [2, 4, 8], 1);
    expect(b.se).toBe(0);
    expect(b.t).toBeNull();
    expect(b.p).toBeNull();
  });

  it('agrees with an OLS fit of the same points (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0.01, max: 1e4, noNaN: true }), fc.double({ min: 0.01, max: 1e4, noNaN: true })), { minLength: 3, maxLength: 31 }),
        fc.integer({ min: 1, max: 30 }),
        (pairs, years) => {
          const x = pairs.map((p) => Math.log(p[0]));
          fc.pre(Math.max(...x) - Math.min(...x) > 1e-3);
          const b = betaConvergence(
            pairs.map((p) => p[0]),
            pairs.map((p) => p[1]),
            years,
          );
          const reg = linearRegression(pairs.map((p) => [Math.log(p[0]), Math.log(p[1] / p[0]) / years]));
          expect(b.beta).toBeCloseTo(reg.m, 8);
          if (b.r2 !== null) {
            expect(b.r2).toBeGreaterThanOrEqual(0);
            expect(b.r2).toBeLessThanOrEqual(1);
          }
          if (b.p !== null) {
            expect(b.p).toBeGreaterThanOrEqual(0);
            expect(b.p).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });

  it('takes the first and last year of a panel and the regions present in both', () => {
    const b = betaConvergencePanel([
      { region: 'a', year: 2015, value: 1 },
      { region: 'a', year: 2019, value: Math.E },
      { region: 'b', year: 2015, value: Math.E },
      { region: 'b', year: 2017, value: 5 },
      { region: 'b', year: 2019, value: Math.E ** 2 },
      { region: 'c', year: 2015, value: Math.E ** 2 },
      { region: 'c', year: 2019, value: Math.E ** 2 },
      { region: 'd', year: 2019, value: 7 },
    ]);
    expect(b.from).toBe(2015);
    expect(b.to).toBe(2019);
    expect(b.n).toBe(3);
    // as the three-point example, over 4 years: g = (1, 1, 0)/4 → β = −0.125
    expect(b.beta).toBeCloseTo(-0.125, 14);
  });

  it('rejects too few regions, equal starting values, a bad span and mismatched lengths', () => {
    expect(() => betaConvergence([1, 2], [2, 3], 1)).toThrow(ConvergenceInputError);
    expect(() => betaConvergence([2, 2, 2], [2, 3, 4], 1)).toThrow(/same value/);
    expect(() => betaConvergence([1, 2, 3], [2, 3, 4], 0)).toThrow(ConvergenceInputError);
    expect(() => betaConvergence([1, 2, 3], [2, 3], 1)).toThrow(ConvergenceInputError);
    expect(() => betaConvergencePanel([{ region: 'a', year: 1, value: 1 }])).toThrow(/one year/);
  });
});

describe("Student's t and the incomplete beta function", () => {
  it('gives the printed critical values of t tables', () => {
    // two-sided 5 % points: t(10) = 2.228139, t(30) = 2.042272; 1 % point t(5) = 4.032143
    // (Student t tables, e.g. the NIST/SEMATECH e-Handbook; R qt(0.975, 10) = 2.228139)
    expect(studentTwoSidedP(2.228138851986274, 10)).toBeCloseTo(0.05, 12);
    expect(studentTwoSidedP(2.042272456301238, 30)).toBeCloseTo(0.05, 12);
    expect(studentTwoSidedP(4.032142983557536, 5)).toBeCloseTo(0.01, 12);
    expect(studentTwoSidedP(-2.228138851986274, 10)).toBeCloseTo(0.05, 12);
  });

  it('gives the Cauchy probabilities for 1 df: P(|T| ≥ 1) = ½', () => {
    expect(studentTwoSidedP(1, 1)).toBeCloseTo(0.5, 14);
    expect(studentTwoSidedP(0, 7)).toBe(1);
    expect(studentTwoSidedP(Infinity, 7)).toBe(0);
  });

  it('has I_x(a, b) = 1 − I_(1−x)(b, a) and the closed form I_x(1, b) = 1 − (1 − x)^b (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0.1, max: 50, noNaN: true }), fc.double({ min: 0.1, max: 50, noNaN: true }), (x, a, b) => {
        expect(regularizedIncompleteBeta(x, a, b) + regularizedIncompleteBeta(1 - x, b, a)).toBeCloseTo(1, 12);
        expect(regularizedIncompleteBeta(x, 1, b)).toBeCloseTo(1 - (1 - x) ** b, 12);
      }),
    );
  });

  it('has ln Γ right at integers and one half', () => {
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGamma(1)).toBeCloseTo(0, 14);
  });
});
