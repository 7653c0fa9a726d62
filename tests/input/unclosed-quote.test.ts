import { describe, expect, it } from 'vitest';
import { parseCsv, unclosedQuoteLine } from '../../src/input/csv.js';

describe('a quote that is never closed is reported where it opened', () => {
  it('names the opening line, not the end of the file', () => {
    const text = 'region,year,x\nA,2019,"1\n' + 'B,2019,2\n'.repeat(1000);
    expect(() => parseCsv(text, 'd.csv')).toThrow(/^d\.csv:2: a quoted field opened on this line is never closed/);
  });

  it('names the opening line also when the open field runs past the 1 MiB record limit', () => {
    const text = 'region,year,x\nA,2019,1\nB,2019,"2\n' + 'C,2019,3\n'.repeat(150_000);
    expect(() => parseCsv(text, 'big.csv')).toThrow(/^big\.csv:3: a quoted field opened/);
  });

  it('finds no unclosed quote in well-formed quoting (doubled quotes, quoted line breaks)', () => {
    expect(unclosedQuoteLine('a,b\n"x ""y""",1\n"two\nlines",2\n', ',')).toBe(null);
    expect(unclosedQuoteLine('a;b\n1;"x\n', ';')).toBe(2);
  });
});
