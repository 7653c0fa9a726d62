import { evaluate, type CoordinationResult, type EvaluateOptions } from './core/pipeline.js';
import { CoordixError } from './errors.js';
import { mergeTables, type Panel } from './input/panel.js';
import { readPanel, type ReadOptions } from './input/read.js';
import { resolveIndicators, type MissingPolicy } from './input/resolve.js';
import { tableFromRows, type DataRow } from './input/rows.js';
import { BUILTIN_MODEL } from './model/builtin.js';
import type { Model } from './model/schema.js';
import { validateModel } from './model/validate.js';
import { scoresCsv as csvOf, scoresJson as jsonOf, scoresTable as tableOf, type PresentOptions } from './output/scores.js';

/**
 * Validates a model written in code (the same keys as a model file) and fills its defaults. The
 * errors are those of a model file, naming the key path, e.g.
 * `model: dimensions[1].indicators[0].direction: unknown direction "up"; …`.
 * @throws CoordixError for every mistake a model file could have.
 */
export function defineModel(definition: unknown, name = 'model'): Model {
  return validateModel(definition, { name });
}

export interface ScoreOptions extends EvaluateOptions {
  /** Missing needed values: 'error' (default), 'drop', 'interpolate' or 'mean'. */
  missing?: MissingPolicy;
  /** How to read files (encoding, sheet, limits, …) when `data` names files. */
  read?: Omit<ReadOptions, 'regionColumn' | 'yearColumn'>;
}

/** The result of `score`: the evaluation, with the reader's and the missing-value warnings first. */
export type ScoreResult = CoordinationResult & { imputed: ReturnType<typeof resolveIndicators>['imputed'] };

/**
 * Scores data with a model — what `coordix score` computes, as a self-describing result (scores,
 * weights, bounds, AHP checks, settings and warnings).
 *
 * `data` is an array of objects (`{ region: '北京', year: 2019, gdp: 35371, … }`), a Panel, or
 * file paths (CSV, NBS exports, workbooks). `model` is a validated model (`defineModel`), a
 * model written in code (validated here), or omitted for the built-in five-dimension model.
 *
 * @throws CoordixError for bad data or a bad model (naming the row or file and the key), and the
 *   typed errors of the pipeline (AhpInconsistentError, EntropyObservationsError, …).
 */
export async function score(data: readonly DataRow[] | Panel | string | readonly string[], model?: Model | object, options: ScoreOptions = {}): Promise<ScoreResult> {
  const resolved = model === undefined ? defineModel(BUILTIN_MODEL, 'built-in model') : isModel(model) ? model : defineModel(model);
  const columns = { regionColumn: resolved.columns.region, yearColumn: resolved.columns.year };
  let panel: Panel;
  if (typeof data === 'string' || (Array.isArray(data) && data.every((d) => typeof d === 'string'))) {
    const paths = typeof data === 'string' ? [data] : (data as string[]);
    if (paths.length === 0) throw new CoordixError('score: no data; give rows, a Panel, or file paths');
    panel = await readPanel(paths, { ...options.read, ...columns });
  } else if (Array.isArray(data)) {
    if (data.length === 0) throw new CoordixError('score: no rows; give one object per region and year');
    panel = mergeTables([tableFromRows(data as DataRow[], columns)], [{ path: 'rows', name: 'rows', size: 0, sha256: '', format: 'rows', encoding: 'none', rows: data.length }]);
  } else if (data && typeof data === 'object' && 'columns' in data && 'regions' in data) {
    panel = data as Panel;
  } else {
    throw new CoordixError('score: give rows (an array of objects), a Panel, or file paths');
  }
  const indicators = resolveIndicators(panel, resolved, options.missing ?? 'error');
  const result = evaluate(indicators, resolved, options);
  return { ...result, warnings: [...panel.warnings, ...indicators.warnings, ...result.warnings], imputed: indicators.imputed };
}

/** A model that went through validation has every key filled; a definition in code need not. */
function isModel(model: object): model is Model {
  const m = model as Partial<Model>;
  return typeof m.name === 'string' && typeof m.normalization === 'object' && typeof m.weights === 'object' && typeof m.combine === 'object' && typeof m.ahp === 'object' && typeof m.aggregation === 'string';
}

/** How a result is printed; every field optional here (English, regions as given, no colour). */
export type PrintOptions = Partial<PresentOptions>;

function presentOptions(options: PrintOptions = {}): PresentOptions {
  return { lang: 'en', regionNames: 'as-given', color: false, ...options };
}

/** The score CSV that `coordix score -f csv` writes (full precision unless `precision`). */
export function scoresCsv(result: CoordinationResult, options?: PrintOptions): string {
  return csvOf(result, presentOptions(options));
}

/** The score JSON that `coordix score -f json` writes: model, settings, weights, rows, warnings. */
export function scoresJson(result: CoordinationResult, options?: PrintOptions): string {
  return jsonOf(result, presentOptions(options));
}

/** The score table that `coordix score` prints. */
export function scoresTable(result: CoordinationResult, options?: PrintOptions): string {
  return tableOf(result, presentOptions(options));
}
