import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/output/csv.js';
import { excelSheetNames, excelText, writeWorkbook } from '../../src/output/xlsx.js';
import { tempFiles } from '../helpers.js';

const XLSX = createRequire(import.meta.url)('xlsx') as typeof import('xlsx');

/** A member of the written package, as text (SheetJS's zip container reads it back). */
function packageText(xlsx: Buffer, path: string): string {
  const container = XLSX.CFB.read(xlsx, { type: 'buffer' });
  const entry = XLSX.CFB.find(container, `/${path}`);
  if (!entry) throw new Error(`no ${path}`);
  return Buffer.from(entry.content).toString('utf8');
}

const soffice = ['soffice', 'libreoffice'].find((name) => spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0);

describe('sheet names for Excel', () => {
  it('replaces the characters Excel forbids and makes names unique without regard to case', () => {
    expect(excelSheetNames(['a/b', 'A?B', '2020年:各省', ''])).toEqual(['a_b', 'A_B (2)', '2020年_各省', 'Sheet4']);
    expect(excelSheetNames(['[x]*\\y', "'quoted'", 'History', 'scores', 'Scores', 'SCORES'])).toEqual(['_x___y', 'quoted', 'History_', 'scores', 'Scores (2)', 'SCORES (3)']);
  });

  it('cuts long names to 31 characters, also to make room for a number', () => {
    const long = '各省耦合协调度'.repeat(5); // 35 characters
    expect(excelSheetNames([long, long])).toEqual([long.slice(0, 31), `${long.slice(0, 27)} (2)`]);
  });

  it('any list of names becomes valid Excel names, all different, as many as were given', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40, unit: 'grapheme' }), { maxLength: 12 }), (names) => {
        const valid = excelSheetNames(names);
        expect(valid).toHaveLength(names.length);
        for (const name of valid) {
          expect(name.length).toBeGreaterThan(0);
          expect(name.length).toBeLessThanOrEqual(31);
          expect(name).not.toMatch(/[\\/?*[\]:]|^'|'$/);
          expect(name.toLowerCase()).not.toBe('history');
          expect(/[\ud800-\udbff]$/.test(name)).toBe(false);
        }
        expect(new Set(valid.map((n) => n.toLowerCase())).size).toBe(valid.length);
      }),
    );
  });
});

describe('text cells', () => {
  it('guards formula-like text exactly as CSV output does, without the CSV quotes', () => {
    expect(excelText('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(excelText('+1')).toBe("'+1");
    expect(excelText('-5')).toBe("'-5");
    expect(excelText('@cmd')).toBe("'@cmd");
    expect(excelText('\tx')).toBe("'\tx");
    expect(excelText('=a,"b"')).toBe('\'=a,"b"');
    expect(excelText('北京, "首都"\n')).toBe('北京, "首都"\n');
    expect(excelText('a-b')).toBe('a-b');
  });

  it('for any text, the cell is the field CSV output writes once its quoting is undone', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        // toCsv's one-column output, parsed back per RFC 4180: the value a spreadsheet would see.
        const line = toCsv([text], []).slice(0, -1);
        const field = line.startsWith('"') ? line.slice(1, -1).replace(/""/g, '"') : line;
        expect(excelText(text)).toBe(field);
        expect([text, `'${text}`]).toContain(excelText(text));
      }),
    );
  });
});

describe('writing a workbook', () => {
  const sheets = [
    {
      name: 'scores/2020',
      header: ['region', 'year', 'D', '=cmd'],
      rows: [
        ['北京', 2020, 0.8123456789012345, 'ok'],
        ['上海', 2020, null, '-1'],
        ['广东', 2020, Number.NaN, '+x'],
      ],
    },
    { name: 'Scores:2020', header: ['a'], rows: [[1e-300]] },
  ];
  const written = writeWorkbook(sheets);

  it('reads back with the same values: numbers as number cells, text as text, Chinese kept', () => {
    const book = XLSX.read(written, { type: 'buffer' });
    expect(book.SheetNames).toEqual(['scores_2020', 'Scores_2020 (2)']);
    const first = book.Sheets.scores_2020;
    expect(XLSX.utils.sheet_to_json(first, { header: 1, defval: null })).toEqual([
      ['region', 'year', 'D', "'=cmd"],
      ['北京', 2020, 0.8123456789012345, 'ok'],
      ['上海', 2020, null, "'-1"],
      ['广东', 2020, null, "'+x"],
    ]);
    expect(first.B2.t).toBe('n');
    expect(first.C2.t).toBe('n');
    expect(first.A2.t).toBe('s');
    expect(first.D3.t).toBe('s');
    expect(first.C3).toBeUndefined();
    expect(book.Sheets['Scores_2020 (2)'].A2).toMatchObject({ t: 'n', v: 1e-300 });
  });

  it('freezes the header row of every sheet (a frozen pane below row 1 in each sheet XML)', () => {
    for (const sheet of ['sheet1', 'sheet2']) {
      const xml = packageText(written, `xl/worksheets/${sheet}.xml`);
      expect(xml).toContain('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>');
    }
  });

  it('an infinite number is refused, not written', () => {
    expect(() => writeWorkbook([{ name: 's', header: ['x'], rows: [[Infinity]] }])).toThrow(RangeError);
  });

  // Only the cells: LibreOffice converting headless keeps no view settings (a frozen pane is gone
  // from whatever it saves, also for files it opens with the pane frozen), so the pane is checked
  // in the sheet XML above.
  it.skipIf(!soffice)(`opens in LibreOffice with the same cells${soffice ? '' : ' (skipped: soffice is not on PATH)'}`, () => {
    const dir = tempFiles({ 'out.xlsx': written });
    // CSV filter options: comma, double quote, UTF-8 (76), from row 1; LibreOffice writes the first sheet.
    const run = spawnSync(soffice!, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', dir, join(dir, 'out.xlsx')], { encoding: 'utf8', timeout: 120000 });
    expect(run.status).toBe(0);
    const csv = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split(/\r?\n/);
    // LibreOffice quotes text cells and leaves number cells bare, so the types show too; numbers
    // are written as the General format shows them (15 significant digits).
    expect(csv).toEqual(['"region","year","D","\'=cmd"', '"北京",2020,0.812345678901235,"ok"', '"上海",2020,,"\'-1"', '"广东",2020,,"\'+x"']);
  });
});
