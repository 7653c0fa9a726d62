import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { DEFAULT_MAX_TEXT_BYTES, formatBytes } from '../input/source.js';
import type { Warning } from '../errors.js';
import { CoordixError } from '../errors.js';
import type { CoordinationResult, FrozenState } from '../core/pipeline.js';
import type { InputFileInfo } from '../input/panel.js';
import type { ImputedCell } from '../input/resolve.js';
import type { LoadedModel } from '../model/load.js';
import { fileErrorMessage } from '../model/load.js';
import { weightsJson } from '../output/scores.js';
import { runArguments, stageOutput, type WrittenOutput } from './common.js';
import { VERSION } from './options.js';

/**
 * A run manifest: enough to reproduce a run and to check it later (`coordix verify`), and the
 * weights and bounds a later run can freeze (`score --frozen`). No timestamps: the same run gives
 * the same manifest.
 */
export interface Manifest {
  coordix: string;
  node: string;
  command: string;
  /** The arguments after `coordix`, as given. */
  arguments: string[];
  /** The working folder the paths are relative to. */
  cwd: string;
  inputs: { path: string; size: number; sha256: string; rows: number; format: string; encoding: string }[];
  model: { path: string | null; sha256: string; resolved: unknown };
  weights: ReturnType<typeof weightsJson> | null;
  warnings: Warning[];
  imputed: ImputedCell[];
  outputs: WrittenOutput[];
}

export interface RunRecord {
  command: string;
  inputs: InputFileInfo[];
  loaded: LoadedModel;
  result: CoordinationResult | null;
  warnings: Warning[];
  imputed: ImputedCell[];
  outputs: WrittenOutput[];
}

/** The arguments of this run after `coordix` (what `verify` replays): those given to runCoordix, in-process too. */
export function commandArguments(): string[] {
  return runArguments();
}

export function writeManifest(path: string | undefined, run: RunRecord): void {
  if (!path) return;
  const manifest: Manifest = {
    coordix: VERSION,
    node: process.version,
    command: run.command,
    arguments: commandArguments(),
    cwd: process.cwd(),
    inputs: run.inputs.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256, rows: f.rows, format: f.format, encoding: f.encoding })),
    model: { path: run.loaded.path, sha256: run.loaded.sha256, resolved: run.loaded.model },
    weights: run.result ? weightsJson(run.result) : null,
    warnings: run.warnings,
    imputed: run.imputed,
    outputs: run.outputs,
  };
  stageOutput(path, JSON.stringify(manifest, null, 2) + '\n');
}

/** At most this many recorded arguments (a run has a few dozen). */
export const MAX_MANIFEST_ARGUMENTS = 1000;

/**
 * Reads a file of at most `maxBytes` bytes, synchronously, in chunks with a running count: a
 * regular file past the limit is refused from its size, an endless one (/dev/zero) once the count
 * passes it. @throws CoordixError naming the file and the limit.
 */
export function readBoundedSync(path: string, what: string, maxBytes = DEFAULT_MAX_TEXT_BYTES): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new CoordixError(fileErrorMessage(path, e as NodeJS.ErrnoException, what));
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new CoordixError(`${path}: is a directory, not a ${what}`);
    const tooLarge = () => new CoordixError(`${path}: the ${what} is larger than ${formatBytes(maxBytes)}, the limit for a ${what}; is it the right file?`);
    if (stat.isFile() && stat.size > maxBytes) throw tooLarge();
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.alloc(1 << 16);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        throw new CoordixError(fileErrorMessage(path, e as NodeJS.ErrnoException, what));
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooLarge();
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    return Buffer.concat(chunks);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads and checks a manifest completely before anything uses it: at most 16 MiB of JSON; a
 * command name (never `verify`; verify checks that the command has --manifest); arguments an array of at
 * most 1,000 strings starting with that command; cwd a string; inputs, model and outputs with
 * their paths, sizes and SHA-256 of the right types. The arguments' options are checked against the
 * command's own definition by `verify` (commands/verify.ts).
 * @throws CoordixError naming the manifest and the field, and what to do.
 */
