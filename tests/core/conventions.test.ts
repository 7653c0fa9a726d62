import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/pipeline.js';
import { parseModel } from '../../src/model/load.js';
import type { Model } from '../../src/model/schema.js';
import { scoreRows, resultSettings } from '../../src/output/scores.js';
import { weightsCsv } from '../../src/cli/commands/weights.js';
import { TWO_DIM_MODEL } from '../helpers.js';
import { classifyStates, markovTransitions } from '../../src/core/dynamics/markov.js';

/**
 * The conventions of published studies wired through the whole pipeline (docs/methods.md §1a,
 * §2a, §2b, §4, §6): each checked by hand on a small panel, then by property.
 */

const three = { regions: ['A', 'B', 'C'], years: [2020, 2020, 2020] };
const present = { lang: 'en' as const, regionNames: 'as-is' as never, color: false };

async function errorOf(text: string): Promise<string> {
  try {
    await parseModel(text, 'model.yaml');
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe('normalization range [a, b] through evaluate', () => {
  it('hand-worked: x = (1, 2, 3) and cost y = (30, 10, 20) in [0.01, 0.99]; no U is 0, so no C is 0', async () => {
    // z' = 0.01 + 0.98 z: x → (0.01, 0.5, 0.99), y → (0.01, 0.99, 0.5). One indicator per dimension: U = z'.
    // A: U = (0.01, 0.01), C = 1, T = 0.01, D = √0.01 = 0.1 (level 2). B: D = (U1·U2)^(1/4) = 0.495^0.25.
    const model = await parseModel(`normalization: { range: [0.01, 0.99] }\n${TWO_DIM_MODEL}`, 'model');
    const r = evaluate({ ...three, values: [Float64Array.of(1, 2, 3), Float64Array.of(30, 10, 20)] }, model);
    expect(Array.from(r.scores[0])).toEqual([0.01, 0.5, 0.99]);
    expect(Array.from(r.scores[1])).toEqual([0.01, 0.99, 0.5]);
    expect(r.C[0]).toBe(1);
    expect(r.D[0]).toBe(0.1);
    expect(r.level[0]).toBe(2);
    expect(r.D[1]).toBeCloseTo(0.495 ** 0.25, 14);
    expect(r.warnings).toEqual([]);
    expect(r.settings.normalisation).toEqual({ method: 'min-max', range: [0.01, 0.99], scope: 'pooled', frozen: false });
    expect(resultSettings(r)).toMatchObject({ normalization: 'min-max', range: [0.01, 0.99], couplingK: null, entropyBasis: 'normalised' });
  });

  it('without a range, the region-year with U = 0 is named in a warning that suggests the range', async () => {
    const model = await parseModel(TWO_DIM_MODEL, 'model');
    const r = evaluate({ ...three, values: [Float64Array.of(1, 2, 3), Float64Array.of(30, 10, 20)] }, model);
    expect(r.warnings.map((w) => w.message)).toEqual([
      'dimension "first" scores U = 0 for A 2020, which makes C = 0 and D = 0 there; set normalization.range (e.g. [0.01, 0.99]) so that no score is exactly 0',
      'dimension "second" scores U = 0 for A 2020, which makes C = 0 and D = 0 there; set normalization.range (e.g. [0.01, 0.99]) so that no score is exactly 0',
    ]);
    // fan never multiplies the U: no warning there
    const fan = await parseModel(`coupling: fan\n${TWO_DIM_MODEL}`, 'model');
    expect(evaluate({ ...three, values: [Float64Array.of(1, 2, 3), Float64Array.of(30, 10, 20)] }, fan).warnings).toEqual([]);
  });

  it('property: a range keeps the order of every z and maps z, U and T into [a, b]', async () => {
    const base = await parseModel(TWO_DIM_MODEL.replace('[{ column: x, direction: benefit }]', '[{ column: x, direction: benefit }, { column: w, direction: cost }]'), 'model');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 1, max: 9, noNaN: true })), { minLength: 2, maxLength: 12 }),
        fc.constantFrom<[number, number]>([0.01, 0.99], [0.0001, 1], [0.2, 0.3], [0, 0.5]),
        (rows, [a, b]) => {
          const input = { regions: rows.map((_, i) => `r${i}`), years: rows.map(() => 2020), values: [0, 1, 2].map((c) => Float64Array.from(rows, (row) => row[c])) };
          const plain = evaluate(input, base);
          const ranged = evaluate(input, { ...base, normalization: { ...base.normalization, range: [a, b] } });
          for (let j = 0; j < 3; j++) {
            for (let i = 0; i < rows.length; i++) {
              expect(ranged.normalised[j][i]).toBeGreaterThanOrEqual(a);
              expect(ranged.normalised[j][i]).toBeLessThanOrEqual(b);
              for (let l = 0; l < rows.length; l++) {
                if (plain.normalised[j][i] < plain.normalised[j][l]) expect(ranged.normalised[j][i]).toBeLessThanOrEqual(ranged.normalised[j][l]);
              }
            }
          }
          for (const column of [...ranged.scores, ranged.T]) {
            for (const u of column) {
              expect(u).toBeGreaterThanOrEqual(a - 1e-12);
              expect(u).toBeLessThanOrEqual(b + 1e-12);
            }
          }
        },
      ),
    );
  });
});

