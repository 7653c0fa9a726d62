import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderTable, stringWidth } from '../../src/output/table.js';

describe('terminal tables aligned for Chinese text', () => {
  it('counts East Asian wide characters as two columns, marks and zero-width characters as none', () => {
    expect(stringWidth('Beijing 2019')).toBe(12);
    expect(stringWidth('内蒙古 2019')).toBe(11); // 3 × 2 + 1 + 4
    expect(stringWidth('ＡＢ')).toBe(4); // fullwidth forms
    expect(stringWidth('e\u0301')).toBe(1); // e + combining acute
    expect(stringWidth('a\u200bb')).toBe(2); // zero-width space
    expect(stringWidth('😀')).toBe(2); // a surrogate pair, one wide character
    expect(stringWidth('a\tb')).toBe(2); // a control character has no width
    expect(stringWidth('')).toBe(0);
  });

  it('gives the same width to a string as to its parts (plain ASCII and the rest alike)', () => {
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('a', ' ', '~', '北', '京', 'é', '\u0301', '😀', '\t', 'Ａ'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })) });
    fc.assert(fc.property(text, text, (a, b) => stringWidth(a + b) === stringWidth(a) + stringWidth(b)));
  });

  it('pads every column to its widest cell, right-aligning where asked (hand-worked)', () => {
    const table = renderTable([{ header: '地区' }, { header: 'D', align: 'right' }], [['北京', '0.789'], ['内蒙古', '0.5']], { color: false });
    // widths: 地区 4, 北京 4, 内蒙古 6 → 6; D 1, 0.789 5, 0.5 3 → 5; columns two spaces apart
    expect(table).toBe(['地区' + ' '.repeat(2) + '  ' + '    D', '──────  ─────', '北京    0.789', '内蒙古    0.5', ''].join('\n'));
  });

  it('colours only when asked: a bold header and painted cells, neither without colour', () => {
    const calls: number[] = [];
    const paint = (r: number, _j: number, text: string, chalk: { red: (s: string) => string }) => (calls.push(r), chalk.red(text));
    const plain = renderTable([{ header: 'a' }], [['x'], ['y']], { color: false }, paint);
    expect(plain).toBe('a\n─\nx\ny\n');
    expect(calls).toEqual([]);
    const coloured = renderTable([{ header: 'a' }], [['x'], ['y']], { color: true }, paint);
    expect(coloured).toBe('\u001b[1ma\u001b[22m\n─\n\u001b[31mx\u001b[39m\n\u001b[31my\u001b[39m\n');
    expect(calls).toEqual([0, 1]);
  });
});
