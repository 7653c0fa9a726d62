import { CoordixError } from '../errors.js';
import { decodeText } from './decode.js';
import { DEFAULT_LIMITS, parseCsv, type CsvLimits } from './csv.js';
import { mergeTables, type InputFileInfo, type Panel } from './panel.js';
import { readSource } from './source.js';
import type { RawTable } from './table.js';
import { readWide } from './wide.js';

export interface ReadOptions {
  /** Region and year column names (from the model). */
  regionColumn?: string;
  yearColumn?: string;
  encoding?: string;
  limits?: Partial<CsvLimits>;
}

/**
 * Reads one or several files ("-" for stdin) into one validated panel.
 * @throws CoordixError naming the file and line for every unreadable input.
 */
export async function readPanel(paths: string[], options: ReadOptions = {}): Promise<Panel> {
  if (paths.length === 0) throw new CoordixError('no input files; give one or more CSV files, or - for stdin');
  if (paths.filter((p) => p === '-').length > 1) throw new CoordixError('stdin (-) is given more than once');
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const tables: RawTable[] = [];
  const files: InputFileInfo[] = [];
  for (const path of paths) {
    const source = await readSource(path);
    const { text, encoding } = await decodeText(source.bytes, source.name, options.encoding);
    const rows = parseCsv(text, source.name, limits);
    if (rows.length === 0) throw new CoordixError(`${source.name}: no rows (the file holds only blank lines); it needs a header row and data rows`);
    const table = readWide(rows, source.name, encoding, options.regionColumn ?? 'region', options.yearColumn ?? 'year');
    if (files.some((f) => f.name === source.name)) throw new CoordixError(`${source.name}: the same file is given twice`);
    files.push({ path: source.path, name: source.name, size: source.size, sha256: source.sha256, format: table.format, encoding, rows: table.rows.length });
    tables.push(table);
  }
  return mergeTables(tables, files);
}