describe('normalization method none and vector', () => {
  it('property: none on already min–max-normalised data reproduces the min–max run end to end', async () => {
    const minMax = await parseModel(TWO_DIM_MODEL, 'model');
    const none: Model = { ...minMax, normalization: { ...minMax.normalization, method: 'none' }, dimensions: minMax.dimensions.map((d) => ({ ...d, indicators: d.indicators.map((i) => ({ ...i, direction: 'benefit' as const })) })) };
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 3, maxLength: 15 }), fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 3, maxLength: 15 }), (xs, ys) => {
        const m = Math.min(xs.length, ys.length);
        const input = { regions: xs.slice(0, m).map((_, i) => `r${i}`), years: xs.slice(0, m).map(() => 2020), values: [Float64Array.from(xs.slice(0, m)), Float64Array.from(ys.slice(0, m))] };
        const a = evaluate(input, minMax);
        const b = evaluate({ ...input, values: a.normalised }, none);
        expect(Array.from(b.normalised[0])).toEqual(Array.from(a.normalised[0]));
        expect(Array.from(b.D)).toEqual(Array.from(a.D));
        expect(Array.from(b.rank)).toEqual(Array.from(a.rank));
      }),
    );
  });

  it('none names the cell of a value outside [0, 1]; vector names a negative one', async () => {
    const none = await parseModel(`normalization: { method: none }\n${TWO_DIM_MODEL}`, 'model');
    expect(() => evaluate({ ...three, values: [Float64Array.of(0.2, 1.5, 0.3), Float64Array.of(0, 0, 1)] }, none)).toThrow(
      'B 2020, indicator "x": the value 1.5 is outside [0, 1]',
    );
    const vector = await parseModel(`normalization: { method: vector }\n${TWO_DIM_MODEL}`, 'model');
    expect(() => evaluate({ ...three, values: [Float64Array.of(3, 4, 0), Float64Array.of(1, -2, 1)] }, vector)).toThrow('B 2020, indicator "y": the value -2 is negative');
    // vector, hand-worked: x = (3, 4, 0), norm 5 → z = (0.6, 0.8, 0)
    expect(Array.from(evaluate({ ...three, values: [Float64Array.of(3, 4, 0), Float64Array.of(1, 2, 1)] }, vector).normalised[0])).toEqual([0.6, 0.8, 0]);
  });

  it('refuses a range outside [0, 1], a ≥ b, a range or a target with none or vector, naming the key', async () => {
    expect(await errorOf(`normalization: { range: [0.5, 1.5] }\n${TWO_DIM_MODEL}`)).toMatch(/^model\.yaml:1: normalization\.range: \[0\.5, 1\.5\] is not allowed: it needs 0 ≤ a < b ≤ 1/);
    expect(await errorOf(`normalization: { range: [0.9, 0.1] }\n${TWO_DIM_MODEL}`)).toMatch(/normalization\.range: \[0\.9, 0\.1\] is not allowed/);
    expect(await errorOf(`normalization: { method: vector, range: [0.01, 0.99] }\n${TWO_DIM_MODEL}`)).toMatch(/normalization\.range: a range works with normalization\.method min-max only, not vector/);
    expect(await errorOf(`normalization: { method: none }\n${TWO_DIM_MODEL.replace('direction: benefit', 'direction: target, target: 2')}`)).toMatch(
      /dimensions\[0\]\.indicators\[0\]\.direction: direction target works with normalization\.method min-max only, not none/,
    );
  });
});

