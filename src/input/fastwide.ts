import { isUtf8 } from 'node:buffer';
import { sha256Stream } from '../hash.js';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { detectDelimiter, lineTooLong, MAX_LINE_BYTES, tooManyColumns, tooManyRows, type CsvLimits, type TextRow } from './csv.js';
import { FOOTNOTE, isPlainWideStart, type DialectOptions } from './dialect.js';
import { parseYear } from './cells.js';
import type { RawRow, RawTable } from './table.js';
import { badYear, emptyRegion, raggedRow, regionColumnByName, wideHeader, yearColumnsWarning } from './wide.js';
import { isWorkbook } from './workbook.js';

/** 10^k for k = 0…22: every one is an exact double. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * THE reader for a plain wide CSV in UTF-8 (a header row, then one row per region-year, no
 * quotes), at any size. It parses numbers straight from the bytes into one Float64Array per
 * column instead of making a string of every cell.
 *
 * It is never a second dialect: what it returns is what the text readers (decodeText → parseCsv
 * with csv-parse → interpretRows) make of the same bytes, and every error it throws is worded
 * by the same functions (a ragged row, an empty region cell, a year that is not one, more rows
 * than --max-rows, a line over 1 MiB, a header over the column limit, empty or duplicate column
 * names). tests/input/fastwide.test.ts checks both on generated files cut into pieces anywhere.
 *
 * It declines (returns null, and the text readers take the file) for these reasons only, each an
 * explicit check:
 * - decided on the first piece (the first two lines and 8 KiB): an empty input, a workbook's
 *   magic number, a NUL byte (binary), fewer than two non-empty lines at the start, a header line
 *   that is not UTF-8 or holds a quote or a lone CR, a layout other than a wide table whose header
 *   is line 1 (title lines, NBS exports, long tables…), a footnote on line 2, several columns
 *   that could be the region column (told apart by their values);
 * - found later, in a line not yet read: a quote (csv-parse's job), bytes that are not UTF-8
 *   (another encoding), a footnote line (注：…, Source: …: an NBS-style table), a lone CR.
 * Anything else that goes wrong is a bug and propagates.
 *
 * A plain decimal cell (`plainDecimal` in cells.ts) with at most 15 digits is m / 10^k with m and
 * 10^k exact doubles, so one IEEE division gives the correctly rounded value — the same double as
 * `Number(text)` (Clinger's fast path). Longer ones go through `Number()`; anything else is kept
 * as text for the cell parser.
 */
export function readWideFast(bytes: Buffer, name: string, options: DialectOptions, limits: CsvLimits): RawTable | null {
  return readWide(new BufferSource(bytes), name, options, limits);
}

/**
 * The same for a regular file, read in pieces (1 MiB) into one buffer that is reused: the file's
 * bytes are never held whole (28 MB that would cost ~100 ms of page faults alone). Returns the
 * table, the file's size and, when `hash` is set, its SHA-256; null to decline (the caller then
 * reads the file the ordinary way, which also words the error for a file that cannot be opened,
 * is not a regular file, or is empty).
 */
export function readWideFastFile(
  path: string,
  name: string,
  options: DialectOptions,
  limits: CsvLimits,
  { chunkBytes = 1 << 20, hash = false }: { chunkBytes?: number; hash?: boolean } = {},
): { table: RawTable; size: number; sha256: string | null } | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null; // cannot open: the ordinary reader words the error
  }
  try {
    const stat = fstatSync(fd);
    const size = stat.size;
    if (!stat.isFile() || size === 0) return null;
    const source = new FileSource(fd, size, chunkBytes, hash ? sha256Stream() : null);
    const table = readWide(source, name, options, limits);
    return table && { table, size, sha256: source.digest() };
  } finally {
    closeSync(fd);
  }
}

/**
 * Bytes arriving in pieces: `buffer[start, filled)` holds what is read and not yet consumed;
 * `more()` moves that to the front and reads on (false at the end of the input, or when one
 * line would not fit in 2 MiB: then `full` is set).
 */
