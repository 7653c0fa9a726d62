import { CoordixError, UsageError } from '../errors.js';
import { parseYear } from './cells.js';
import type { TextRow } from './csv.js';
import { findProvince } from '../regions/names.js';
import { emptyCells, putCell, type RawRow, type RawTable } from './table.js';
import { chooseRegionColumn, findHeader, readWide, REGION_HEADER_ALIASES, trimTrailingEmpty, YEAR_HEADER_ALIASES } from './wide.js';

/**
 * Recognises how a table is laid out and turns it into a RawTable:
 *
 * - `nbs`: a data.stats.gov.cn 分省年度数据 export — title lines (数据库/指标/时间, or their English
 *   forms), a header `地区,2024年,2023年,…` (years as columns), one row per province, footnotes
 *   (注：…, 数据来源：…, Note: …, Data source: …). One file is one indicator, named by the 指标
 *   line or `--indicator`. A stray quote before a title (`"Indicator: …`, seen in re-saved
 *   workbooks) does not stop it being one; of a title cell written over several lines, the first
 *   line counts.
 * - `nbs-transposed`: the same with years as rows: `时间,北京市,天津市,…` then `2003年,…`.
 * - `long`: columns region, year, indicator, value (detected, or forced with `--long`).
 * - `wide`: a header with a region column, an optional year column and one column per indicator;
 *   rows above the header (titles) are skipped: the header is the first row holding the region
 *   column's name (or 地区), or `--header-row N`.
 */
export interface DialectOptions {
  regionColumn: string;
  yearColumn: string;
  /** The indicator name for NBS files without a 指标 line (a file's own 指标 line wins). */
  indicator?: string;
  /** The indicator name given for this very file (`--indicator FILE=NAME`): wins over its 指标 line. */
  indicatorName?: string;
  /** Whether indicators are named per file, so that a file without any is told to use FILE=NAME. */
  perFileIndicators?: boolean;
  long?: boolean;
  /** 1-based row of the header, overriding detection. */
  headerRow?: number;
}

const TITLE = /^\s*"?\s*(数据库|指标|时间|地区|Database|Indicators?|Index|Time|Year|Region)\s*[:：?？]/i;
/** A footnote or source line, in either language: it ends the data, and is never a region. */
export const FOOTNOTE = /^\s*"?\s*(注|数据来源|资料来源|说明|Notes?|Data\s*sources?|Sources?)\s*\d*\s*[:：.．]/i;
const INDICATOR_LINE = /^\s*"?\s*(指标|Indicators?|Index)\s*[:：?？]\s*(.*)$/i;
const LONG_NAMES = {
  indicator: ['indicator', '指标', 'variable', '变量', 'indicator_name', '指标名称'],
  value: ['value', '数值', '值', 'val'],
};

/** "地区生产总值(亿元)" → name 地区生产总值, unit 亿元 (the last parenthesised group, half or full width). */
export function splitIndicatorName(text: string): { name: string; unit: string | null } {
  const clean = text.normalize('NFKC').replace(/\s+/g, ' ').trim().replace(/^"|"$/g, '').trim();
  const match = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(clean);
  if (match && match[1].trim() !== '') return { name: match[1].trim(), unit: match[2].trim() || null };
  return { name: clean, unit: null };
}

/** A row with its cells trimmed (spaces and the TABs of padded NBS exports): for title and header rows only. */
function cleanRow(row: TextRow): TextRow {
  return { line: row.line, cells: row.cells.map((c) => c.trim()) };
}

function isYearCell(cell: string): boolean {
  const y = parseYear(cell);
  return y !== null && y >= 1000;
}

/** A title line of an NBS export: 数据库：…, 指标：…, 时间：… (or English), with at most two cells. */
function isTitleRow(row: TextRow): boolean {
  return TITLE.test(row.cells[0]) && cleanRow(row).cells.filter((c) => c !== '').length <= 2;
}

/**
 * Whether a table starting with these two rows is, by `detectLayout`, a wide table whose header
 * is the first row and whose data starts on the second (no title lines, not NBS, not long, no
 * footnote on row 2): the question the byte reader (fastwide.ts) asks before it reads on.
 */
export function isPlainWideStart(header: TextRow, second: TextRow, name: string, options: DialectOptions): boolean {
  if (options.headerRow !== undefined || options.long || isTitleRow(header)) return false;
  const layout = detectLayout([header, second], name, options);
  return layout.format === 'wide' && layout.header === 0 && layout.end === 2;
}

/** How a table is laid out, decided from its rows (shared by the text readers and the byte reader). */
export interface Layout {
  format: 'nbs' | 'nbs-transposed' | 'single-region' | 'long' | 'wide';
  /** Index (in the rows given) of the header row. */
  header: number;
  /** Index of the first row after the data (a footnote, or the end). */
  end: number;
  /** The indicator named by a 指标 title line, if any. */
  indicatorLine: string | null;
}

