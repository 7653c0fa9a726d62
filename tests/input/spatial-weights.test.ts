import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWeightsCsv, weightsRegionKey, WeightsFileError } from '../../src/input/spatial-weights.js';
import { parseGroupsCsv, GroupsFileError } from '../../src/input/groups.js';
import { spatialWeights } from '../../src/core/spatial/weights.js';
import { LAND_CONTIGUITY } from '../../src/regions/geography.js';
import { findProvince } from '../../src/regions/names.js';

const MAINLAND = [...new Set([...LAND_CONTIGUITY.flat(), '海南'])];

describe('weights files (--weights FILE)', () => {
  it('reads a square matrix, rows in any order, names in any spelling of the province', () => {
    const spec = parseWeightsCsv('id,北京,Tianjin,130000\n河北省,1,1,0\nBeijing,0,1,1\n天津市,1,0,1\n', 'w.csv');
    expect(spec).toEqual({ kind: 'matrix', names: ['北京', '天津', '河北'], matrix: [[0, 1, 1], [1, 0, 1], [1, 1, 0]] });
  });

  it('reads edge lists with and without weights; other names are kept as written', () => {
    expect(parseWeightsCsv('from,to,weight\n北京,天津,2\nA,B,0.5\n', 'e.csv')).toEqual({
      kind: 'edges',
      edges: [
        { from: '北京', to: '天津', weight: 2 },
        { from: 'A', to: 'B', weight: 0.5 },
      ],
    });
    expect(parseWeightsCsv('\uFEFFsource,target\r\nBeijing,Hebei\r\n', 'e.csv')).toEqual({ kind: 'edges', edges: [{ from: '北京', to: '河北' }] });
  });

  it('names the file and line of what is wrong', () => {
    const bad: [string, RegExp][] = [
      ['', /^w\.csv: the weights file is empty/],
      [',北京,天津\n北京,0,x\n天津,1,0\n', /^w\.csv:2: the weight 北京 → 天津 is "x", not a number/],
      [',北京,天津\n北京,0\n', /^w\.csv:2: a matrix row needs a region name and 2 weights/],
      [',北京,天津\n北京,0,1\n', /^w\.csv: the matrix has no row for 天津/],
      [',北京,Beijing\n北京,0,1\n', /^w\.csv:1: the header names Beijing twice/],
      [',北京,天津\n上海,0,1\n', /^w\.csv:2: the row 上海 names no column/],
      ['from,to,weight\n北京,天津\n', /^w\.csv:2: an edge needs from,to,weight/],
      ['from,to\n', /^w\.csv: the edge list has a header but no edges/],
    ];
    for (const [text, message] of bad) {
      expect(() => parseWeightsCsv(text, 'w.csv')).toThrow(WeightsFileError);
      expect(() => parseWeightsCsv(text, 'w.csv')).toThrow(message);
    }
  });

  it('property: queen weights written as a matrix file, with the regions in any order, read back to the same W', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(MAINLAND, { minLength: 2 }), fc.boolean(), (order, english) => {
        const queen = spatialWeights(MAINLAND, { kind: 'queen' }, { binary: true });
        const label = (r: string) => (english ? findProvince(r)!.en : `${findProvince(r)!.zhFull}`);
        const text = [',' + order.map(label).join(','), ...order.map((a) => [label(a), ...order.map((b) => queen.matrix[MAINLAND.indexOf(a)][MAINLAND.indexOf(b)])].join(','))].join('\n');
        const spec = parseWeightsCsv(text, 'w.csv');
        const fromFile = spatialWeights(order, spec, { binary: true });
        expect(fromFile.matrix).toEqual(spatialWeights(order, { kind: 'queen' }, { binary: true }).matrix);
      }),
      { numRuns: 50 },
    );
  });

  it('matches names like data region names', () => {
    expect(['北京市', 'Beijing', '110000', ' 北京 '].map(weightsRegionKey)).toEqual(['北京', '北京', '北京', '北京']);
  });
});

describe('groups files (--groups FILE)', () => {
  it('reads region,group with or without a header, matching names like data', () => {
    expect(Object.fromEntries(parseGroupsCsv('Beijing,North\n上海市,South\n', 'g.csv'))).toEqual({ 北京: 'North', 上海: 'South' });
    expect(Object.fromEntries(parseGroupsCsv('地区,分组\n北京,北\n', 'g.csv'))).toEqual({ 北京: '北' });
  });

  it('refuses a line without two cells and a region in two groups, naming the line', () => {
    expect(() => parseGroupsCsv('北京,North\n天津\n', 'g.csv')).toThrow(/^g\.csv:2: each line needs two cells/);
    expect(() => parseGroupsCsv('北京,North\nBeijing,South\n', 'g.csv')).toThrow(/^g\.csv:2: Beijing is in group South here and in North on line 1/);
    expect(() => parseGroupsCsv('region,group\n', 'g.csv')).toThrow(GroupsFileError);
  });
});