interface ByteSource {
  buffer: Buffer;
  start: number;
  filled: number;
  done: boolean;
  full: boolean;
  /** The whole input's size in bytes. */
  size: number;
  more(): boolean;
}

class BufferSource implements ByteSource {
  start = 0;
  filled: number;
  done = true;
  full = false;
  size: number;
  constructor(public buffer: Buffer) {
    this.filled = buffer.length;
    this.size = buffer.length;
  }
  more(): boolean {
    return false;
  }
}

class FileSource implements ByteSource {
  buffer: Buffer;
  start = 0;
  filled = 0;
  done = false;
  full = false;
  constructor(
    private fd: number,
    public size: number,
    chunkBytes: number,
    private hash: ReturnType<typeof sha256Stream> | null,
  ) {
    // No bigger than the file (+1 so that the end is seen without growing): a search for the next
    // line break that runs past the data must not touch (page-fault) a mostly unused 1 MiB.
    this.buffer = Buffer.allocUnsafe(Math.max(1, Math.min(chunkBytes, size + 1)));
  }
  more(): boolean {
    if (this.done) return false;
    const rest = this.filled - this.start;
    if (this.start === 0 && rest === this.buffer.length) {
      // One line fills the buffer: make room, up to twice the longest line allowed.
      if (this.buffer.length > 2 * MAX_LINE_BYTES) {
        this.full = true;
        return false;
      }
      const grown = Buffer.allocUnsafe(this.buffer.length * 2);
      this.buffer.copy(grown, 0, 0, rest);
      this.buffer = grown;
    } else this.buffer.copy(this.buffer, 0, this.start, this.filled);
    this.start = 0;
    this.filled = rest;
    const n = readSync(this.fd, this.buffer, rest, this.buffer.length - rest, null);
    if (n === 0) this.done = true;
    this.hash?.update(this.buffer.subarray(rest, rest + n));
    this.filled += n;
    return n > 0;
  }
  digest(): string | null {
    return this.hash ? this.hash.digest() : null;
  }
}

