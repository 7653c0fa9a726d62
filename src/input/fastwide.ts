import { isUtf8 } from 'node:buffer';
import type { Hash } from 'node:crypto';
import { cryptoModule } from '../hash.js';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { detectDelimiter, MAX_LINE_BYTES, type CsvLimits, type TextRow } from './csv.js';
import { FOOTNOTE, interpretRows, type DialectOptions } from './dialect.js';
import { parseYear } from './cells.js';
import type { RawRow, RawTable } from './table.js';
import { wideHeader } from './wide.js';
import { isWorkbook } from './workbook.js';

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
  return readWide(new BufferSource(bytes), name, options, limits);
}

/**
 * The same for a regular file, read in pieces (1 MiB) into one buffer that is reused: the file's
 * bytes are never held whole (28 MB that would cost ~100 ms of page faults alone). Returns the
 * table, the file's size and, when `hash` is set, its SHA-256; null to decline (the caller then
 * reads the file the ordinary way) — also for a file under `minBytes`.
 */
export function readWideFastFile(
  path: string,
  name: string,
  options: DialectOptions,
  limits: CsvLimits,
  { chunkBytes = 1 << 20, hash = false, minBytes = 0 }: { chunkBytes?: number; hash?: boolean; minBytes?: number } = {},
): { table: RawTable; size: number; sha256: string | null } | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null; // the ordinary reader words the error
  }
  try {
    const stat = fstatSync(fd);
    const size = stat.size;
    if (!stat.isFile() || size === 0 || size < minBytes) return null;
    const source = new FileSource(fd, size, chunkBytes, hash ? cryptoModule().createHash('sha256') : null);
    const table = readWide(source, name, options, limits);
    return table && { table, size, sha256: source.digest() };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * Bytes arriving in pieces: `buffer[start, filled)` holds what is read and not yet consumed;
 * `more()` moves that to the front and reads on (false at the end of the input).
 */
interface ByteSource {
  buffer: Buffer;
  start: number;
  filled: number;
  done: boolean;
  /** The whole input's size in bytes. */
  size: number;
  more(): boolean;
}

class BufferSource implements ByteSource {
  start = 0;
  filled: number;
  done = true;
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
  constructor(
    private fd: number,
    public size: number,
    chunkBytes: number,
    private hash: Hash | null,
  ) {
    // No bigger than the file (+1 so that the end is seen without growing): a search for the next
    // line break that runs past the data must not touch (page-fault) a mostly unused 1 MiB.
    this.buffer = Buffer.allocUnsafe(Math.max(1, Math.min(chunkBytes, size + 1)));
  }
  more(): boolean {
    if (this.done) return false;
    const rest = this.filled - this.start;
    if (this.start === 0 && rest === this.buffer.length) {
      // One line fills the buffer: make room (lines over 1 MiB are declined later).
      if (this.buffer.length > 2 * MAX_LINE_BYTES) return false;
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
    return this.hash ? this.hash.digest('hex') : null;
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
  if (head.includes(0x22) || !isUtf8(head)) return null; // quotes: csv-parse's job
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
  const parser = new WideRows(sep.charCodeAt(0), fields, regionIndex, valueIndices, limits.maxRows, capacity);

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
    if (!source.more() && source.start >= source.filled) break;
  }
  const parsed = parser.finish();
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
function lineSpan(bytes: Buffer, from: number, end: number): { from: number; to: number; next: number } {
  let stop = bytes.indexOf(0x0a, from);
  if (stop < 0 || stop >= end) stop = end;
  return { from, to: stop > from && bytes[stop - 1] === 0x0d ? stop - 1 : stop, next: stop + 1 };
}

/**
 * The data rows, fed a piece of whole lines at a time; null from finish() (or false from feed)
 * at the first irregularity. The byte loop works on local variables only, so that V8 compiles it
 * tightly.
 */
class WideRows {
  readonly rows: RawRow[] = [];
  readonly text = new Map<number, string>();
  private readonly names = new Map<string, string>();
  private columns: Float64Array[];
  private readonly columnOf: Int32Array;
  private readonly width: number;
  private line = 1;

  constructor(
    private readonly sepByte: number,
    private readonly fields: number,
    private readonly regionIndex: number,
    valueIndices: number[],
    private readonly maxRows: number,
    capacity: number,
  ) {
    this.width = valueIndices.length;
    this.columnOf = new Int32Array(fields).fill(-1);
    valueIndices.forEach((f, c) => (this.columnOf[f] = c));
    this.columns = valueIndices.map(() => new Float64Array(Math.max(1, capacity)));
  }

  finish(): { rows: RawRow[]; columns: Float64Array[]; text: Map<number, string> } | null {
    if (this.rows.length === 0) return null;
    return { rows: this.rows, columns: this.columns.map((column) => column.subarray(0, this.rows.length)), text: this.text };
  }

  /** Lines in bytes [start, end); false to decline the file. */
  feed(bytes: Buffer, start: number, end: number): boolean {
    const { sepByte, fields, regionIndex, columnOf, width, rows, text, maxRows, names } = this;
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
      const r = rows.length;
      if (to - from > MAX_LINE_BYTES || r + 1 > maxRows) return false;
      if (r === columns[0]?.length) {
        columns = columns.map((old) => {
          const grown = new Float64Array(Math.ceil(old.length * 1.5) + 16);
          grown.set(old);
          return grown;
        });
        this.columns = columns;
      }
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
        if (f >= fields) return false;
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
          // One string per region, not per row: normalised once, and later lookups by it hit.
          let known = names.get(regionRaw);
          if (known === undefined) names.set(regionRaw, (known = regionRaw.normalize('NFKC').trim()));
          region = known;
          if (region === '') return false;
        } else {
          // neither a value nor the region: the year column (a wide header has no other kind)
          year = plain && digits > 0 && digits <= 4 && fraction < 0 && !negative ? mantissa : parseYear(bytes.toString('utf8', s, p));
          if (year === null) return false;
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
      if (f !== fields) return false;
      // A footnote (注：…, 数据来源：…) ends an NBS-style table: the text path's business.
      const lead = bytes[from];
      if (!(lead >= 0x30 && lead <= 0x39) && lead !== 0x2d && FOOTNOTE.test(regionIndex === 0 ? regionRaw : bytes.toString('utf8', from, firstEnd))) return false;
      rows.push({ line, region, year, cells: NO_CELLS });
    }
    this.line = line;
    return true;
  }
}
