import { createRequire } from 'node:module';
import { CoordixError } from '../errors.js';
import type { TextRow } from './csv.js';

/** Zip (xlsx) or OLE2 (xls) magic numbers. */
export function isWorkbook(bytes: Uint8Array, path: string): boolean {
  if (/\.(xlsx|xlsm|xls)$/i.test(path)) return true;
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const ole = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  return zip || ole;
}

type SheetJs = typeof import('xlsx');

/**
 * One sheet of an .xlsx or .xls workbook as text rows, with 1-based spreadsheet row numbers.
 * SheetJS is loaded here only, so CSV users never pay for it. Numbers become their shortest
 * round-trip text; text cells (numbers stored as text) go through the same cell parser as CSV.
 * `sheet` is a name or a 1-based index; default: the first sheet with any content.
 */
export function readWorkbookRows(bytes: Uint8Array, name: string, sheet?: string): { rows: TextRow[]; sheetName: string } {
  const XLSX = createRequire(import.meta.url)('xlsx') as SheetJs;
  let workbook;
  try {
    workbook = XLSX.read(bytes, { type: 'buffer', cellDates: false, cellFormula: false, cellHTML: false, cellStyles: false });
  } catch (e) {
    throw new CoordixError(`${name}: cannot read the workbook (${(e as Error).message.split('\n')[0]}); save it again as .xlsx or CSV`);
  }
  const names = workbook.SheetNames;
  let sheetName: string | undefined;
  if (sheet !== undefined) {
    if (/^[0-9]+$/.test(sheet)) sheetName = names[Number(sheet) - 1];
    else sheetName = names.find((n) => n === sheet) ?? names.find((n) => n.trim().toLowerCase() === sheet.trim().toLowerCase());
    if (!sheetName) throw new CoordixError(`${name}: no sheet ${JSON.stringify(sheet)}; the sheets are ${names.map((n, i) => `${i + 1} "${n}"`).join(', ')}`);
  } else {
    sheetName = names.find((n) => workbook.Sheets[n]?.['!ref']) ?? names[0];
  }
  const ws = workbook.Sheets[sheetName];
  if (!ws || !ws['!ref']) throw new CoordixError(`${name}: sheet "${sheetName}" is empty`);
  const first = XLSX.utils.decode_range(ws['!ref']).s.r;
  const data = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: '', blankrows: true });
  const rows: TextRow[] = [];
  data.forEach((row, i) => {
    const cells = row.map((v) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : String(v)));
    if (cells.some((c) => c.trim() !== '')) rows.push({ line: first + i + 1, cells });
  });
  return { rows, sheetName };
}
