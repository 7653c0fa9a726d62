import { parse } from 'csv-parse/sync';
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
 * Splits CSV text into rows (RFC 4180: quoted fields, doubled quotes, CRLF or LF) with csv-parse,
 * the one text CSV parser. The delimiter is the one among comma, tab and semicolon that occurs
 * most in the first line, unless given. A record ends at CRLF or LF (mixed in one file is fine;
 * a lone CR is data), or at a lone CR in a file without any LF. Rows may be ragged here; each
 * reader decides what a ragged row means. Fully blank rows are dropped.
 * @throws CoordixError naming the file and line for a quote never closed, text after a closing
 *   quote, a line over 1 MiB, more than `limits.maxRows` rows or `limits.maxColumns` columns.
 * @example parseCsv('a,b\n"x, y",2\n', 't.csv') // => [{ line: 1, cells: ['a', 'b'] }, { line: 2, cells: ['x, y', '2'] }]
 */
export function parseCsv(text: string, name: string, limits: CsvLimits = DEFAULT_LIMITS, delimiter?: string): TextRow[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const sep = delimiter ?? detectDelimiter(firstLine);
  let rows: TextRow[];
  try {
    rows = (parse as unknown as (input: string, options: object) => TextRow[])(text, {
      delimiter: sep,
      // Records end where the byte reader's lines end (fastwide.ts): at CRLF or LF.
      record_delimiter: text.includes('\n') ? ['\r\n', '\n'] : [],
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_LINE_BYTES,
      on_record: (record: string[], context: { lines: number }) => ({ line: context.lines, cells: record }),
      to: limits.maxRows + 2,
    });
  } catch (e) {
    // A quote never closed makes the parser read to the end of the file (or past the record size
    // limit): name the line where it opened instead.
    const opened = unclosedQuoteLine(text, sep);
    if (opened !== null) throw new CoordixError(`${name}:${opened}: a quoted field opened on this line is never closed (a " without its closing "); fix the quote or remove it`);
    throw csvError(e, name);
  }
  // The header is not counted; the parser stops soon after the limit, so a huge file is not read whole.
  if (rows.length > limits.maxRows + 1) throw tooManyRows(name, limits);
  const kept = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  for (const row of kept) {
    if (row.cells.length > limits.maxColumns) throw tooManyColumns(name, row.line, row.cells.length, limits);
  }
  return kept;
}

/** The error for a file over `--max-rows` (shared with the byte reader). */
export function tooManyRows(name: string, limits: CsvLimits): CoordixError {
  return new CoordixError(`${name}: more than ${limits.maxRows.toLocaleString('en-US')} rows; split the file, or raise the limit with --max-rows N`);
}

/** The error for a row with more columns than the limit (shared with the byte reader). */
export function tooManyColumns(name: string, line: number, count: number, limits: CsvLimits): CoordixError {
  return new CoordixError(`${name}:${line}: ${count} columns, more than the limit of ${limits.maxColumns}; is the delimiter right?`);
}

/** The error for a line over 1 MiB (shared with the byte reader). */
export function lineTooLong(name: string, line: number | undefined): CoordixError {
  return new CoordixError(`${name}${line ? `:${line}` : ''}: a line longer than 1 MiB; is this a CSV file?`);
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
      return lineTooLong(name, err.lines);
    default:
      return new CoordixError(`${name}${line}: cannot parse as CSV: ${String(err.message ?? e).split('\n')[0]}`);
  }
}

/**
 * The line on which a quoted field opens and is never closed (RFC 4180 quoting: a quote at the
 * start of a field opens it, a doubled quote inside is a quote, a single one closes it), or null.
 * @example unclosedQuoteLine('a,b\n"x,1\n2,3\n', ',') // => 2
 * @example unclosedQuoteLine('a,b\n"x ""y""",1\n', ',') // => null
 */
export function unclosedQuoteLine(text: string, delimiter: string): number | null {
  let line = 1;
  let opened = 0;
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else quoted = false;
      } else if (c === '\n') line++;
    } else if (c === '"' && fieldStart) {
      quoted = true;
      opened = line;
    } else if (c === delimiter) fieldStart = true;
    else if (c === '\n') {
      line++;
      fieldStart = true;
    } else if (c !== '\r') fieldStart = false;
  }
  return quoted ? opened : null;
}
