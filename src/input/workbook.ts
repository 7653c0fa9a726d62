import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { CoordixError } from '../errors.js';
import type { TextRow } from './csv.js';
import type { WorkbookJob, WorkbookReply } from './workbook-worker.js';
import { checkZipSizes, DEFAULT_ZIP_LIMITS, zipEntries, type ZipLimits } from './zip.js';

/**
 * Zip (xlsx) or OLE2 (xls) magic numbers, or a workbook's file extension.
 * @example isWorkbook(new Uint8Array([80, 75, 3, 4]), 'data.bin') // => true
 */
export function isWorkbook(bytes: Uint8Array, path: string): boolean {
  if (/\.(xlsx|xlsm|xls)$/i.test(path)) return true;
  const ole = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  return isZip(bytes) || ole;
}

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** What reading one workbook may cost before coordix stops it. */
export interface WorkbookLimits extends ZipLimits {
  /** Cells in the sheet's range (rows × columns, blanks included). */
  maxCells: number;
  /** Heap of the reader's process, MB (V8's old generation, `--max-old-space-size`). */
  maxMemoryMb: number;
  /** Wall-clock time of the reader's process, milliseconds, start-up included. */
  timeoutMs: number;
}

/** 5,000,000 cells, e.g. 31 provinces × 20 years × 8,000 indicator columns. */
export const DEFAULT_MAX_CELLS = 5_000_000;
/** 512 MB of heap for the reader's process. */
export const DEFAULT_WORKBOOK_MEMORY_MB = 512;
/** 30 s for the reader's process. */
export const DEFAULT_WORKBOOK_TIMEOUT_MS = 30_000;

export const DEFAULT_WORKBOOK_LIMITS: Readonly<WorkbookLimits> = Object.freeze({
  ...DEFAULT_ZIP_LIMITS,
  maxCells: DEFAULT_MAX_CELLS,
  maxMemoryMb: DEFAULT_WORKBOOK_MEMORY_MB,
  timeoutMs: DEFAULT_WORKBOOK_TIMEOUT_MS,
});

/** SheetJS could not parse the file. */
export class WorkbookCorruptError extends CoordixError {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: cannot read the workbook (${detail}); open it in Excel or LibreOffice and save it again as .xlsx, or save the sheet as CSV`);
    this.name = 'WorkbookCorruptError';
  }
}

/** The sheet asked for is not in the workbook. */
export class UnknownSheetError extends CoordixError {
  constructor(
    readonly file: string,
    readonly sheet: string,
    readonly sheetNames: string[],
  ) {
    super(
      sheetNames.length === 0
        ? `${file}: the workbook has no sheets; save the data as CSV instead`
        : `${file}: no sheet ${JSON.stringify(sheet)}; the sheets are ${sheetNames.map((n, i) => `${i + 1} ${JSON.stringify(n)}`).join(', ')} — give one of them by name or number with --sheet`,
    );
    this.name = 'UnknownSheetError';
  }
}

/** The sheet (asked for, or the first) has no cells. */
export class EmptySheetError extends CoordixError {
  constructor(
    readonly file: string,
    readonly sheet: string,
    readonly sheetNames: string[],
  ) {
    super(`${file}: sheet ${JSON.stringify(sheet)} is empty; choose the sheet with the data with --sheet (the sheets are ${sheetNames.map((n, i) => `${i + 1} ${JSON.stringify(n)}`).join(', ')})`);
    this.name = 'EmptySheetError';
  }
}

/** The sheet's range holds more cells than `maxCells`. */
export class TooManyCellsError extends CoordixError {
  constructor(
    readonly file: string,
    readonly sheet: string,
    readonly range: string,
    readonly cells: number,
    readonly limit: number,
  ) {
    super(`${file}: sheet ${JSON.stringify(sheet)} spans ${range}, ${cells} cells, more than the limit of ${limit}; delete the unused rows and columns or save the sheet as CSV, or raise the limit (maxCells)`);
    this.name = 'TooManyCellsError';
  }
}

/** The reader's process ran out of its heap. */
export class WorkbookMemoryError extends CoordixError {
  constructor(
    readonly file: string,
    readonly limitMb: number,
  ) {
    super(`${file}: reading the workbook needed more than ${limitMb} MB of memory and was stopped; it may be a decompression bomb — if you trust the file, save the sheet as CSV, or raise the limit (maxMemoryMb)`);
    this.name = 'WorkbookMemoryError';
  }
}

/** The reader's process ran past its time limit. */
export class WorkbookTimeoutError extends CoordixError {
  constructor(
    readonly file: string,
    readonly limitMs: number,
  ) {
    super(`${file}: reading the workbook took more than ${limitMs / 1000} s and was stopped; the file may be crafted to stall the reader — if you trust it, save the sheet as CSV, or raise the limit (timeoutMs)`);
    this.name = 'WorkbookTimeoutError';
  }
}

/** The reader's process ended without an answer for another reason (a crash inside SheetJS). */
export class WorkbookReaderError extends CoordixError {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: the workbook reader stopped without an answer (${detail}); save the sheet as CSV and read that instead`);
    this.name = 'WorkbookReaderError';
  }
}

