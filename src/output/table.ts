import { Chalk, type ChalkInstance } from 'chalk';

/**
 * Plain-text tables aligned for CJK text (Chinese characters are two columns wide). The only
 * module that uses chalk; colour is decided once by the caller (`useColor`).
 */

export interface TableOptions {
  color: boolean;
  /** A line above the table (made terminal-safe like every cell). */
  title?: string;
}

/** C0 and C1 controls, DEL, and the bidirectional overrides and isolates that reorder a line. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const HAS_UNSAFE = new RegExp(UNSAFE.source);

/**
 * Makes text safe to print on a terminal: nothing in it can move the cursor, clear the screen,
 * set the window title or reorder the line. C0 controls (U+0000–U+001F) become their Unicode
 * control pictures (ESC → ␛, TAB → ␉, LF → ␊, U+2400 + the code) and DEL becomes ␡; C1 controls
 * (U+0080–U+009F) and the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069),
 * which have no pictures, become the six characters of their escape, e.g. `\u009b`. Every
 * replacement is visible and has the width of its characters. Other text is unchanged.
 * @example terminalSafe('北京\u001b[2J') // => '北京␛[2J'
 */
export function terminalSafe(text: string): string {
  if (!HAS_UNSAFE.test(text)) return text;
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\\u' + code.toString(16).padStart(4, '0');
  });
}

export function makeChalk(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

/** Colour on only for a terminal, without NO_COLOR and without --no-color; FORCE_COLOR forces it on. */
export function useColor(terminal: boolean, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0') return true;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return terminal;
}

export type Align = 'left' | 'right';

/**
 * Display width of a string in a terminal: East Asian wide and fullwidth characters (CJK, Hangul,
 * fullwidth forms, emoji) count two columns, combining marks and zero-width characters none,
 * everything else one. Ranges from Unicode's EastAsianWidth.txt (W and F), coarsened to blocks.
 * @example stringWidth('内蒙古 2019') // => 11
 */
export function stringWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x300) {
      width += code >= 0x20 && code !== 0x7f ? 1 : 0;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      code = ((code - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00) + 0x10000;
      i++;
    }
    width += codePointWidth(code);
  }
  return width;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function codePointWidth(code: number): number {
  if ((code >= 0x300 && code <= 0x36f) || (code >= 0x200b && code <= 0x200f) || (code >= 0xfe00 && code <= 0xfe0f) || code === 0xfeff) return 0;
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

export interface Column {
  header: string;
  align?: Align;
}

/**
 * Pads to a display width, counting East Asian wide characters as two; the text is made
 * terminal-safe first (`terminalSafe`). @example pad('北京', 6, 'right') // => '  北京'
 */
export function pad(text: string, width: number, align: Align = 'left'): string {
  const safe = terminalSafe(text);
  const gap = Math.max(0, width - stringWidth(safe));
  return align === 'right' ? ' '.repeat(gap) + safe : safe + ' '.repeat(gap);
}

/** The width `pad` gives the text: its terminal-safe form's display width. @example displayWidth('a\u001bb') // => 3 */
export function displayWidth(text: string): number {
  return stringWidth(terminalSafe(text));
}

/**
 * Renders rows under headers, each column as wide as its widest cell, two spaces apart. Every
 * title, header and cell is made terminal-safe (`terminalSafe`) before it is measured, so the
 * only control characters in the result are line feeds and the colour codes of `paint` and of
 * the bold header. `paint` may colour a cell after alignment (colour codes have no width).
 * @example renderTable([{ header: '地区' }, { header: 'D', align: 'right' }], [['北京', '0.789']], { color: false }) // => '地区      D\n────  ─────\n北京  0.789\n'
 */
export function renderTable(
  columns: Column[],
  rows: string[][],
  options: TableOptions,
  paint?: (row: number, column: number, text: string, chalk: ChalkInstance) => string,
): string {
  // Each cell's width once; colour (and so chalk) only when it is on.
  const chalk = options.color ? makeChalk(true) : null;
  const safeRows = rows.map((row) => columns.map((_, j) => terminalSafe(String(row[j] ?? ''))));
  const headers = columns.map((c) => terminalSafe(String(c.header ?? '')));
  const cellWidths = safeRows.map((row) => row.map(stringWidth));
  const headerWidths = headers.map(stringWidth);
  const widths = headerWidths.map((w, j) => cellWidths.reduce((max, row) => (row[j] > max ? row[j] : max), w));
  const line = (cells: string[], cellWidth: number[], r: number | null) => {
    let text = '';
    for (let j = 0; j < columns.length; j++) {
      const cell = cells[j] ?? '';
      const gap = ' '.repeat(widths[j] - cellWidth[j]);
      const padded = columns[j].align === 'right' ? gap + cell : cell + gap;
      text += (j > 0 ? '  ' : '') + (r !== null && paint && chalk ? paint(r, j, padded, chalk) : padded);
    }
    return text.trimEnd();
  };
  const header = line(headers, headerWidths, null);
  const out = [chalk ? chalk.bold(header) : header, widths.map((w) => '─'.repeat(w)).join('  ')];
  if (options.title !== undefined) out.unshift(terminalSafe(options.title));
  safeRows.forEach((row, r) => out.push(line(row, cellWidths[r], r)));
  return out.join('\n') + '\n';
}

/** The colour of a coordination level: reds for imbalance, yellow at the verge, greens above. */
export function paintLevel(chalk: ChalkInstance, level: number, text: string): string {
  if (level <= 2) return chalk.red(text);
  if (level <= 4) return chalk.redBright(text);
  if (level === 5) return chalk.yellow(text);
  if (level <= 7) return chalk.cyan(text);
  return chalk.green(text);
}

const SPARKS = '▁▂▃▄▅▆▇█';

/** A sparkline of a series (empty cells as spaces). @example sparkline([1, 2, 3]) // => '▁▅█' */
export function sparkline(values: (number | null)[]): string {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0) return '';
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return values
    .map((v) => (v === null || !Number.isFinite(v) ? ' ' : SPARKS[hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * (SPARKS.length - 1))]))
    .join('');
}

/** A horizontal bar of a value in [0, 1], `width` columns wide, in eighths. */
export function bar(value: number, width: number): string {
  const eighths = Math.round(Math.max(0, Math.min(1, value)) * width * 8);
  const full = Math.floor(eighths / 8);
  const rest = eighths % 8;
  return '█'.repeat(full) + (rest ? '▏▎▍▌▋▊▉'[7 - rest] : '');
}
