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

/** Runs the built binary as a child process, colour off unless asked. */
export function runCli(args: string[], options: { input?: string | Buffer; env?: Record<string, string>; cwd?: string } = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input: options.input,
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
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
