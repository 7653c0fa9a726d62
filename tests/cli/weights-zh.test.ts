import { describe, expect, it } from 'vitest';
import { weightsTable } from '../../src/cli/commands/weights.js';
import { prepareAndEvaluate } from '../../src/cli/prepare.js';
import { SAMPLE } from '../helpers.js';

describe('weights --lang zh', () => {
  // Model vocabulary (entropy, pooled, min-max) stays as written in the model file.
  it('dimension weights named by their Chinese labels, no English header left', async () => {
    const opts = { missing: 'error', regionNames: 'as-given', lang: 'zh', color: false } as const;
    const { result } = await prepareAndEvaluate('weights', [SAMPLE], opts as never);
    const text = weightsTable(result, opts as never);
    expect(text).toMatch(/维度权重 W: 经济发展 0\.\d+, 社会发展/);
    expect(text.slice(text.indexOf(":"))).not.toMatch(/\b(dimension|indicator|verdict|matrix|normalisation|aggregation|coupling|observations)\b/);
  });
});
