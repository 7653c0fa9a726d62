import { Chalk, type ChalkInstance } from 'chalk';
import stringWidth from 'string-width';

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

/** Colour on only for a TTY, without NO_COLOR and without --no-color; FORCE_COLOR forces it on. */
export function useColor(stream: { isTTY?: boolean }, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return Boolean(stream.isTTY);
}

export type Align = 'left' | 'right';

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
  const chalk = makeChalk(options.color);
  const widths = columns.map((c, j) => Math.max(stringWidth(c.header), ...rows.map((r) => stringWidth(r[j] ?? ''))));
  const line = (cells: string[], r: number | null) =>
    cells
      .map((cell, j) => {
        const padded = pad(cell, widths[j], columns[j].align);
        return r !== null && paint ? paint(r, j, padded, chalk) : padded;
      })
      .join('  ')
      .trimEnd();
  const out = [chalk.bold(line(columns.map((c) => c.header), null)), widths.map((w) => '─'.repeat(w)).join('  ')];
  rows.forEach((row, r) => out.push(line(row, r)));
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
