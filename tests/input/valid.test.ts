import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepare } from '../../src/cli/prepare.js';
import { parseModel } from '../../src/model/load.js';
import { InvalidValueError } from '../../src/input/valid.js';
import { tempFiles } from '../helpers.js';

const MODEL = `dimensions:
  - { id: a, indicators: [{ id: tertiary_share, expr: "tertiary / gdp * 100", direction: benefit, valid: [0, 100] }] }
  - { id: b, indicators: [{ column: rate, direction: cost, valid: [0, 100] }] }
`;

async function run(csv: string) {
  const dir = tempFiles({ 'd.csv': csv, 'm.yaml': MODEL });
  return prepare([join(dir, 'd.csv')], { model: join(dir, 'm.yaml'), missing: 'error', regionNames: 'as-given' });
}

describe('valid: [lo, hi]', () => {
  it('a tertiary share of 251 % stops the run, naming the cell and the inputs of the expression', async () => {
    // 北京 2019: tertiary 251 against gdp 100 — the two columns of different units (or swapped).
    const error = await run('region,year,tertiary,gdp,rate\n北京,2019,251,100,3\n天津,2019,50,100,4\n').catch((e) => e);
    expect(error).toBeInstanceOf(InvalidValueError);
    expect(error.message.split('\n')[0]).toBe('indicator "tertiary_share" must lie in [0, 100] (valid:), but 1 cell does not, the first: 北京 2019: 251 (tertiary = 251, gdp = 100) from "tertiary / gdp * 100"');
    expect(error.cells).toHaveLength(1);
    expect(error.cells[0].value).toBeCloseTo(251, 10);
    expect(error.cells[0].inputs).toEqual([{ column: 'tertiary', value: 251 }, { column: 'gdp', value: 100 }]);
  });

  it('a column indicator outside its range, every cell listed', async () => {
    const error = await run('region,year,tertiary,gdp,rate\n北京,2019,50,100,-1\n天津,2019,50,100,140\n').catch((e) => e);
    expect(error.message.split('\n')).toEqual([
      'indicator "rate" must lie in [0, 100] (valid:), but 2 cells do not, the first: 北京 2019: -1',
      '  北京 2019: -1',
      '  天津 2019: 140',
      'check the input columns (a unit, or the wrong column?) or the expression',
    ]);
  });

  it('the bounds are inclusive', async () => {
    await expect(run('region,year,tertiary,gdp,rate\n北京,2019,100,100,0\n天津,2019,0,100,100\n')).resolves.toBeDefined();
  });

  it('the model refuses a range that is not [lo, hi]', async () => {
    const bad = MODEL.replace('valid: [0, 100] }] }\n  - { id: b', 'valid: [100, 0] }] }\n  - { id: b');
    await expect(parseModel(bad, 'model.yaml')).rejects.toThrow(/^model\.yaml:2: dimensions\[0\]\.indicators\[0\]\.valid: must be \[lo, hi\], two numbers with lo ≤ hi/);
  });
});
