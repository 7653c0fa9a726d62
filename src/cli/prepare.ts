import { CoordixError, UsageError, type Warning } from '../errors.js';
import { parseAliasesCsv } from '../input/aliases.js';
import { decodeText } from '../input/decode.js';
import { loadModel, type LoadedModel } from '../model/load.js';
import { readPanel } from '../input/read.js';
import { findColumn, resolveIndicators, type IndicatorData } from '../input/resolve.js';
import { dataChecks, DataCheckError, type DataCheck } from '../input/checks.js';
import { expressionColumns, parseExpression } from '../model/expr.js';
import { flatIndicators, type Model } from '../model/schema.js';
import type { Panel } from '../input/panel.js';
import { toCsv } from '../output/csv.js';
import { evaluate, type CoordinationResult, type EvaluateOptions } from '../core/pipeline.js';
import { CellValueError } from '../core/stages/normalise.js';
import { checkOutputs, requireFiles, stageOutput, type InputOptions, type OutputOptions, type WrittenOutput } from './common.js';
import { sha256 } from '../model/load.js';
import { describeWarning } from './errors.js';
import { readBoundedSync } from './manifest.js';

export interface Prepared {
  loaded: LoadedModel;
  panel: Panel;
  data: IndicatorData;
  warnings: Warning[];
}

/**
 * `--indicator` as given (repeatable) → the reader's option: one bare NAME, or FILE=NAME pairs.
 * @throws UsageError for two bare names, a bare name next to FILE=NAME, or an empty side of `=`.
 * @example indicatorOption(['a.csv=GDP', 'b.csv=人口']) // => { 'a.csv': 'GDP', 'b.csv': '人口' }
 */
export function indicatorOption(values: string[] | undefined): string | Record<string, string> | undefined {
  if (values === undefined || values.length === 0) return undefined;
  const bare = values.filter((v) => !v.includes('='));
  if (bare.length === values.length && bare.length === 1) return bare[0];
  if (bare.length > 0) {
    throw new UsageError(`--indicator ${bare[0]}: ${bare.length > 1 ? 'several bare names' : 'a bare name next to FILE=NAME'} cannot tell which file each names; write every one as --indicator FILE=NAME`);
  }
  const byFile: Record<string, string> = {};
  for (const v of values) {
    const at = v.indexOf('=');
    const [file, name] = [v.slice(0, at).trim(), v.slice(at + 1).trim()];
    if (file === '' || name === '') throw new UsageError(`--indicator ${v}: write FILE=NAME, both non-empty (e.g. --indicator 分省年度数据_4.csv=地方财政一般公共预算支出(亿元))`);
    if (Object.hasOwn(byFile, file) && byFile[file] !== name) throw new UsageError(`--indicator ${v}: ${file} is named twice (${byFile[file]} and ${name}); keep one`);
    byFile[file] = name;
  }
  return byFile;
}

/** `--aliases FILE` read (UTF-8 or GBK), added to the model's `aliases:` (the file wins for a name in both). */
function aliasesOption(model: { aliases?: Record<string, string> }, file: string | undefined): Record<string, string> | undefined {
  if (file === undefined) return model.aliases;
  let bytes: Uint8Array;
  try {
    // Bounded (16 MiB): /dev/zero ends with a clear error.
    bytes = readBoundedSync(file, 'aliases file');
  } catch (e) {
    if (e instanceof CoordixError) throw new CoordixError(`--aliases ${e.message}`);
    throw new CoordixError(`--aliases ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give a CSV with lines name,region such as Mongolia,内蒙古`);
  }
  return { ...model.aliases, ...parseAliasesCsv(decodeText(bytes, file).text, file) };
}

/** The reader options of the input flags; --years and --regions win over the model's years: and regions:. */
export function readOptions(
  model: { columns: { region: string; year: string }; years?: number[]; regions?: string[]; aliases?: Record<string, string> },
  opts: InputOptions & { manifest?: string },
  { hash = Boolean(opts.manifest) } = {},
) {
  return {
    years: opts.years ?? model.years,
    regions: opts.regions ?? model.regions,
    aliases: aliasesOption(model, opts.aliases),
    // Inputs are hashed as they are read only for a manifest (28 MB: ~100 ms).
    hashInputs: hash,
    regionColumn: model.columns.region,
    yearColumn: model.columns.year,
    encoding: opts.encoding,
    limits: opts.maxRows ? { maxRows: opts.maxRows } : undefined,
    maxBytes: opts.maxBytes,
    long: opts.long,
    sheet: opts.sheet,
    headerRow: opts.headerRow,
    indicator: indicatorOption(opts.indicator),
  };
}

/** Model, panel and indicator columns: everything the core needs, validated once. */
export async function prepare(files: string[], opts: InputOptions): Promise<Prepared> {
  const loaded = await loadModel(opts.model, { maxBytes: opts.maxBytes });
  const panel = await readPanel(files, readOptions(loaded.model, opts));
  const checks = checkNeededColumns(panel, loaded.model, opts.strict);
  const data = resolveIndicators(panel, loaded.model, opts.missing);
  return { loaded, panel, data, warnings: [...panel.warnings, ...checks, ...data.warnings] };
}

/**
 * The data checks (input/checks.ts) on the columns the model reads, directly or in expressions,
 * as read (before missing values are handled): warnings, or with `--strict` a DataCheckError.
 */