/**
 * One sheet of an .xlsx or .xls workbook as text rows, with 1-based spreadsheet row numbers.
 *
 * SheetJS parses the file in a child process of its own (src/input/workbook-worker.ts) with a
 * heap limit (`maxMemoryMb`) and a wall-clock limit (`timeoutMs`, then it is killed), and sends
 * back cell text only, by structured clone: a crafted file can neither pollute this process's
 * prototypes (CVE-2023-30533) nor stall or exhaust it (CVE-2024-22363, decompression bombs).
 * Before that, an .xlsx's zip directory is checked against `maxUncompressedBytes` and
 * `maxCompressionRatio` (zip.ts); in the child, a sheet whose range has more than `maxCells`
 * cells is refused. Every cell is read, also those beyond a stale `<dimension>`.
 *
 * Numbers become their shortest round-trip text; text cells (numbers stored as text) go through
 * the same cell parser as CSV. `sheet` is a name or a 1-based index; default: the first sheet
 * with any content.
 * @throws ZipBombError, ZipFormatError, WorkbookCorruptError, UnknownSheetError, EmptySheetError,
 *   TooManyCellsError, WorkbookMemoryError, WorkbookTimeoutError, WorkbookReaderError — each a
 *   CoordixError whose first line names the file and what to do.
 */
export async function readWorkbookRows(bytes: Uint8Array, name: string, sheet?: string, limits: Partial<WorkbookLimits> = {}): Promise<{ rows: TextRow[]; sheetName: string }> {
  const limit = { ...DEFAULT_WORKBOOK_LIMITS, ...limits };
  if (isZip(bytes)) checkZipSizes(zipEntries(bytes, name), name, limit);
  const reply = await runReader(name, { bytes, sheet: sheet ?? null, maxCells: limit.maxCells, sheetJsPath: sheetJsPath() }, limit);
  switch (reply.kind) {
    case 'rows':
      return { rows: reply.rows, sheetName: reply.sheetName };
    case 'corrupt':
      throw new WorkbookCorruptError(name, reply.detail);
    case 'no-sheet':
      throw new UnknownSheetError(name, sheet ?? '1', reply.sheetNames);
    case 'empty':
      throw new EmptySheetError(name, reply.sheetName, reply.sheetNames);
    case 'too-many-cells':
      throw new TooManyCellsError(name, reply.sheetName, reply.range, reply.cells, limit.maxCells);
  }
}

function sheetJsPath(): string {
  return createRequire(import.meta.url).resolve('xlsx');
}

/**
 * How to start the child: the compiled dist/input/workbook-worker.js next to this file (tsc's
 * output); in the source tree (tests), the TypeScript file transpiled by the `typescript` package
 * — the child imports nothing but Node's own modules, so one transpiled string runs as it is.
 */
