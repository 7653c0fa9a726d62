/**
 * The workbook reader's child process: parses one .xlsx/.xls with SheetJS and sends back plain
 * cell text only. It runs in a process of its own (started by workbook.ts) because SheetJS 0.18.5
 * can be made to pollute Object.prototype by a crafted file (CVE-2023-30533) and to spend
 * unbounded time in its regular expressions (CVE-2024-22363): here, a polluted prototype dies with
 * the process, and the parent kills a process that takes too long or runs out of memory.
 *
 * Self-contained on purpose: it imports only Node's own modules (SheetJS by the absolute path the
 * parent sends), so that during development its TypeScript can be run as one transpiled string.
 *
 * Protocol: the parent sends one {@link WorkbookJob} over the IPC channel (advanced serialization,
 * i.e. structured clone); the child answers with one {@link WorkbookReply} and exits.
 */
import { createRequire } from 'node:module';

/** What the parent asks for. */
export interface WorkbookJob {
  bytes: Uint8Array;
  /** A sheet name or a 1-based index; null for the first sheet with any content. */
  sheet: string | null;
  /** Refuse a sheet whose cell range holds more cells than this. */
  maxCells: number;
  /** Absolute path of SheetJS's main file (resolved by the parent). */
  sheetJsPath: string;
}

/** What the child answers: cell text only, nothing SheetJS made. */
export type WorkbookReply =
  | { kind: 'rows'; sheetNames: string[]; sheetName: string; rows: { line: number; cells: string[] }[] }
  | { kind: 'corrupt'; detail: string }
  | { kind: 'no-sheet'; sheetNames: string[] }
  | { kind: 'empty'; sheetNames: string[]; sheetName: string }
  | { kind: 'too-many-cells'; sheetNames: string[]; sheetName: string; range: string; cells: number };

interface Address {
  r: number;
  c: number;
}
interface Range {
  s: Address;
  e: Address;
}

/** Reads the job's workbook; every failure a file can cause becomes a reply, not an exception. */
function readJob(job: WorkbookJob): WorkbookReply {
  type SheetJs = typeof import('xlsx');
  const XLSX = createRequire(job.sheetJsPath)(job.sheetJsPath) as SheetJs;
  let workbook;
  try {
    const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    workbook = XLSX.read(bytes, { type: 'buffer', cellDates: false, cellFormula: false, cellHTML: false, cellStyles: false });
  } catch (e) {
    return { kind: 'corrupt', detail: String((e as Error)?.message ?? e).split('\n')[0] };
  }
  const sheetNames = Array.from(workbook.SheetNames, (n) => String(n));
  const sheets = workbook.Sheets as Record<string, unknown>;
  // A sheet called "__proto__" is stored by SheetJS as the prototype of `Sheets`; "constructor"
  // and the like would find Object's own members. Only a sheet SheetJS made counts.
  const sheetOf = (n: string): Record<string, unknown> | undefined => {
    const ws = Object.prototype.hasOwnProperty.call(sheets, n) ? sheets[n] : n === '__proto__' ? Object.getPrototypeOf(sheets) : undefined;
    return ws && typeof ws === 'object' && ws !== Object.prototype ? (ws as Record<string, unknown>) : undefined;
  };
  const rangeOf = (ws: Record<string, unknown> | undefined) => (ws ? sheetRange(XLSX, ws, job.maxCells) : null);
  let sheetName: string | undefined;
  if (job.sheet !== null) {
    const wanted = job.sheet;
    if (/^[0-9]+$/.test(wanted)) sheetName = sheetNames[Number(wanted) - 1];
    else sheetName = sheetNames.find((n) => n === wanted) ?? sheetNames.find((n) => n.trim().toLowerCase() === wanted.trim().toLowerCase());
    if (sheetName === undefined) return { kind: 'no-sheet', sheetNames };
  } else {
    sheetName = sheetNames.find((n) => rangeOf(sheetOf(n)) !== null) ?? sheetNames[0];
    if (sheetName === undefined) return { kind: 'no-sheet', sheetNames };
  }
  const ws = sheetOf(sheetName);
  const range = rangeOf(ws);
  if (!ws || !range) return { kind: 'empty', sheetNames, sheetName };
  const cells = (range.e.r - range.s.r + 1) * (range.e.c - range.s.c + 1);
  if (cells > job.maxCells) return { kind: 'too-many-cells', sheetNames, sheetName, range: XLSX.utils.encode_range(range), cells };
  // sheet_to_json reads only the cells inside `!ref`: give it the range of the cells themselves.
  ws['!ref'] = XLSX.utils.encode_range(range);
  const data = XLSX.utils.sheet_to_json<unknown[]>(ws as never, { header: 1, raw: true, defval: '', blankrows: true });
  const rows: { line: number; cells: string[] }[] = [];
  for (let i = 0; i < data.length; i++) {
    const text = Array.from(data[i] ?? [], (v) => (v === null || v === undefined ? '' : String(v)));
    if (text.some((c) => c.trim() !== '')) rows.push({ line: range.s.r + i + 1, cells: text });
  }
  return { kind: 'rows', sheetNames, sheetName, rows };
}