function readWide(source: ByteSource, name: string, options: DialectOptions, limits: CsvLimits): RawTable | null {
  // The first two lines, whole
  const newlines = (from: number) => {
    let count = 0;
    const read = source.buffer.subarray(0, source.filled);
    for (let p = read.indexOf(0x0a, from); p >= 0 && count < 2; p = read.indexOf(0x0a, p + 1)) count++;
    return count;
  };
  // (and the first 8 KiB, where the text path looks for NUL bytes)
  while ((newlines(0) < 2 || source.filled < 8195) && source.more());
  const bytes = source.buffer;
  if (source.filled === 0) return null;
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (isWorkbook(bytes.subarray(0, source.filled), '')) return null;
  if (bytes.subarray(start, Math.min(start + 8192, source.filled)).includes(0)) return null;

  // The header must be line 1, and a data row must follow on line 2.
  const first = lineSpan(bytes, start, source.filled);
  if (first.to === first.from || first.next > source.filled) return null;
  const second = lineSpan(bytes, first.next, source.filled);
  if (second.to === second.from || (second.next > source.filled && !source.done)) return null;
  const head = bytes.subarray(start, first.next);
  if (head.includes(0x22) || !isUtf8(head) || bytes.subarray(first.from, first.to).includes(0x0d)) return null;
  const headerText = bytes.toString('utf8', first.from, first.to);
  const sep = detectDelimiter(headerText);
  const headerRow: TextRow = { line: 1, cells: headerText.split(sep) };
  const secondRow: TextRow = { line: 2, cells: bytes.toString('utf8', second.from, second.to).split(sep) };
  // The layout decision is the text readers' own, on the first two rows: a wide table whose
  // header is the first line. (More rows could only turn a transposed-NBS guess into wide.)
  if (!isPlainWideStart(headerRow, secondRow, name, options)) return null;
  // Several columns that could be the region column: the text readers tell them apart by values.
  if (!regionColumnByName(headerRow.cells, options.regionColumn)) return null;
  if (first.to - first.from > MAX_LINE_BYTES) throw lineTooLong(name, 1);
  if (headerRow.cells.length > limits.maxColumns) throw tooManyColumns(name, 1, headerRow.cells.length, limits);
  const { header, regionIndex, yearIndex, valueIndices } = wideHeader(headerRow, name, options.regionColumn, options.yearColumn);

  // Columns sized once: counted exactly when the input is all here, else estimated from the
  // lines at hand (and grown if the estimate falls short).
  let lines = 0;
  let lastBreak = first.next - 1;
  const read = bytes.subarray(0, source.filled);
  for (let p = read.indexOf(0x0a, first.next); p >= 0; p = read.indexOf(0x0a, p + 1)) {
    lines++;
    lastBreak = p;
  }
  const capacity = source.done ? lines + 1 : Math.ceil(((source.size - first.next) / Math.max(1, lastBreak + 1 - first.next)) * lines * 1.05) + 64;
  const parser = new WideRows(name, sep, header, regionIndex, yearIndex, valueIndices, limits, capacity);

  source.start = first.next;
  for (;;) {
    const buffer = source.buffer;
    // Complete lines only, unless the input has ended.
    let end = source.filled;
    if (!source.done) {
      const lastNewline = buffer.subarray(source.start, source.filled).lastIndexOf(0x0a);
      end = lastNewline < 0 ? source.start : source.start + lastNewline + 1;
    }
    if (end > source.start) {
      const segment = buffer.subarray(source.start, end);
      if (segment.includes(0x22) || !isUtf8(segment)) return null;
      if (!parser.feed(buffer, source.start, end)) return null;
      source.start = end;
    }
    if (source.done && source.start >= source.filled) break;
    if (!source.more()) {
      if (source.full) throw lineTooLong(name, parser.nextLine());
      if (source.start >= source.filled) break;
    }
  }
  const parsed = parser.finish();
  const table: RawTable = {
    name,
    format: 'wide',
    encoding: 'utf8',
    columns: valueIndices.map((i) => ({ name: header[i], unit: null })),
    rows: parsed.rows,
    hasYear: yearIndex >= 0,
    values: parsed.columns,
    text: parsed.text,
  };
  const warning = yearColumnsWarning(table, 1);
  if (warning) table.warnings = [warning];
  return table;
}

/** Line starting at `from`: its content [from, to) without the line break and a final CR; `next` starts the next line. */
function lineSpan(bytes: Buffer, from: number, end: number): { from: number; to: number; next: number } {
  let stop = bytes.indexOf(0x0a, from);
  if (stop < 0 || stop >= end) stop = end;
  return { from, to: stop > from && bytes[stop - 1] === 0x0d ? stop - 1 : stop, next: stop + 1 };
}

/**
 * The data rows, fed a piece of whole lines at a time; false from feed to decline the file (a
 * footnote or a lone CR). The byte loop works on local variables only, so that V8 compiles it
 * tightly; the rare rows that are blank or wrong are looked at again as text.
 */
class WideRows {
  readonly rows: RawRow[] = [];
  readonly text: Map<number, string>[];
  private readonly names = new Map<string, string>();
  private columns: Float64Array[];
  private readonly columnOf: Int32Array;
  private readonly sepByte: number;
  private readonly fields: number;
  private line = 1;
  /** Non-empty lines after the header (the text reader counts whitespace-only ones too). */
  private records = 0;

  constructor(
    private readonly name: string,
    private readonly sep: string,
    private readonly header: string[],
    private readonly regionIndex: number,
    private readonly yearIndex: number,
    valueIndices: number[],
    private readonly limits: CsvLimits,
    capacity: number,
  ) {
    this.sepByte = sep.charCodeAt(0);
    this.fields = header.length;
    this.columnOf = new Int32Array(this.fields).fill(-1);
    valueIndices.forEach((f, c) => (this.columnOf[f] = c));
    this.columns = valueIndices.map(() => new Float64Array(Math.max(1, capacity)));
    this.text = valueIndices.map(() => new Map<number, string>());
  }