export function checkNeededColumns(panel: Panel, model: Model, strict = false): Warning[] {
  const names = new Set<string>();
  for (const { indicator } of flatIndicators(model)) {
    for (const name of indicator.expr !== null ? expressionColumns(parseExpression(indicator.expr)) : [indicator.column!]) {
      const column = findColumn(panel, name);
      if (column) names.add(column.name);
    }
  }
  const checks = dataChecks(panel, names);
  if (strict && checks.length > 0) throw new DataCheckError(checks);
  return checkWarnings(checks);
}

/**
 * The checks as warnings: every shift, and at most 5 outliers per column followed by one line
 * counting the rest (a noisy column must not bury the other warnings; inspect lists them all).
 */
export function checkWarnings(checks: DataCheck[], perColumn = 5): Warning[] {
  const out: Warning[] = [];
  const shown = new Map<string, number>();
  for (const c of checks) {
    if (c.kind === 'shift') {
      out.push({ code: 'data-shift', message: c.message });
      continue;
    }
    const n = (shown.get(c.indicator) ?? 0) + 1;
    shown.set(c.indicator, n);
    if (n <= perColumn) out.push({ code: 'data-outlier', message: c.message });
  }
  for (const [column, n] of shown) {
    if (n > perColumn) out.push({ code: 'data-outlier', message: `${column}: ${n - perColumn} more value${n - perColumn === 1 ? '' : 's'} far from their region's neighbouring years (${n} in all; coordix inspect lists them)` });
  }
  return out;
}

/** `--imputed FILE`: every imputed cell as CSV, staged in the run's outputs (common.ts `withRunOutputs`). */
export function writeImputed(path: string | undefined, data: IndicatorData): WrittenOutput[] {
  if (!path) return [];
  const text = toCsv(
    ['region', 'year', 'indicator', 'method', 'value'],
    data.imputed.map((c) => [c.region, c.year, c.indicator, c.method, c.value]),
  );
  stageOutput(path, text);
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
  checkOutputs(opts, [...files, ...(options.protect ?? [])]);
  const prepared = await prepare(files, opts);
  let result: CoordinationResult;
  try {
    result = evaluate(prepared.data, prepared.loaded.model, { allowInconsistent: opts.allowInconsistent, frozen: options.frozen?.(prepared) });
  } catch (e) {
    throw e instanceof CellValueError ? withCellOrigin(e, prepared) : e;
  }
  assertFiniteResult(result);
  result.warnings = [...prepared.warnings, ...result.warnings.map(describeWarning)];
  return { ...prepared, result };
}

/**
 * A value the normalisation method refused (outside [0, 1] with none, negative with vector), with
 * the file and line of its cell in front when the indicator reads a column (docs/methods.md §1a).
 */
function withCellOrigin(error: CellValueError, prepared: Prepared): Error {
  const { panel, data, loaded } = prepared;
  const indicator = flatIndicators(loaded.model).find((x) => x.indicator.id === error.indicator)?.indicator;
  const column = indicator?.column ? findColumn(panel, indicator.column) : undefined;
  const region = data.regions[error.index];
  const year = data.years[error.index];
  const i = panel.regions.findIndex((r, k) => r === region && panel.years[k] === year);
  const origin = column && i >= 0 ? column.origin(i) : null;
  return origin ? new CoordixError(`${origin.file}:${origin.line}: ${error.message}`) : error;
}

/**
 * A computed number that is not finite (values near ±1e308 whose range max − min overflows to
 * Infinity, so z = (x − min)/(max − min) is 0 or NaN): `what` names the indicator or score.
 */
export class NonFiniteResultError extends CoordixError {
  constructor(
    readonly what: string,
    readonly place: string,
    readonly range: { min: number; max: number } | null,
  ) {
    super(
      range && !Number.isFinite(range.max - range.min)
        ? `${what}: its values run from ${range.min} to ${range.max}, a range (max − min) beyond double precision; rescale the unit (e.g. divide the column by 1e6) and run again`
        : `${what}: the computed value for ${place} is not a finite number; rescale the unit of its indicators (values near ±1e308 overflow) and run again`,
    );
    this.name = 'NonFiniteResultError';
  }
}

/**
 * Checks every number a command prints before it is printed: normalised values, weights, U, T, C
 * and D finite. @throws NonFiniteResultError naming the first indicator (or dimension, or score) that is not.
 */
export function assertFiniteResult(result: CoordinationResult): void {
  const placeOf = (i: number) => `${result.regions[i]} ${result.years[i] ?? ''}`.trim();
  const firstBad = (values: ArrayLike<number>) => {
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
    return -1;
  };
  result.indicatorIds.forEach((id, j) => {
    const group = result.groups.find((g) => g.indicators[j] && (!Number.isFinite(g.indicators[j].max - g.indicators[j].min) || !Number.isFinite(g.indicators[j].weight)));
    const bad = firstBad(result.normalised[j]);
    if (group || bad >= 0) {
      const w = (group ?? result.groups[result.groupOf[Math.max(bad, 0)]])?.indicators[j];
      throw new NonFiniteResultError(`indicator "${id}"`, bad >= 0 ? placeOf(bad) : 'its weight', w ? { min: w.min, max: w.max } : null);
    }
  });
  result.dimensionIds.forEach((id, k) => {
    const bad = firstBad(result.scores[k]);
    if (bad >= 0) throw new NonFiniteResultError(`dimension "${id}"`, placeOf(bad), null);
  });
  for (const [name, values] of [['T', result.T], ['C', result.C], ['D', result.D]] as const) {
    const bad = firstBad(values);
    if (bad >= 0) throw new NonFiniteResultError(name, placeOf(bad), null);
  }
}
