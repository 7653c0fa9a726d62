import {
  closeSync,
  constants,
  accessSync,
  fchmodSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readlinkSync,
  readSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { CoordixError, UsageError } from '../errors.js';

/**
 * Safe output files. Every output goes to a temporary file in the target's own folder, is flushed,
 * and only then renamed over the target, so a failed or interrupted run leaves any previous file
 * untouched. Three kinds of target are never replaced by a rename:
 * - a character device or a FIFO (`-o /dev/null`, `-o /dev/stdout`, a named pipe), or a regular
 *   file reached through /dev or /proc (`-o /dev/stdout > out.csv`): written directly, in place
 *   (appended), so the device node stays a device even for root and an open descriptor keeps its file;
 * - a read-only file (no write bit for its owner — for root too, who could write it anyway): refused;
 * - a folder, a block device (a disk) or a socket: refused.
 * A symbolic link is followed: the file it points to is replaced and the link stays a link.
 * `OutputTransaction` stages every output of one run and renames them all only when all succeeded.
 */

/** The content of an output: text (written as UTF-8), bytes, or pieces of either, written as they come. */
export type OutputData = string | Uint8Array | Iterable<string | Uint8Array>;

/** What an output path names right now, after following symbolic links. */
interface Target {
  /** The path as given (for messages). */
  path: string;
  /** The real path to write: symbolic links followed; for a new file, its real folder + its name. */
  real: string;
  /** 'file' = absent or a regular file (written by rename); 'special' = a character device or FIFO (written in place). */
  kind: 'file' | 'special';
  /** The permission bits of the regular file being replaced, kept on its replacement. */
  mode: number | null;
}

/**
 * Writes one output file safely (see the module comment): a regular file by temporary file and
 * rename, a character device or FIFO directly. @throws CoordixError naming the path and what to do
 * when the folder is missing or not writable, the target is a folder, a read-only file, a block
 * device or a socket, or the write fails (ENOSPC on a full disk or `/dev/full`, EPIPE when the
 * reader of a pipe went away).
 */
export function writeFileAtomic(path: string, data: OutputData): void {
  const target = inspectTarget(path);
  if (target.kind === 'special') {
    writeInPlace(target, pieces(data));
    return;
  }
  const transaction = new OutputTransaction();
  transaction.stage(path, data);
  transaction.commit();
}

/**
 * The outputs of one run, all or nothing: `stage(path, data)` writes each to its temporary file
 * (checking the target first), `commit()` puts them all in place once every one was staged, and
 * `abort()` removes every temporary file. Any failure in `stage` or `commit` aborts the whole
 * transaction before the error is thrown, so a caller needs `abort()` only for its own errors
 * between stages (`try { …stage…; t.commit() } catch (e) { t.abort(); throw e }`).
 *
 * While a transaction has staged files, SIGINT and SIGTERM handlers (and an `exit` hook) remove its
 * temporary files; they are installed with the first stage and removed when the last open
 * transaction commits or aborts. After cleaning up, the handler re-raises the signal with Node's
 * default behaviour when nobody else listens for it (the process then dies of the signal, which a
 * shell reports as 130 or 143), or else sets `process.exitCode` to 130/143 and leaves the exit to
 * the other listener. It never ends the process itself: library code that exits would cut off the
 * caller's own clean-up and truncate output still in a pipe.
 */
export class OutputTransaction {
  private readonly staged: { target: Target; temp: string }[] = [];
  private state: 'open' | 'committed' | 'aborted' = 'open';

  /** The paths staged so far, as given. */
  get paths(): string[] {
    return this.staged.map((s) => s.target.path);
  }

  /**
   * Checks the target and writes `data` to a temporary file: next to a regular target, or in the
   * system's temporary folder for a device or FIFO (copied into it on commit).
   * @throws CoordixError as `writeFileAtomic` does, or when the same file is staged twice.
   */
  stage(path: string, data: OutputData): void {
    if (this.state !== 'open') throw new Error(`internal: stage(${path}) on a transaction already ${this.state}`);
    try {
      const target = inspectTarget(path);
      const twice = this.staged.find((s) => s.target.real === target.real);
      if (twice && target.kind === 'file') {
        throw new CoordixError(`${path}: the same file as the output ${twice.target.path}; give each output its own name`);
      }
      const folder = target.kind === 'file' ? dirname(target.real) : tmpdir();
      const temp = join(folder, `.${shortName(basename(target.real))}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      let fd: number;
      try {
        fd = openSync(temp, 'wx', target.kind === 'file' ? 0o644 : 0o600);
      } catch (e) {
        throw new CoordixError(`${path}: cannot create a temporary file in ${folder} (${errorCode(e)}); check that the folder is writable`);
      }
      this.staged.push({ target, temp });
      openTransactions.add(this);
      installHandlers();
      try {
        writeAll(fd, pieces(data), path);
        if (target.mode !== null) fchmodSync(fd, target.mode);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  /**
   * Puts every staged output in place: devices and FIFOs first (copied from their temporary
   * files; these are the writes that can still fail, e.g. ENOSPC), then the regular files by
   * rename. @returns the paths written, as given. @throws CoordixError naming the output that
   * failed (and any already put in place — a rename failing after another succeeded is the one
   * case that is not all-or-nothing).
   */
  commit(): string[] {
    if (this.state !== 'open') throw new Error(`internal: commit() on a transaction already ${this.state}`);
    const done: string[] = [];
    try {
      for (const { target, temp } of this.staged) {
        if (target.kind !== 'special') continue;
        writeInPlace(target, readBack(temp));
        done.push(target.path);
      }
      const folders = new Set<string>();
      for (const { target, temp } of this.staged) {
        if (target.kind !== 'file') continue;
        try {
          renameSync(temp, target.real);
        } catch (e) {
          throw new CoordixError(`${target.path}: cannot put the file in place (${errorCode(e)})`);
        }
        done.push(target.path);
        folders.add(dirname(target.real));
      }
      for (const folder of folders) syncFolder(folder);
    } catch (e) {
      this.abort();
      if (e instanceof CoordixError && done.length > 0) {
        throw new CoordixError(`${e.message}; already written: ${done.join(', ')}`);
      }
      throw e;
    }
    for (const { target, temp } of this.staged) if (target.kind === 'special') removeQuietly(temp);
    this.close('committed');
    return done;
  }

  /** Removes every temporary file; nothing is put in place. Safe to call more than once. */
  abort(): void {
    if (this.state !== 'open') return;
    for (const { temp } of this.staged) removeQuietly(temp);
    this.close('aborted');
  }

  private close(state: 'committed' | 'aborted'): void {
    this.state = state;
    openTransactions.delete(this);
    if (openTransactions.size === 0) removeHandlers();
  }
}

/** Transactions with temporary files on disk, for the signal handlers. */
const openTransactions = new Set<OutputTransaction>();
const SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;
let handlersInstalled = false;

function onSignal(signal: NodeJS.Signals): void {
  abortOpenTransactions();
  // Re-raise with the default action (death by the signal) unless someone else handles it.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  else process.exitCode = SIGNALS[signal as keyof typeof SIGNALS];
}

function onExit(): void {
  abortOpenTransactions();
}

/** Aborts every open transaction (removing its temporary files); what the signal handlers do. */
export function abortOpenTransactions(): void {
  for (const transaction of [...openTransactions]) transaction.abort();
  removeHandlers();
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of Object.keys(SIGNALS)) process.on(signal, onSignal);
  process.on('exit', onExit);
}

function removeHandlers(): void {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  for (const signal of Object.keys(SIGNALS)) process.off(signal, onSignal);
  process.off('exit', onExit);
}

/** How many signal handlers this module has installed right now (0 or 2; for tests). */
export function installedSignalHandlers(): number {
  return handlersInstalled ? Object.keys(SIGNALS).length : 0;
}

/** Looks at an output path before anything is written; refuses what must not be replaced. */
function inspectTarget(path: string): Target {
  const real = resolveOutputPath(path);
  const dir = dirname(real);
  let dirStat: Stats;
  try {
    dirStat = statSync(dir);
  } catch {
    throw new CoordixError(`${path}: the folder ${dirname(resolve(path))} does not exist; create it first`);
  }
  if (!dirStat.isDirectory()) throw new CoordixError(`${path}: ${dir} is not a folder`);
  let stat: Stats | null = null;
  try {
    stat = statSync(real);
  } catch {
    stat = null;
  }
  if (stat !== null) {
    if (stat.isDirectory()) throw new CoordixError(`${path}: is a directory; give a file name for the output`);
    if (stat.isCharacterDevice() || stat.isFIFO()) return { path, real, kind: 'special', mode: null };
    if (stat.isBlockDevice()) throw new CoordixError(`${path}: is a block device (a disk); coordix writes only to files, character devices and pipes — choose a file name`);
    if (stat.isSocket()) throw new CoordixError(`${path}: is a socket; coordix writes only to files, character devices and pipes — choose a file name`);
    // /dev/stdout, /dev/fd/N, /proc/self/fd/N naming a regular file (`-o /dev/stdout > out.csv`):
    // the file is some other process's open descriptor — appended to in place, never replaced.
    if (/^\/(dev|proc)\//.test(resolve(path))) return { path, real: resolve(path), kind: 'special', mode: null };
    if (!ownerMayWrite(stat)) {
      throw new CoordixError(
        `${path}: the file is read-only (mode ${(stat.mode & 0o777).toString(8).padStart(3, '0')}); coordix does not replace a read-only file — make it writable (chmod u+w ${path}) or choose another output name`,
      );
    }
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new CoordixError(`${path}: the folder ${dir} is not writable by this user`);
  }
  return { path, real, kind: 'file', mode: stat === null ? null : stat.mode & 0o7777 };
}

/**
 * Whether the file's own permission bits let this user write it: the owner bit for the owner and
 * for root (who may write anything, but a file its owner made read-only is meant to stay), the
 * group bit for the group, the other bit otherwise.
 */
function ownerMayWrite(stat: Stats): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return (stat.mode & 0o200) !== 0;
  if (uid === 0 || uid === stat.uid) return (stat.mode & 0o200) !== 0;
  const groups = [process.getgid?.(), ...(process.getgroups?.() ?? [])];
  if (groups.includes(stat.gid)) return (stat.mode & 0o020) !== 0;
  return (stat.mode & 0o002) !== 0;
}

/**
 * The real path an output path names: symbolic links followed (also a link to a file not yet
 * there); for a path that does not exist, its folder's real path joined with its name.
 */
function resolveOutputPath(path: string): string {
  let current = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    try {
      return realpathSync(current);
    } catch {
      /* not there (yet), or a dangling link */
    }
    let link: string | null = null;
    try {
      if (lstatSync(current).isSymbolicLink()) link = readlinkSync(current);
    } catch {
      link = null;
    }
    if (link === null) {
      let folder: string;
      try {
        folder = realpathSync(dirname(current));
      } catch {
        folder = dirname(current);
      }
      return join(folder, basename(current));
    }
    current = resolve(dirname(current), link);
  }
  return current;
}

/** Writes pieces to a device, FIFO or descriptor in place (opened to append: never created, never truncated). */
function writeInPlace(target: Target, data: Iterable<Uint8Array>): void {
  let fd: number;
  try {
    fd = openSync(target.real, constants.O_WRONLY | constants.O_APPEND);
  } catch (e) {
    throw new CoordixError(writeErrorMessage(target.path, e));
  }
  try {
    writeAll(fd, data, target.path);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, data: Iterable<Uint8Array>, path: string): void {
  try {
    for (const buffer of data) {
      let offset = 0;
      while (offset < buffer.length) {
        try {
          offset += writeSync(fd, buffer, offset, buffer.length - offset);
        } catch (e) {
          // A non-blocking pipe that is full for now: wait a moment and retry.
          if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        }
      }
    }
  } catch (e) {
    if (e instanceof CoordixError) throw e;
    if ((e as NodeJS.ErrnoException).code === undefined) throw e; // the data's own producer failed
    throw new CoordixError(writeErrorMessage(path, e));
  }
}

/** The data as byte pieces (text as UTF-8). */
function* pieces(data: OutputData): Iterable<Uint8Array> {
  const all = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
  for (const piece of all) yield typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
}

/** A staged temporary file, read back in pieces. */
function* readBack(temp: string): Iterable<Uint8Array> {
  const fd = openSync(temp, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 16);
    for (let n = readSync(fd, buffer, 0, buffer.length, null); n > 0; n = readSync(fd, buffer, 0, buffer.length, null)) {
      yield buffer.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r');
    try {
      if (fstatSync(fd).isDirectory()) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* some file systems cannot sync a folder; the rename itself is done */
  }
}

/** A file name cut to at most 100 bytes (whole characters), so a temporary name stays within the 255 bytes a folder allows. */
function shortName(name: string): string {
  let cut = '';
  for (const c of name) {
    if (Buffer.byteLength(cut + c) > 100) break;
    cut += c;
  }
  return cut;
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

/** "what went wrong, what to do" for a failed write. */
function writeErrorMessage(path: string, e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOSPC':
      return `${path}: no space left on the device (ENOSPC); free some space or write the output elsewhere`;
    case 'EDQUOT':
      return `${path}: the disk quota is exhausted (EDQUOT); free some space or write the output elsewhere`;
    case 'EPIPE':
      return `${path}: the reader of the pipe went away before all output was written (EPIPE)`;
    case 'EROFS':
      return `${path}: the file system is read-only (EROFS); write the output elsewhere`;
    case 'EACCES':
    case 'EPERM':
      return `${path}: permission denied; this user may not write it — choose another output name`;
    case 'ENXIO':
      return `${path}: nothing is reading this pipe or device (ENXIO)`;
    default:
      return `${path}: cannot write the file (${errorCode(e)})`;
  }
}

/** An output of a run, by the flag that names it (`-o`, `--manifest` …). */
export interface OutputPath {
  flag: string;
  /** The path; "-" (stdout) and undefined (flag not given) are skipped. */
  path: string | undefined;
}

/** An input of a run, by its role (`data file`, `model (-m)`, `frozen manifest (--frozen)` …). */
export interface InputPath {
  role: string;
  /** The path; "-" (stdin) and undefined are skipped. */
  path: string | undefined;
}

/**
 * Refuses, before any work, an output that is one of the run's inputs or another output: paths
 * are compared after following symbolic links (for a path that does not exist yet, its folder's
 * real path), and existing files also by device and inode (hard links). Character devices
 * (`/dev/null`, `/dev/stdout`) may be named more than once.
 * @throws UsageError (exit 2) naming both, e.g. "--manifest m.yaml: is also the model (-m); choose another name".
 */
export function assertDistinctOutputs(outputs: OutputPath[], inputs: InputPath[]): void {
  const key = (path: string) => identify(path);
  const seen: { flag: string; path: string; id: FileIdentity }[] = [];
  const inputIds = inputs.filter((i) => i.path !== undefined && i.path !== '-').map((i) => ({ ...i, id: key(i.path!) }));
  for (const output of outputs) {
    if (output.path === undefined || output.path === '-' || output.path === '') continue;
    const id = key(output.path);
    if (id.device) continue;
    const input = inputIds.find((i) => sameFile(i.id, id));
    if (input) throw new UsageError(`${output.flag} ${output.path}: is also the ${input.role}; choose another name`);
    const other = seen.find((o) => sameFile(o.id, id));
    if (other) throw new UsageError(`${output.flag} ${output.path}: is also the output of ${other.flag} ${other.path}; choose another name`);
    seen.push({ flag: output.flag, path: output.path, id });
  }
}

interface FileIdentity {
  real: string;
  inode: string | null;
  device: boolean;
}

function identify(path: string): FileIdentity {
  const real = resolveOutputPath(path);
  try {
    const stat = statSync(real);
    return { real, inode: `${stat.dev}:${stat.ino}`, device: stat.isCharacterDevice() };
  } catch {
    return { real, inode: null, device: false };
  }
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.real === b.real || (a.inode !== null && a.inode === b.inode);
}

/**
 * Refuses an output path that is one of the inputs (it would destroy the data it came from).
 * Kept for existing callers (exit code 1, as before); new code should use `assertDistinctOutputs`,
 * which also names the input's role and catches two outputs on one file.
 * @throws CoordixError "-o <path>: is also an input file; coordix never overwrites its input — choose another output name".
 */
export function assertNotAnInput(output: string, inputs: string[]): void {
  if (output === '-') return;
  const target = identify(output);
  if (target.device) return;
  for (const input of inputs) {
    if (input !== '-' && sameFile(identify(input), target)) {
      throw new CoordixError(`-o ${output}: is also an input file; coordix never overwrites its input — choose another output name`);
    }
  }
}
