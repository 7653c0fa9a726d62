import { Command } from 'commander';
import { tolerance, withFormatOptions, type RunContext } from '../options.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CoordixError } from '../../errors.js';
import { sha256 } from '../../model/load.js';
import { compareTables, type CheckResult } from '../../core/compare.js';
import { parseComparable } from '../../input/comparable.js';
import { emit, type FormatOptions } from '../common.js';
import { readBoundedSync, readManifest } from '../manifest.js';
import { commandDefinition } from './index.js';
import { DEFAULT_MAX_DATA_BYTES, DEFAULT_MAX_TEXT_BYTES } from '../../input/source.js';

export interface VerifyOptions extends FormatOptions {
  atol: number;
  rtol: number;
  allowOutside?: boolean;
}

/** Options whose value is a file the re-run writes: redirected into the temporary folder. */
const OUTPUT_OPTIONS = new Set(['--output', '--imputed', '--manifest', '--global']);
/** Options whose value is a file the re-run reads: must lie in the manifest's folder. */
const INPUT_OPTIONS = new Set(['--model', '--frozen', '--aliases', '--weights', '--baseline', '--groups', '--scores']);

/** A recorded argument list checked against the command's own options, each option with its value separate. */
export interface ReplayArguments {
  /** Options and values in separate form, outputs not yet redirected. */
  args: { flag: string | null; value: string | null; output: boolean; input: boolean }[];
}

/**
 * Checks recorded arguments against the definition of the recorded command (its commander
 * options): every option known, given as `--flag value`, `--flag=value`, `-f value` or `-fvalue`,
 * with its value when it takes one. Positional arguments are input files.
 * @throws CoordixError naming the manifest and the argument.
 */
export function parseRecordedArguments(manifestPath: string, command: string, recorded: string[]): ReplayArguments {
  const definition = command === 'verify' ? undefined : commandDefinition(command);
  if (!definition || !definition.options.some((o) => o.long === '--manifest')) {
    throw new CoordixError(`${manifestPath}: command: "${command.slice(0, 40)}" is not a command that writes manifests (those with --manifest); the manifest was edited or damaged — write it again with --manifest FILE`);
  }
  const bad = (i: number, what: string) => new CoordixError(`${manifestPath}: arguments[${i}] "${recorded[i].slice(0, 60)}": ${what}; the manifest was edited or damaged — write it again with --manifest FILE`);
  const out: ReplayArguments['args'] = [];
  let onlyFiles = false;
  for (let i = 1; i < recorded.length; i++) {
    const arg = recorded[i];
    if (onlyFiles || arg === '-' || !arg.startsWith('-')) {
      if (arg.startsWith('-') && arg !== '-') throw bad(i, 'a file name starting with "-" cannot be replayed; rename the file');
      out.push({ flag: null, value: arg, output: false, input: true });
      continue;
    }
    if (arg === '--') {
      onlyFiles = true;
      continue;
    }
    let flag = arg;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq > 0) [flag, inline] = [arg.slice(0, eq), arg.slice(eq + 1)];
    } else if (arg.length > 2) {
      [flag, inline] = [arg.slice(0, 2), arg.slice(2)];
    }
    const option = definition.options.find((o) => o.long === flag || o.short === flag || o.long === `--no-${flag.replace(/^--/, '')}` && o.negate);
    if (!option) throw bad(i, `not an option of coordix ${command}`);
    if (option.long === '--help' || option.long === '--version') throw bad(i, 'not an option a run records');
    const takesValue = option.required || option.optional;
    if (!takesValue) {
      if (inline !== undefined) throw bad(i, `${flag} takes no value`);
      out.push({ flag: option.long ?? flag, value: null, output: false, input: false });
      continue;
    }
    const value = inline ?? recorded[++i];
    if (value === undefined) throw bad(i - 1, `${flag} needs a value`);
    const long = option.long ?? flag;
    out.push({ flag: long, value, output: OUTPUT_OPTIONS.has(long), input: INPUT_OPTIONS.has(long) });
  }
  return { args: out };
}

/**
 * Where a recorded path lies: resolved against the replay folder, it must stay inside the
 * manifest's folder (unless --allow-outside), and be relative.
 * @throws CoordixError naming the manifest, the field and --allow-outside.
 */
function confined(manifestPath: string, base: string, field: string, path: string, allowOutside: boolean): string {
  const full = resolve(base, path);
  if (allowOutside) return full;
  const folder = dirname(resolve(manifestPath));
  const rel = relative(folder, full);
  if (isAbsolute(path) || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new CoordixError(`${manifestPath}: ${field} "${path.slice(0, 80)}" lies outside the manifest's folder ${folder}; verify reads and writes only there — pass --allow-outside if you trust this manifest`);
  }
  return full;
}

/**
 * The CLI's own entry point, to re-run a command: main.js next to this module once compiled, else
 * (running from the TypeScript sources, as tests do) the package's bin. Not process.argv[1]: verify
 * may run in-process, e.g. under the fuzzer, where that is another script.
 */
function entryPoint(): string {
  const main = fileURLToPath(new URL('../main.js', import.meta.url));
  return existsSync(main) ? main : fileURLToPath(new URL('../../../bin/coordix.js', import.meta.url));
}

/** SHA-256 of a file read in bounded pieces, or null when it is not there. */
function fileHash(path: string, what: string, maxBytes = DEFAULT_MAX_DATA_BYTES): string | null {
  if (!existsSync(path)) return null;
  return sha256(readBoundedSync(path, what, maxBytes));
}

