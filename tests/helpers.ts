import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'coordix.js');
export const SAMPLE = join(ROOT, 'fixtures', 'china-provinces.csv');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built binary as a child process, colour off unless asked: the end-to-end tests. */
export function runBin(args: string[], options: { input?: string | Buffer; env?: Record<string, string>; cwd?: string } = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input: options.input,
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs the CLI with these arguments and returns its exit code and output. In this process
 * (runInProcess) unless stdin input is given or `bin` is set: the same program, options, errors and
 * exit codes as the binary, without starting a process. The binary itself is exercised by the
 * end-to-end tests that pass `bin: true` (and those that spawn it directly).
 */
export async function runCli(args: string[], options: { input?: string | Buffer; env?: Record<string, string>; cwd?: string; bin?: boolean } = {}): Promise<CliRun> {
  if (options.bin || options.input !== undefined) return runBin(args, options);
  const savedEnv = { ...process.env };
  const savedArgv = process.argv;
  const savedCwd = process.cwd();
  Object.assign(process.env, { NO_COLOR: '1', FORCE_COLOR: '' }, options.env);
  process.argv = [process.execPath, BIN, ...args];
  if (options.cwd) process.chdir(options.cwd);
  try {
    return await runInProcess(args);
  } finally {
    process.chdir(savedCwd);
    process.argv = savedArgv;
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
  }
}

/** A fresh temporary folder with the given files written into it. */
export function tempFiles(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'coordix-test-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** Parses simple CSV output (no quoted commas in the tested cells). */
export function csvRows(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split('\n');
  const header = head.replace(/^\uFEFF/, '').split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, j) => [header[j], v])));
}

/** A two-dimension model over columns x (benefit) and y (cost), one indicator each. */
export const TWO_DIM_MODEL = `
dimensions:
  - id: first
    indicators: [{ column: x, direction: benefit }]
  - id: second
    indicators: [{ column: y, direction: cost }]
`;

/**
 * Runs the CLI in this process (runCoordix with its output captured): the same program, options,
 * errors and exit codes as the binary, without starting a process. For tests of the command line's
 * behaviour; the binary itself is exercised by the end-to-end tests that use runCli.
 */
export async function runInProcess(args: string[]): Promise<CliRun> {
  const { runCoordix } = await import('../src/cli/program.js');
  const { stdio } = await import('../src/cli/stdio.js');
  const saved = { ...stdio };
  let stdout = '';
  let stderr = '';
  stdio.out = (data) => void (stdout += typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
  stdio.err = (text) => void (stderr += text);
  try {
    const { code } = await runCoordix(args, { stderr: (t) => void (stderr += t) });
    return { code, stdout, stderr };
  } finally {
    Object.assign(stdio, saved);
  }
}
