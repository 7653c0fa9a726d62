import { describe, expect, it } from 'vitest';
import { bandCsvRows, bandFlag, bandJson, bandText } from '../../src/cli/band-output.js';
import { balanceBand } from '../../src/cli/commands/balance.js';
import { UsageError } from '../../src/errors.js';

/** --band in gap and balance, and --flag in balance: reading the flag and printing the result (no child process). */
describe('the tolerable band as the commands print it', () => {
  const years = [
    { year: 2019, count: 0, regions: [] },
    { year: 2020, count: 2, regions: [{ region: 'A', value: 0.5, distance: 0.5, side: 'below' as const }, { region: 'C', value: 3.5, distance: 1, side: 'above' as const }] },
  ];
  const name = (r: string) => r.toLowerCase();

  it('reads --band lo:hi, and words a bad band as a usage error naming the flag', async () => {
    expect(bandFlag('--band', '1:2.5')).toEqual([1, 2.5]);
    expect(() => bandFlag('--band', '2.5:1')).toThrow(UsageError);
    expect(() => bandFlag('--band', '2.5:1')).toThrow(/^--band 2\.5:1: cannot read the band/);
  });

  it('balance takes --band over the default --flag 0.5,2, and reads --flag with a comma', async () => {
    expect(balanceBand({ flag: '0.5,2' })).toEqual([0.5, 2]);
    expect(balanceBand({ flag: '0.8,1.25' })).toEqual([0.8, 1.25]);
    expect(balanceBand({ flag: '0.5,2', band: '0.9:1.1' })).toEqual([0.9, 1.1]);
    expect(() => balanceBand({ flag: '2,0.5' })).toThrow(/^--flag 2,0\.5: .*\(for --flag, with a comma: 0\.5,2\)/);
  });

  it('gives long-form CSV rows, JSON and one text line per year', async () => {
    expect(bandCsvRows(years, name)).toEqual([
      [2019, 'band_outside', '', 0],
      [2020, 'band_outside', '', 2],
      [2020, 'band_below', 'a', 0.5],
      [2020, 'band_above', 'c', 1],
    ]);
    expect(bandJson([1, 2.5], years, name).years[1].regions.map((o) => o.region)).toEqual(['a', 'c']);
    expect(bandText([1, 2.5], years, name, 2)).toBe('2019  0 outside [1, 2.5]\n2020  2 outside [1, 2.5]: a 0.50 (−0.50), c 3.50 (+1.00)\n');
  });
});
