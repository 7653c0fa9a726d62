import { basename, resolve } from 'node:path';
import { CoordixError, UsageError } from '../errors.js';
import { aliasLookup, applyAlias } from './aliases.js';
import { filterTables } from './filters.js';
import { decodeText } from './decode.js';
import { DEFAULT_LIMITS, parseCsv, type CsvLimits, type TextRow } from './csv.js';
import { interpretRows, type DialectOptions } from './dialect.js';
import { mergeTables, type InputFileInfo, type Panel } from './panel.js';
import { readFileSync, statSync } from 'node:fs';
import { sha256 } from '../model/load.js';
import { readWideFast, readWideFastFile } from './fastwide.js';
import { DEFAULT_MAX_DATA_BYTES, formatBytes, readSource, type SourceBytes } from './source.js';
import type { RawTable } from './table.js';
import { isWorkbook, readWorkbookRows, type WorkbookLimits } from './workbook.js';

export interface ReadOptions {
  /** Region and year column names (from the model). */
  regionColumn?: string;
  yearColumn?: string;
  /** Force an encoding instead of detection: utf8, gbk or gb18030. */
  encoding?: string;
  limits?: Partial<CsvLimits>;
  /**
   * The indicator name of NBS exports: one name for the one file that lacks a 指标 line (a file's
   * own line wins), or names by file (`--indicator FILE=NAME`: the file as given, or its base
   * name), which win over the file's 指标 line.
   */
  indicator?: string | Record<string, string>;
  /** Region names mapped to provinces (`aliases:` in the model, `--aliases FILE`), applied to every region cell. */
  aliases?: Record<string, string>;
  /** Only these years, applied before the panel is merged (so before any missing-value handling). */
  years?: number[];
  /** Only these regions (any spelling of a province, or names as in the data), applied like `years`. */
  regions?: string[];
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
  /** Refuse an input past this many bytes (`--max-bytes`; default `DEFAULT_MAX_DATA_BYTES`, 1 GiB). */
  maxBytes?: number;
  /** Limits of the workbook reader (declared size, compression ratio, cells, memory, time; workbook.ts defaults). */
  workbookLimits?: Partial<WorkbookLimits>;
}

/** What coordix made of one input file. */
export interface ReadFile {
  info: InputFileInfo;
  table: RawTable;
}

/** Reads one file ("-" for stdin) into a table, detecting encoding and layout. */
export async function readTable(path: string, options: ReadOptions = {}): Promise<ReadFile> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const perFile = typeof options.indicator === 'object' ? options.indicator : undefined;
  const dialect: DialectOptions = {
    regionColumn: options.regionColumn ?? 'region',
    yearColumn: options.yearColumn ?? 'year',
    indicator: typeof options.indicator === 'string' ? options.indicator : undefined,
    indicatorName: perFile && indicatorFor(perFile, path),
    perFileIndicators: perFile !== undefined,
    long: options.long,
    headerRow: options.headerRow,
  };
  const read = await readFileAs(path, options, dialect, limits);
  if (options.aliases === undefined) return read;
  // (renaming keeps the rows: the file's info stands)
  return { info: read.info, table: renameRegions(read.table, aliasLookup(options.aliases, 'aliases')) };
}

