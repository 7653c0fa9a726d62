import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAND_CONTIGUITY, PROVINCE_POINTS, STRAIT_LINKS } from '../../src/regions/geography.js';
import { allProvinces } from '../../src/regions/names.js';
import { ROOT } from '../helpers.js';

const MAINLAND = allProvinces()
  .filter((p) => p.region !== null)
  .map((p) => p.zh);
const key = (a: string, b: string) => [a, b].sort().join('|');

describe('province geography (methods.md §11)', () => {
  it('lists 68 distinct land pairs over the 31 mainland provinces, none with itself', () => {
    expect(LAND_CONTIGUITY).toHaveLength(68);
    const keys = new Set(LAND_CONTIGUITY.map(([a, b]) => key(a, b)));
    expect(keys.size).toBe(68);
    for (const [a, b] of LAND_CONTIGUITY) {
      expect(a).not.toBe(b);
      expect(MAINLAND).toContain(a);
      expect(MAINLAND).toContain(b);
    }
  });

  it('leaves Hainan without a land neighbour and links it to Guangdong only across the strait', () => {
    expect(LAND_CONTIGUITY.some(([a, b]) => a === '海南' || b === '海南')).toBe(false);
    expect(STRAIT_LINKS).toEqual([['海南', '广东']]);
  });

  it('gives every other province at least one land neighbour, and the known degrees', () => {
    const degree = new Map<string, number>();
    for (const [a, b] of LAND_CONTIGUITY) {
      degree.set(a, (degree.get(a) ?? 0) + 1);
      degree.set(b, (degree.get(b) ?? 0) + 1);
    }
    for (const p of MAINLAND) if (p !== '海南') expect(degree.get(p) ?? 0).toBeGreaterThan(0);
    // Inner Mongolia borders 8 provinces (黑吉辽冀晋陕宁甘), the most of any; Shanghai 2 (苏浙)
    expect(degree.get('内蒙古')).toBe(8);
    expect(degree.get('上海')).toBe(2);
    expect(degree.get('北京')).toBe(2);
    // Qinghai and Ningxia are separated by Gansu
    expect(LAND_CONTIGUITY.some(([a, b]) => key(a, b) === key('青海', '宁夏'))).toBe(false);
  });

  it('has one point per province inside China, Hebei and Gansu computed', () => {
    expect(PROVINCE_POINTS.map((p) => p.region)).toEqual(MAINLAND);
    for (const p of PROVINCE_POINTS) {
      expect(p.lon).toBeGreaterThan(73);
      expect(p.lon).toBeLessThan(135);
      expect(p.lat).toBeGreaterThan(18);
      expect(p.lat).toBeLessThan(54);
    }
    expect(PROVINCE_POINTS.filter((p) => p.source === 'computed').map((p) => p.region)).toEqual(['河北', '甘肃']);
  });

  it('agrees with the committed CSV fixtures', () => {
    const edges = readFileSync(join(ROOT, 'fixtures', 'province-adjacency.csv'), 'utf8').trim().split('\n');
    expect(edges[0]).toBe('from,to');
    expect(edges.slice(1)).toEqual([...LAND_CONTIGUITY, ...STRAIT_LINKS].map(([a, b]) => `${a},${b}`));
    expect(edges).toHaveLength(70);
    expect(edges.at(-1)).toBe('海南,广东');
    const points = readFileSync(join(ROOT, 'fixtures', 'province-points.csv'), 'utf8').trim().split('\n');
    expect(points[0]).toBe('region,lon,lat,source');
    expect(points.slice(1)).toEqual(PROVINCE_POINTS.map((p) => `${p.region},${p.lon},${p.lat},${p.source}`));
  });

  // W_adj.csv (GitHub RenJiyi163/panel_data_analysis_for_thesis, MIT): a Stata row-standardised
  // contiguity matrix, rows in NBS code order 1 = 北京 … 31 = 新疆.
  const W_ADJ = join(ROOT, '..', 'shared', 'data', 'RenJiyi163+panel_data_analysis_for_thesis', 'W_adj.csv');
  it.skipIf(!existsSync(W_ADJ))('differs from the published Stata W_adj.csv by exactly one extra link, Qinghai–Ningxia (skipped when the public data folder next to the repository is absent)', () => {
    const rows = readFileSync(W_ADJ, 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.split(',').slice(1).map(Number));
    expect(rows).toHaveLength(31);
    const theirs = new Set<string>();
    for (let i = 0; i < 31; i++) for (let j = i + 1; j < 31; j++) if (rows[i][j] > 0 || rows[j][i] > 0) theirs.add(key(MAINLAND[i], MAINLAND[j]));
    const ours = new Set(LAND_CONTIGUITY.map(([a, b]) => key(a, b)));
    expect([...theirs].filter((k) => !ours.has(k))).toEqual([key('青海', '宁夏')]);
    expect([...ours].filter((k) => !theirs.has(k))).toEqual([]);
  });
});
