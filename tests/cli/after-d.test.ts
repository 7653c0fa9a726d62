import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { runCoordix } from '../../src/cli/program.js';
import { stdio } from '../../src/cli/stdio.js';
import { dagumByYear, dagumRows } from '../../src/cli/dagum.js';
import { clusterOf, spatialByYear } from '../../src/cli/commands/spatial.js';
import { parseStates } from '../../src/cli/commands/dynamics.js';
import { weightsFor, weightsSpec } from '../../src/cli/spatial-weights.js';
import { splitByYear } from '../../src/cli/variable.js';
import { spatialWeights } from '../../src/core/spatial/weights.js';
import { moranI } from '../../src/core/spatial/moran.js';
import { csvRows, SAMPLE, tempFiles } from '../helpers.js';

/** Runs coordix in this process, capturing what it prints. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const saved = { ...stdio };
  stdio.out = (d) => void (stdout += typeof d === 'string' ? d : Buffer.from(d).toString('utf8'));
  stdio.err = (t) => void (stderr += t);
  try {
    const { code } = await runCoordix(args, { stderr: (t) => void (stderr += t) });
    return { code, stdout, stderr };
  } finally {
    Object.assign(stdio, saved);
  }
}

afterEach(() => {
  process.exitCode = undefined;
});

// Four regions on a path A – B – C – D as an edge list (hand-worked Moran: I = 0.4 for x = 1, 2, 3, 4).
const PATH_EDGES = 'from,to\nA,B\nB,C\nC,D\n';

describe('coordix spatial (methods §9)', () => {
  it('hand-worked: x = (1, 2, 3, 4) on a path, row-standardised: I = 0.4, I_i = (0.6, 0.2, 0.2, 0.6)', async () => {
    const dir = tempFiles({ 'w.csv': PATH_EDGES, 'x.csv': 'region,year,v\nA,2020,1\nB,2020,2\nC,2020,3\nD,2020,4\nA,2021,4\nB,2021,1\nC,2021,3\nD,2021,2\n' });
    const r = await run(['spatial', join(dir, 'x.csv'), '--var', 'v', '--weights', join(dir, 'w.csv'), '--permutations', '0', '-f', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.years[0].global.I).toBeCloseTo(0.4, 15);
    expect(json.years[0].global.expected).toBeCloseTo(-1 / 3, 15);
    expect(json.years[0].global.pseudo_p).toBeNull();
    expect(json.years[0].local.map((l: { Ii: number }) => l.Ii)).toEqual([0.6, 0.2, 0.2, 0.6].map((v) => expect.closeTo(v, 14)));
    // z = (−1.5, −0.5, 0.5, 1.5); lags of z: A −0.5, B (−1.5 + 0.5)/2 = −0.5, C 0.5, D 0.5
    expect(json.years[0].local.map((l: { quadrant: string }) => l.quadrant)).toEqual(['LL', 'LL', 'HH', 'HH']);
    expect(json.years[0].local[1].lag).toBe(2);
    expect(json.years[0].local.every((l: { cluster: string }) => l.cluster === 'not significant')).toBe(true);
    // 2021 (x = 4, 1, 3, 2), the same weights over that year's regions: as the core computes it
    const W = spatialWeights(['A', 'B', 'C', 'D'], { kind: 'edges', edges: [{ from: 'A', to: 'B' }, { from: 'B', to: 'C' }, { from: 'C', to: 'D' }] });
    expect(json.years[1].global.I).toBe(moranI([4, 1, 3, 2], W, { permutations: 0 }).I);
  });

  it('CSV: year,region,value,lag,Ii,quadrant,p for the sample, with the global table by --global; the seed fixes the pseudo p', async () => {
    const dir = tempFiles();
    const r = await run(['spatial', SAMPLE, '-f', 'csv', '--permutations', '99', '--seed', '7', '--global', join(dir, 'g.csv'), '-o', join(dir, 'l.csv')]);
    expect(r.code).toBe(0);
    const { readFileSync } = await import('node:fs');
    const local = csvRows(readFileSync(join(dir, 'l.csv'), 'utf8'));
    expect(Object.keys(local[0])).toEqual(['year', 'region', 'value', 'lag', 'Ii', 'quadrant', 'p']);
    expect(local).toHaveLength(31 * 5);
    for (const row of local) {
      expect(['HH', 'LL', 'HL', 'LH', 'not significant']).toContain(row.quadrant);
      expect(row.quadrant === 'not significant').toBe(Number(row.p) > 0.05);
      // pseudo p = (1 + c)/(1 + R), c ≤ R/2 after folding
      const c = Number(row.p) * 100 - 1;
      expect(Math.abs(c - Math.round(c))).toBeLessThan(1e-9);
      expect(Math.round(c)).toBeLessThanOrEqual(49);
    }
    const global = csvRows(readFileSync(join(dir, 'g.csv'), 'utf8'));
    expect(global.map((g) => g.year)).toEqual(['2015', '2016', '2017', '2018', '2019']);
    expect(Object.keys(global[0])).toEqual(['year', 'n', 'I', 'expected', 'variance', 'z', 'p', 'pseudo_p', 'permutations']);
    const again = await run(['spatial', SAMPLE, '-f', 'csv', '--permutations', '99', '--seed', '7']);
    expect(again.stdout).toBe(readFileSync(join(dir, 'l.csv'), 'utf8'));
  });

  it('names the regions the weights do not cover, and refuses unknown weights', async () => {
    const dir = tempFiles({ 'x.csv': 'region,year,v\n北京,2020,1\n苏州,2020,2\n天津,2020,3\n河北,2020,4\n' });
    const r = await run(['spatial', join(dir, 'x.csv'), '--var', 'v']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(/--weights queen: the queen weights have no entry for region 苏州/);
    const bad = await run(['spatial', '--show-weights', '--weights', 'rook']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--weights rook: not queen, queen-strict, distance or knn:K, and no such file/);
  });

  it('--show-weights: 69 queen pairs (138 links), Hainan with Guangdong only; queen-strict leaves Hainan alone', async () => {
    const queen = await run(['spatial', '--show-weights', '-f', 'csv', '--binary']);
    const rows = csvRows(queen.stdout);
    expect(rows).toHaveLength(138);
    expect(rows.filter((r) => r.region === '海南').map((r) => r.neighbour)).toEqual(['广东']);
    const strict = JSON.parse((await run(['spatial', '--show-weights', '--weights', 'queen-strict', '-f', 'json'])).stdout);
    expect(strict.islands).toEqual(['海南']);
    const knn = csvRows((await run(['spatial', '--show-weights', '--weights', 'knn:3', '-f', 'csv'])).stdout);
    expect(knn).toHaveLength(31 * 3);
    expect(knn.every((r) => Number(r.weight) === 1 / 3)).toBe(true);
  });

  it('property: the results of a year do not depend on the order of its regions', async () => {
    const regions = ['北京', '天津', '河北', '山西', '内蒙古', '山东', '河南'];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 7, maxLength: 7 }), fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6], { minLength: 7 }), (xs, perm) => {
        fc.pre(new Set(xs).size > 1);
        const spec = { kind: 'queen' as const };
        const opts = { weights: 'queen' };
        const a = spatialByYear([{ year: 1, regions, values: xs }], (r) => weightsFor(r, spec, opts), { permutations: 0, seed: 1, alpha: 0.05 })[0];
        const b = spatialByYear([{ year: 1, regions: perm.map((i) => regions[i]), values: perm.map((i) => xs[i]) }], (r) => weightsFor(r, spec, opts), { permutations: 0, seed: 1, alpha: 0.05 })[0];
        expect(b.global.I).toBeCloseTo(a.global.I, 12);
        for (const l of b.local) expect(l.Ii).toBeCloseTo(a.local.find((m) => m.region === l.region)!.Ii, 12);
      }),
      { numRuns: 50 },
    );
  });

  it('clusters: the quadrant when significant, else "not significant"', async () => {
    expect(clusterOf({ region: 'a', value: 1, lag: 1, Ii: 1, quadrant: 'HH', p: 0.01, significant: true })).toBe('HH');
    expect(clusterOf({ region: 'a', value: 1, lag: 1, Ii: 1, quadrant: 'HH', p: 0.2, significant: false })).toBe('not significant');
  });

  it('weights flags: kinds, power only with distance, knn:K checked', async () => {
    expect(await weightsSpec({ weights: 'distance', power: 2 })).toEqual({ kind: 'distance', power: 2 });
    expect(await weightsSpec({ weights: 'knn:4' })).toEqual({ kind: 'knn', k: 4 });
    await expect(weightsSpec({ weights: 'queen', power: 2 })).rejects.toThrow(/--power 2: only distance weights take a power/);
    await expect(weightsSpec({ weights: 'knn:0' })).rejects.toThrow(/--weights knn:0: K must be a whole number ≥ 1/);
  });
});

describe('coordix gap --dagum (methods §8)', () => {
  it('hand-worked: y = (1, 3 | 2, 6): G = 1/3, G_w = 1/8, G_nb = 1/6, G_t = 1/24; CSV long form', async () => {
    const dir = tempFiles({ 'y.csv': 'region,year,v,zone\nA,2020,1,a\nB,2020,3,a\nC,2020,2,b\nD,2020,6,b\n' });
    const r = await run(['gap', join(dir, 'y.csv'), '--var', 'v', '--dagum', '--group', 'zone', '-f', 'csv']);
    expect(r.code).toBe(0);
    const rows = csvRows(r.stdout);
    const get = (m: string, g = '') => Number(rows.find((x) => x.measure === m && x.group === g)!.value);
    expect(get('G')).toBeCloseTo(1 / 3, 15);
    expect(get('G_w')).toBeCloseTo(1 / 8, 15);
    expect(get('G_nb')).toBeCloseTo(1 / 6, 15);
    expect(get('G_t')).toBeCloseTo(1 / 24, 15);
    expect(get('G_nb_share')).toBeCloseTo(0.5, 15);
    expect(get('G_jj', 'a')).toBe(0.25);
    expect(get('G_jh', 'a|b')).toBeCloseTo(5 / 12, 15);
    expect(get('D_jh', 'a|b')).toBeCloseTo(0.8, 15);
  });

  it('the sample by the four regions, in their order, G = G_w + G_nb + G_t each year; --groups FILE gives the same', async () => {
    const r = await run(['gap', SAMPLE, '--var', 'income', '--dagum', '-f', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.years).toHaveLength(5);
    for (const y of json.years) {
      expect(y.groups.map((g: { name: string }) => g.name)).toEqual(['East', 'Central', 'West', 'Northeast']);
      expect(Math.abs(y.G_w + y.G_nb + y.G_t - y.G)).toBeLessThan(1e-14);
    }
    const { allProvinces } = await import('../../src/regions/names.js');
    const file = allProvinces().filter((p) => p.region).map((p) => `${p.en},${p.region}`).join('\n');
    const dir = tempFiles({ 'g.csv': `region,group\n${file}\n` });
    const viaFile = JSON.parse((await run(['gap', SAMPLE, '--var', 'income', '--dagum', '--groups', join(dir, 'g.csv'), '-f', 'json'])).stdout);
    expect(viaFile.years[4].G_nb).toBe(json.years[4].G_nb);
    const missing = tempFiles({ 'g.csv': '北京,East\n' });
    const m = await run(['gap', SAMPLE, '--var', 'income', '--dagum', '--groups', join(missing, 'g.csv')]);
    expect(m.code).toBe(1);
    expect(m.stderr).toMatch(/--groups .*g\.csv: no group for 天津, 河北/);
    const weighted = await run(['gap', SAMPLE, '--var', 'income', '--dagum', '--pop', 'population']);
    expect(weighted.code).toBe(2);
    expect(weighted.stderr).toMatch(/--dagum: the Dagum decomposition is unweighted .*drop --pop/);
  });

  it('dagumByYear orders groups as asked and rows come out per group and pair', async () => {
    const [y] = dagumByYear([2, 6, 1, 3], [2020, 2020, 2020, 2020], ['b', 'b', 'a', 'a'], ['a', 'b']);
    expect(y.result.groups.map((g) => g.name)).toEqual(['a', 'b']);
    expect(dagumRows(y).map(([m, g]) => `${m}:${g}`)).toEqual(['G:', 'G_w:', 'G_nb:', 'G_t:', 'G_w_share:', 'G_nb_share:', 'G_t_share:', 'G_jj:a', 'mean:a', 'G_jj:b', 'mean:b', 'G_jh:a|b', 'D_jh:a|b']);
  });
});

describe('coordix dynamics (methods §10)', () => {
  it('kernel density CSV year,x,density integrates to about 1 per year; Markov rows sum to 1; β as the core computes it', async () => {
    const kde = csvRows((await run(['dynamics', SAMPLE, '--kde', '-f', 'csv', '--points', '256'])).stdout);
    expect(Object.keys(kde[0])).toEqual(['year', 'x', 'density']);
    for (const year of ['2015', '2019']) {
      const pts = kde.filter((r) => r.year === year).map((r) => [Number(r.x), Number(r.density)]);
      expect(pts).toHaveLength(256);
      let area = 0;
      for (let i = 1; i < pts.length; i++) area += ((pts[i][1] + pts[i - 1][1]) / 2) * (pts[i][0] - pts[i - 1][0]);
      expect(area).toBeGreaterThan(0.99);
      expect(area).toBeLessThan(1.001);
    }
    const markov = csvRows((await run(['dynamics', SAMPLE, '--markov', '--states', 'quantile:4', '-f', 'csv'])).stdout);
    expect(Object.keys(markov[0])).toEqual(['matrix', 'from', 'to', 'count', 'probability']);
    for (const from of ['Q1', 'Q2', 'Q3', 'Q4']) {
      const row = markov.filter((r) => r.matrix === 'all' && r.from === from);
      expect(row.reduce((s, r) => s + Number(r.probability), 0)).toBeCloseTo(1, 12);
    }
    // 31 regions × 4 transitions, less 宁夏 none: every region observed 2015–2019 gives 4 transitions
    expect(markov.filter((r) => r.matrix === 'all').reduce((s, r) => s + Number(r.count), 0)).toBe(31 * 4);
    const beta = JSON.parse((await run(['dynamics', SAMPLE, '--beta', '-f', 'json'])).stdout).beta;
    expect(beta.from).toBe(2015);
    expect(beta.to).toBe(2019);
    expect(beta.half_life).toBeCloseTo(Math.LN2 / beta.speed, 12);
  });

  it('--states levels refuses a variable outside [0, 1], pointing to quantile classes; CSV takes one part', async () => {
    const r = await run(['dynamics', SAMPLE, '--var', 'income', '--markov']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--states levels: .*give --states quantile:4/);
    const both = await run(['dynamics', SAMPLE, '-f', 'csv']);
    expect(both.code).toBe(2);
    expect(parseStates('quantile:5')).toEqual({ quantile: 5 });
    expect(() => parseStates('quantile:1')).toThrow(/--states must be levels/);
  });

  it('splitByYear keeps the order of regions within a year and sorts the years', async () => {
    expect(splitByYear([1, 2, 3], ['a', 'b', 'c'], [2021, 2020, 2021], 'x')).toEqual([
      { year: 2020, regions: ['b'], values: [2] },
      { year: 2021, regions: ['a', 'c'], values: [1, 3] },
    ]);
    expect(() => splitByYear([NaN], ['a'], [2020], 'x')).toThrow(/--var x: a 2020 is NaN/);
  });
});

describe('the library exports of the analyses after D', () => {
  it('moranI, localMoran, spatialWeights, dagumGini, kernelDensity, markovTransitions, betaConvergence from the package entry', async () => {
    const lib = await import('../../src/index.js');
    const W = lib.spatialWeights(['北京', '天津', '河北', '山西'], { kind: 'queen' });
    expect(W.neighbours[3]).toEqual(['河北']);
    expect(lib.moranI([1, 2, 3, 4], [[0, 1, 0, 0], [0.5, 0, 0.5, 0], [0, 0.5, 0, 0.5], [0, 0, 1, 0]], { permutations: 0 }).I).toBeCloseTo(0.4, 15);
    expect(lib.localMoran([1, 2, 3, 4], W, { permutations: 0 })).toHaveLength(4);
    expect(lib.dagumGini([1, 3, 2, 6], ['a', 'a', 'b', 'b']).G).toBeCloseTo(1 / 3, 15);
    expect(lib.kernelDensity([{ year: 2020, values: [0, 1] }], { points: 3 }).grid).toHaveLength(3);
    expect(lib.markovTransitions([{ region: 'a', year: 1, value: 0.15 }, { region: 'a', year: 2, value: 0.25 }], { states: 'levels' }).counts[1][2]).toBe(1);
    expect(lib.betaConvergence([1, Math.E, Math.E ** 2], [Math.E, Math.E ** 2, Math.E ** 2], 1).beta).toBeCloseTo(-0.5, 12);
    expect(lib.parseWeightsCsv('from,to\nBeijing,Tianjin\n', 'e.csv')).toEqual({ kind: 'edges', edges: [{ from: '北京', to: '天津' }] });
  });
});
