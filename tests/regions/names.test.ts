import { describe, expect, it } from 'vitest';
import { allProvinces, displayRegionName, findProvince, fourRegionOf } from '../../src/regions/names.js';

describe('province names', () => {
  it.each(['内蒙古自治区', '内蒙古', 'Inner Mongolia', 'Inner_Mongolia', 'Nei Mongol', 'neimenggu', '150000', '内蒙古省'])('recognises %s as 150000', (name) => {
    expect(findProvince(name)?.code).toBe('150000');
  });

  it('never confuses Shanxi 山西 and Shaanxi 陕西', () => {
    expect(findProvince('Shanxi')?.zh).toBe('山西');
    expect(findProvince('Shaanxi')?.zh).toBe('陕西');
    expect(findProvince('山西省')?.code).toBe('140000');
    expect(findProvince('陕西')?.code).toBe('610000');
  });

  it('accepts the wrong suffixes of real files and full-width spaces', () => {
    expect(findProvince('广西省')?.zhFull).toBe('广西壮族自治区');
    expect(findProvince('新疆省')?.zh).toBe('新疆');
    expect(findProvince('西藏省')?.en).toBe('Tibet');
    expect(findProvince('　北京市　')?.zh).toBe('北京');
  });

  it('keeps names that are not provinces as they are', () => {
    expect(findProvince('苏州市')).toBeNull();
    expect(displayRegionName('苏州市', 'en')).toBe('苏州市');
    expect(findProvince('Suzhou')).toBeNull();
  });

  it('recognises the machine-translated English of NBS exports re-saved in WPS', () => {
    // Every name in the first column of the English NBS .xls exports (Miao-Liao+Master-thesis-code)
    // that is not the official English: Mongolia for Inner Mongolia, and Chongqin.
    expect(findProvince('Mongolia')?.code).toBe('150000');
    expect(findProvince('Chongqin')?.code).toBe('500000');
    expect(findProvince('Yunan')?.code).toBe('530000');
  });

  it('recognises the English official names with the ethnic group', () => {
    expect(findProvince('Guangxi Zhuang Autonomous Region')?.code).toBe('450000');
    expect(findProvince('Ningxia Hui Autonomous Region')?.code).toBe('640000');
    expect(findProvince('Xinjiang Uygur Autonomous Region')?.code).toBe('650000');
    expect(findProvince('Xinjiang Uyghur')?.code).toBe('650000');
  });

  it('prints names in every style', () => {
    expect(['zh', 'zh-full', 'en', 'code'].map((s) => displayRegionName('Inner Mongolia', s as never))).toEqual(['内蒙古', '内蒙古自治区', 'Inner Mongolia', '150000']);
  });

  it('has the NBS four regions: East 10, Central 6, West 12, Northeast 3', () => {
    const count = (r: string) => allProvinces().filter((p) => p.region === r).length;
    expect([count('East'), count('Central'), count('West'), count('Northeast')]).toEqual([10, 6, 12, 3]);
    expect(fourRegionOf('Hong Kong')).toBeNull();
    expect(fourRegionOf('黑龙江省')).toBe('Northeast');
  });
});
