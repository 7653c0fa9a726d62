import type { Warning } from '../errors.js';
import { loadModel, type LoadedModel } from '../model/load.js';
import { readPanel } from '../input/read.js';
import { resolveIndicators, type IndicatorData } from '../input/resolve.js';
import type { Panel } from '../input/panel.js';
import { toCsv } from '../output/csv.js';
import { writeFileAtomic } from '../output/write.js';
import type { InputOptions } from './common.js';

export interface Prepared {
  loaded: LoadedModel;
  panel: Panel;
  data: IndicatorData;
  warnings: Warning[];
}

/** Model, panel and indicator columns: everything the core needs, validated once. */
export async function prepare(files: string[], opts: InputOptions): Promise<Prepared> {
  const loaded = await loadModel(opts.model);
  const panel = await readPanel(files, {
    regionColumn: loaded.model.columns.region,
    yearColumn: loaded.model.columns.year,
    encoding: opts.encoding,
    limits: opts.maxRows ? { maxRows: opts.maxRows } : undefined,
  });
  const data = resolveIndicators(panel, loaded.model, opts.missing);
  return { loaded, panel, data, warnings: [...panel.warnings, ...data.warnings] };
}

/** `--imputed FILE`: every imputed cell as CSV. */
export function writeImputed(path: string | undefined, data: IndicatorData): void {
  if (!path) return;
  writeFileAtomic(
    path,
    toCsv(
      ['region', 'year', 'indicator', 'method', 'value'],
      data.imputed.map((c) => [c.region, c.year, c.indicator, c.method, c.value]),
    ),
  );
}
