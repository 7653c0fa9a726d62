import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConcentrationError, dirichlet, gamma, logGammaDraw, mulberry32, normalQuantile } from '../../src/core/random.js';

describe('gamma draws in logarithms (Marsaglia and Tsang 2000, with the shape < 1 boost)', () => {
  it('the logarithm is the log of the ordinary draw from the same uniforms', () => {
    for (const shape of [0.05, 0.3, 1, 2.5, 40]) {
      const a = mulberry32(17);
      const b = mulberry32(17);
      for (let i = 0; i < 200; i++) {
        const g = gamma(shape, a);
        const l = logGammaDraw(shape, b);
        expect(Math.abs(l - Math.log(g))).toBeLessThan(1e-12 * Math.max(1, Math.abs(l)));
      }
    }
  });

  it('stays finite where the ordinary draw underflows to 0', () => {
    // shape 1e-20: G = G(1 + 1e-20) · U^(1e20), which is 0 in doubles; ln G ≈ 1e20 · ln U
    const random = mulberry32(5);
    const l = logGammaDraw(1e-20, random);
    expect(Number.isFinite(l)).toBe(true);
    expect(l).toBeLessThan(-1e15);
    expect(gamma(1e-20, mulberry32(5))).toBe(0);
  });

  it('E[ln G] = ψ(shape): −γ − 1/a + O(a) for small a, checked for a = 0.01', () => {
    // digamma(0.01) = −100.56088545786867 (ψ(a) = ψ(a + 1) − 1/a, ψ(1.01) = −0.5608854578686709)
    const random = mulberry32(8);
    let sum = 0;
    const draws = 40000;
    for (let i = 0; i < draws; i++) sum += logGammaDraw(0.01, random);
    // sd of ln G is ≈ π/√6 / a … ≈ 100 here, so the mean of 40 000 draws is within ~1.5 of ψ
    expect(Math.abs(sum / draws - -100.56088545786867)).toBeLessThan(2);
  });

  it('refuses a shape that is not positive and finite', () => {
    expect(() => logGammaDraw(0, mulberry32(1))).toThrow(ConcentrationError);
    expect(() => logGammaDraw(Number.NaN, mulberry32(1))).toThrow(/gamma shape = NaN must be a positive finite number/);
  });
});

describe('Dirichlet draws never fall back to the centre', () => {
  it('keeps the earlier draws for ordinary κ, bit for bit', () => {
    // printed by the code before the logarithmic path was added (seed 11)
    const random = mulberry32(11);
    expect([gamma(0.3, random), gamma(2.5, random), gamma(1, random)]).toEqual([0.03865379795254556, 1.4510636521517786, 0.17614021002512628]);
    expect(dirichlet([0.5, 0.3, 0.2], 50, random)).toEqual([0.5609333165621977, 0.26465093513046234, 0.17441574830733997]);
    expect(dirichlet([0.5, 0.3, 0.2, 0], 0.5, random)).toEqual([0.28565337866384316, 0.7143396971357208, 0.000006924200435959783, 0]);
  });

  it('κ = 1e-20 gives a corner of the simplex, not the centre (it used to return [0.7, 0.3])', () => {
    const random = mulberry32(11);
    const corners = [0, 0];
    for (let i = 0; i < 400; i++) {
      const x = dirichlet([0.7, 0.3], 1e-20, random);
      expect(x[0] + x[1]).toBeCloseTo(1, 15);
      expect(Math.max(...x)).toBe(1);
      corners[x.indexOf(1)]++;
    }
    // As κ → 0, Dir(κw) puts all mass on component i with probability w_i: about 280 and 120 of 400
    expect(corners[0]).toBeGreaterThan(240);
    expect(corners[0]).toBeLessThan(320);
  });

  it('small κ draws are sums to 1, finite and non-negative, with zero-weight components 0 (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }).filter((w) => w.some((x) => x > 1e-6)),
        fc.double({ min: 1e-250, max: 1e6, noNaN: true }),
        fc.integer(),
        (raw, kappa, seed) => {
          const total = raw.reduce((s, x) => s + x, 0);
          const centre = raw.map((x) => x / total);
          const x = dirichlet(centre, kappa, mulberry32(seed));
          expect(x.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
          expect(Math.abs(x.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-12);
          centre.forEach((w, i) => {
            if (w === 0) expect(x[i]).toBe(0);
          });
        },
      ),
    );
  });

  it('refuses κ that is not positive and finite, and κ too small even for logarithms', () => {
    expect(() => dirichlet([0.5, 0.5], 0, mulberry32(1))).toThrow(ConcentrationError);
    expect(() => dirichlet([0.5, 0.5], -3, mulberry32(1))).toThrow(/Dirichlet concentration κ = -3 must be a positive finite number; give --kappa > 0/);
    expect(() => dirichlet([0.5, 0.5], Infinity, mulberry32(1))).toThrow(ConcentrationError);
    // κ·w = 5e-324: ln U / (κw) is −∞ for every component
    expect(() => dirichlet([0.5, 0.5], 1e-323, mulberry32(1))).toThrow(/too small to draw weights from, even in logarithms/);
  });
});

describe('the normal quantile (Acklam)', () => {
  it('matches R qnorm to 5e-9 (Acklam: relative error below 1.15e-9)', () => {
    // R: qnorm(0.975) = 1.959963984540054, qnorm(0.95) = 1.644853626951472, qnorm(0.995) = 2.575829303548901,
    //    qnorm(0.01) = -2.326347874040841, qnorm(0.5) = 0
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644853626951472, 8);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829303548901, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874040841, 8);
    expect(normalQuantile(0.5)).toBe(0);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });

  it('is antisymmetric: Φ⁻¹(1 − p) = −Φ⁻¹(p) (fast-check; p ≥ 1e-3, where 1 − p is exact enough)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 0.5, noNaN: true }), (p) => {
        expect(Math.abs(normalQuantile(1 - p) + normalQuantile(p))).toBeLessThan(1e-9 * Math.max(1, Math.abs(normalQuantile(p))));
      }),
    );
  });
});
