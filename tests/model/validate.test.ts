import { describe, expect, it } from 'vitest';
import { loadModel, parseModel, strictJson } from '../../src/model/load.js';
import { BUILTIN_MODEL_YAML } from '../../src/model/builtin.js';

const dims = (first: string, second = '{ id: b, indicators: [{ column: y, direction: cost }] }') => `dimensions:\n  - ${first}\n  - ${second}\n`;
const ok = dims('{ id: a, indicators: [{ column: x, direction: benefit }] }');

async function errorOf(text: string): Promise<string> {
  try {
    await parseModel(text, 'model.yaml');
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the model to be rejected');
}

describe('model defaults', () => {
  it('fills every default', async () => {
    const model = await parseModel(ok, 'model.yaml');
    expect(model).toMatchObject({
      columns: { region: 'region', year: 'year' },
      normalization: { scope: 'pooled', shift: 0 },
      weights: { indicators: 'entropy', dimensions: 'equal' },
      coupling: 'classic',
      aggregation: 'weighted-sum',
      combine: { method: 'multiplicative', alpha: 0.5 },
    });
    expect(model.dimensions[0].indicators[0]).toEqual({ id: 'x', column: 'x', expr: null, direction: 'benefit', weight: 1, label: {}, unit: null });
  });

  it('accepts + and - as directions, and JSON as well as YAML', async () => {
    const model = await parseModel(JSON.stringify({ dimensions: [{ id: 'a', indicators: [{ column: 'x', direction: '+' }] }, { id: 'b', indicators: [{ column: 'y', direction: '-' }] }] }), 'm.json');
    expect(model.dimensions.map((d) => d.indicators[0].direction)).toEqual(['benefit', 'cost']);
  });

  it('has the five built-in dimensions, and init writes the same text the loader parses', async () => {
    const { model, path } = await loadModel();
    expect(path).toBeNull();
    expect(model.dimensions.map((d) => d.id)).toEqual(['economy', 'society', 'ecology', 'income_gap', 'public_services']);
    expect(model.dimensions.every((d) => d.indicators.length >= 2)).toBe(true);
    expect(await parseModel(BUILTIN_MODEL_YAML, 'x')).toEqual(model);
  });
});

describe('model errors name the file, line and key', () => {
  it('rejects unknown keys, suggesting the near one', async () => {
    expect(await errorOf(`coupling: classic\nnormalisation: {}\n${ok}`)).toMatch(/^model\.yaml:2: normalisation: unknown key "normalisation" \(did you mean "normalization"\?\)/);
    expect(await errorOf(dims('{ id: a, indicators: [{ colum: x, direction: benefit }] }'))).toMatch(/dimensions\[0\]\.indicators\[0\]\.colum: unknown key "colum" \(did you mean "column"\?\)/);
  });

  it('rejects an indicator with neither column nor expr', async () => {
    expect(await errorOf(dims('{ id: a, indicators: [{ direction: benefit }] }'))).toMatch(/dimensions\[0\]\.indicators\[0\]: an indicator needs a "column"/);
  });

  it('rejects an empty dimension and fewer than two dimensions', async () => {
    expect(await errorOf(dims('{ id: a, indicators: [] }'))).toMatch(/dimensions\[0\]\.indicators: dimension "a" has no indicators/);
    expect(await errorOf('dimensions:\n  - { id: a, indicators: [{ column: x, direction: benefit }] }\n')).toMatch(/at least 2 dimensions/);
  });

  it('rejects duplicate dimension ids, duplicate indicator ids and a column used twice', async () => {
    expect(await errorOf(dims('{ id: b, indicators: [{ column: x, direction: benefit }] }'))).toMatch(/dimensions\[1\]\.id: duplicate dimension id "b"/);
    expect(await errorOf(dims('{ id: a, indicators: [{ column: y, direction: benefit }] }'))).toMatch(/dimensions\[1\]\.indicators\[0\]\.id: duplicate indicator id "y"/);
    expect(await errorOf(dims('{ id: a, indicators: [{ id: yy, column: y, direction: benefit }] }'))).toMatch(/column "y" is used twice/);
  });

  it('rejects a manual weight of 0 or −1, and a negative shift', async () => {
    expect(await errorOf(dims('{ id: a, indicators: [{ column: x, direction: benefit, weight: 0 }] }'))).toMatch(/indicators\[0\]\.weight: a weight must be a number > 0/);
    expect(await errorOf(dims('{ id: a, weight: -1, indicators: [{ column: x, direction: benefit }] }'))).toMatch(/dimensions\[0\]\.weight: a weight must be a number > 0 .*, got -1/);
    expect(await errorOf(`normalization: { shift: -0.01 }\n${ok}`)).toMatch(/^model\.yaml:1: normalization\.shift: must be a number ≥ 0/);
  });

  it('rejects unknown coupling, scope and weighting values, listing the choices', async () => {
    expect(await errorOf(`coupling: golden\n${ok}`)).toMatch(/coupling: unknown value "golden"; choose one of classic, wang2021, fan/);
    expect(await errorOf(`normalization: { scope: yearly }\n${ok}`)).toMatch(/normalization\.scope: unknown value "yearly"; choose one of pooled, per-year/);
    expect(await errorOf(`weights: { indicators: pca }\n${ok}`)).toMatch(/weights\.indicators: unknown value "pca"/);
  });

  it('rejects a model that is a list, is not YAML, or is empty', async () => {
    expect(await errorOf('- a\n- b\n')).toMatch(/the model must be a mapping/);
    expect(await errorOf('dimensions: [ {id: a\n')).toMatch(/^model\.yaml:\d+: not valid YAML or JSON/);
    expect(await errorOf('')).toMatch(/the model file is empty/);
  });

  it('refuses a YAML alias bomb (more than 100 aliases)', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefghijk'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`), ok].join('\n');
    expect(await errorOf(bomb)).toMatch(/alias|100/i);
  });

  it('rejects a dimension id that is an output column, and a derived indicator without id', async () => {
    expect(await errorOf(dims('{ id: D, indicators: [{ column: x, direction: benefit }] }'))).toMatch(/"D" is a column of the score output/);
    expect(await errorOf(dims('{ id: a, indicators: [{ expr: "x / 2", direction: benefit }] }'))).toMatch(/a derived indicator \(expr\) needs an "id"/);
    expect(await errorOf(dims('{ id: a, indicators: [{ id: r, expr: "x / ", direction: benefit }] }'))).toMatch(/indicators\[0\]\.expr: expression "x \/ ", at character 5/);
  });
});

