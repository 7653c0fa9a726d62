import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayWidth, pad, renderTable, stringWidth, terminalSafe } from '../../src/output/table.js';

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

/** Everything but line feeds and the SGR colour sequences chalk writes (ESC [ digits ; … m). */
const stripAllowed = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').replace(/\n/g, '');
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

describe('terminal safety', () => {
  it('shows control characters visibly: C0 as control pictures, DEL as ␡, C1 and bidi overrides as \\u escapes', () => {
    expect(terminalSafe('北京\u001b]0;pwned\u0007')).toBe('北京␛]0;pwned␇');
    expect(terminalSafe('a\tb\nc\rd\u0000')).toBe('a␉b␊c␍d␀');
    expect(terminalSafe('x\u007fy\u009bz')).toBe('x␡y\\u009bz');
    expect(terminalSafe('\u202eabc')).toBe('\\u202eabc');
    expect(terminalSafe('内蒙古 2019')).toBe('内蒙古 2019');
  });

  it('neutralises an escape sequence in a region name, header or title, and keeps the columns aligned', () => {
    const table = renderTable([{ header: 'region\u001b[2J' }, { header: 'D', align: 'right' }], [['北京\u001b[31m', '0.8'], ['a', '0.75']], { color: false, title: 'Scores\u001b]0;x\u0007' });
    // widths: "region␛[2J" 10, "北京␛[31m" 2 × 2 + 5 = 9, "a" 1 → 10; D column: "0.75" → 4
    expect(table).toBe(['Scores␛]0;x␇', 'region␛[2J     D', '──────────  ────', '北京␛[31m    0.8', 'a           0.75', ''].join('\n'));
  });

  it('pad and displayWidth measure and print the safe form', () => {
    expect(pad('a\u001bb', 5)).toBe('a␛b  ');
    expect(displayWidth('a\u001bb')).toBe(3);
  });

  it('no table contains a control character other than line feeds and chalk colour codes, whatever the cells hold', () => {
    const text = fc.string({ unit: fc.oneof(fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)), fc.constantFrom('北', '京', '\u202e', '😀'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) });
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 3 }), fc.array(fc.array(text, { maxLength: 4 }), { maxLength: 4 }), text, fc.boolean(), (headers, rows, title, color) => {
        const columns = headers.map((header, j) => ({ header, align: j % 2 === 0 ? ('left' as const) : ('right' as const) }));
        const paint = (_r: number, j: number, cell: string, chalk: { red: (s: string) => string; green: (s: string) => string }) => (j % 2 === 0 ? chalk.red(cell) : chalk.green(cell));
        const table = renderTable(columns, rows, { color, title }, paint);
        expect(stripAllowed(table)).not.toMatch(CONTROL);
        // and every body line has the same display width as the rule under the header (before trailing spaces are trimmed)
        const lines = table.split('\n').slice(title === undefined ? 0 : 1);
        const rule = stringWidth(stripAllowed(lines[1]));
        for (const line of lines.slice(2, -1)) expect(stringWidth(line.replace(/\u001b\[[0-9;]*m/g, ''))).toBeLessThanOrEqual(rule);
      }),
    );
  });
});
