import { Command } from 'commander';
import { tolerance, withFormatOptions, type RunContext } from '../options.js';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { CoordixError } from '../../errors.js';
import { sha256 } from '../../model/load.js';
import { compareTables, type CheckResult } from '../../core/compare.js';
import { parseComparable } from '../../input/comparable.js';
import { emit, type FormatOptions } from '../common.js';
import { readManifest } from '../manifest.js';

export interface VerifyOptions extends FormatOptions {
  atol: number;
  rtol: number;
}

const OUTPUT_FLAGS = new Set(['-o', '--output', '--imputed', '--manifest']);

interface OutputReport {
  path: string;
  role: string;
  status: 'equal' | 'different' | 'baseline-changed' | 'baseline-missing' | 'not-produced';
  check: CheckResult | null;
  note: string;
}

/**
 * `coordix verify MANIFEST`: re-runs the recorded command in a temporary folder (outputs go there;
 * the recorded outputs and the manifest are never touched), checks that the inputs still have
 * their recorded SHA-256, and compares the new outputs with the recorded ones with `check`
 * semantics. Exit 0 when everything matches.
 */
export async function verifyCommand(manifestPath: string, opts: VerifyOptions): Promise<boolean> {
  const manifest = readManifest(manifestPath);
  const cwd = existsSync(manifest.cwd) ? manifest.cwd : dirname(resolve(manifestPath));
  const at = (p: string) => (isAbsolute(p) ? p : join(cwd, p));
  if (manifest.inputs.some((i) => i.path === '-')) {
    throw new CoordixError(`${manifestPath}: the recorded run read stdin, which cannot be replayed; record runs that read files`);
  }
  const inputs = manifest.inputs.map((input) => {
    const path = at(input.path);
    if (!existsSync(path)) return { path: input.path, status: 'missing' as const, recorded: input.sha256, now: null };
    const now = sha256(readFileSync(path));
    return { path: input.path, status: now === input.sha256 ? ('unchanged' as const) : ('changed' as const), recorded: input.sha256, now };
  });
  let model: { path: string; status: string } | null = null;
  if (manifest.model.path) {
    const path = at(manifest.model.path);
    const now = existsSync(path) ? sha256(readFileSync(path)) : null;
    model = { path: manifest.model.path, status: now === null ? 'missing' : now === manifest.model.sha256 ? 'unchanged' : 'changed' };
  }

  // Re-run with every output redirected into a temporary folder.
  const temp = mkdtempSync(join(tmpdir(), 'coordix-verify-'));
  try {
    const args: string[] = [];
    const redirected = new Map<string, string>();
    for (let i = 0; i < manifest.arguments.length; i++) {
      const arg = manifest.arguments[i];
      const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
      if (OUTPUT_FLAGS.has(flag)) {
        const value = inline ?? manifest.arguments[++i];
        if (flag === '--manifest') continue;
        const target = join(temp, `${redirected.size}-${basename(value)}`);
        redirected.set(value, target);
        args.push(flag, target);
      } else args.push(arg);
    }
    const run = spawnSync(process.execPath, [process.argv[1], ...args], { cwd, encoding: 'buffer', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 30 });
    const reports: OutputReport[] = [];
    const rerunFailed = run.status !== 0 && run.status !== 1;
    for (const output of manifest.outputs) {
      if (output.path === '-') {
        const now = sha256(run.stdout);
        reports.push({ path: '(stdout)', role: output.role, status: now === output.sha256 ? 'equal' : 'different', check: null, note: now === output.sha256 ? 'identical bytes' : 'stdout differs (no file to compare cell by cell: record runs with -o FILE)' });
        continue;
      }
      const fresh = redirected.get(output.path);
      if (!fresh || !existsSync(fresh)) {
        reports.push({ path: output.path, role: output.role, status: 'not-produced', check: null, note: `the re-run wrote no output: ${run.stderr.toString('utf8').split('\n')[0]}` });
        continue;
      }
      const recordedPath = at(output.path);
      if (!existsSync(recordedPath)) {
        const same = sha256(readFileSync(fresh)) === output.sha256;
        reports.push({ path: output.path, role: output.role, status: same ? 'equal' : 'baseline-missing', check: null, note: same ? 'the recorded file is gone, but the re-run matches its recorded SHA-256' : 'the recorded file is gone and the re-run differs from its recorded SHA-256' });
        continue;
      }
      const baselineBytes = readFileSync(recordedPath);
      const baselineChanged = sha256(baselineBytes) !== output.sha256;
      const freshBytes = readFileSync(fresh);
      let check: CheckResult | null = null;
      let equal = freshBytes.equals(baselineBytes);
      if (!equal) {
        try {
          check = compareTables(parseComparable(baselineBytes.toString('utf8'), output.path), parseComparable(freshBytes.toString('utf8'), 're-run'), { atol: opts.atol, rtol: opts.rtol });
          equal = check.equal;
        } catch {
          equal = false;
        }
      }
      reports.push({
        path: output.path,
        role: output.role,
        status: baselineChanged ? 'baseline-changed' : equal ? 'equal' : 'different',
        check,
        note: baselineChanged ? 'the recorded output was changed after the run; compared anyway' + (equal ? ' (equal)' : ' (different)') : equal ? (check ? 'equal within tolerance' : 'identical bytes') : 'different',
      });
    }
    const ok = !rerunFailed && inputs.every((i) => i.status === 'unchanged') && (model === null || model.status === 'unchanged') && reports.every((r) => r.status === 'equal');
    if (opts.format === 'json') {
      emit(JSON.stringify({ ok, manifest: manifestPath, command: manifest.command, inputs, model, outputs: reports, rerunExitCode: run.status }, null, 2) + '\n', opts, [manifestPath]);
    } else {
      const lines = [`${ok ? 'verified' : 'NOT verified'}: coordix ${manifest.arguments.join(' ')} (recorded with coordix ${manifest.coordix}, node ${manifest.node})`];
      for (const i of inputs) lines.push(`  input ${i.path}: ${i.status}${i.status === 'changed' ? ` (recorded ${i.recorded.slice(0, 12)}…, now ${i.now!.slice(0, 12)}…)` : ''}`);
      if (model) lines.push(`  model ${model.path}: ${model.status}`);
      for (const r of reports) {
        lines.push(`  output ${r.path}: ${r.note}`);
        if (r.check && !r.check.equal) {
          const d = r.check.differences;
          lines.push(`    ${d.length} cell(s) differ, ${r.check.missingInActual.length} row(s) missing, ${r.check.extraInActual.length} extra; largest: ${d.slice(0, 5).map((x) => `${x.key} ${x.column} ${x.baseline} → ${x.actual}`).join('; ')}`);
        }
      }
      if (rerunFailed) lines.push(`  the re-run failed (exit ${run.status}): ${run.stderr.toString('utf8').split('\n')[0]}`);
      emit(lines.join('\n') + '\n', opts, [manifestPath]);
    }
    return ok;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}


/** The definition of `coordix verify`; a run that does not reproduce makes it fail (exit 1). */
export function define(ctx: RunContext) {
  return withFormatOptions(
    new Command('verify')
      .description("re-run the command recorded in a manifest in a temporary folder; check the inputs' SHA-256 and compare the outputs")
      .argument('<manifest>', 'a manifest written by --manifest')
      .option('--atol <x>', 'absolute tolerance for the outputs', tolerance('--atol'), 1e-9)
      .option('--rtol <x>', 'relative tolerance for the outputs', tolerance('--rtol'), 1e-9),
    ['table', 'json'],
    'report format',
  )
    .addHelpText(
      'after',
      `
  Never touches the recorded outputs or the manifest. Exit 0 when every input has its recorded SHA-256
  and every output matches (identical, or equal within the tolerance by check's rules); 1 otherwise.`,
    )
    .action(async (manifest: string, opts: VerifyOptions) => {
      if (!(await verifyCommand(manifest, opts))) ctx.fail();
    });
}