  /** The line a line too long to read would have. */
  nextLine(): number {
    return this.line + 1;
  }

  finish(): { rows: RawRow[]; columns: Float64Array[]; text: Map<number, string>[] } {
    if (this.rows.length === 0) throw new Error('the byte reader finished without a row (line 2 was checked up front)');
    return { rows: this.rows, columns: this.columns.map((column) => column.subarray(0, this.rows.length)), text: this.text };
  }

  /** Lines in bytes [start, end); false to decline the file. */
  feed(bytes: Buffer, start: number, end: number): boolean {
    const { sepByte, fields, regionIndex, columnOf, rows, text, names } = this;
    let columns = this.columns;
    let line = this.line;
    while (start < end) {
      let stop = bytes.indexOf(0x0a, start);
      if (stop < 0 || stop >= end) stop = end;
      const from = start;
      start = stop + 1;
      line++;
      const to = stop > from && bytes[stop - 1] === 0x0d ? stop - 1 : stop;
      if (to === from) continue;
      if (to - from > MAX_LINE_BYTES) throw lineTooLong(this.name, line);
      if (++this.records > this.limits.maxRows) throw tooManyRows(this.name, this.limits);
      const r = rows.length;
      if (r === columns[0]?.length) {
        columns = columns.map((old) => {
          const grown = new Float64Array(Math.ceil(old.length * 1.5) + 16);
          grown.set(old);
          return grown;
        });
        this.columns = columns;
      }
      let region = '';
      let year: number | null = null;
      let yearFrom = from;
      let yearTo = from;
      let f = 0;
      let s = from;
      let firstEnd = from;
      // The plain-decimal state of the current field (see plainDecimal in cells.ts for the rule).
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
          else if (b === 0x0d) return false; // a lone CR: csv-parse counts lines differently
          else plain = false;
          continue;
        }
        // Field f is [s, p).
        if (f === 0) firstEnd = p;
        if (f < fields) {
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
            if (v !== v) text[c].set(r, bytes.toString('utf8', s, p));
          } else if (f === regionIndex) {
            const regionRaw = bytes.toString('utf8', s, p);
            // One string per region, not per row: normalised once, and later lookups by it hit.
            let known = names.get(regionRaw);
            if (known === undefined) names.set(regionRaw, (known = regionRaw.normalize('NFKC').trim()));
            region = known;
          } else {
            // neither a value nor the region: the year column (a wide header has no other kind)
            year = plain && digits > 0 && digits <= 4 && fraction < 0 && !negative ? mantissa : parseYear(bytes.toString('utf8', s, p));
            yearFrom = s;
            yearTo = p;
          }
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
      // A footnote (注：…, Source: …) ends an NBS-style table: the text readers' business.
      const lead = bytes[from];
      if (!(lead >= 0x30 && lead <= 0x39) && lead !== 0x2d && FOOTNOTE.test(bytes.toString('utf8', from, firstEnd))) return false;
      if (f !== fields || region === '' || (year === null && this.yearIndex >= 0)) {
        // The rare row that is blank (skipped, as the text reader drops it) or wrong (its error).
        const cells = bytes.toString('utf8', from, to).split(this.sep);
        if (cells.every((cell) => cell.trim() === '')) {
          for (const t of text) t.delete(r);
          continue;
        }
        const extraEmpty = f > fields && cells.slice(fields).every((cell) => cell.trim() === '');
        if (f !== fields && !extraEmpty) {
          if (f > this.limits.maxColumns) throw tooManyColumns(this.name, line, f, this.limits);
          throw raggedRow(this.name, line, f, fields);
        }
        if (region === '') throw emptyRegion(this.name, line, this.header[regionIndex]);
        if (year === null && this.yearIndex >= 0) throw badYear(this.name, line, bytes.toString('utf8', yearFrom, yearTo), region);
      }
      rows.push({ line, region, year });
    }
    this.line = line;
    return true;
  }
}
