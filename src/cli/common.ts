import { sha256Stream } from '../hash.js';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CoordixError, UsageError, type Warning } from '../errors.js';
import { AsyncLocalStorage } from 'node:async_hooks';
import { assertDistinctOutputs, OutputTransaction, writeFileAtomic, type InputPath, type OutputData, type OutputPath } from '../output/write.js';
import { makeChalk, terminalSafe, useColor } from '../output/table.js';
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

/** Warnings go to stderr, one line each, after the data; control characters shown visibly (terminalSafe). */
/** The run's --no-color (set before each command's action, program.ts): warnings on stderr follow it too. */
export const stderrColor: { flag: boolean | undefined } = { flag: undefined };

export function printWarnings(warnings: Warning[]): void {
  if (warnings.length === 0) return;
  const chalk = makeChalk(useColor(isTerminal(2), stderrColor.flag));
  stdio.err(warnings.map((w) => `${chalk.yellow('warning:')} ${describeWarning(w).message.split('\n').map(terminalSafe).join('\n')}`).join('\n') + '\n');
}

/** What a command wrote, for the manifest. */
export interface WrittenOutput {
  /** The path as given, or "-" for stdout. */
  path: string;
  role: 'output' | 'imputed';
  size: number;
  sha256: string;
}

/** The outputs of one run, staged until the run has succeeded (`withRunOutputs`). */
interface RunOutputs {
  transaction: OutputTransaction;
  stdout: (string | Uint8Array)[];
  /** The run's arguments after `coordix` (what a manifest records). */
  argv: string[];
}

const currentRun = new AsyncLocalStorage<RunOutputs>();

/**
 * Runs a command with all its outputs in one transaction: every file (-o, --imputed, --manifest)
 * is written to its temporary file as the command produces it, and put in place only when the
 * command has succeeded — together, so a run that fails late (a --manifest into a missing folder)
 * leaves every earlier file as it was. Output for stdout is held and printed after the files are
 * in place. A failure, or SIGINT/SIGTERM, removes the temporary files.
 */
export async function withRunOutputs<T>(run: () => Promise<T>, argv: string[] = process.argv.slice(2)): Promise<T> {
  const outputs: RunOutputs = { transaction: new OutputTransaction(), stdout: [], argv: [...argv] };
  let value: T;
  try {
    value = await currentRun.run(outputs, run);
  } catch (e) {
    outputs.transaction.abort();
    throw e;
  }
  outputs.transaction.commit();
  for (const piece of outputs.stdout) stdio.out(piece);
  return value;
}

/** The arguments of this run after `coordix` (given to `withRunOutputs`; else this process's). */
export function runArguments(): string[] {
  return currentRun.getStore()?.argv ?? process.argv.slice(2);
}

/** Writes one output file of this run: staged in the run's transaction, or at once outside `withRunOutputs`. */
export function stageOutput(path: string, data: OutputData): void {
  const run = currentRun.getStore();
  if (run) run.transaction.stage(path, data);
  else writeFileAtomic(path, data);
}

/** Prints to stdout: held until the run's files are in place, or at once outside `withRunOutputs`. */
function stageStdout(pieces: Iterable<string | Uint8Array>): void {
  const run = currentRun.getStore();
  // A piece may be a view of a buffer its producer reuses: a held piece is a copy.
  for (const piece of pieces) {
    if (run) run.stdout.push(typeof piece === 'string' ? piece : Uint8Array.prototype.slice.call(piece));
    else stdio.out(piece);
  }
}

/**
 * Writes a command's main output to -o or stdout, through the run's transaction (`withRunOutputs`;
 * the run's outputs were checked against its inputs before any work, by `checkRunPaths`). The
 * output may come in pieces (a large CSV); its size and SHA-256 (for the manifest) are taken on
 * the way — the hash only when asked for (`hash: false` when no manifest is written).
 */
