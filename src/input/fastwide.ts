import { isUtf8 } from 'node:buffer';
import { detectDelimiter, MAX_LINE_BYTES, type CsvLimits, type TextRow } from './csv.js';
import { FOOTNOTE, interpretRows, type DialectOptions } from './dialect.js';
import { parseYear } from './cells.js';
import type { RawRow, RawTable } from './table.js';
import { wideHeader } from './wide.js';

/** 10^k for k = 0…22: every one is an exact double. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const NO_CELLS: string[] = [];

/**
 * The byte-level reader for the common large input: a plain wide CSV in UTF-8 (a header row, then
 * one row per region-year, no quotes). It parses numbers straight from the bytes into one
 * Float64Array instead of making a string of every cell, which is what the text path spends most
 * of its time on (splitting, `Number()`, and collecting millions of short-lived strings).
 *
 * It is an optimisation, never a second dialect: it returns a table equal to what the text path
 * (decodeText → parseCsv → interpretRows) makes of the same bytes, or null — and the text path
 * runs — whenever the file is anything else or anything is irregular (quotes, another encoding,
 * title lines, footnotes, ragged or blank rows, a bad year, a limit exceeded…), so every error
 * message comes from the one place that words it. tests/input/fastwide.test.ts checks the
 * equality on generated files.
 *
 * A plain decimal cell (an optional minus, then digits with at most one point that has a digit
 * before and after it, 20 characters at most — the cells panel.ts's `plainDecimal` takes) with
 * at most 15 digits is m / 10^k with m and 10^k exact doubles, so one IEEE division gives
 * the correctly rounded value — the same double as `Number(text)` (Clinger's fast path). Longer
 * ones go through `Number()`; anything else is kept as text for the cell parser.
 */
export function readWideFast(bytes: Buffer, name: string, options: DialectOptions, limits: CsvLimits): RawTable | null {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (bytes.indexOf(0x22, start) >= 0) return null; // quotes: csv-parse's job
  if (bytes.subarray(start, start + 8192).includes(0)) return null;
  if (!isUtf8(bytes.subarray(start))) return null;

  // The header must be line 1, and a data row must follow on line 2.
  const first = lineSpan(bytes, start);
  if (first.to === first.from) return null;
  const second = lineSpan(bytes, first.next);
  if (second.to === second.from) return null;
  const headerText = bytes.toString('utf8', first.from, first.to);
  const sep = detectDelimiter(headerText);
  const headerRow: TextRow = { line: 1, cells: headerText.split(sep) };
  const secondRow: TextRow = { line: 2, cells: bytes.toString('utf8', second.from, second.to).split(sep) };
  // The layout decision is the text path's own, on the first two rows: a wide table whose header
  // is the first line. (More rows could only turn a transposed-NBS guess into wide, never back.)
  try {
    const probe = interpretRows([headerRow, secondRow], name, 'utf8', options);
    if (probe.format !== 'wide' || probe.rows.length !== 1) return null;
  } catch {
    return null;
  }
  const { header, regionIndex, yearIndex, valueIndices } = wideHeader(headerRow, name, options.regionColumn, options.yearColumn);
  const fields = header.length;
  if (headerRow.cells.length !== fields || fields > limits.maxColumns || first.to - first.from > MAX_LINE_BYTES) return null;
  const parsed = parseRows(bytes, first.next, sep.charCodeAt(0), fields, regionIndex, yearIndex, valueIndices, limits.maxRows);
  if (!parsed) return null;
  return {
    name,
    format: 'wide',
    encoding: 'utf8',
    columns: valueIndices.map((i) => ({ name: header[i], unit: null })),
    rows: parsed.rows,
    hasYear: yearIndex >= 0,
    numeric: { columns: parsed.columns, width: valueIndices.length, text: parsed.text },
  };
}

/** Line starting at `from`: its content [from, to) without the line break and a final CR; `next` starts the next line. */
function lineSpan(bytes: Buffer, from: number): { from: number; to: number; next: number } {
  let stop = bytes.indexOf(0x0a, from);
  if (stop < 0) stop = bytes.length;
  return { from, to: stop > from && bytes[stop - 1] === 0x0d ? stop - 1 : stop, next: stop + 1 };
}

