import { Chalk, type ChalkInstance } from 'chalk';

/**
 * Plain-text tables aligned for CJK text (Chinese characters are two columns wide). The only
 * module that uses chalk; colour is decided once by the caller (`useColor`).
 */

export interface TableOptions {
  color: boolean;
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

/** Pads to a display width, counting East Asian wide characters as two. */
export function pad(text: string, width: number, align: Align = 'left'): string {
  const gap = Math.max(0, width - stringWidth(text));
  return align === 'right' ? ' '.repeat(gap) + text : text + ' '.repeat(gap);
}

export function displayWidth(text: string): number {
  return stringWidth(text);
}

/**
 * Renders rows under headers. `paint` may colour a cell after alignment (colour codes have no
 * width). @example renderTable([{ header: '地区' }, { header: 'D', align: 'right' }], [['北京', '0.789']], { color: false })
 * // => '地区  D    \n────  ─────\n北京  0.789\n'
 */
export function renderTable(
  columns: Column[],
  rows: string[][],
  options: TableOptions,
  paint?: (row: number, column: number, text: string, chalk: ChalkInstance) => string,
): string {
  // Each cell's width once; colour (and so chalk) only when it is on.
  const chalk = options.color ? makeChalk(true) : null;
  const cellWidths = rows.map((row) => columns.map((_, j) => stringWidth(row[j] ?? '')));
  const headerWidths = columns.map((c) => stringWidth(c.header));
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
  const header = line(columns.map((c) => c.header), headerWidths, null);
  const out = [chalk ? chalk.bold(header) : header, widths.map((w) => '─'.repeat(w)).join('  ')];
  rows.forEach((row, r) => out.push(line(row, cellWidths[r], r)));
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