export function emit(output: string | Iterable<string | Uint8Array>, opts: FormatOptions, inputs: string[], { hash: wantHash = true } = {}): WrittenOutput {
  const path = opts.output && opts.output !== '-' ? opts.output : '-';
  const hash = wantHash ? sha256Stream() : null;
  let size = 0;
  const pieces = (function* () {
    for (const piece of typeof output === 'string' ? [output] : output) {
      size += typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length;
      hash?.update(piece);
      yield piece;
    }
  })();
  if (path !== '-') {
    checkOutputs({ output: path }, inputs);
    stageOutput(path, pieces);
  } else {
    // After `| head` closes the pipe the rest is dropped (but still counted and hashed, for the manifest).
    stageStdout(pieces);
  }
  const sha256 = hash?.digest();
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

/** The output flags every command may have, with the option names commander gives them. */
const OUTPUT_FLAGS: [flag: string, key: string][] = [
  ['-o', 'output'],
  ['--imputed', 'imputed'],
  ['--manifest', 'manifest'],
  ['--global', 'global'],
];

/** The input flags any command may have: option name and how an error names it. */
const INPUT_FLAGS: [key: string, role: string][] = [
  ['model', 'model (-m)'],
  ['frozen', 'frozen manifest (--frozen)'],
  ['baseline', 'baseline (--baseline)'],
  ['weights', 'weights file (--weights)'],
  ['aliases', 'aliases file (--aliases)'],
  ['groups', 'groups file (--groups)'],
  ['scores', 'scores file (--scores)'],
];

/**
 * Checks before any work that the run's outputs (-o, --imputed, --manifest) land neither on one of
 * its inputs (the files, -m, --frozen, --baseline, --weights, --aliases — after following links) nor
 * on each other, and that no output name looks like a flag (`-o -f` writes no file named "-f").
 * @throws UsageError (exit 2) naming the flag and what to do; CoordixError when an output's folder
 * does not exist (found before the work, not after it).
 */
export function checkOutputs(options: object, files: string[], inputs: InputPath[] = []): void {
  const opts = options as Record<string, unknown>;
  const outputs: OutputPath[] = [];
  for (const [flag, key] of OUTPUT_FLAGS) {
    const path = opts[key];
    if (typeof path !== 'string') continue;
    if (path.startsWith('-') && path !== '-') {
      throw new UsageError(`${flag} ${path}: an output name cannot start with "-" (it reads as a flag); write ./${path} for a file of that name, or - for stdout`);
    }
    if (path !== '-' && !existsSync(dirname(resolve(path)))) {
      throw new CoordixError(`${flag} ${path}: the folder ${dirname(path)} does not exist; create it first, or choose another place`);
    }
    outputs.push({ flag, path });
  }
  const all: InputPath[] = [...files.map((path) => ({ role: 'input file', path })), ...inputs];
  for (const [key, role] of INPUT_FLAGS) if (typeof opts[key] === 'string') all.push({ role, path: opts[key] as string });
  assertDistinctOutputs(outputs, all);
}

/**
 * What every command checks before any work (program.ts runs it before each action): stdin named
 * at most once among the files, outputs that are neither inputs nor each other (`checkOutputs`).
 * `args` are the command's positional arguments (file lists flattened); an argument that is no
 * file (an inline AHP matrix) is harmless here, as no output can be it.
 */
export function checkRunPaths(command: string, opts: object, args: unknown[]): void {
  const files = args.flat().filter((a): a is string => typeof a === 'string');
  if (files.filter((f) => f === '-').length > 1) {
    throw new UsageError(`coordix ${command}: - (stdin) is named more than once; stdin can be read only once — name it once and give the other inputs as files`);
  }
  checkOutputs(opts, files);
}

export function requireFiles(files: string[], command: string): string[] {
  if (files.length === 0) throw new UsageError(`coordix ${command}: give one or more input files (or - for stdin); try coordix ${command} fixtures/china-provinces.csv`);
  return files;
}

/**
 * Runs `render` with console.log/info/warn/error captured: a library that prints its own
 * "Warning: …" lines (the plotting library of the report) does not reach stderr. @returns what
 * `render` returns and the captured lines.
 */
export function capturingConsole<T>(render: () => T): { value: T; captured: string[] } {
  const captured: string[] = [];
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const capture = (...args: unknown[]) => void captured.push(args.map(String).join(' '));
  Object.assign(console, { log: capture, info: capture, warn: capture, error: capture });
  try {
    return { value: render(), captured };
  } finally {
    Object.assign(console, saved);
  }
}
