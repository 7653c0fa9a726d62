import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvRows, runCli, SAMPLE, tempFiles } from '../helpers.js';

const MATHMODELS = '[[1,"1/2",4,3,3],[2,1,7,5,5],["1/4","1/7",1,"1/2","1/3"],["1/3","1/5",2,1,1],["1/3","1/5",3,1,1]]';

describe('coordix ahp', () => {
  it('checks an inline matrix: table with weights, λmax, CI, RI, CR and a verdict', async () => {
    const r = await runCli(['ahp', MATHMODELS], { bin: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/item 2\s+0\.475835/);
    expect(r.stdout).toMatch(/λmax = 5\.072084\s+CI = 0\.018021\s+RI = 1\.12\s+CR = 0\.016090/);
    expect(r.stdout).toMatch(/consistent: CR < 0\.10/);
  });

  it('writes the documented JSON keys', async () => {
    const r = await runCli(['ahp', MATHMODELS, '-f', 'json', '--method', 'geometric', '--ri', 'cn']);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json).slice(0, 6)).toEqual(['weights', 'lambdaMax', 'ci', 'ri', 'cr', 'consistent']);
    expect(json.weights[0]).toBeCloseTo(0.263633, 6);
    expect(json.ri).toBe(1.12);
    expect(json.method).toBe('geometric');
  });

  it('reads a labelled CSV matrix and names the most inconsistent judgement; exit 1', async () => {
    const dir = tempFiles({ 'survey.csv': ',GDP,jobs,air,water\nGDP,1,2,4,1/8\njobs,1/2,1,2,4\nair,1/4,1/2,1,2\nwater,8,1/4,1/2,1\n' });
    const r = await runCli(['ahp', join(dir, 'survey.csv')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^GDP\s/m);
    expect(r.stdout).toMatch(/NOT consistent: CR ≥ 0\.10/);
    expect(r.stdout).toMatch(/most inconsistent judgement: \(1,4\) GDP vs water = 0\.1250; the weights imply \d\.\d{4}/);
  });

  it('reads YAML with labels, and rejects a non-reciprocal matrix naming the cell', async () => {
    const dir = tempFiles({ 'm.yaml': 'labels: [a, b, c]\nmatrix: [2, 3, 2]\n', 'bad.json': '[[1, 2], [2, 1]]' });
    expect((await runCli(['ahp', join(dir, 'm.yaml')])).stdout).toMatch(/^a\s+0\.\d+/m);
    const bad = await runCli(['ahp', join(dir, 'bad.json')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.json: cells \(1,2\) = 2 and \(2,1\) = 2 are not reciprocal/);
  });
});

const AHP_MODEL = `
weights: { indicators: ahp, dimensions: ahp }
ahp:
  dimensions: [[1, 3], ["1/3", 1]]
  indicators:
    a: [3]
dimensions:
  - { id: a, indicators: [{ column: p, direction: benefit }, { column: q, direction: benefit }] }
  - { id: b, indicators: [{ column: r, direction: cost }] }
`;
const DATA = 'region,year,p,q,r\nA,2020,1,10,5\nB,2020,2,30,4\nC,2020,3,20,1\n';

describe('AHP, combined and TOPSIS in a model', () => {
  it('scores with AHP indicator and dimension weights (global = W·a)', async () => {
    const dir = tempFiles({ 'd.csv': DATA, 'm.yaml': AHP_MODEL });
    const r = await runCli(['weights', join(dir, 'd.csv'), '-m', join(dir, 'm.yaml'), '-f', 'csv']);
    expect(r.code).toBe(0);
    const rows = csvRows(r.stdout);
    // a: [3] → (0.75, 0.25); dimensions [[1,3],[1/3,1]] → (0.75, 0.25)
    expect(rows.map((row) => [row.indicator, Number(row.ahp_weight), Number(row.weight), Number(row.global_weight)])).toEqual([
      ['p', 0.75, 0.75, 0.5625],
      ['q', 0.25, 0.25, 0.1875],
      ['r', 1, 1, 0.25],
    ]);
  });

  it('fails on an inconsistent matrix naming it and its CR, unless --allow-inconsistent', async () => {
    const three = `weights: { indicators: ahp }
ahp:
  indicators:
    a: [9, "1/9", 9]
dimensions:
  - { id: a, indicators: [{ column: p, direction: benefit }, { column: q, direction: benefit }, { column: r, direction: benefit }] }
  - { id: b, indicators: [{ column: s, direction: cost }] }
`;
    const dir = tempFiles({ 'd.csv': 'region,year,p,q,r,s\nA,1,1,2,3,4\nB,1,2,3,1,5\nC,1,3,1,2,6\n', 'm.yaml': three });
    const fail = await runCli(['score', join(dir, 'd.csv'), '-m', join(dir, 'm.yaml')]);
    expect(fail.code).toBe(1);
    expect(fail.stderr.split('\n')[0]).toMatch(/ahp\.indicators\.a: consistency ratio CR = [\d.]+ ≥ 0\.10; the least consistent judgement is \(\d,\d\)/);
    const ok = await runCli(['score', join(dir, 'd.csv'), '-m', join(dir, 'm.yaml'), '--allow-inconsistent', '-f', 'json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).warnings[0].code).toBe('ahp-inconsistent');
    expect(ok.stderr).toMatch(/warning: ahp\.indicators\.a: consistency ratio/);
  });

  it('names the matrix and the cell for a bad judgement in the model', async () => {
    const dir = tempFiles({ 'd.csv': DATA, 'm.yaml': AHP_MODEL.replace('a: [3]', 'a: [[1, 0], [1, 1]]') });
    const r = await runCli(['score', join(dir, 'd.csv'), '-m', join(dir, 'm.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(/m\.yaml:\d+: ahp\.indicators\.a: cell \(1,2\) is 0, but judgements must be positive/);
  });

  it('needs a matrix for every dimension with more than one indicator', async () => {
    const dir = tempFiles({ 'd.csv': DATA, 'm.yaml': AHP_MODEL.replace('  indicators:\n    a: [3]\n', '') });
    const r = await runCli(['score', join(dir, 'd.csv'), '-m', join(dir, 'm.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ahp\.indicators\.a: weights\.indicators is ahp, so dimension "a" needs a 2 × 2 matrix over p, q/);
  });

  it('combines AHP and entropy weights multiplicatively and linearly', async () => {
    const dir = tempFiles({ 'd.csv': DATA, 'mul.yaml': AHP_MODEL.replace('indicators: ahp', 'indicators: combined'), 'lin.yaml': AHP_MODEL.replace('indicators: ahp', 'indicators: combined').replace('ahp:\n', 'combine: { method: linear, alpha: 0.25 }\nahp:\n') });
    const mul = csvRows((await runCli(['weights', join(dir, 'd.csv'), '-m', join(dir, 'mul.yaml'), '-f', 'csv'])).stdout);
    const lin = csvRows((await runCli(['weights', join(dir, 'd.csv'), '-m', join(dir, 'lin.yaml'), '-f', 'csv'])).stdout);
    const [p, q] = mul;
    const a = [0.75, 0.25];
    const b = [Number(p.entropy_weight), Number(q.entropy_weight)];
    const product = a[0] * b[0] + a[1] * b[1];
    expect(Number(p.weight)).toBeCloseTo((a[0] * b[0]) / product, 14);
    expect(Number(lin[0].weight)).toBeCloseTo(0.25 * a[0] + 0.75 * b[0], 14);
  });

  it('aggregates with TOPSIS when asked', async () => {
    const dir = tempFiles({ 'd.csv': DATA, 'm.yaml': `aggregation: topsis\n${AHP_MODEL}` });
    const r = await runCli(['score', join(dir, 'd.csv'), '-m', join(dir, 'm.yaml'), '-f', 'csv']);
    // b has one indicator r (cost, w = 1): z = (0, 0.25, 1) → closeness = z
    expect(csvRows(r.stdout).map((row) => Number(row.b))).toEqual([0, 0.25, 1]);
  });
});

describe('coordix weights and obstacles on the sample', () => {
  it('explains every weight: global weights sum to 1, within-dimension weights sum to 1', async () => {
    const rows = csvRows((await runCli(['weights', SAMPLE, '-f', 'csv'])).stdout);
    expect(rows).toHaveLength(12);
    expect(rows.reduce((s, r) => s + Number(r.global_weight), 0)).toBeCloseTo(1, 12);
    for (const dim of new Set(rows.map((r) => r.dimension))) {
      expect(rows.filter((r) => r.dimension === dim).reduce((s, r) => s + Number(r.weight), 0)).toBeCloseTo(1, 12);
    }
    expect(rows.every((r) => r.year === '' && r.ahp_weight === '')).toBe(true);
  });

  it('explains weights per year with per-year scope', async () => {
    const dir = tempFiles({ 'm.yaml': (await runCli(['init'])).stdout.replace('range: [0.01, 0.99], scope: pooled', 'range: [0.01, 0.99], scope: per-year') });
    const rows = csvRows((await runCli(['weights', SAMPLE, '-m', join(dir, 'm.yaml'), '-f', 'csv'])).stdout);
    expect([...new Set(rows.map((r) => r.year))]).toEqual(['2015', '2016', '2017', '2018', '2019']);
  });

  it('lists the top obstacles per region-year in long CSV, and the table shows dimensions', async () => {
    const r = await runCli(['obstacles', SAMPLE, '-f', 'csv', '--top', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('region,year,rank,indicator,dimension,obstacle');
    const rows = csvRows(r.stdout);
    expect(rows).toHaveLength(155 * 2);
    expect(rows.slice(0, 2).map((row) => row.rank)).toEqual(['1', '2']);
    expect(Number(rows[0].obstacle)).toBeGreaterThanOrEqual(Number(rows[1].obstacle));
    const json = JSON.parse((await runCli(['obstacles', SAMPLE, '-f', 'json'])).stdout);
    const dims = Object.values(json.rows[0].dimensions) as number[];
    expect(dims.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    expect((await runCli(['obstacles', SAMPLE, '--lang', 'zh'])).stdout).toMatch(/障碍因子1/);
  });
});
