import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/pipeline.js';
import { readPanel } from '../../src/input/read.js';
import { resolveIndicators } from '../../src/input/resolve.js';
import { loadModel } from '../../src/model/load.js';
import { toCsv } from '../../src/output/csv.js';
import { formatNumber, shortest } from '../../src/output/format.js';
import { scoreHeader, scoreRows, scoresCsv, scoresCsvChunks, type PresentOptions } from '../../src/output/scores.js';
import { SAMPLE } from '../helpers.js';

describe('score CSV, written in pieces', () => {
  it('is byte for byte the generic CSV writer’s text, for every presentation option', async () => {
    const { model } = await loadModel(undefined);
    const panel = await readPanel([SAMPLE]);
    const result = evaluate(resolveIndicators(panel, model), model);
    // A region whose name a spreadsheet would run as a formula, and one that needs quotes.
    result.regions[0] = '=cmd';
    result.regions[1] = 'a,b "c"';
    const variants: PresentOptions[] = [
      { lang: 'en', regionNames: 'as-given', color: false },
      { lang: 'zh', regionNames: 'zh', color: false, precision: 3, bom: true },
      { lang: 'en', regionNames: 'code', color: false, precision: 0 },
    ];
    for (const options of variants) {
      const expected = toCsv(scoreHeader(result), scoreRows(result, options), (x) => formatNumber(x, options.precision), options.bom);
      expect(scoresCsv(result, options)).toBe(expected);
    }
    // 155 rows fit one piece after the header. A piece is a view of a reused buffer: copied here.
    const pieces = Array.from(scoresCsvChunks(result, variants[0]), (piece) => Buffer.from(piece).toString('utf8'));
    expect(pieces).toHaveLength(2);
    expect(pieces[1].split('\n')).toHaveLength(156);
    // A panel of 5,000 rows with long region names comes in several pieces that still add up.
    const m = 5000;
    const big = {
      ...result,
      regions: Array.from({ length: m }, (_, i) => `地区-${'长'.repeat(i % 300)}-${i}`),
      years: Array.from({ length: m }, (_, i) => 2000 + (i % 20)),
      scores: result.scores.map((s) => Float64Array.from({ length: m }, (_, i) => s[i % s.length])),
      T: Float64Array.from({ length: m }, (_, i) => result.T[i % 155]),
      C: Float64Array.from({ length: m }, (_, i) => result.C[i % 155]),
      D: Float64Array.from({ length: m }, (_, i) => result.D[i % 155]),
      level: Int32Array.from({ length: m }, (_, i) => result.level[i % 155]),
      rank: Int32Array.from({ length: m }, (_, i) => result.rank[i % 155]),
      lagging: Int32Array.from({ length: m }, (_, i) => result.lagging[i % 155]),
    } as typeof result;
    const bigPieces = Array.from(scoresCsvChunks(big, variants[1]), (piece) => Buffer.from(piece).toString('utf8'));
    expect(bigPieces.length).toBeGreaterThan(5);
    const expected = toCsv(scoreHeader(big), scoreRows(big, variants[1]), (x) => formatNumber(x, 3), true);
    expect(bigPieces.join('')).toBe(expected);
    expect(scoresCsv(big, variants[1])).toBe(expected);
  });
});

describe('shortest(x)', () => {
  it('is String(x) for every double: random bit patterns, integers, tiny, huge, -0, infinities', () => {
    const bits = new BigUint64Array(1);
    const view = new Float64Array(bits.buffer);
    const samples = fc.sample(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { numRuns: 20000, seed: 11 }).map((b) => {
      bits[0] = b;
      return view[0];
    });
    const specials = [0, -0, 1, -1, 0.1, 1e21, 1e-7, 123e-20, 5e-324, Number.MAX_VALUE, 2 ** 53 + 2, Infinity, -Infinity];
    for (const x of [...samples, ...specials, ...fc.sample(fc.double({ min: 0, max: 1 }), { numRuns: 20000, seed: 12 })]) {
      if (Number.isNaN(x)) continue;
      expect(shortest(x)).toBe(String(x));
    }
  });
});