/** The file as a table in the dialect given, by the byte reader or the text readers. */
async function readFileAs(path: string, options: ReadOptions, dialect: DialectOptions, limits: CsvLimits): Promise<ReadFile> {
  // A plain wide UTF-8 CSV is the byte reader's (fastwide.ts); it declines everything else.
  const plainCandidate = (options.encoding === undefined || options.encoding === 'utf8') && !options.long && options.headerRow === undefined;
  if (plainCandidate && path !== '-' && !isWorkbook(new Uint8Array(0), path)) {
    // The byte reader reads a regular file in pieces: --max-bytes is checked from its size first.
    const size = regularFileSize(path);
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_DATA_BYTES;
    if (size !== null && size > maxBytes) {
      throw new CoordixError(`${path}: the file is ${formatBytes(size)}, more than the limit of ${formatBytes(maxBytes)}; if it really is that large, raise the limit with --max-bytes N (bytes)`);
    }
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
  // Bounded (--max-bytes); endless stdin also stops at --max-rows as it arrives (lines counted, with room for title lines).
  const source = await readSource(path, { maxBytes: options.maxBytes, maxLines: path === '-' ? limits.maxRows + 1000 : undefined });
  let rows: TextRow[];
  let encoding: string;
  let name = source.name;
  if (isWorkbook(source.bytes, path)) {
    const book = await readWorkbookRows(source.bytes, source.name, options.sheet, options.workbookLimits);
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

/** The table with every region name passed through the aliases. */
function renameRegions(table: RawTable, lookup: Map<string, string>): RawTable {
  if (lookup.size === 0) return table;
  const renamed = new Map<string, string>();
  const rows = table.rows.map((row) => {
    let region = renamed.get(row.region);
    if (region === undefined) renamed.set(row.region, (region = applyAlias(lookup, row.region)));
    return region === row.region ? row : { ...row, region };
  });
  return { ...table, rows };
}

/**
 * The name `--indicator FILE=NAME` gives a file: by the path as given, the same path resolved,
 * or the base name.
 */
function indicatorFor(names: Record<string, string>, path: string): string | undefined {
  if (Object.hasOwn(names, path)) return names[path];
  const resolved = resolve(path);
  for (const [file, name] of Object.entries(names)) if (resolve(file) === resolved) return name;
  for (const [file, name] of Object.entries(names)) if (file === basename(path)) return name;
  return undefined;
}

/** `--indicator` names that cannot be used as given. */
export class IndicatorOptionError extends UsageError {
  constructor(
    readonly files: string[],
    message: string,
  ) {
    super(message);
    this.name = 'IndicatorOptionError';
  }
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
  if (typeof options.indicator === 'object') {
    for (const file of Object.keys(options.indicator)) {
      const matches = paths.filter((p) => p === file || resolve(p) === resolve(file) || basename(p) === file);
      if (matches.length === 0) throw new IndicatorOptionError([file], `--indicator ${file}=${options.indicator[file]}: ${file} is not one of the input files (${paths.join(', ')})`);
      if (matches.length > 1) throw new IndicatorOptionError(matches, `--indicator ${file}=${options.indicator[file]}: ${file} could be any of ${matches.join(', ')}; write the file as given on the command line`);
    }
  }
  const files: ReadFile[] = [];
  for (const path of paths) {
    const file = await readTable(path, options);
    if (files.some((f) => f.info.name === file.info.name)) throw new CoordixError(`${file.info.name}: the same file is given twice`);
    files.push(file);
  }
  if (typeof options.indicator === 'string') {
    const unnamed = files.filter((f) => f.table.indicatorFrom === 'option').map((f) => f.info.name);
    if (unnamed.length > 1) {
      throw new IndicatorOptionError(
        unnamed,
        `--indicator ${options.indicator}: ${unnamed.length} files have no 指标 (indicator) line (${unnamed.join(', ')}), and one name cannot name them all; name each with --indicator FILE=NAME (e.g. --indicator ${unnamed[0]}=${options.indicator})`,
      );
    }
  } else if (options.indicator !== undefined) {
    const wrong = files.find((f) => f.table.indicatorFrom === undefined && indicatorFor(options.indicator as Record<string, string>, f.info.path) !== undefined);
    if (wrong) throw new IndicatorOptionError([wrong.info.name], `--indicator ${wrong.info.name}=…: ${wrong.info.name} is a ${wrong.table.format} table whose columns name its indicators; --indicator FILE=NAME names the one indicator of an NBS export`);
  }
  const filtered = filterTables(
    files.map((f) => f.table),
    { years: options.years, regions: options.regions },
  );
  const panel = mergeTables(
    filtered.tables,
    files.map((f) => f.info),
  );
  panel.warnings.push(...filtered.warnings);
  return panel;
}

/** The size of a regular file, or null for anything else (a device, a FIFO, a missing file: the readers word those). */
function regularFileSize(path: string): number | null {
  try {
    const stat = statSync(path);
    return stat.isFile() ? stat.size : null;
  } catch {
    return null;
  }
}
