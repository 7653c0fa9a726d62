import { open, type FileHandle } from 'node:fs/promises';
import { CoordixError } from '../errors.js';
import { fileErrorMessage, sha256 } from '../model/load.js';
import { decodeUtf8Strict } from './decode.js';

/**
 * Reading input bytes with a limit. Every read — a data file, standard input, a model, a manifest,
 * an AHP matrix, a baseline — goes by chunks with a running count and stops with an error at its
 * byte limit, so an endless source (`/dev/zero`, a FIFO whose writer never stops, endless stdin)
 * cannot exhaust memory. A regular file larger than the limit is refused from its size, unread.
 */

/** The default byte limit for a data file or stdin: 1 GiB. Raised with `--max-bytes`. */
export const DEFAULT_MAX_DATA_BYTES = 1024 * 1024 * 1024;
/** The default byte limit for a model, manifest, AHP matrix or baseline: 16 MiB. */
export const DEFAULT_MAX_TEXT_BYTES = 16 * 1024 * 1024;
/** The flag that raises a byte limit, named in the error. */
export const MAX_BYTES_FLAG = '--max-bytes';

export interface SourceBytes {
  /** The path as given, or "-" for standard input. */
  path: string;
  /** "stdin" or the path, for messages. */
  name: string;
  bytes: Buffer;
  size: number;
  /** SHA-256 of the bytes, hex; computed on first use (only manifests need it). */
  readonly sha256: string;
}

export interface ReadOptions {
  /** Stop with an error after this many bytes (default `DEFAULT_MAX_DATA_BYTES` for `readSource`). */
  maxBytes?: number;
  /** The flag named in the limit's error (default `--max-bytes`). */
  flag?: string;
  /**
   * Called with each chunk as it arrives and the byte count so far; may throw (e.g. the caller's
   * "more than N rows" error) to stop reading — the source is closed and the error passes through.
   */
  onChunk?: (chunk: Buffer, bytesSoFar: number) => void;
  /**
   * Stop with an error once the input has more than this many lines (line feeds, counted as the
   * bytes arrive). A CSV row may span lines, so this is a guard for `--max-rows`, not a row count:
   * pass at least the row limit plus the header rows.
   */
  maxLines?: number;
  /** The flag named in the line limit's error (default `--max-rows`). */
  linesFlag?: string;
}

/** The stream `readSource('-')` reads; tests substitute their own. */
export type ByteStream = AsyncIterable<Buffer | Uint8Array | string>;

/**
 * Reads a whole input file, or standard input for "-", in chunks up to `maxBytes`.
 * @throws CoordixError naming the file (or stdin) for a missing, unreadable or empty file, a
 * folder, and a source that goes past the limit ("… raise the limit with --max-bytes N").
 */
export async function readSource(path: string, options: ReadOptions = {}): Promise<SourceBytes> {
  const name = path === '-' ? 'stdin' : path;
  const bytes = path === '-' ? await readStream(process.stdin, name, options) : await readFileBounded(path, 'file', { maxBytes: DEFAULT_MAX_DATA_BYTES, ...options });
  if (bytes.length === 0) {
    throw new CoordixError(
      path === '-' ? 'stdin: empty input (0 bytes); pipe a CSV into coordix or give a file name' : `${path}: the file is empty (0 bytes); it needs a header row and data rows`,
    );
  }
  return withHash(path, name, bytes);
}

/** A text input (model, manifest, AHP matrix, baseline) as read: its text and the bytes it came from. */
export interface TextSource extends SourceBytes {
  /** The text: strict UTF-8, a byte-order mark removed. */
  text: string;
}

/**
 * Reads a text input of the kind `what` ("model file", "manifest", "AHP matrix", "baseline") from
 * a path or "-" (stdin), in chunks up to `maxBytes` (default 16 MiB), and decodes it as strict UTF-8.
 * @throws CoordixError naming the file, for a missing or unreadable file, a folder, a source past
 * the limit, or bytes that are not UTF-8 (with their line and column).
 */
export async function readTextBounded(path: string, options: ReadOptions & { what?: string } = {}): Promise<TextSource> {
  const what = options.what ?? 'file';
  const name = path === '-' ? 'stdin' : path;
  const limits = { maxBytes: DEFAULT_MAX_TEXT_BYTES, ...options };
  const bytes = path === '-' ? await readStream(process.stdin, name, limits, what) : await readFileBounded(path, what, limits);
  const text = decodeUtf8Strict(bytes, name, `the ${what} must be UTF-8 text; re-save it as UTF-8`).replace(/^\uFEFF/, '');
  return Object.assign(withHash(path, name, bytes), { text });
}

