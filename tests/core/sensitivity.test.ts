import { describe, expect, it } from 'vitest';
import { dirichlet, gamma, mulberry32 } from '../../src/core/random.js';
import { sensitivityAnalysis, sobolIndices } from '../../src/core/sensitivity.js';
import { loadModel, parseModel } from '../../src/model/load.js';
import { readPanel } from '../../src/input/read.js';
import { resolveIndicators } from '../../src/input/resolve.js';
import { SAMPLE } from '../helpers.js';

async function sample() {
  const { model } = await loadModel();
  const panel = await readPanel([SAMPLE]);
  return { model, data: resolveIndicators(panel, model) };
}

describe('seeded random numbers', () => {
  it('mulberry32 is reproducible (the documented first draw of seed 1)', () => {
    expect(mulberry32(1)()).toBe(0.6270739405881613);
    const a = mulberry32(7);
    const b = mulberry32(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('gamma draws have mean ≈ shape, and Dirichlet draws average to the centre', () => {
    const random = mulberry32(3);
    for (const shape of [0.3, 1, 4.5]) {
      let sum = 0;
      for (let i = 0; i < 20000; i++) sum += gamma(shape, random);
      expect(sum / 20000).toBeCloseTo(shape, 1);
    }
    const centre = [0.6, 0.3, 0.1, 0];
    const mean = [0, 0, 0, 0];
    for (let i = 0; i < 5000; i++) dirichlet(centre, 50, random).forEach((x, k) => (mean[k] += x / 5000));
    mean.forEach((m, k) => expect(m).toBeCloseTo(centre[k], 2));
    expect(mean[3]).toBe(0);
  });
});

describe('sensitivity analysis', () => {
  it('collapses every interval to the base rank when nothing is varied', async () => {
    const { model, data } = await sample();
    const r = sensitivityAnalysis(data, model, { runs: 50, seed: 1, vary: [], kappa: 50, judgementProbability: 0.2 });
    expect(r.runs).toBe(50);
    for (const row of r.rows) {
      expect([row.medianRank, row.rankP05, row.rankP95]).toEqual([row.baseRank, row.baseRank, row.baseRank]);
      expect(row.meanAbsRankShift).toBe(0);
      expect(row.dP05).toBe(row.dP95);
    }
    expect(r.meanAbsRankShift).toBe(0);
    expect(r.indices).toEqual([]);
  });

  it('narrows the rank intervals toward the base as κ grows', async () => {
    const { model, data } = await sample();
    const shift = (kappa: number) => sensitivityAnalysis(data, model, { runs: 120, seed: 5, vary: ['weights'], kappa, judgementProbability: 0.2 }).meanAbsRankShift;
    const loose = shift(5);
    const mid = shift(500);
    const tight = shift(1e7);
    expect(loose).toBeGreaterThan(mid);
    expect(mid).toBeGreaterThan(tight);
    expect(tight).toBeLessThan(0.05);
  });

  it('gives ~0 indices to an input that cannot change the ranking', async () => {
    // One year: pooled and per-year normalisation are the same computation.
    const { model, data } = await sample();
    const year = data.years.map((y, i) => (y === 2019 ? i : -1)).filter((i) => i >= 0);
    const oneYear = { regions: year.map((i) => data.regions[i]), years: year.map((i) => data.years[i]), values: data.values.map((v) => Float64Array.from(year, (i) => v[i])) };
    const r = sensitivityAnalysis(oneYear, model, { runs: 400, seed: 2, vary: ['scope', 'coupling'], kappa: 50, judgementProbability: 0.2 });
    const scope = r.indices.find((x) => x.input === 'scope')!;
    const coupling = r.indices.find((x) => x.input === 'coupling')!;
    expect(scope.total).toBe(0);
    expect(Math.abs(scope.first)).toBeLessThan(0.05);
    expect(coupling.total).toBeGreaterThan(0.5);
  });

  it('varies AHP judgements keeping every drawn matrix consistent, and refuses a model without matrices', async () => {
    const model = await parseModel(
      `weights: { indicators: ahp, dimensions: ahp }
ahp:
  dimensions: [[1, 2, 4], ["1/2", 1, 2], ["1/4", "1/2", 1]]
  indicators: { a: [3] }
dimensions:
  - { id: a, indicators: [{ column: p, direction: benefit }, { column: q, direction: benefit }] }
  - { id: b, indicators: [{ column: r, direction: cost }] }
  - { id: c, indicators: [{ column: s, direction: benefit }] }`,
      'm',
    );
    const input = { regions: ['A', 'B', 'C', 'D'], years: [1, 1, 1, 1], values: [Float64Array.of(1, 2, 3, 4), Float64Array.of(4, 1, 3, 2), Float64Array.of(2, 3, 1, 4), Float64Array.of(3, 1, 4, 2)] };
    const r = sensitivityAnalysis(input, model, { runs: 60, seed: 9, vary: ['judgements'], kappa: 50, judgementProbability: 0.5 });
    expect(r.runs).toBe(60);
    expect(r.redrawn).toBeGreaterThanOrEqual(0);
    const { model: builtin, data } = await sample();
    expect(() => sensitivityAnalysis(data, builtin, { runs: 60, seed: 1, vary: ['judgements'], kappa: 50, judgementProbability: 0.2 })).toThrow(/the model has no AHP matrices/);
  });

  it('uses N·(d + 2) runs and refuses too few', async () => {
    const { model, data } = await sample();
    expect(sensitivityAnalysis(data, model, { runs: 100, seed: 1, vary: ['weights', 'coupling'], kappa: 50, judgementProbability: 0.2 })).toMatchObject({ runs: 100, samples: 25 });
    expect(() => sensitivityAnalysis(data, model, { runs: 5, seed: 1, vary: ['weights', 'coupling'], kappa: 50, judgementProbability: 0.2 })).toThrow(/--runs 5 is too few/);
  });
});

describe('Sobol indices and their bootstrap confidence (SALib sobol.analyze: z · sd of 100 resamples)', () => {
  /** Outputs of the radial design for a model of d uniform inputs: f(A), f(B), f(A_B^i)… */
  function design(model: (x: number[]) => number, d: number, N: number, seed: number): Float64Array {
    const random = mulberry32(seed);
    const A = Array.from({ length: N }, () => Array.from({ length: d }, () => random()));
    const B = Array.from({ length: N }, () => Array.from({ length: d }, () => random()));
    const out = new Float64Array(N * (d + 2));
    for (let j = 0; j < N; j++) {
      out[j] = model(A[j]);
      out[N + j] = model(B[j]);
      for (let i = 0; i < d; i++) out[(2 + i) * N + j] = model(A[j].map((a, k) => (k === i ? B[j][k] : a)));
    }
    return out;
  }
  const settings = { resamples: 100, confidenceLevel: 0.95, seed: 7 };

  it('match a hand-worked design where only the first of two inputs matters', () => {
    // f = x1; A.x1 = (.1, .5, .9, .3), B.x1 = (.7, .2, .4, .8); A_B^1 = B.x1, A_B^2 = A.x1
    // mean over A and B = 3.9/8 = 0.4875; V = 0.58875/8 = 0.07359375
    // S_1 = Σ B (A_B^1 − A)/N / V = (.42 − .06 − .2 + .4)/4 / V = 0.14/V = 1.902335…
    // ST_1 = Σ (A − A_B^1)²/(2N) / V = 0.95/8 / V = 1.613588…;  S_2 = ST_2 = 0 (A_B^2 = A)
    const A = [0.1, 0.5, 0.9, 0.3];
    const B = [0.7, 0.2, 0.4, 0.8];
    const [one, two] = sobolIndices([...A, ...B, ...B, ...A], 4, 2, settings);
    expect(one.first).toBeCloseTo(0.14 / 0.07359375, 13);
    expect(one.total).toBeCloseTo(0.11875 / 0.07359375, 13);
    expect([two.first, two.total, two.firstConf, two.totalConf]).toEqual([0, 0, 0, 0]);
    expect(one.firstConf).toBeGreaterThan(0);
  });

  it('recover S = ST = (0.2, 0.8) for f = x1 + 2 x2, the true values inside S ± conf for most seeds', () => {
    // V = 1/12 + 4/12; S_1 = (1/12)/V = 0.2, S_2 = 0.8; additive, so ST = S
    let covered = 0;
    let cases = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const indices = sobolIndices(design((x) => x[0] + 2 * x[1], 2, 500, seed), 500, 2, { ...settings, seed });
      [0.2, 0.8].forEach((truth, i) => {
        const x = indices[i];
        for (const [value, conf] of [[x.first, x.firstConf], [x.total, x.totalConf]]) {
          cases++;
          if (Math.abs(value - truth) <= conf) covered++;
          expect(conf).toBeGreaterThan(0);
          expect(conf).toBeLessThan(0.5);
        }
      });
    }
    // nominal 95 %: 80 intervals, at least 68 cover the truth (binomial 5th percentile ≈ 72)
    expect(covered).toBeGreaterThanOrEqual(68);
  });

  it('half-widths shrink about as 1/√N', () => {
    const width = (N: number) => sobolIndices(design((x) => x[0] + 2 * x[1], 2, N, 3), N, 2, settings)[0].totalConf;
    const ratio = width(200) / width(3200);
    // √16 = 4
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(6);
  });

  it('are reproducible from the seed, and a different seed moves only the half-widths', () => {
    const outputs = design((x) => x[0] * x[1] + x[2], 3, 64, 4);
    const a = sobolIndices(outputs, 64, 3, settings);
    expect(sobolIndices(outputs, 64, 3, settings)).toEqual(a);
    const b = sobolIndices(outputs, 64, 3, { ...settings, seed: 8 });
    expect(b.map((x) => [x.first, x.total])).toEqual(a.map((x) => [x.first, x.total]));
    expect(b.map((x) => x.firstConf)).not.toEqual(a.map((x) => x.firstConf));
  });

  it('scale with z: the 90 % half-width is 1.645/1.960 of the 95 % one (same resamples)', () => {
    const outputs = design((x) => x[0] + x[1] ** 2, 2, 100, 6);
    const c95 = sobolIndices(outputs, 100, 2, settings)[1].firstConf;
    const c90 = sobolIndices(outputs, 100, 2, { ...settings, confidenceLevel: 0.9 })[1].firstConf;
    expect(c90 / c95).toBeCloseTo(1.6448536269514722 / 1.959963984540054, 8);
  });

  it('refuses fewer than 2 resamples, a level outside (0, 1) and outputs of the wrong length', () => {
    expect(() => sobolIndices(new Float64Array(8), 2, 2, { ...settings, resamples: 1 })).toThrow(/bootstrap resamples = 1/);
    expect(() => sobolIndices(new Float64Array(8), 2, 2, { ...settings, confidenceLevel: 1 })).toThrow(/confidence level = 1/);
    expect(() => sobolIndices(new Float64Array(7), 2, 2, settings)).toThrow(/7 outputs, but N·\(d \+ 2\) = 8/);
  });
});

describe('sensitivity analysis reports confidence beside each index', () => {
  it('keeps the earlier indices bit for bit and adds reproducible half-widths', async () => {
    const { model: builtin, data } = await sample();
    // The values below were printed on the built-in model when its range was [0, 1]: it is stated here.
    const model = { ...builtin, normalization: { ...builtin.normalization, range: [0, 1] as [number, number] } };
    const settings = { runs: 100, seed: 1, vary: ['weights', 'coupling'] as ('weights' | 'coupling')[], kappa: 50, judgementProbability: 0.2 };
    const r = sensitivityAnalysis(data, model, settings);
    // printed by the code before the bootstrap was added, then again when the built-in model's
    // income_gap dimension took the urban–rural income ratio (the sample changed, not the code)
    expect(r.indices.map(({ input, first, total }) => ({ input, first, total }))).toEqual([
      { input: 'weights', first: -0.04098448227817047, total: 0.059454208787549485 },
      { input: 'coupling', first: 1.6100634655163377, total: 1.2574360307065464 },
    ]);
    expect(r.meanAbsRankShift).toBe(2.996);
    expect(r.bootstrap).toEqual({ resamples: 100, confidenceLevel: 0.95 });
    for (const x of r.indices) {
      expect(x.firstConf).toBeGreaterThan(0);
      expect(x.totalConf).toBeGreaterThan(0);
      expect(Number.isFinite(x.firstConf) && Number.isFinite(x.totalConf)).toBe(true);
    }
    expect(sensitivityAnalysis(data, model, settings).indices).toEqual(r.indices);
    const fewer = sensitivityAnalysis(data, model, { ...settings, resamples: 30, confidenceLevel: 0.9 });
    expect(fewer.bootstrap).toEqual({ resamples: 30, confidenceLevel: 0.9 });
    expect(fewer.indices.map((x) => x.first)).toEqual(r.indices.map((x) => x.first));
  });

  it('draws weights with a tiny κ instead of keeping the base weights', async () => {
    // κ = 1e-20 once made every gamma draw 0, and the run kept the base weights (no rank moved)
    const { model, data } = await sample();
    const r = sensitivityAnalysis(data, model, { runs: 40, seed: 3, vary: ['weights'], kappa: 1e-20, judgementProbability: 0.2 });
    expect(r.meanAbsRankShift).toBeGreaterThan(1);
    expect(() => sensitivityAnalysis(data, model, { runs: 40, seed: 3, vary: ['weights'], kappa: 0, judgementProbability: 0.2 })).toThrow(/κ = 0 must be a positive finite number/);
  });
});
