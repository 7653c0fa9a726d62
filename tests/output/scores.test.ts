import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/pipeline.js';
import { readPanel } from '../../src/input/read.js';
import { resolveIndicators } from '../../src/input/resolve.js';
import { loadModel } from '../../src/model/load.js';
import { toCsv } from '../../src/output/csv.js';
import { formatNumber } from '../../src/output/format.js';
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
    // 155 rows fit one piece after the header; the pieces concatenate to the whole.
    const pieces = [...scoresCsvChunks(result, variants[0])];
    expect(pieces).toHaveLength(2);
    expect(pieces[1].split('\n')).toHaveLength(156);
  });
});