describe('target and interval directions', () => {
  it('hand-worked: x = (1, 2, 4) with target 2 scores (0.5, 1, 0); interval [1, 2] scores (1, 1, 0)', async () => {
    // target: |x − 2| = (1, 0, 2), max 2 → z = 1 − d/2 = (0.5, 1, 0).
    // interval [1, 2]: M = max(1 − 1, 4 − 2) = 2 → (1, 1, 1 − 2/2 = 0).
    const target = await parseModel(TWO_DIM_MODEL.replace('direction: benefit', 'direction: target, target: 2'), 'model');
    expect(target.dimensions[0].indicators[0]).toMatchObject({ direction: 'target', target: 2 });
    expect(Array.from(evaluate({ ...three, values: [Float64Array.of(1, 2, 4), Float64Array.of(3, 2, 1)] }, target).scores[0])).toEqual([0.5, 1, 0]);
    const interval = await parseModel(TWO_DIM_MODEL.replace('direction: benefit', 'direction: interval, interval: [1, 2]'), 'model');
    expect(Array.from(evaluate({ ...three, values: [Float64Array.of(1, 2, 4), Float64Array.of(3, 2, 1)] }, interval).scores[0])).toEqual([1, 1, 0]);
  });

  it('refuses a target without its value, an interval with q1 > q2, and a target key on a benefit indicator', async () => {
    expect(await errorOf(TWO_DIM_MODEL.replace('direction: benefit', 'direction: target'))).toMatch(/indicators\[0\]\.target: direction target needs "target: t"/);
    expect(await errorOf(TWO_DIM_MODEL.replace('direction: benefit', 'direction: interval, interval: [3, 1]'))).toMatch(/interval: direction interval needs "interval: \[q1, q2\]"/);
    expect(await errorOf(TWO_DIM_MODEL.replace('direction: benefit', 'direction: benefit, target: 3'))).toMatch(/target: a target value needs direction target, not benefit/);
  });
});

