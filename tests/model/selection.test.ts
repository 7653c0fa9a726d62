import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/model/load.js';

const dims = 'dimensions:\n  - { id: a, indicators: [{ column: x, direction: benefit }] }\n  - { id: b, indicators: [{ column: y, direction: cost }] }\n';

async function errorOf(text: string): Promise<string> {
  try {
    await parseModel(text, 'model.yaml');
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the model to be rejected');
}

describe('model years:, regions:, aliases:', () => {
  it('reads them as --years, --regions and --aliases read theirs', async () => {
    const m = await parseModel(`years: 2015-2017\nregions: [北京, northeast]\naliases: { Mongolia: 内蒙古, Chongqin: 重庆 }\n${dims}`, 'model.yaml');
    expect(m.years).toEqual([2015, 2016, 2017]);
    expect(m.regions).toEqual(['北京', '辽宁', '吉林', '黑龙江']);
    expect(m.aliases).toEqual({ Mongolia: '内蒙古', Chongqin: '重庆' });
  });

  it('a list of years and ranges', async () => {
    expect((await parseModel(`years: [2015, 2017, 2019-2021]\n${dims}`, 'model.yaml')).years).toEqual([2015, 2017, 2019, 2020, 2021]);
  });

  it('absent: no key on the model (all years, all regions)', async () => {
    const m = await parseModel(dims, 'model.yaml');
    expect('years' in m || 'regions' in m || 'aliases' in m).toBe(false);
  });

  it('errors name the line and the key', async () => {
    expect(await errorOf(`years: 2021-2015\n${dims}`)).toBe('model.yaml:1: years: the range 2021-2015 runs backwards; write 2015-2021');
    expect(await errorOf(`regions: { a: 1 }\n${dims}`)).toMatch(/^model\.yaml:1: regions: must be a text or a list/);
    expect(await errorOf(`aliases: { Mongolia: Atlantis }\n${dims}`)).toMatch(/^model\.yaml:1: aliases\.Mongolia: "Atlantis" is not a province coordix knows/);
    expect(await errorOf(`aliases: [Mongolia]\n${dims}`)).toMatch(/^model\.yaml:1: aliases: must be a mapping of names to provinces/);
  });
});