interface OutputReport {
  path: string;
  role: string;
  status: 'equal' | 'different' | 'baseline-changed' | 'baseline-missing' | 'not-produced';
  check: CheckResult | null;
  note: string;
}

/**
 * `coordix verify MANIFEST`: checks the manifest completely (readManifest; the arguments against
 * the recorded command's options; every path relative and inside the manifest's folder unless
 * --allow-outside), then re-runs the recorded command in a temporary folder (outputs go there;
 * the recorded outputs and the manifest are never touched), checks that the inputs still have
 * their recorded SHA-256, and compares the new outputs with the recorded ones with `check`
 * semantics. The re-run happens in the manifest's folder, or in the recorded cwd when that is the
 * manifest's folder or inside it (any existing folder with --allow-outside). Exit 0 when everything matches.
 */
export async function verifyCommand(manifestPath: string, opts: VerifyOptions): Promise<boolean> {
  const manifest = readManifest(manifestPath);
  const allowOutside = Boolean(opts.allowOutside);
  const folder = dirname(resolve(manifestPath));
  const recordedCwd = isAbsolute(manifest.cwd) && existsSync(manifest.cwd) ? manifest.cwd : null;
  const inside = recordedCwd !== null && (recordedCwd === folder || !relative(folder, recordedCwd).startsWith('..'));
  const cwd = recordedCwd !== null && (inside || allowOutside) ? recordedCwd : folder;
  if (manifest.inputs.some((i) => i.path === '-')) {
    throw new CoordixError(`${manifestPath}: the recorded run read stdin, which cannot be replayed; record runs that read files`);
  }
  const parsed = parseRecordedArguments(manifestPath, manifest.command, manifest.arguments);
  parsed.args.forEach((a, i) => {
    if (a.value === null || !(a.input || a.output)) return;
    if (a.value === '-') {
      if (a.input) throw new CoordixError(`${manifestPath}: the recorded run read stdin, which cannot be replayed; record runs that read files`);
      return;
    }
    confined(manifestPath, cwd, a.flag ? `the value of ${a.flag}` : `the file argument ${i + 1}`, a.value, allowOutside);
  });
  const at = (field: string, p: string) => confined(manifestPath, cwd, field, p, allowOutside);
  manifest.inputs.forEach((input, i) => at(`inputs[${i}].path`, input.path));
  if (manifest.model.path) at('model.path', manifest.model.path);
  manifest.outputs.forEach((output, i) => output.path !== '-' && at(`outputs[${i}].path`, output.path));

  const inputs = manifest.inputs.map((input) => {
    const now = fileHash(at('input', input.path), 'input file');
    if (now === null) return { path: input.path, status: 'missing' as const, recorded: input.sha256, now: null };
    return { path: input.path, status: now === input.sha256 ? ('unchanged' as const) : ('changed' as const), recorded: input.sha256, now };
  });
  let model: { path: string; status: string } | null = null;
  if (manifest.model.path) {
    const now = fileHash(at('model.path', manifest.model.path), 'model file', DEFAULT_MAX_TEXT_BYTES);
    model = { path: manifest.model.path, status: now === null ? 'missing' : now === manifest.model.sha256 ? 'unchanged' : 'changed' };
  }

  // Re-run with every output redirected into a temporary folder.
  const temp = mkdtempSync(join(tmpdir(), 'coordix-verify-'));
  try {
    const args: string[] = [manifest.command];
    const redirected = new Map<string, string>();
    for (const a of parsed.args) {
      if (a.flag === null) args.push(a.value!);
      else if (!a.output) args.push(...(a.value === null ? [a.flag] : [a.flag, a.value]));
      else if (a.flag !== '--manifest' && a.value !== '-') {
        const target = join(temp, `${redirected.size}-${basename(a.value!)}`);
        redirected.set(a.value!, target);
        args.push(a.flag, target);
      }
    }
    const run = spawnSync(process.execPath, [entryPoint(), ...args], { cwd, encoding: 'buffer', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 30 });
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
      const recordedPath = at('output', output.path);
      if (!existsSync(recordedPath)) {
        const same = fileHash(fresh, 're-run output') === output.sha256;
        reports.push({ path: output.path, role: output.role, status: same ? 'equal' : 'baseline-missing', check: null, note: same ? 'the recorded file is gone, but the re-run matches its recorded SHA-256' : 'the recorded file is gone and the re-run differs from its recorded SHA-256' });
        continue;
      }
      const baselineBytes = readBoundedSync(recordedPath, 'recorded output', DEFAULT_MAX_DATA_BYTES);
      const baselineChanged = sha256(baselineBytes) !== output.sha256;
      const freshBytes = readBoundedSync(fresh, 're-run output', DEFAULT_MAX_DATA_BYTES);
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
      .option('--rtol <x>', 'relative tolerance for the outputs', tolerance('--rtol'), 1e-9)
      .option('--allow-outside', "trust the manifest with paths outside its own folder (absolute, or ../): read and write them, and re-run in its recorded cwd"),
    ['table', 'json'],
    'report format',
  )
    .addHelpText(
      'after',
      `
  Before running anything the manifest is checked whole: a command that writes manifests (never
  verify), arguments that are that command's options, and every path relative and inside the
  manifest's folder (else refused, unless --allow-outside). The re-run happens in that folder.
  Never touches the recorded outputs or the manifest. Exit 0 when every input has its recorded
  SHA-256 and every output matches (identical, or equal within the tolerance by check's rules);
  1 otherwise.`,
    )
    .action(async (manifest: string, opts: VerifyOptions) => {
      if (!(await verifyCommand(manifest, opts))) ctx.fail();
    });
}
