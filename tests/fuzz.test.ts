import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without types
import { outputProblem, runFuzz } from '../scripts/fuzz.mjs';

describe('fuzzing (a short run; npm run fuzz runs 2,000 cases)', () => {
  it('finds no crash, no exit code other than 0/1/2 and no NaN in 200 seeded cases', async () => {
    const result = await runFuzz({ cases: 200, seed: 42 });
    expect(result.failures).toEqual([]);
    // the mutations reach both successful runs and rejected inputs
    expect(result.codes[0]).toBeGreaterThan(20);
    expect(result.codes[1]).toBeGreaterThan(20);
  });

  it('would notice a NaN or a missing number in an output', () => {
    const header = 'region,year,a,b,T,C,D,level,level_name,rank,lagging';
    expect(outputProblem(['score', 'x', '-f', 'csv'], `${header}\nA,2020,0.5,0.5,0.5,1,0.7,8,x,1,a\n`)).toBeNull();
    expect(outputProblem(['score', 'x', '-f', 'csv'], `${header}\nA,2020,0.5,,0.5,1,0.7,8,x,1,a\n`)).toBe('score b = ""');
    expect(outputProblem(['score', 'x', '-f', 'csv'], `${header}\nA,2020,0.5,NaN,0.5,1,0.7,8,x,1,a\n`)).toBe('NaN in the output');
    // "NaN" in a dimension id the (mutated) model gave is text, not a number; a NaN score still is caught.
    const named = header.replace(',b,', ',b NaN,');
    expect(outputProblem(['score', 'x', '-f', 'csv'], `${named}\nA,2020,0.5,0.5,0.5,1,0.7,8,x,1,b NaN\n`, 'id: b NaN')).toBeNull();
    expect(outputProblem(['score', 'x', '-f', 'csv'], `${named}\nA,2020,0.5,NaN,0.5,1,0.7,8,x,1,a\n`, 'id: b NaN')).toBe('score b NaN = "NaN"');
    expect(outputProblem(['score', 'x', '-f', 'json'], '{"rows":[{"T":0.5,"C":null,"D":0.1}]}')).toBe('score json C = null');
  });
});