describe('objective weightings in the pipeline', () => {
  const twoByTwo = (weights: string) => `weights: ${weights}
dimensions:
  - { id: a, indicators: [{ column: p, direction: benefit }, { column: q, direction: benefit }] }
  - { id: b, indicators: [{ column: y, direction: benefit }] }`;

  it('CRITIC, hand-worked: p = (0, 1, 0.5), q = (1, 0, 0.5) as scores: σ = 0.5 each, r = −1, C = 1 each, w = 0.5 each', async () => {
    const model = await parseModel(`normalization: { method: none }\n${twoByTwo('{ indicators: critic }')}`, 'model');
    const r = evaluate({ ...three, values: [Float64Array.of(0, 1, 0.5), Float64Array.of(1, 0, 0.5), Float64Array.of(0.2, 0.4, 0.6)] }, model);
    const [p, q] = r.groups[0].indicators;
    expect(p.critic).toEqual({ sd: 0.5, correlations: [1, -1] });
    expect(p.parts).toEqual([{ method: 'critic', weight: 0.5, measure: 1 }]);
    expect(q.weight).toBe(0.5);
    expect(Array.from(r.scores[0])).toEqual([0.5, 0.5, 0.5]);
    const csv = weightsCsv(r).split('\n');
    expect(csv[0]).toMatch(/,method_a,weight_a,measure_a,method_b,weight_b,measure_b,critic_sd,critic_correlations$/);
    expect(csv[1]).toMatch(/,critic,0\.5,1,,,,0\.5,1 -1$/);
  });

  it('property: CRITIC weights are unchanged when an indicator’s raw values are multiplied by a positive constant', async () => {
    const model = await parseModel(twoByTwo('{ indicators: critic }'), 'model');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })), { minLength: 3, maxLength: 12 }),
        fc.constantFrom(0.001, 3, 1000, 2 ** 20),
        (rows, c) => {
          const values = [0, 1, 2].map((k) => Float64Array.from(rows, (row) => row[k]));
          const input = { regions: rows.map((_, i) => `r${i}`), years: rows.map(() => 2020), values };
          const scaled = { ...input, values: [Float64Array.from(values[0], (x) => x * c), values[1], values[2]] };
          const w = evaluate(input, model).groups[0].indicators.map((i) => i.weight);
          const v = evaluate(scaled, model).groups[0].indicators.map((i) => i.weight);
          v.forEach((x, j) => expect(x).toBeCloseTo(w[j], 12));
        },
      ),
    );
  });

  it('cv, hand-worked on raw values: p = (1, 2, 3), q = (10, 10, 40): CV = 1/√6 and 1/√2, w_p = 1/(1 + √3)', async () => {
    const model = await parseModel(twoByTwo('{ indicators: cv }'), 'model');
    const r = evaluate({ ...three, values: [Float64Array.of(1, 2, 3), Float64Array.of(10, 10, 40), Float64Array.of(1, 2, 3)] }, model);
    expect(r.groups[0].indicators[0].weight).toBeCloseTo(1 / (1 + Math.sqrt(3)), 14);
    expect(r.groups[0].indicators[0].parts[0].measure).toBeCloseTo(1 / Math.sqrt(6), 14);
    expect(() => evaluate({ ...three, values: [Float64Array.of(-1, 0, 1), Float64Array.of(10, 10, 40), Float64Array.of(1, 2, 3)] }, model)).toThrow(
      /indicator "p": the mean of the raw values is 0/,
    );
  });

  it('sd on z, hand-worked: z_p = (0, 0.5, 1), z_q = (0, 0, 1): σ = √(1/6) and √2/3, w ∝ σ', async () => {
    const model = await parseModel(twoByTwo('{ indicators: sd }'), 'model');
    const r = evaluate({ ...three, values: [Float64Array.of(0, 5, 10), Float64Array.of(7, 7, 8), Float64Array.of(1, 2, 3)] }, model);
    const sp = Math.sqrt(1 / 6);
    const sq = Math.sqrt(2) / 3;
    expect(r.groups[0].indicators[0].weight).toBeCloseTo(sp / (sp + sq), 14);
  });

  it('entropy on raw proportions (basis raw), hand-worked: p = (1, 3), q = (1, 1.5); d = 1 − e of p/Σp', async () => {
    const model = await parseModel(twoByTwo('{ indicators: entropy, entropy: { basis: raw } }'), 'model');
    const two = { regions: ['A', 'B'], years: [2020, 2020] };
    const r = evaluate({ ...two, values: [Float64Array.of(1, 3), Float64Array.of(1, 1.5), Float64Array.of(1, 2)] }, model);
    const d = (p: number[]) => 1 + p.reduce((s, x) => s + x * Math.log(x), 0) / Math.log(2);
    const dp = d([0.25, 0.75]);
    const dq = d([0.4, 0.6]);
    expect(r.groups[0].indicators[0].divergence).toBeCloseTo(dp, 14);
    expect(r.groups[0].indicators[0].weight).toBeCloseTo(dp / (dp + dq), 12);
    expect(() => evaluate({ ...two, values: [Float64Array.of(0, 3), Float64Array.of(1, 1.5), Float64Array.of(1, 2)] }, model)).toThrow(/A 2020, indicator "p": the value 0 cannot enter the entropy on raw proportions/);
    expect(await errorOf(`normalization: { shift: 0.01 }\n${twoByTwo('{ indicators: entropy, entropy: { basis: raw } }')}`)).toMatch(/normalization\.shift: shift applies to the entropy of normalised scores/);
  });

  it('combine.of pairs any two weightings, hand-worked: critic and cv, linear with α = 0.25', async () => {
    // p = (1, 2, 3), q = (10, 10, 40): z_p = (0, 0.5, 1), z_q = (0, 0, 1); σ (sample) 0.5 and 1/√3,
    // r = √3/2 for both, so CRITIC w_p = 0.5 / (0.5 + 1/√3); cv w_p = 1/(1 + √3) (above).
    const model = await parseModel(`combine: { of: [critic, cv], method: linear, alpha: 0.25 }\n${twoByTwo('{ indicators: combined }')}`, 'model');
    const r = evaluate({ ...three, values: [Float64Array.of(1, 2, 3), Float64Array.of(10, 10, 40), Float64Array.of(1, 2, 3)] }, model);
    const [p, q] = r.groups[0].indicators;
    expect([p, q].map((i) => i.parts.map((x) => x.method))).toEqual([['critic', 'cv'], ['critic', 'cv']]);
    expect(p.critic!.correlations[1]).toBeCloseTo(Math.sqrt(3) / 2, 14);
    const critic = 0.5 / (0.5 + 1 / Math.sqrt(3));
    const cv = 1 / (1 + Math.sqrt(3));
    expect(p.weight).toBeCloseTo(0.25 * critic + 0.75 * cv, 14);
    expect(p.weight + q.weight).toBeCloseTo(1, 15);
    expect(await errorOf(`combine: { of: [critic, critic] }\n${TWO_DIM_MODEL}`)).toMatch(/combine\.of: combines a weighting with itself \(critic\)/);
    expect(await errorOf(`combine: { of: [critic, magic] }\n${TWO_DIM_MODEL}`)).toMatch(/combine\.of\[1\]: unknown value "magic"; choose one of ahp, entropy, critic, sd, variance, cv, equal, manual/);
  });
});