describe('JSON models (read without the YAML parser when valid)', () => {
  it('give exactly the model the YAML path gives', async () => {
    const { parse } = await import('yaml');
    const viaYaml = await parseModel(BUILTIN_MODEL_YAML, 'built-in model');
    const json = JSON.stringify(parse(BUILTIN_MODEL_YAML), null, 2);
    expect(strictJson(json)).toBeDefined();
    expect(await parseModel(json, 'model.json')).toEqual(viaYaml);
  });

  it('still refuse a repeated key, and name the line of a mistake', async () => {
    const json = '{\n  "dimensions": [\n    { "id": "a", "indicators": [{ "column": "x", "direction": "benefit" }] },\n    { "id": "b", "indicators": [{ "column": "y", "direction": "cost", "direction": "benefit" }] }\n  ]\n}\n';
    expect(strictJson(json)).toBeUndefined();
    expect(await errorOf(json)).toMatch(/model\.yaml:4: .*(duplicate|unique)/i);
    const wrong = '{\n  "dimensions": [\n    { "id": "a", "indicators": [{ "column": "x", "direction": "up" }] },\n    { "id": "b", "indicators": [{ "column": "y", "direction": "cost" }] }\n  ]\n}\n';
    expect(strictJson(wrong)).toBeDefined();
    expect(await errorOf(wrong)).toMatch(/^model\.yaml:3: dimensions\[0\]\.indicators\[0\]\.direction/);
    // Keys equal only after unescaping are the same key; the same key in two objects is fine.
    expect(strictJson('{"a": 1, "\\u0061": 2}')).toBeUndefined();
    expect(strictJson('{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}], "c": "\\"a\\", \\"a\\""}')).toEqual({ a: { a: 1 }, b: [{ a: 1 }, { a: 2 }], c: '"a", "a"' });
    expect(strictJson('dimensions: []')).toBeUndefined();
  });
});