export function readManifest(path: string): Manifest {
  const bytes = readBoundedSync(path, 'manifest');
  let manifest: unknown;
  try {
    manifest = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new CoordixError(`${path}: not a coordix manifest (not JSON); manifests are written by --manifest FILE`);
  }
  const m = manifest as Record<string, unknown>;
  if (!m || typeof m !== 'object' || Array.isArray(m) || typeof m.command !== 'string' || !Array.isArray(m.arguments) || !Array.isArray(m.inputs)) {
    throw new CoordixError(`${path}: not a coordix manifest (no command, arguments or inputs); manifests are written by --manifest FILE`);
  }
  const bad = (field: string, what: string) => new CoordixError(`${path}: ${field}: ${what}; the manifest was edited or damaged — write it again with --manifest FILE`);
  // verify checks further that the command has --manifest (program.ts commandDefinition).
  if (m.command === 'verify' || !/^[a-z][a-z-]*$/.test(m.command)) {
    throw bad('command', `"${m.command.slice(0, 40)}" is not a command that writes manifests (those with --manifest: score, weights, gap, …)`);
  }
  const args = m.arguments as unknown[];
  if (args.length > MAX_MANIFEST_ARGUMENTS) throw bad('arguments', `${args.length} arguments, more than ${MAX_MANIFEST_ARGUMENTS}`);
  const nonString = args.findIndex((a) => typeof a !== 'string');
  if (nonString >= 0) throw bad(`arguments[${nonString}]`, `${JSON.stringify(args[nonString])?.slice(0, 40)} is not a string`);
  if (args[0] !== m.command) throw bad('arguments[0]', `the arguments must start with the command "${m.command}"`);
  if (typeof m.cwd !== 'string') throw bad('cwd', 'not a string');
  const isHash = (x: unknown) => typeof x === 'string' && /^[0-9a-f]{64}$/.test(x);
  const isSize = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  (m.inputs as unknown[]).forEach((input, i) => {
    const f = input as Record<string, unknown>;
    if (!f || typeof f !== 'object' || typeof f.path !== 'string' || f.path === '') throw bad(`inputs[${i}].path`, 'not a file name');
    if (!isHash(f.sha256)) throw bad(`inputs[${i}].sha256`, 'not a SHA-256 (64 hexadecimal digits)');
  });
  const model = m.model as Record<string, unknown> | null | undefined;
  if (!model || typeof model !== 'object' || Array.isArray(model)) throw bad('model', 'not an object with path and sha256');
  if (model.path !== null && (typeof model.path !== 'string' || model.path === '')) throw bad('model.path', 'neither a file name nor null (the built-in model)');
  if (!isHash(model.sha256)) throw bad('model.sha256', 'not a SHA-256 (64 hexadecimal digits)');
  if (!Array.isArray(m.outputs)) throw bad('outputs', 'not a list of outputs');
  (m.outputs as unknown[]).forEach((output, i) => {
    const o = output as Record<string, unknown>;
    if (!o || typeof o !== 'object' || typeof o.path !== 'string' || o.path === '') throw bad(`outputs[${i}].path`, 'not a file name (or - for stdout)');
    if (o.role !== 'output' && o.role !== 'imputed') throw bad(`outputs[${i}].role`, 'neither "output" nor "imputed"');
    if (!isSize(o.size)) throw bad(`outputs[${i}].size`, 'not a byte count');
    if (!isHash(o.sha256)) throw bad(`outputs[${i}].sha256`, 'not a SHA-256 (64 hexadecimal digits)');
  });
  if (m.weights !== null && m.weights !== undefined && (typeof m.weights !== 'object' || Array.isArray(m.weights))) throw bad('weights', 'neither an object nor null');
  return m as unknown as Manifest;
}

/** Weights recorded in a manifest sum to 1 within this tolerance (they are written at full precision). */
export const FROZEN_WEIGHT_TOLERANCE = 1e-6;

/**
 * The weights and bounds of a pooled run, to freeze (methods.md §10). The manifest's model must
 * have the same indicators and dimensions, in order, as the model used now; every weight must be a
 * finite number > 0, the indicator weights of each dimension and the dimension weights must each
 * sum to 1 (±1e-6), and every bound must be finite with min ≤ max and a finite max − min.
 * @throws CoordixError naming the manifest, the indicator or dimension and what is wrong.
 */
