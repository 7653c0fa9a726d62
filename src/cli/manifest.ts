import { readFileSync } from 'node:fs';
import type { Warning } from '../errors.js';
import { CoordixError } from '../errors.js';
import type { CoordinationResult, FrozenState } from '../core/pipeline.js';
import type { InputFileInfo } from '../input/panel.js';
import type { ImputedCell } from '../input/resolve.js';
import type { LoadedModel } from '../model/load.js';
import { fileErrorMessage } from '../model/load.js';
import { weightsJson } from '../output/scores.js';
import { stageOutput, type WrittenOutput } from './common.js';
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

/** The arguments of this process after the command name's position (what `verify` replays). */
export function commandArguments(): string[] {
  return process.argv.slice(2);
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

export function readManifest(path: string): Manifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CoordixError(fileErrorMessage(path, e as NodeJS.ErrnoException, 'manifest'));
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text);
  } catch {
    throw new CoordixError(`${path}: not a coordix manifest (not JSON); manifests are written by --manifest FILE`);
  }
  if (!manifest || typeof manifest !== 'object' || typeof manifest.command !== 'string' || !Array.isArray(manifest.arguments) || !Array.isArray(manifest.inputs)) {
    throw new CoordixError(`${path}: not a coordix manifest (no command, arguments or inputs); manifests are written by --manifest FILE`);
  }
  return manifest;
}

/**
 * The weights and bounds of a pooled run, to freeze (methods.md §10). The manifest's model must
 * have the same indicators and dimensions, in order, as the model used now.
 */
export function frozenState(path: string, indicatorIds: string[], dimensionIds: string[]): FrozenState {
  const manifest = readManifest(path);
  const groups = manifest.weights?.groups;
  if (!groups || groups.length === 0) throw new CoordixError(`${path}: the manifest records no weights (written by ${manifest.command}); freeze a manifest of coordix score`);
  if (groups.length !== 1 || groups[0].scope !== 'pooled') {
    throw new CoordixError(`${path}: the recorded run used per-year normalisation; --frozen needs a pooled run (normalization.scope: pooled)`);
  }
  const group = groups[0];
  const recordedIndicators = group.indicators.map((i) => i.id);
  const recordedDimensions = group.dimensions.map((d) => d.id);
  if (recordedIndicators.join('\u0000') !== indicatorIds.join('\u0000') || recordedDimensions.join('\u0000') !== dimensionIds.join('\u0000')) {
    throw new CoordixError(
      `${path}: the frozen run's indicators (${recordedIndicators.join(', ')}) or dimensions differ from the model's (${indicatorIds.join(', ')}); freeze again with this model`,
    );
  }
  return {
    bounds: group.indicators.map((i) => ({ min: i.min, max: i.max })),
    indicatorWeights: group.indicators.map((i) => i.weight),
    dimensionWeights: group.dimensions.map((d) => d.weight),
  };
}