describe('coupling exponent k and custom levels', () => {
  it('hand-worked: U = (0.25, 1) with k = 2 gives C = (0.25 / 0.625²)² = 0.4096; custom levels name it', async () => {
    const model = await parseModel(
      `normalization: { method: none }
coupling: { model: classic, k: 2 }
levels: { bounds: [0.3, 0.5, 0.8], names: { en: [low, fair, good, high], zh: [低, 中, 良, 高] } }
${TWO_DIM_MODEL.replace('direction: cost', 'direction: benefit')}`,
      'model',
    );
    const r = evaluate({ regions: ['A', 'B'], years: [2020, 2020], values: [Float64Array.of(0.25, 0.1), Float64Array.of(1, 0.1)] }, model);
    expect(r.C[0]).toBeCloseTo(0.4096, 15);
    expect(r.D[0]).toBeCloseTo(Math.sqrt(0.4096 * 0.625), 15); // 0.50596
    expect(r.D[1]).toBeCloseTo(Math.sqrt(0.1), 15); // C = 1, T = 0.1
    expect(Array.from(r.level)).toEqual([3, 2]);
    expect(scoreRows(r, present).map((row) => row.slice(-4, -2))).toEqual([[3, 'good'], [2, 'fair']]);
    expect(scoreRows(r, { ...present, lang: 'zh' }).map((row) => row[row.length - 3])).toEqual(['良', '中']);
    expect(r.settings.coupling).toEqual({ model: 'classic', k: 2, levels: { bounds: [0.3, 0.5, 0.8], names: { en: ['low', 'fair', 'good', 'high'], zh: ['低', '中', '良', '高'] } } });
  });

  it('custom levels are the Markov states of --states levels', () => {
    const table = { bounds: [0.3, 0.5, 0.8], names: { en: ['low', 'fair', 'good', 'high'], zh: ['低', '中', '良', '高'] } };
    const classes = classifyStates([0.2, 0.6, 0.9], 'levels', table);
    expect(classes.states).toEqual(['1', '2', '3', '4']);
    expect([0.2, 0.3, 0.6, 0.9].map(classes.classify)).toEqual([0, 1, 2, 3]);
    const panel = [0.2, 0.4, 0.6, 0.9].flatMap((v, r) => [{ region: `r${r}`, year: 2019, value: v }, { region: `r${r}`, year: 2020, value: Math.min(1, v + 0.2) }]);
    // 0.2 → 0.4 (1 → 2), 0.4 → 0.6 (2 → 3), 0.6 → 0.8 (3 → 4), 0.9 → 1 (4 → 4)
    expect(markovTransitions(panel, { states: 'levels', levels: table }).states).toEqual(['1', '2', '3', '4']);
  });

  it('property: k = 1/K gives the classic coupling bit for bit', async () => {
    const model = await parseModel(TWO_DIM_MODEL, 'model');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })), { minLength: 2, maxLength: 10 }), (rows) => {
        const input = { regions: rows.map((_, i) => `r${i}`), years: rows.map(() => 2020), values: [0, 1].map((k) => Float64Array.from(rows, (row) => row[k])) };
        const classic = evaluate(input, { ...model, normalization: { ...model.normalization, range: [0.01, 0.99] } });
        const withK = evaluate(input, { ...model, normalization: { ...model.normalization, range: [0.01, 0.99] }, couplingExponent: 1 / 2 });
        expect(Array.from(withK.C)).toEqual(Array.from(classic.C));
        expect(Array.from(withK.D)).toEqual(Array.from(classic.D));
      }),
    );
  });

  it('keeps the string form, and refuses k with wang2021 or fan, and a bad level table, naming what is wrong', async () => {
    expect((await parseModel(`coupling: wang2021\n${TWO_DIM_MODEL}`, 'model')).coupling).toBe('wang2021');
    expect(await errorOf(`coupling: { model: wang2021, k: 2 }\n${TWO_DIM_MODEL}`)).toMatch(/^model\.yaml:1: coupling\.k: the exponent k works with the classic coupling only, not wang2021/);
    expect(await errorOf(`coupling: { model: classic, k: 0 }\n${TWO_DIM_MODEL}`)).toMatch(/coupling\.k: must be a number > 0/);
    expect(await errorOf(`levels: { bounds: [0.6, 0.4], names: { en: [a, b] } }\n${TWO_DIM_MODEL}`)).toMatch(
      /levels: levels\.bounds must increase strictly: bound 2 \(0\.4\) is not above bound 1 \(0\.6\); levels\.names\.en has 2 names, but 2 bounds make 3 levels/,
    );
  });
});
