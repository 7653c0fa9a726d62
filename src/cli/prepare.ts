import type { Warning } from '../errors.js';
import { loadModel, type LoadedModel } from '../model/load.js';
import { readPanel } from '../input/read.js';
import { resolveIndicators, type IndicatorData } from '../input/resolve.js';
import type { Panel } from '../input/panel.js';
import { toCsv } from '../output/csv.js';
import { writeFileAtomic } from '../output/write.js';
import { evaluate, type CoordinationResult, type EvaluateOptions } from '../core/pipeline.js';
import { checkOutputs, requireFiles, type InputOptions, type OutputOptions, type WrittenOutput } from './common.js';
import { sha256 } from '../model/load.js';
import { describeWarning } from './errors.js';

export interface Prepared {
  loaded: LoadedModel;
  panel: Panel;
  data: IndicatorData;
  warnings: Warning[];
}

/** The reader options of the input flags. */
export function readOptions(model: { columns: { region: string; year: string } }, opts: InputOptions & { manifest?: string }, { hash = Boolean(opts.manifest) } = {}) {
  return {
    // Inputs are hashed as they are read only for a manifest (28 MB: ~100 ms).
    hashInputs: hash,
    regionColumn: model.columns.region,
    yearColumn: model.columns.year,
    encoding: opts.encoding,
    limits: opts.maxRows ? { maxRows: opts.maxRows } : undefined,
    long: opts.long,
    sheet: opts.sheet,
    headerRow: opts.headerRow,
    indicator: opts.indicator,
  };
}

/** Model, panel and indicator columns: everything the core needs, validated once. */
export async function prepare(files: string[], opts: InputOptions): Promise<Prepared> {
  const loaded = await loadModel(opts.model);
  const panel = await readPanel(files, readOptions(loaded.model, opts));
  const data = resolveIndicators(panel, loaded.model, opts.missing);
  return { loaded, panel, data, warnings: [...panel.warnings, ...data.warnings] };
}

/** `--imputed FILE`: every imputed cell as CSV. */
export function writeImputed(path: string | undefined, data: IndicatorData): WrittenOutput[] {
  if (!path) return [];
  const text = toCsv(
    ['region', 'year', 'indicator', 'method', 'value'],
    data.imputed.map((c) => [c.region, c.year, c.indicator, c.method, c.value]),
  );
  writeFileAtomic(path, text);
  return [{ path, role: 'imputed', size: Buffer.byteLength(text), sha256: sha256(text) }];
}

/**
 * The start of every command that scores: files given, outputs that cannot land on inputs, the
 * model, the panel and its indicators, and the evaluation — with the reader's warnings first.
 */
export async function prepareAndEvaluate(
  command: string,
  files: string[],
  opts: InputOptions & OutputOptions & { manifest?: string; allowInconsistent?: boolean },
  options: { frozen?: (prepared: Prepared) => EvaluateOptions['frozen']; protect?: string[] } = {},
): Promise<Prepared & { result: CoordinationResult }> {
  requireFiles(files, command);
  checkOutputs([opts.output, opts.imputed, opts.manifest], [...files, ...(options.protect ?? [])]);
  const prepared = await prepare(files, opts);
  const result = evaluate(prepared.data, prepared.loaded.model, { allowInconsistent: opts.allowInconsistent, frozen: options.frozen?.(prepared) });
  result.warnings = [...prepared.warnings, ...result.warnings.map(describeWarning)];
  return { ...prepared, result };
}