function childArguments(): string[] {
  const compiled = fileURLToPath(new URL('./workbook-worker.js', import.meta.url));
  if (existsSync(compiled)) return [compiled];
  const source = fileURLToPath(new URL('./workbook-worker.ts', import.meta.url));
  if (existsSync(source)) return ['--input-type=module', '--eval', (transpiled ??= transpile(source))];
  throw new Error(`the workbook reader's script (workbook-worker.js) is missing next to ${fileURLToPath(import.meta.url)}; the installation is incomplete`);
}

let transpiled: string | undefined;

function transpile(path: string): string {
  const ts = createRequire(import.meta.url)('typescript') as typeof import('typescript');
  return ts.transpileModule(readFileSync(path, 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
}

/** Runs one job in a fresh child process and returns its checked answer. */
function runReader(name: string, job: WorkbookJob, limit: WorkbookLimits): Promise<WorkbookReply> {
  const env: NodeJS.ProcessEnv = { ...process.env, COORDIX_WORKBOOK_CHILD: '1' };
  // Options from the environment (a heap size, a loader) are not the reader's business.
  delete env.NODE_OPTIONS;
  const args = [`--max-old-space-size=${Math.max(16, Math.floor(limit.maxMemoryMb))}`, `--max-semi-space-size=16`, ...childArguments()];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced', env, windowsHide: true });
    let reply: WorkbookReply | undefined;
    let timedOut = false;
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      stderr = (stderr + text).slice(-16384);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limit.timeoutMs);
    child.on('message', (message: unknown) => {
      try {
        reply = checkedReply(message);
      } catch (e) {
        reject(new WorkbookReaderError(name, (e as Error).message));
      }
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new WorkbookReaderError(name, `cannot start it: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (reply) resolve(reply);
      else if (timedOut) reject(new WorkbookTimeoutError(name, limit.timeoutMs));
      else if (/heap out of memory|Reached heap limit|Allocation failed/i.test(stderr)) reject(new WorkbookMemoryError(name, limit.maxMemoryMb));
      else {
        const last = stderr.trim().split('\n').pop() ?? '';
        reject(new WorkbookReaderError(name, `${signal ? `signal ${signal}` : `exit code ${code}`}${last ? `: ${last}` : ''}`));
      }
    });
    child.send(job, (e) => {
      if (e) child.kill('SIGKILL');
    });
  });
}

/** The child's answer rebuilt from checked fields only (whatever else it holds is dropped). */
function checkedReply(message: unknown): WorkbookReply {
  const m = message as Record<string, unknown>;
  const strings = (x: unknown): string[] => {
    if (!Array.isArray(x) || !x.every((s) => typeof s === 'string')) throw new Error('a malformed answer');
    return x.slice();
  };
  const text = (x: unknown): string => {
    if (typeof x !== 'string') throw new Error('a malformed answer');
    return x;
  };
  switch (m?.kind) {
    case 'rows': {
      if (!Array.isArray(m.rows)) throw new Error('a malformed answer');
      const rows = m.rows.map((row: { line?: unknown; cells?: unknown }) => {
        if (typeof row?.line !== 'number' || !Number.isInteger(row.line)) throw new Error('a malformed answer');
        return { line: row.line, cells: strings(row.cells) };
      });
      return { kind: 'rows', sheetNames: strings(m.sheetNames), sheetName: text(m.sheetName), rows };
    }
    case 'corrupt':
      return { kind: 'corrupt', detail: text(m.detail) };
    case 'no-sheet':
      return { kind: 'no-sheet', sheetNames: strings(m.sheetNames) };
    case 'empty':
      return { kind: 'empty', sheetNames: strings(m.sheetNames), sheetName: text(m.sheetName) };
    case 'too-many-cells':
      if (typeof m.cells !== 'number') throw new Error('a malformed answer');
      return { kind: 'too-many-cells', sheetNames: strings(m.sheetNames), sheetName: text(m.sheetName), range: text(m.range), cells: m.cells };
    default:
      throw new Error('a malformed answer');
  }
}