/**
 * The layout of a table from its rows: title lines skipped (or the header at `headerRow`), the
 * data ended by the first footnote, then NBS (years as columns), transposed NBS (years as rows),
 * a single-region export, long, or wide (the header the first row naming the region column).
 * @throws UsageError when `headerRow` names no row; CoordixError when only title lines remain.
 */
export function detectLayout(rows: TextRow[], name: string, options: DialectOptions): Layout {
  // Title lines (NBS exports) and the indicator they name.
  let indicatorLine: string | null = null;
  let start = 0;
  while (start < rows.length && isTitleRow(rows[start])) {
    // (a title cell written over several lines counts by its first)
    const m = INDICATOR_LINE.exec(cleanRow(rows[start]).cells.filter((c) => c !== '').join(' ').split(/\r?\n|\r/)[0]);
    if (m && m[2].trim() !== '') indicatorLine = m[2].trim();
    start++;
  }
  if (options.headerRow !== undefined) {
    start = rows.findIndex((r) => r.line >= options.headerRow!);
    if (start < 0 || rows[start].line !== options.headerRow) throw new UsageError(`--header-row ${options.headerRow}: ${name} has no row ${options.headerRow} with content`);
  }
  // Footnotes end the data.
  let end = rows.length;
  for (let r = start + 1; r < rows.length; r++) {
    if (FOOTNOTE.test(rows[r].cells[0])) {
      end = r;
      break;
    }
  }
  if (end <= start) throw new CoordixError(`${name}: only title lines; no header row was found`);
  const header = trimTrailingEmpty(cleanRow(rows[start]).cells);
  const first = header[0].normalize('NFKC').trim().toLowerCase();
  const yearHeaders = header.slice(1).filter((c) => c !== '' && isYearCell(c)).length;
  const layout = (format: Layout['format'], at = start): Layout => ({ format, header: at, end, indicatorLine });

  if (options.long !== true && (REGION_HEADER_ALIASES.includes(first) || first === options.regionColumn.toLowerCase()) && yearHeaders >= 1 && yearHeaders === header.slice(1).filter((c) => c !== '').length) {
    return layout('nbs');
  }
  const provinceHeaders = header.slice(1).filter((c) => c !== '' && findProvince(c) !== null).length;
  if (options.long !== true && YEAR_HEADER_ALIASES.includes(first) && provinceHeaders >= 2 && rows.slice(start + 1, end).every((r) => isYearCell(r.cells[0] ?? ''))) {
    return layout('nbs-transposed');
  }
  if (first === '指标' && yearHeaders >= 1) return layout('single-region');
  const lower = header.map((h) => h.normalize('NFKC').trim().toLowerCase());
  const long = lower.some((h) => LONG_NAMES.indicator.includes(h)) && lower.some((h) => LONG_NAMES.value.includes(h)) && findHeader(header, options.regionColumn, REGION_HEADER_ALIASES) >= 0;
  if (options.long || long) return layout('long');
  // Wide: skip title rows above the header when the first row is not it.
  if (options.headerRow === undefined && findHeader(header, options.regionColumn, REGION_HEADER_ALIASES) < 0) {
    for (let r = start + 1; r < end; r++) {
      if (findHeader(trimTrailingEmpty(cleanRow(rows[r]).cells), options.regionColumn, REGION_HEADER_ALIASES) >= 0) return layout('wide', r);
    }
  }
  return layout('wide');
}

/**
 * Text rows → a RawTable, in the layout `detectLayout` finds.
 * @throws CoordixError naming the file (and line) for every layout it cannot read.
 */
