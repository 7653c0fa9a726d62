import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BUILTIN_MODEL, BUILTIN_MODEL_YAML } from '../../src/model/builtin.js';
import { loadModel, parseModel } from '../../src/model/load.js';

describe('the built-in model', () => {
  it('is the same as data and as the commented YAML that coordix init writes', () => {
    expect(BUILTIN_MODEL).toEqual(parse(BUILTIN_MODEL_YAML));
  });

  it('loads to the same validated model either way', async () => {
    const loaded = await loadModel();
    expect(loaded.model).toEqual(await parseModel(BUILTIN_MODEL_YAML, 'built-in model'));
    expect(loaded.model.dimensions.map((d) => d.id)).toEqual(['economy', 'society', 'ecology', 'income_gap', 'public_services']);
  });
});
