import { cryptoModule } from '../hash.js';
import { UsageError, type Warning } from '../errors.js';
import { assertNotAnInput, writeFileAtomic } from '../output/write.js';
import { makeChalk, useColor } from '../output/table.js';
import type { FormatOptions } from './options.js';
import { describeWarning } from './errors.js';
import { isTerminal, stdio } from './stdio.js';

export type { FormatOptions, InputOptions, OutputOptions } from './options.js';

/** The format to write: -f, else from the -o extension, else the command's default. */
export function resolveFormat(opts: FormatOptions, formats: string[]): string {
  if (opts.format) return opts.format;
  const ext = opts.output?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (ext && formats.includes(ext)) return ext;
  if (ext === 'htm' && formats.includes('html')) return 'html';
  return formats[0];
}

export function colorFor(opts: FormatOptions): boolean {
  return !opts.output && useColor(isTerminal(1), opts.color);
}

/** Warnings go to stderr, one line each, after the data. */
export function printWarnings(warnings: Warning[]): void {
  if (warnings.length === 0) return;
  const chalk = makeChalk(useColor(isTerminal(2), undefined));
  stdio.err(warnings.map((w) => `${chalk.yellow('warning:')} ${describeWarning(w).message}`).join('\n') + '\n');
}

/** What a command wrote, for the manifest. */
export interface WrittenOutput {
  /** The path as given, or "-" for stdout. */
  path: string;
  role: 'output' | 'imputed';
  size: number;
  sha256: string;
}

/**
 * Writes a command's main output to -o (atomically, never over an input) or stdout. The output may
 * come in pieces (a large CSV), written as they come; its size and SHA-256 (for the manifest) are
 * taken on the way — the hash only when asked for (`hash: false` when no manifest is written).
 */
export function emit(output: string | Iterable<string | Uint8Array>, opts: FormatOptions, inputs: string[], { hash: wantHash = true } = {}): WrittenOutput {
  const path = opts.output && opts.output !== '-' ? opts.output : '-';
  const hash = wantHash ? cryptoModule().createHash('sha256') : null;
  let size = 0;
  const pieces = (function* () {
    for (const piece of typeof output === 'string' ? [output] : output) {
      size += typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length;
      hash?.update(piece);
      yield piece;
    }
  })();
  if (path !== '-') {
    assertNotAnInput(path, inputs);
    writeFileAtomic(path, pieces);
  } else {
    // Written synchronously (stdio.ts), so a piece that is a view of a buffer its producer reuses
    // is out before the buffer is refilled. After `| head` closes the pipe the rest is dropped
    // (but still counted and hashed, for the manifest).
    for (const piece of pieces) stdio.out(piece);
  }
  const sha256 = hash?.digest('hex');
  return {
    path,
    role: 'output',
    size,
    get sha256(): string {
      if (sha256 === undefined) throw new Error('internal: the output was written without its hash (emit with hash: true for a manifest)');
      return sha256;
    },
  };
}

/** Checks before any work that outputs will not land on inputs. */
export function checkOutputs(paths: (string | undefined)[], inputs: string[]): void {
  for (const p of paths) if (p && p !== '-') assertNotAnInput(p, inputs);
}

export function requireFiles(files: string[], command: string): string[] {
  if (files.length === 0) throw new UsageError(`coordix ${command}: give one or more input files (or - for stdin); try coordix ${command} fixtures/china-provinces.csv`);
  return files;
}