export function interpretRows(rows: TextRow[], name: string, encoding: string, options: DialectOptions): RawTable {
  // Data cells are trimmed by the cell parser; only rows read as titles or headers are cleaned here.
  if (rows.length === 0) throw new CoordixError(`${name}: no rows; the file needs a header row and data rows`);
  const { format, header: start, end, indicatorLine } = detectLayout(rows, name, options);
  const body = rows.slice(start, end);
  const header = trimTrailingEmpty(cleanRow(body[0]).cells);
  let indicatorFrom: RawTable['indicatorFrom'];
  const nameOf = (): { name: string; unit: string | null } => {
    indicatorFrom = options.indicatorName ? 'file-option' : indicatorLine ? 'title' : 'option';
    if (options.indicatorName) return splitIndicatorName(options.indicatorName);
    if (indicatorLine) return splitIndicatorName(indicatorLine);
    if (options.indicator) return splitIndicatorName(options.indicator);
    throw new CoordixError(`${name}: an NBS export without an 指标 (indicator) line; name its indicator with --indicator ${options.perFileIndicators ? `${name}=NAME` : 'NAME'}`);
  };

  // NBS: years as columns.
  if (format === 'nbs') {
    const indicator = nameOf();
    const years = header.map((c, j) => (j === 0 ? null : parseYear(c)));
    const out: RawRow[] = [];
    const raws: string[] = [];
    for (const row of body.slice(1)) {
      const region = row.cells[0].normalize('NFKC').trim();
      if (region === '') continue;
      // (values keep their padding: the cell parser trims them)
      years.forEach((year, j) => {
        if (year === null) return;
        out.push({ line: row.line, region, year });
        raws.push(row.cells[j] ?? '');
      });
    }
    if (out.length === 0) throw new CoordixError(`${name}: an NBS export with a header but no province rows`);
    return { ...oneColumn(name, 'nbs', encoding, indicator, out, raws), indicatorFrom };
  }

  // NBS transposed: years as rows, provinces as columns.
  if (format === 'nbs-transposed') {
    const indicator = nameOf();
    const out: RawRow[] = [];
    const raws: string[] = [];
    for (const row of body.slice(1)) {
      const year = parseYear(row.cells[0])!;
      // header cells are trimmed region names
      header.forEach((region, j) => {
        if (j === 0 || region === '') return;
        out.push({ line: row.line, region: region.normalize('NFKC').trim(), year });
        raws.push(row.cells[j] ?? '');
      });
    }
    return { ...oneColumn(name, 'nbs-transposed', encoding, indicator, out, raws), indicatorFrom };
  }
  if (format === 'single-region') {
    throw new CoordixError(`${name}: rows are indicators and columns are years — a single-region export; coordix needs regions: export 分省年度数据 by province (地区 as rows) instead`);
  }

  // Long: region, year, indicator, value.
  if (format === 'long') {
    const lower = header.map((h) => h.normalize('NFKC').trim().toLowerCase());
    const indicatorIndex = lower.findIndex((h) => LONG_NAMES.indicator.includes(h));
    const valueIndex = lower.findIndex((h) => LONG_NAMES.value.includes(h));
    const regionIndex = chooseRegionColumn(header, body.slice(1), options.regionColumn, name, body[0].line);
    const yearIndex = findHeader(header, options.yearColumn, YEAR_HEADER_ALIASES);
    if (indicatorIndex < 0 || valueIndex < 0 || regionIndex < 0) {
      throw new CoordixError(`${name}:${body[0].line}: --long needs the columns region, year (optional), indicator and value; the header is ${header.join(', ')}`);
    }
    const columns: { name: string; unit: string | null }[] = [];
    const columnIndex = new Map<string, number>();
    const out: RawRow[] = [];
    const cells = emptyCells(0, 0);
    const size = body.length - 1;
    for (const row of body.slice(1)) {
      const region = (row.cells[regionIndex] ?? '').normalize('NFKC').trim();
      if (region === '') throw new CoordixError(`${name}:${row.line}: the region cell is empty`);
      let year: number | null = null;
      if (yearIndex >= 0) {
        year = parseYear(row.cells[yearIndex] ?? '');
        if (year === null) throw new CoordixError(`${name}:${row.line}: year "${row.cells[yearIndex]}" for ${region} is not an integer year (write 2019 or 2019年)`);
      }
      const label = splitIndicatorName(row.cells[indicatorIndex] ?? '');
      if (label.name === '') throw new CoordixError(`${name}:${row.line}: the indicator cell is empty`);
      let c = columnIndex.get(label.name);
      if (c === undefined) {
        c = columns.length;
        columnIndex.set(label.name, c);
        columns.push(label);
        cells.values.push(new Float64Array(size).fill(NaN));
        cells.text.push(new Map());
      }
      putCell(cells, c, out.length, row.cells[valueIndex] ?? '');
      out.push({ line: row.line, region, year });
    }
    return { name, format: 'long', encoding, columns, rows: out, hasYear: yearIndex >= 0, values: cells.values.map((v) => v.subarray(0, out.length)), text: cells.text };
  }

  return readWide(body, name, encoding, options.regionColumn, options.yearColumn);
}

/** A table of one indicator (an NBS export): one row and one cell per region-year. */
function oneColumn(name: string, format: string, encoding: string, indicator: { name: string; unit: string | null }, rows: RawRow[], raws: string[]): RawTable {
  const cells = emptyCells(1, rows.length);
  raws.forEach((raw, r) => putCell(cells, 0, r, raw));
  return { name, format, encoding, columns: [indicator], rows, hasYear: true, ...cells };
}