/**
 * The data rows from byte `start` (line 2) on, or null at the first irregularity. Kept apart from
 * the set-up above, with only local variables, so that V8 compiles the byte loop tightly.
 */
function parseRows(
  bytes: Buffer,
  start: number,
  sepByte: number,
  fields: number,
  regionIndex: number,
  yearIndex: number,
  valueIndices: number[],
  maxRows: number,
): { rows: RawRow[]; columns: Float64Array[]; text: Map<number, string> } | null {
  const end = bytes.length;
  const width = valueIndices.length;
  const columnOf = new Int32Array(fields).fill(-1);
  valueIndices.forEach((f, c) => (columnOf[f] = c));
  let line = 1;
  // Data rows, one pass over each line's bytes: fields split on the delimiter, and every value
  // field parsed as it is scanned. Column c's values go to columns[c], row by row.
  // Count the lines first (a native byte search) so that each column is allocated once, at its
  // final size: on these machines first-touching fresh memory costs about 3 ms per MB.
  let capacity = 1;
  for (let p = bytes.indexOf(0x0a, start); p >= 0; p = bytes.indexOf(0x0a, p + 1)) capacity++;
  const rows: RawRow[] = [];
  const columns = valueIndices.map(() => new Float64Array(capacity));
  const text = new Map<number, string>();
  while (start < end) {
    let stop = bytes.indexOf(0x0a, start);
    if (stop < 0) stop = end;
    const from = start;
    start = stop + 1;
    line++;
    const to = stop > from && bytes[stop - 1] === 0x0d ? stop - 1 : stop;
    if (to === from) continue;
    const r = rows.length;
    if (to - from > MAX_LINE_BYTES || r + 1 > maxRows) return null;
    let region = '';
    let regionRaw = '';
    let year: number | null = null;
    let f = 0;
    let s = from;
    let firstEnd = from;
    // The plain-decimal state of the current field (see plainDecimal below for the rule).
    let mantissa = 0;
    let digits = 0;
    let fraction = -1;
    let negative = false;
    let plain = true;
    for (let p = from; ; p++) {
      const b = p < to ? bytes[p] : sepByte;
      if (b !== sepByte) {
        const d = b - 0x30;
        if (d >= 0 && d <= 9) {
          mantissa = mantissa * 10 + d;
          digits++;
        } else if (b === 0x2e && fraction < 0 && digits > 0) fraction = digits;
        else if (b === 0x2d && p === s) negative = true;
        else plain = false;
        continue;
      }
      // Field f is [s, p).
      if (f >= fields) return null;
      if (f === 0) firstEnd = p;
      const c = columnOf[f];
      if (c >= 0) {
        let v = NaN;
        if (plain && digits > 0 && p - s <= 20 && fraction !== digits) {
          if (digits > 15) v = Number(bytes.toString('latin1', s, p));
          else {
            v = fraction < 0 ? mantissa : mantissa / POW10[digits - fraction];
            if (negative) v = -v;
          }
        }
        columns[c][r] = v;
        if (v !== v) text.set(r * width + c, bytes.toString('utf8', s, p));
      } else if (f === regionIndex) {
        regionRaw = bytes.toString('utf8', s, p);
        region = regionRaw.normalize('NFKC').trim();
        if (region === '') return null;
      } else {
        year = plain && digits > 0 && digits <= 4 && fraction < 0 && !negative ? mantissa : parseYear(bytes.toString('utf8', s, p));
        if (year === null) return null;
      }
      f++;
      if (p >= to) break;
      s = p + 1;
      mantissa = 0;
      digits = 0;
      fraction = -1;
      negative = false;
      plain = true;
    }
    if (f !== fields) return null;
    // A footnote (注：…, 数据来源：…) ends an NBS-style table: the text path's business.
    const lead = bytes[from];
    if (!(lead >= 0x30 && lead <= 0x39) && lead !== 0x2d && FOOTNOTE.test(regionIndex === 0 ? regionRaw : bytes.toString('utf8', from, firstEnd))) return null;
    rows.push({ line, region, year, cells: NO_CELLS });
  }
  if (rows.length === 0) return null;
  return { rows, columns: columns.map((column) => column.subarray(0, rows.length)), text };
}
