import type { Warning } from '../errors.js';
import { plainDecimal } from './cells.js';

/**
 * The one intermediate shape every reader produces (the byte reader, the text readers for wide,
 * NBS, transposed and long tables, workbooks): rows of (region, year) and, per column, the cells
 * of those rows. A wide CSV gives one row per line; an NBS export (one indicator) gives one row
 * per region-year; a long file one row per line with a cell in one column only. The panel merge
 * (panel.ts) then works per cell.
 *
 * Cells are stored column by column: `values[c][r]` is the cell of row r in column c when it is
 * a plain decimal (`plainDecimal` in cells.ts), else NaN; then `text[c].get(r)` is its raw text
 * for the cell parser, or undefined when row r gives no cell in column c at all.
 */
export interface RawRow {
  /** 1-based line (or spreadsheet row) of the row's origin. */
  line: number;
  region: string;
  /** null for a cross-section without a year column. */
  year: number | null;
}

export interface RawTable {
  /** The file as named in messages. */
  name: string;
  /** Dialect detected: wide, nbs, nbs-transposed, long… */
  format: string;
  encoding: string;
  columns: { name: string; unit: string | null }[];
  rows: RawRow[];
  /** Whether the table carries years (false: one implicit year). */
  hasYear: boolean;
  /** Per column, the value of each row's cell: a plain decimal's double, else NaN. */
  values: Float64Array[];
  /** Per column, the raw text of the cells whose value is NaN, by row; no entry: no cell. */
  text: Map<number, string>[];
  /**
   * Where the indicator of a one-indicator table (an NBS export) got its name: its 指标 title
   * line, the one `--indicator NAME`, or `--indicator FILE=NAME` for this file.
   */
  indicatorFrom?: 'title' | 'option' | 'file-option';
  /** What the reader noticed and the user should hear (e.g. year-like column names in a cross-section). */
  warnings?: Warning[];
}

/**
 * Stores the raw text of row r's cell in column c: a plain decimal as its double, anything else
 * (text, placeholders, numbers with separators) as text for the cell parser.
 * @example cellOf(putCell(emptyCells(1, 2), 0, 1, ' 7'), 0, 1) // => ' 7'
 */
export function putCell(cells: Pick<RawTable, 'values' | 'text'>, c: number, r: number, raw: string): Pick<RawTable, 'values' | 'text'> {
  const v = plainDecimal(raw);
  cells.values[c][r] = v;
  if (v !== v) cells.text[c].set(r, raw);
  return cells;
}

/**
 * Columns for `width` columns and `rows` rows, every cell absent (NaN, no text).
 * @example cellOf(emptyCells(2, 3), 1, 2) // => null
 */
export function emptyCells(width: number, rows: number): Pick<RawTable, 'values' | 'text'> {
  return {
    values: Array.from({ length: width }, () => new Float64Array(rows).fill(NaN)),
    text: Array.from({ length: width }, () => new Map<number, string>()),
  };
}

/**
 * Row r's cell in column c: its number, its raw text, or null when the row gives none there.
 * @example cellOf(putCell(emptyCells(1, 1), 0, 0, '-2.5'), 0, 0) // => -2.5
 */
export function cellOf(cells: Pick<RawTable, 'values' | 'text'>, c: number, r: number): number | string | null {
  const v = cells.values[c][r];
  return v === v ? v : (cells.text[c].get(r) ?? null);
}

/**
 * The table with only the rows `keep` accepts, cells and all (rows renumbered, lines kept).
 * @example keepRows({ name: 't', format: 'wide', encoding: 'utf8', columns: [{ name: 'x', unit: null }], rows: [{ line: 2, region: 'A', year: 2019 }, { line: 3, region: 'B', year: 2019 }], hasYear: true, ...putCell(putCell(emptyCells(1, 2), 0, 0, '1'), 0, 1, 'NA') }, (row) => row.region === 'B').rows // => [{ line: 3, region: 'B', year: 2019 }]
 */
export function keepRows(table: RawTable, keep: (row: RawRow) => boolean): RawTable {
  const kept: number[] = [];
  table.rows.forEach((row, r) => {
    if (keep(row)) kept.push(r);
  });
  if (kept.length === table.rows.length) return table;
  const cells = emptyCells(table.columns.length, kept.length);
  kept.forEach((r, k) => {
    for (let c = 0; c < table.columns.length; c++) {
      const v = table.values[c][r];
      cells.values[c][k] = v;
      if (v !== v) {
        const raw = table.text[c].get(r);
        if (raw !== undefined) cells.text[c].set(k, raw);
      }
    }
  });
  return { ...table, rows: kept.map((r) => table.rows[r]), ...cells };
}