export function frozenState(path: string, indicatorIds: string[], dimensionIds: string[]): FrozenState {
  const manifest = readManifest(path);
  const groups = (manifest.weights as { groups?: unknown } | null)?.groups;
  if (!Array.isArray(groups) || groups.length === 0) throw new CoordixError(`${path}: the manifest records no weights (written by ${manifest.command}); freeze a manifest of coordix score`);
  const g = groups[0] as Record<string, unknown>;
  if (groups.length !== 1 || !g || g.scope !== 'pooled') {
    throw new CoordixError(`${path}: the recorded run used per-year normalisation; --frozen needs a pooled run (normalization.scope: pooled)`);
  }
  const bad = (field: string, what: string) => new CoordixError(`${path}: weights.groups[0].${field}: ${what}; freeze a manifest written by coordix score, unedited`);
  if (!Array.isArray(g.indicators) || g.indicators.length === 0) throw bad('indicators', 'no indicators');
  if (!Array.isArray(g.dimensions) || g.dimensions.length === 0) throw bad('dimensions', 'no dimensions');
  const indicators = g.indicators as Record<string, unknown>[];
  const dimensions = g.dimensions as Record<string, unknown>[];
  const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  indicators.forEach((ind, i) => {
    if (!ind || typeof ind !== 'object' || typeof ind.id !== 'string') throw bad(`indicators[${i}]`, 'not an indicator with an id');
    const at = `indicators[${i}] (${ind.id})`;
    if (!finite(ind.weight) || ind.weight <= 0) throw bad(`${at}.weight`, `${JSON.stringify(ind.weight)} is not a number > 0`);
    if (!finite(ind.min)) throw bad(`${at}.min`, `${JSON.stringify(ind.min)} is not a finite number`);
    if (!finite(ind.max)) throw bad(`${at}.max`, `${JSON.stringify(ind.max)} is not a finite number`);
    if (ind.min > ind.max) throw bad(at, `min ${ind.min} is greater than max ${ind.max}`);
    if (!Number.isFinite(ind.max - ind.min)) throw bad(at, `the range max − min overflows (min ${ind.min}, max ${ind.max})`);
  });
  dimensions.forEach((dim, i) => {
    if (!dim || typeof dim !== 'object' || typeof dim.id !== 'string') throw bad(`dimensions[${i}]`, 'not a dimension with an id');
    if (!finite(dim.weight) || dim.weight <= 0) throw bad(`dimensions[${i}] (${dim.id}).weight`, `${JSON.stringify(dim.weight)} is not a number > 0`);
  });
  const recordedIndicators = indicators.map((i) => i.id as string);
  const recordedDimensions = dimensions.map((d) => d.id as string);
  if (recordedIndicators.join('\u0000') !== indicatorIds.join('\u0000') || recordedDimensions.join('\u0000') !== dimensionIds.join('\u0000')) {
    throw new CoordixError(
      `${path}: the frozen run's indicators (${recordedIndicators.join(', ')}) or dimensions differ from the model's (${indicatorIds.join(', ')}); freeze again with this model`,
    );
  }
  const dimensionSum = dimensions.reduce((s, d) => s + (d.weight as number), 0);
  if (Math.abs(dimensionSum - 1) > FROZEN_WEIGHT_TOLERANCE) throw bad('dimensions', `the dimension weights sum to ${dimensionSum}, not 1`);
  for (const dim of recordedDimensions) {
    const members = indicators.filter((i) => i.dimension === dim);
    if (members.length === 0) throw bad('indicators', `no indicator of the dimension ${dim}`);
    const sum = members.reduce((s, i) => s + (i.weight as number), 0);
    if (Math.abs(sum - 1) > FROZEN_WEIGHT_TOLERANCE) throw bad('indicators', `the weights of the dimension ${dim} sum to ${sum}, not 1`);
  }
  return {
    bounds: indicators.map((i) => ({ min: i.min as number, max: i.max as number })),
    indicatorWeights: indicators.map((i) => i.weight as number),
    dimensionWeights: dimensions.map((d) => d.weight as number),
  };
}