/**
 * Reads an async stream of bytes (standard input) in chunks up to the limit.
 * @throws CoordixError naming the source when it goes past the limit.
 */
export async function readStream(stream: ByteStream, name: string, options: ReadOptions = {}, what = 'input'): Promise<Buffer> {
  const counter = new Counter(name, { maxBytes: DEFAULT_MAX_DATA_BYTES, ...options }, what);
  const iterator = stream[Symbol.asyncIterator]();
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const value = next.value;
      counter.add(typeof value === 'string' ? Buffer.from(value) : Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    }
  } catch (e) {
    // Stop the stream (for stdin: pause it, so the process can end).
    await iterator.return?.();
    throw e;
  }
  return counter.result();
}

/** Reads a file (or a device or FIFO) by chunks up to the limit; a regular file past the limit is refused unread. */
async function readFileBounded(path: string, what: string, options: ReadOptions): Promise<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw new CoordixError(fileErrorMessage(path, e as NodeJS.ErrnoException, what));
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new CoordixError(`${path}: is a directory; give the ${what === 'file' ? 'data files inside it (e.g. ' + path + '/*.csv)' : what + ' itself, not its folder'}`);
    const counter = new Counter(path, options, what);
    const read = async (buffer: Buffer, offset: number): Promise<number> => {
      try {
        return (await handle.read(buffer, offset, buffer.length - offset, null)).bytesRead;
      } catch (e) {
        throw new CoordixError(fileErrorMessage(path, e as NodeJS.ErrnoException, what));
      }
    };
    if (stat.isFile()) {
      // A regular file: refused from its size past the limit, else read into one buffer of that size.
      counter.expect(stat.size);
      const whole = Buffer.allocUnsafe(stat.size);
      let filled = 0;
      for (let n = -1; filled < whole.length && n !== 0; filled += n) n = await read(whole, filled);
      if (filled > 0) counter.add(whole.subarray(0, filled));
    }
    // A device, a FIFO, or a regular file that grew while being read: by chunks, counted.
    for (;;) {
      const chunk = Buffer.allocUnsafe(1 << 16);
      const n = await read(chunk, 0);
      if (n === 0) break;
      counter.add(chunk.subarray(0, n));
    }
    return counter.result();
  } finally {
    await handle.close();
  }
}

/** The running count of a read, and its limits. */
class Counter {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  private lines = 0;
  private readonly maxBytes: number;

  constructor(
    private readonly name: string,
    private readonly options: ReadOptions,
    private readonly what: string,
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_DATA_BYTES;
    if (!(this.maxBytes >= 0)) throw new Error(`internal: maxBytes ${options.maxBytes}`);
  }

  /** Refuses up front a file whose size is already past the limit. */
  expect(size: number): void {
    if (size > this.maxBytes) {
      throw new CoordixError(`${this.name}: the ${this.what} is ${formatBytes(size)}, more than the limit of ${formatBytes(this.maxBytes)}; ${this.raise()}`);
    }
  }

  add(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      throw new CoordixError(`${this.name}: stopped reading after ${formatBytes(this.maxBytes)}, the limit for this ${this.what}; ${this.raise()}`);
    }
    if (this.options.maxLines !== undefined) {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) {
        if (++this.lines > this.options.maxLines) {
          throw new CoordixError(`${this.name}: more than ${this.options.maxLines} lines; raise the limit with ${this.options.linesFlag ?? '--max-rows'} N`);
        }
      }
    }
    this.chunks.push(chunk);
    this.options.onChunk?.(chunk, this.bytes);
  }

  result(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.bytes);
  }

  private raise(): string {
    return `if it really is that large, raise the limit with ${this.options.flag ?? MAX_BYTES_FLAG} N (bytes)`;
  }
}

/**
 * A byte count for people: bytes below 1 KiB, else KiB, MiB or GiB with up to one decimal.
 * @example formatBytes(16777216) // => '16 MiB (16777216 bytes)'
 */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1).replace(/\.0$/, '')} ${units[unit]} (${n} bytes)`;
}

function withHash(path: string, name: string, bytes: Buffer): SourceBytes {
  let hash: string | undefined;
  return {
    path,
    name,
    bytes,
    size: bytes.length,
    get sha256() {
      return (hash ??= sha256(bytes));
    },
  };
}
