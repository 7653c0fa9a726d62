import { describe, expect, it } from 'vitest';
import { dirichlet, gamma, mulberry32 } from '../../src/core/random.js';
import { sensitivityAnalysis } from '../../src/core/sensitivity.js';
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
