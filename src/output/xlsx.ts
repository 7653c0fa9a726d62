import { createRequire } from 'node:module';
import { csvText } from './csv.js';

/**
 * Excel output (.xlsx, Office Open XML, ECMA-376), written with SheetJS in this process (writing
 * is not where SheetJS 0.18.5 is vulnerable; reading is, see input/workbook.ts). Numbers are
 * number cells and text is text (Chinese kept); the header row is frozen; text that a spreadsheet
 * would run as a formula is guarded exactly as in CSV output (csv.ts).
 */

/** One sheet to write: its name, the header row and the data rows. */
export interface WorkbookSheet {
  name: string;
  header: string[];
  rows: (string | number | null)[][];
}

type SheetJs = typeof import('xlsx');

/** Excel's longest sheet name, in UTF-16 code units. */
const MAX_SHEET_NAME = 31;

/**
 * Sheet names Excel accepts, in order: the characters \ / ? * [ ] : become _, apostrophes at
 * either end are dropped, a name is cut to 31 characters (never inside a surrogate pair), an
 * empty name becomes "Sheet<n>", and "History" (reserved by Excel) becomes "History_". Names
 * equal without regard to case get " (2)", " (3)"… (the name cut shorter to make room).
 * @example excelSheetNames(['a/b', 'A?B', '2020年:各省', '']) // => ['a_b', 'A_B (2)', '2020年_各省', 'Sheet4']
 */
export function excelSheetNames(names: string[]): string[] {
  const taken = new Set<string>();
  return names.map((raw, i) => {
    let base = cut(raw.replace(/[\\/?*[\]:]/g, '_').replace(/^'+|'+$/g, ''), MAX_SHEET_NAME).replace(/'+$/, '');
    if (base === '') base = `Sheet${i + 1}`;
    if (base.toLowerCase() === 'history') base = 'History_';
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = cut(base, MAX_SHEET_NAME - suffix.length).replace(/'+$/, '') + suffix;
    }
    taken.add(name.toLowerCase());
    return name;
  });
}

/** The first `max` UTF-16 code units of `text`, one fewer if that would split a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * A text cell as CSV output writes it, without CSV's quoting: text a spreadsheet would run as a
 * formula (starting with =, +, -, @, tab or CR) gets a leading ' (the guard is csv.ts's csvText;
 * the quotes csvText adds around a comma, quote, CR or LF are taken off again here).
 * @example excelText('=SUM(A1:A9)') // => "'=SUM(A1:A9)"
 */
export function excelText(value: string): string {
  const field = csvText(value);
  // The guard only ever prefixes ', so the field is quoted exactly when the value has , " CR or LF.
  return /[",\r\n]/.test(value) ? field.slice(1, -1).replace(/""/g, '"') : field;
}

/**
 * One .xlsx file with a sheet per entry: the header row (text, frozen so it stays in view) and
 * the rows, numbers as number cells, null and NaN as empty cells, text guarded by `excelText`.
 * Sheet names are made valid for Excel by `excelSheetNames`.
 * @throws RangeError for an infinite number (no spreadsheet cell holds one; upstream, a bug).
 */
export function writeWorkbook(sheets: WorkbookSheet[]): Buffer {
  const XLSX = createRequire(import.meta.url)('xlsx') as SheetJs;
  const book = XLSX.utils.book_new();
  const names = excelSheetNames(sheets.map((s) => s.name));
  sheets.forEach((sheet, i) => {
    const cells: (string | number | null)[][] = [sheet.header.map(excelText)];
    for (const row of sheet.rows) {
      cells.push(
        row.map((value) => {
          if (value === null || value === undefined) return null;
          if (typeof value === 'number') {
            if (Number.isNaN(value)) return null;
            if (!Number.isFinite(value)) throw new RangeError(`sheet "${sheet.name}": ${value} cannot be written to a spreadsheet cell`);
            return value;
          }
          return excelText(value);
        }),
      );
    }
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(cells), names[i]);
  });
  const written = XLSX.write(book, { type: 'buffer', bookType: 'xlsx', bookSST: true, compression: true }) as Buffer;
  return freezeHeaderRows(XLSX, written, sheets.length);
}

/**
 * SheetJS 0.18.5 (community edition) writes every sheet view without a pane, whatever `!freeze`
 * or `!views` say; so the written package is opened again (SheetJS's own zip container, CFB) and
 * each worksheet's view gets the frozen pane Excel itself writes for "Freeze Top Row"
 * (ECMA-376 Part 1, §18.3.1.66 pane: ySplit 1, top-left cell A2, state frozen).
 */
function freezeHeaderRows(XLSX: SheetJs, written: Buffer, count: number): Buffer {
  const CFB = XLSX.CFB as {
    read(data: Buffer, options: { type: 'buffer' }): unknown;
    find(container: unknown, path: string): { content: Uint8Array; size: number } | null;
    write(container: unknown, options: { type: 'buffer'; fileType: 'zip'; compression: boolean }): Buffer;
  };
  const pane = '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>';
  const container = CFB.read(written, { type: 'buffer' });
  for (let i = 1; i <= count; i++) {
    const entry = CFB.find(container, `/xl/worksheets/sheet${i}.xml`);
    if (!entry) throw new Error(`SheetJS wrote no xl/worksheets/sheet${i}.xml`);
    const xml = Buffer.from(entry.content).toString('utf8');
    const frozen = xml.replace(/<sheetView\b([^>]*?)\/>/, `<sheetView$1>${pane}</sheetView>`);
    if (frozen === xml) throw new Error(`SheetJS wrote no empty <sheetView/> in xl/worksheets/sheet${i}.xml`);
    entry.content = Buffer.from(frozen, 'utf8');
    entry.size = entry.content.length;
  }
  return Buffer.from(CFB.write(container, { type: 'buffer', fileType: 'zip', compression: true }));
}
