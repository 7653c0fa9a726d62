import { createRequire } from 'node:module';
import type * as CsvParseSync from 'csv-parse/sync';
import { CoordixError } from '../errors.js';

/** A parsed text row with its 1-based line number in the file. */
export interface TextRow {
  line: number;
  cells: string[];
}

export interface CsvLimits {
  maxRows: number;
  maxColumns: number;
}

export const DEFAULT_LIMITS: CsvLimits = { maxRows: 1_000_000, maxColumns: 10_000 };
/** A line (record) longer than this is refused rather than buffered. */
export const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Splits CSV text into rows (RFC 4180: quoted fields, doubled quotes, CRLF or LF). The delimiter is
 * the one among comma, tab and semicolon that occurs most in the first line, unless given. Rows
 * may be ragged here; each reader decides what a ragged row means. Fully blank rows are dropped.
 */
export function parseCsv(text: string, name: string, limits: CsvLimits = DEFAULT_LIMITS, delimiter?: string): TextRow[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const sep = delimiter ?? detectDelimiter(firstLine);
  let rows: TextRow[];
  if (!text.includes('"')) {
    // Fast path: with no quote character, a record is a line and fields split on the delimiter.
    // Anything quoted goes through csv-parse below.
    rows = splitPlain(text, name, sep, limits);
  } else try {
    const parseAny = csvParse().parse as unknown as (input: string, options: object) => TextRow[];
    rows = parseAny(text, {
      delimiter: sep,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_LINE_BYTES,
      on_record: (record: string[], context: { lines: number }) => ({ line: context.lines, cells: record }),
      to: limits.maxRows + 2,
    });
  } catch (e) {
    throw csvError(e, name);
  }
  // The header is not counted; the parser stops soon after the limit, so a huge file is not read whole.
  if (rows.length > limits.maxRows + 1) {
    throw new CoordixError(`${name}: more than ${limits.maxRows.toLocaleString('en-US')} rows; split the file, or raise the limit with --max-rows N`);
  }
  const kept = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  for (const row of kept) {
    if (row.cells.length > limits.maxColumns) {
      throw new CoordixError(`${name}:${row.line}: ${row.cells.length} columns, more than the limit of ${limits.maxColumns}; is the delimiter right?`);
    }
  }
  return kept;
}

let csvParseModule: typeof CsvParseSync | undefined;

/** csv-parse, loaded on the first file with a quote in it (most take the plain path above). */
function csvParse(): typeof CsvParseSync {
  return (csvParseModule ??= createRequire(import.meta.url)('csv-parse/sync') as typeof CsvParseSync);
}

function splitPlain(text: string, name: string, sep: string, limits: CsvLimits): TextRow[] {
  const rows: TextRow[] = [];
  let line = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    let stop = end;
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop--;
    if (stop - start > MAX_LINE_BYTES) throw new CoordixError(`${name}:${line}: a line longer than 1 MiB; is this a CSV file?`);
    if (stop > start) rows.push({ line, cells: text.slice(start, stop).split(sep) });
    if (rows.length > limits.maxRows + 1) break;
    start = end + 1;
  }
  return rows;
}

/** The delimiter among comma, tab and semicolon that occurs most in the line (comma on none). */
export function detectDelimiter(line: string): string {
  const counts = [',', '\t', ';'].map((d) => [d, line.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ',';
}

function csvError(e: unknown, name: string): CoordixError {
  const err = e as { code?: string; lines?: number; message?: string };
  const line = err.lines ? `:${err.lines}` : '';
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CoordixError(`${name}${line}: a quoted field is never closed (a " without its closing "); fix the quote or remove it`);
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new CoordixError(`${name}${line}: text after a closing quote; a quote inside a quoted field must be doubled ("")`);
    case 'CSV_MAX_RECORD_SIZE':
      return new CoordixError(`${name}${line}: a line longer than 1 MiB; is this a CSV file?`);
    default:
      return new CoordixError(`${name}${line}: cannot parse as CSV: ${String(err.message ?? e).split('\n')[0]}`);
  }
}
