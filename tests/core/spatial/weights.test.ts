import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers.js';
import { LAND_CONTIGUITY } from '../../../src/regions/geography.js';
import { allProvinces } from '../../../src/regions/names.js';
import {
  haversineKm,
  InvalidWeightError,
  MissingRegionsError,
  nearest,
  spatialWeights,
  WeightsSpecError,
} from '../../../src/core/spatial/weights.js';

const MAINLAND = allProvinces()
  .filter((p) => p.region !== null)
  .map((p) => p.zh);

const rowSums = (m: number[][]) => m.map((row) => row.reduce((s, w) => s + w, 0));

describe('queen contiguity weights', () => {
  it('have 69 symmetric pairs over the 31 provinces, 68 without the strait link', () => {
    const queen = spatialWeights(MAINLAND, { kind: 'queen' }, { binary: true });
    const strict = spatialWeights(MAINLAND, { kind: 'queen-strict' }, { binary: true });
    const links = (m: number[][]) => m.flat().filter((w) => w > 0).length / 2;
    expect(links(queen.matrix)).toBe(69);
    expect(links(strict.matrix)).toBe(68);
    for (const w of [queen, strict])
      for (let i = 0; i < 31; i++) for (let j = 0; j < 31; j++) expect(w.matrix[i][j]).toBe(w.matrix[j][i]);
    expect(queen.islands).toEqual([]);
    expect(strict.islands).toEqual(['海南']);
    expect(queen.neighbours[MAINLAND.indexOf('海南')]).toEqual(['广东']);
  });

  it('are row-standardised by default, with a zero row for an island', () => {
    const w = spatialWeights(MAINLAND, { kind: 'queen-strict' });
    expect(w.standardised).toBe(true);
    const sums = rowSums(w.matrix);
    sums.forEach((s, i) => expect(s).toBeCloseTo(MAINLAND[i] === '海南' ? 0 : 1, 14));
    // 北京 has two neighbours (天津, 河北): ½ each
    const bj = MAINLAND.indexOf('北京');
    expect(w.matrix[bj][MAINLAND.indexOf('天津')]).toBe(0.5);
    expect(w.neighbours[bj]).toEqual(['天津', '河北']);
  });

  it('follow the order the regions are given in, and only the regions given', () => {
    const w = spatialWeights(['河北', '北京', '天津', '新疆'], { kind: 'queen' }, { binary: true });
    expect(w.regions).toEqual(['河北', '北京', '天津', '新疆']);
    expect(w.matrix).toEqual([
      [0, 1, 1, 0],
      [1, 0, 1, 0],
      [1, 1, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(w.islands).toEqual(['新疆']);
  });

  it('name every region they do not know', () => {
    const call = () => spatialWeights(['北京', '台湾', 'Atlantis'], { kind: 'queen' });
    expect(call).toThrow(MissingRegionsError);
    expect(call).toThrow(/台湾, Atlantis/);
    try {
      call();
    } catch (e) {
      expect((e as MissingRegionsError).missing).toEqual(['台湾', 'Atlantis']);
    }
  });

  it('reject a region given twice', () => {
    expect(() => spatialWeights(['北京', '北京'], { kind: 'queen' })).toThrow(WeightsSpecError);
  });

  it('are symmetric for any subset of provinces (property)', () => {
    fc.assert(
      fc.property(fc.subarray(MAINLAND, { minLength: 1 }), (regions) => {
        const w = spatialWeights(regions, { kind: 'queen' }, { binary: true });
        for (let i = 0; i < regions.length; i++) {
          expect(w.matrix[i][i]).toBe(0);
          for (let j = 0; j < regions.length; j++) expect(w.matrix[i][j]).toBe(w.matrix[j][i]);
        }
        const expected = LAND_CONTIGUITY.filter(([a, b]) => regions.includes(a) && regions.includes(b)).length +
          (regions.includes('海南') && regions.includes('广东') ? 1 : 0);
        expect(w.matrix.flat().filter((x) => x > 0).length).toBe(2 * expected);
      }),
    );
  });
});

describe('great-circle distance', () => {
  it('is a quarter of the circumference from the equator to the pole', () => {
    // 2πR/4 with R = 6371 km
    expect(haversineKm({ lon: 0, lat: 0 }, { lon: 0, lat: 90 })).toBeCloseTo((Math.PI * 6371) / 2, 9);
  });

  it('is 111.19 km for one degree of longitude on the equator', () => {
    // R · π/180 = 111.1949 km
    expect(haversineKm({ lon: 100, lat: 0 }, { lon: 101, lat: 0 })).toBeCloseTo((6371 * Math.PI) / 180, 9);
  });

  it('puts the Beijing and Tianjin centroids 127.83 km apart', () => {
    // 北京 (116.41995, 40.18994), 天津 (117.347019, 39.28803): Δφ = −0.90191°, Δλ = 0.927069°;
    // hav = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2) = 1.006428e-4; d = 2R asin(√hav) = 127.8310 km
    // (the same formula in Python's math module gives 127.83101363916562)
    const d = haversineKm({ lon: 116.41995, lat: 40.18994 }, { lon: 117.347019, lat: 39.28803 });
    expect(d).toBeCloseTo(127.83101363916562, 9);
  });
});

describe('distance and k-nearest-neighbour weights', () => {
  it('weigh by inverse distance, then standardise rows', () => {
    const w = spatialWeights(['北京', '天津', '上海'], { kind: 'distance' }, { binary: true });
    const d = (a: number, b: number) => 1 / w.matrix[a][b];
    expect(w.matrix[0][1]).toBe(w.matrix[1][0]);
    expect(d(0, 1)).toBeLessThan(d(0, 2));
    const std = spatialWeights(['北京', '天津', '上海'], { kind: 'distance', power: 2 });
    expect(std.kind).toBe('distance:2');
    expect(std.matrix[0][1] + std.matrix[0][2]).toBeCloseTo(1, 15);
    // with p = 2 the ratio of weights is the squared ratio of distances
    expect(std.matrix[0][1] / std.matrix[0][2]).toBeCloseTo((d(0, 2) / d(0, 1)) ** 2, 9);
  });

  it('give each province exactly k neighbours of weight 1/k', () => {
    const w = spatialWeights(MAINLAND, { kind: 'knn', k: 4 });
    expect(w.kind).toBe('knn:4');
    for (const row of w.matrix) {
      expect(row.filter((x) => x > 0)).toEqual([0.25, 0.25, 0.25, 0.25]);
    }
    // Beijing's four nearest centroids: 天津, 河北, 山西, 山东
    expect(w.neighbours[0]).toEqual(['天津', '河北', '山西', '山东']);
  });

  it('do not depend on the order the regions are given in', () => {
    // the same four regions listed in two orders give the same neighbour sets
    const a = spatialWeights(['北京', '天津', '河北', '上海'], { kind: 'knn', k: 2 });
    const b = spatialWeights(['上海', '河北', '天津', '北京'], { kind: 'knn', k: 2 });
    const neighboursOf = (w: typeof a, r: string) => [...w.neighbours[w.regions.indexOf(r)]].sort();
    for (const r of ['北京', '天津', '河北', '上海']) expect(neighboursOf(a, r)).toEqual(neighboursOf(b, r));
  });

  it('break a tie at the k-th distance by name', () => {
    // from region 0, 'c' and 'b' are both 3 away; k = 1 takes 'b' (before 'c'), k = 2 both, then 'd'
    expect(nearest(0, [0, 5, 3, 3], ['a', 'd', 'c', 'b'], 1)).toEqual([3]);
    expect(nearest(0, [0, 5, 3, 3], ['a', 'd', 'c', 'b'], 3)).toEqual([3, 2, 1]);
  });

  it('reject k outside 1..n−1 and a power ≤ 0', () => {
    expect(() => spatialWeights(['北京', '天津'], { kind: 'knn', k: 2 })).toThrow(WeightsSpecError);
    expect(() => spatialWeights(['北京', '天津'], { kind: 'knn', k: 0 })).toThrow(WeightsSpecError);
    expect(() => spatialWeights(['北京', '天津'], { kind: 'distance', power: 0 })).toThrow(WeightsSpecError);
  });
});

describe('weights from a matrix or an edge list', () => {
  const names = ['A', 'B', 'C'];
  it('pick and re-standardise the rows of the regions asked for; asymmetry is allowed', () => {
    const w = spatialWeights(['C', 'A'], { kind: 'matrix', names, matrix: [[0, 2, 1], [1, 0, 1], [3, 1, 0]] });
    expect(w.matrix).toEqual([
      [0, 1],
      [1, 0],
    ]);
    const full = spatialWeights(names, { kind: 'matrix', names, matrix: [[0, 2, 1], [1, 0, 1], [3, 1, 0]] });
    expect(full.matrix[0]).toEqual([0, 2 / 3, 1 / 3]);
    expect(full.matrix[2]).toEqual([0.75, 0.25, 0]);
  });

  it('reject negative, non-finite and diagonal weights with a typed error', () => {
    const bad = (matrix: number[][]) => () => spatialWeights(names, { kind: 'matrix', names, matrix });
    expect(bad([[0, -1, 0], [1, 0, 0], [0, 0, 0]])).toThrow(InvalidWeightError);
    expect(bad([[0, NaN, 0], [1, 0, 0], [0, 0, 0]])).toThrow(/not-finite|finite/);
    expect(bad([[1, 1, 0], [1, 0, 0], [0, 0, 0]])).toThrow(/own neighbour/);
    expect(() => spatialWeights(names, { kind: 'edges', edges: [{ from: 'A', to: 'B', weight: Infinity }] })).toThrow(InvalidWeightError);
    expect(() => spatialWeights(names, { kind: 'edges', edges: [{ from: 'A', to: 'A', weight: 2 }] })).toThrow(InvalidWeightError);
  });

  it('name the regions a matrix lacks', () => {
    expect(() => spatialWeights(['A', 'D'], { kind: 'matrix', names, matrix: [[0, 1, 1], [1, 0, 1], [1, 1, 0]] })).toThrow(/region D/);
  });

  it('read an edge as undirected unless its reverse is listed too', () => {
    const w = spatialWeights(
      names,
      {
        kind: 'edges',
        edges: [
          { from: 'A', to: 'B', weight: 2 },
          { from: 'B', to: 'C' },
          { from: 'C', to: 'B', weight: 3 },
        ],
      },
      { binary: true },
    );
    expect(w.matrix).toEqual([
      [0, 2, 0],
      [2, 0, 1],
      [0, 3, 0],
    ]);
  });

  it('accept a self-edge of weight 0 to declare an island', () => {
    const w = spatialWeights(['A', 'B', 'Z'], {
      kind: 'edges',
      edges: [
        { from: 'A', to: 'B' },
        { from: 'Z', to: 'Z', weight: 0 },
      ],
    });
    expect(w.islands).toEqual(['Z']);
    expect(w.matrix[2]).toEqual([0, 0, 0]);
  });

  it('reproduce the 69-pair queen weights from the committed edge list', () => {
    const edges = [...LAND_CONTIGUITY, ['海南', '广东'] as const].map(([from, to]) => ({ from, to }));
    const fromEdges = spatialWeights(MAINLAND, { kind: 'edges', edges });
    const queen = spatialWeights(MAINLAND, { kind: 'queen' });
    expect(fromEdges.matrix).toEqual(queen.matrix);
  });
});

// W_adj.csv (GitHub RenJiyi163/panel_data_analysis_for_thesis, MIT): a Stata export of a
// row-standardised contiguity matrix, rows in NBS code order, Hainan a zero row, plus one wrong
// link (青海–宁夏; see fixtures/README.md).
const W_ADJ = join(ROOT, '..', 'shared', 'data', 'RenJiyi163+panel_data_analysis_for_thesis', 'W_adj.csv');
describe.skipIf(!existsSync(W_ADJ))('a published row-standardised matrix (skipped when the public data folder is absent)', () => {
  it('read as a matrix, equals queen-strict plus the Qinghai–Ningxia link, row for row', () => {
    const rows = readFileSync(W_ADJ, 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.split(',').slice(1).map(Number));
    const fromMatrix = spatialWeights(MAINLAND, { kind: 'matrix', names: MAINLAND, matrix: rows });
    const edges: { from: string; to: string; weight?: number }[] = [...LAND_CONTIGUITY, ['青海', '宁夏']].map(([from, to]) => ({ from, to }));
    edges.push({ from: '海南', to: '海南', weight: 0 });
    const expected = spatialWeights(MAINLAND, { kind: 'edges', edges });
    expect(fromMatrix.islands).toEqual(['海南']);
    // Stata wrote 16 significant digits (.1428571428571428), so rows agree to 1e-15
    for (let i = 0; i < 31; i++) for (let j = 0; j < 31; j++) expect(fromMatrix.matrix[i][j]).toBeCloseTo(expected.matrix[i][j], 15);
  });
});
