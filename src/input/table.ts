/**
 * The one intermediate shape every reader produces: rows of (region, year) with cells aligned to
 * a list of columns. A wide CSV gives one row per line; an NBS export (one indicator) gives one
 * cell per region-year; a long file one cell per line. The panel merge then works per cell.
 */
export interface RawRow {
  /** 1-based line (or spreadsheet row) of the cell's origin. */
  line: number;
  region: string;
  /** null for a cross-section without a year column. */
  year: number | null;
  /** Raw text per column; undefined where this row gives no cell. */
  cells: (string | undefined)[];
}

export interface RawTable {
  /** The file as named in messages. */
  name: string;
  /** Dialect detected: wide, nbs, nbs-transposed, long, xlsx… */
  format: string;
  encoding: string;
  columns: { name: string; unit: string | null }[];
  rows: RawRow[];
  /**
   * Where each column's cell sits in a row's `cells`: column c is `cells[cellIndex[c]]`. Lets a
   * wide reader keep the parsed row arrays instead of copying them; identity when absent.
   */
  cellIndex?: number[];
  /** Whether the table carries years (false: one implicit year). */
  hasYear: boolean;
  /**
   * Cells already parsed by the byte-level wide reader (fastwide.ts). When present, rows carry no
   * `cells`: column c of row r is `columns[c][r]`, or, where that is NaN, the raw text
   * `text.get(r * width + c)` for the cell parser (a cell that is not a plain decimal).
   */
  numeric?: NumericCells;
}

export interface NumericCells {
  columns: Float64Array[];
  width: number;
  text: Map<number, string>;
}
