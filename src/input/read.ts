import { CoordixError } from '../errors.js';
import { decodeText } from './decode.js';
import { DEFAULT_LIMITS, parseCsv, type CsvLimits, type TextRow } from './csv.js';
import { interpretRows, type DialectOptions } from './dialect.js';
import { mergeTables, type InputFileInfo, type Panel } from './panel.js';
import { readFileSync } from 'node:fs';
import { sha256 } from '../model/load.js';
import { readWideFast, readWideFastFile } from './fastwide.js';
import { readSource, type SourceBytes } from './source.js';
import type { RawTable } from './table.js';
import { isWorkbook, readWorkbookRows } from './workbook.js';

export interface ReadOptions {
  /** Region and year column names (from the model). */
  regionColumn?: string;
  yearColumn?: string;
  /** Force an encoding instead of detection: utf8, gbk or gb18030. */
  encoding?: string;
  limits?: Partial<CsvLimits>;
  /** Indicator name for NBS exports without a 指标 line. */
  indicator?: string;
  /** Read every file as long format region,year,indicator,value. */
  long?: boolean;
  /** Sheet of a workbook: a name or a 1-based index. */
  sheet?: string;
  /** 1-based header row, instead of detection. */
  headerRow?: number;
  /**
   * Hash each input while reading it (default true). Off, a file read in pieces is hashed only if
   * its `sha256` is asked for, by reading it again — the CLI turns hashing on when it writes a manifest.
   */
  hashInputs?: boolean;
}

/** What coordix made of one input file. */
export interface ReadFile {
  info: InputFileInfo;
  table: RawTable;
}

/** Reads one file ("-" for stdin) into a table, detecting encoding and layout. */
export async function readTable(path: string, options: ReadOptions = {}): Promise<ReadFile> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const dialect: DialectOptions = {
    regionColumn: options.regionColumn ?? 'region',
    yearColumn: options.yearColumn ?? 'year',
    indicator: options.indicator,
    long: options.long,
    headerRow: options.headerRow,
  };
  // A plain wide UTF-8 CSV is the byte reader's (fastwide.ts); it declines everything else.
  const plainCandidate = (options.encoding === undefined || options.encoding === 'utf8') && !options.long && options.headerRow === undefined;
  if (plainCandidate && path !== '-' && !isWorkbook(new Uint8Array(0), path)) {
    // A file is read in pieces, never whole.
    const fast = readWideFastFile(path, path, dialect, limits, { hash: options.hashInputs !== false });
    if (fast) {
      let hash = fast.sha256;
      const source = {
        path,
        size: fast.size,
        get sha256() {
          return (hash ??= sha256(readFileSync(path)));
        },
      };
      return { info: fileInfo(source, path, fast.table), table: fast.table };
    }
  }
  const source = await readSource(path);
  let rows: TextRow[];
  let encoding: string;
  let name = source.name;
  if (isWorkbook(source.bytes, path)) {
    const book = await readWorkbookRows(source.bytes, source.name, options.sheet);
    rows = book.rows;
    encoding = 'xlsx';
    name = `${source.name}[${book.sheetName}]`;
    if (rows.length > limits.maxRows) throw new CoordixError(`${name}: more than ${limits.maxRows} rows; raise the limit with --max-rows N`);
  } else {
    // Standard input arrives whole: the byte reader takes it from memory.
    const fast = plainCandidate && path === '-' ? readWideFast(source.bytes, source.name, dialect, limits) : null;
    if (fast) return { info: fileInfo(source, name, fast), table: fast };
    const decoded = await decodeText(source.bytes, source.name, options.encoding);
    encoding = decoded.encoding;
    rows = parseCsv(decoded.text, source.name, limits);
  }
  if (rows.length === 0) throw new CoordixError(`${name}: no rows (only blank lines); the file needs a header row and data rows`);
  const table = interpretRows(rows, name, encoding, dialect);
  return { info: fileInfo(source, name, table), table };
}

function fileInfo(source: Pick<SourceBytes, 'path' | 'size' | 'sha256'>, name: string, table: RawTable): InputFileInfo {
  return {
    path: source.path,
    name,
    size: source.size,
    get sha256() {
      return source.sha256;
    },
    format: table.format,
    encoding: table.encoding,
    rows: table.rows.length,
  };
}

/**
 * Reads one or several files ("-" for stdin) into one validated panel.
 * @throws CoordixError naming the file and line for every unreadable input.
 */
export async function readPanel(paths: string[], options: ReadOptions = {}): Promise<Panel> {
  if (paths.length === 0) throw new CoordixError('no input files; give one or more CSV files, or - for stdin');
  if (paths.filter((p) => p === '-').length > 1) throw new CoordixError('stdin (-) is given more than once');
  const files: ReadFile[] = [];
  for (const path of paths) {
    const file = await readTable(path, options);
    if (files.some((f) => f.info.name === file.info.name)) throw new CoordixError(`${file.info.name}: the same file is given twice`);
    files.push(file);
  }
  return mergeTables(
    files.map((f) => f.table),
    files.map((f) => f.info),
  );
}