/**
 * The range to read: the union of the declared `!ref` (from `<dimension>`, which may be stale)
 * and the cells SheetJS actually parsed; just the cells' own range when the declared one is
 * larger than `maxCells` and theirs is not. Null when the sheet has neither.
 */
function sheetRange(XLSX: typeof import('xlsx'), ws: Record<string, unknown>, maxCells: number): Range | null {
  let cells: Range | null = null;
  const include = (r: number, c: number) => {
    if (!cells) cells = { s: { r, c }, e: { r, c } };
    else {
      if (r < cells.s.r) cells.s.r = r;
      if (r > cells.e.r) cells.e.r = r;
      if (c < cells.s.c) cells.s.c = c;
      if (c > cells.e.c) cells.e.c = c;
    }
  };
  if (Array.isArray(ws)) {
    ws.forEach((row: unknown, r: number) => {
      if (Array.isArray(row)) row.forEach((cell: unknown, c: number) => cell !== undefined && include(r, c));
    });
  } else {
    for (const key of Object.keys(ws)) {
      if (!/^[A-Z]{1,3}[0-9]{1,7}$/.test(key)) continue;
      const at = XLSX.utils.decode_cell(key);
      if (at.r >= 0 && at.c >= 0) include(at.r, at.c);
    }
  }
  const found = cells as Range | null;
  const ref = typeof ws['!ref'] === 'string' ? ws['!ref'] : '';
  const declared = /^[A-Z]{1,3}[0-9]{1,7}(:[A-Z]{1,3}[0-9]{1,7})?$/.test(ref) ? XLSX.utils.decode_range(ref) : null;
  if (!found) return null;
  if (!declared) return found;
  const union: Range = {
    s: { r: Math.min(declared.s.r, found.s.r), c: Math.min(declared.s.c, found.s.c) },
    e: { r: Math.max(declared.e.r, found.e.r), c: Math.max(declared.e.c, found.e.c) },
  };
  const area = (x: Range) => (x.e.r - x.s.r + 1) * (x.e.c - x.s.c + 1);
  return area(union) > maxCells && area(found) <= maxCells ? found : union;
}

// Run as the child (the parent sets COORDIX_WORKBOOK_CHILD=1): answer one job, then let the
// process end. Imported anywhere else, even in a process with an IPC channel of its own (a test
// runner's worker), this module does nothing.
if (process.env.COORDIX_WORKBOOK_CHILD === '1' && typeof process.send === 'function') {
  process.once('message', (job: WorkbookJob) => {
    let reply: WorkbookReply;
    try {
      reply = readJob(job);
    } catch (e) {
      reply = { kind: 'corrupt', detail: String((e as Error)?.message ?? e).split('\n')[0] };
    }
    process.send!(reply, undefined, {}, () => process.disconnect());
  });
}
