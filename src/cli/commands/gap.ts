import { Command } from 'commander';
import { withInputOptions, withManifestOption, withOutputOptions } from '../options.js';
import { CoordixError, UsageError, type Warning } from '../../errors.js';
import { disparityByYear, type YearDisparity } from '../../core/disparity-by-year.js';
import { readPanel } from '../../input/read.js';
import { displayRegionName, FOUR_REGIONS } from '../../regions/names.js';
import { findColumn, resolveIndicators } from '../../input/resolve.js';
import { loadModel } from '../../model/load.js';
import { columnModel, groupsFromFile, groupsOf, variableValues } from '../variable.js';
import { dagumByYear, dagumText } from '../dagum.js';
import { bandCsvRows, bandFlag, bandJson, bandText } from '../band-output.js';
import { bandByYear } from '../../core/standards-by-year.js';
import { toCsv } from '../../output/csv.js';
import { displayNumber, formatNumber } from '../../output/format.js';
import { roundDeep } from '../../output/scores.js';
import { renderTable, sparkline } from '../../output/table.js';
import { writeManifest } from '../manifest.js';
import { readOptions, writeImputed } from '../prepare.js';
import { workbookOutput } from '../workbook.js';
import { checkOutputs, colorFor, emit, printWarnings, requireFiles, resolveFormat, type InputOptions, type OutputOptions } from '../common.js';

export interface GapOptions extends InputOptions, OutputOptions {
  var: string;
  pop?: string;
  group?: string;
  groups?: string;
  dagum?: boolean;
  band?: string;
}

/** `coordix gap`: regional disparity per year, its decomposition and σ-convergence. */
export async function gapCommand(files: string[], opts: GapOptions): Promise<void> {
  requireFiles(files, 'gap');
  checkOutputs(opts, files);
  if (!opts.var) throw new UsageError('coordix gap: --var COLUMN is required (an input column, a model indicator, or D, T, C or a dimension id)');
  const format = resolveFormat(opts, ['table', 'csv', 'json', 'xlsx']);
  const loaded = await loadModel(opts.model);
  const model = loaded.model;
  const panel = await readPanel(files, readOptions(model, opts));
  const { data, warnings } = variableValues(panel, model, opts.var, opts);
  const values = data.values[0];
  const regions = data.regions;
  const years = data.years;
  const where = (i: number) => `${regions[i]}${years[i] === null ? '' : ` ${years[i]}`}`;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < 0) throw new CoordixError(`--var ${opts.var}: ${where(i)} is ${values[i]}; disparity measures need values ≥ 0 (shift or transform the variable first)`);
  }

  // Each observation's index in the panel (the variable may have dropped region-years).
  const panelIndex = new Map(panel.regions.map((r, i) => [`${r}\u0000${panel.years[i]}`, i]));
  const inPanel = (i: number) => panelIndex.get(`${regions[i]}\u0000${years[i]}`)!;

  let population: Float64Array | null = null;
  if (opts.pop) {
    if (!findColumn(panel, opts.pop)) throw new CoordixError(`--pop ${opts.pop}: no such column in the input; columns read: ${[...panel.columns.keys()].slice(0, 12).join(', ')}`);
    // Policy 'error': every population cell is needed, and the values keep the panel's order.
    const pop = resolveIndicators(panel, columnModel(model, opts.pop, opts.pop, null), 'error').values[0];
    population = Float64Array.from(regions, (_, i) => pop[inPanel(i)]);
    population.forEach((p, i) => {
      if (!(p > 0)) throw new CoordixError(`--pop ${opts.pop}: ${where(i)} has population ${p}; populations must be > 0`);
    });
  }

  if (opts.group && opts.groups) throw new UsageError('coordix gap: give --group or --groups FILE, not both');
  if (opts.dagum && opts.pop) throw new UsageError('coordix gap --dagum: the Dagum decomposition is unweighted (docs/methods.md §8); drop --pop');
  let groupOf: string[] | null = opts.groups ? await groupsFromFile(opts.groups, regions) : opts.group ? groupsOf(panel, regions, years, opts.group) : null;
  if (opts.dagum && format === 'xlsx') throw new UsageError('coordix gap --dagum: -f xlsx is not available for the Dagum decomposition yet; use -f csv or json');
  if (opts.dagum) {
    const grouping = opts.groups ?? opts.group ?? 'four-regions';
    groupOf ??= groupsOf(panel, regions, years, 'four-regions');
    const text = dagumText(dagumByYear(values, years, groupOf, grouping === 'four-regions' ? FOUR_REGIONS : []), format, {
      variable: opts.var,
      grouping,
      precision: opts.precision,
      bom: opts.bom,
      color: colorFor(opts),
      warnings,
      lang: opts.lang,
    });
    const outputs = [...writeImputed(opts.imputed, data), emit(text, opts, files)];
    printWarnings(warnings);
    writeManifest(opts.manifest, { command: 'gap', inputs: panel.files, loaded, result: null, warnings, imputed: data.imputed, outputs });
    return;
  }

  const byYear = disparityByYear(values, regions, years, {
    populations: population ?? undefined,
    groups: groupOf ?? undefined,
    groupOrder: opts.group === 'four-regions' ? FOUR_REGIONS : undefined,
    name: opts.var,
  });
  const rows = byYear.years;
  const convergence = byYear.convergence;
  const allWarnings: Warning[] = [...warnings, ...byYear.warnings];
  const name = (r: string) => displayRegionName(r, opts.regionNames);
  const band = opts.band === undefined ? null : bandFlag('--band', opts.band);
  const banded = band ? bandByYear({ regions, years, values }, band) : null;

  const measureRows = (r: YearDisparity): [string, string, number | null][] => {
    const m = r.measures;
    const out: [string, string, number | null][] = [
      ['n', '', m.n],
      ['mean', '', m.mean],
      ['sd', '', m.sd],
      ['cv', '', m.cv],
      ['cv_weighted', '', m.cvWeighted],
      ['gini', '', m.gini],
      ['gini_unbiased', '', m.giniUnbiased],
      ['gini_weighted', '', m.giniWeighted],
      ['theil_t', '', m.theilT],
      ['theil_l', '', m.theilL],
      ['atkinson_0.5', '', m.atkinson05],
      ['atkinson_1', '', m.atkinson1],
      ['atkinson_2', '', m.atkinson2],
      ['max_min_ratio', '', m.maxMinRatio],
    ];
    if (r.decomposition) {
      const d = r.decomposition;
      out.push(['theil_t_between', '', d.between], ['theil_t_within', '', d.within], ['theil_t_between_share', '', d.betweenShare], ['theil_t_within_share', '', d.withinShare]);
      for (const g of d.groups) out.push(['mean', g.name, g.mean]);
    }
    return out;
  };

  let text: string | Uint8Array[];
  const zh = opts.lang === 'zh';
  if (format === 'xlsx') {
    // The long table (year, measure, group, value) and the measures by year, numbers as number cells.
    const long = rows.flatMap((r) => measureRows(r).map(([measure, group, value]) => [r.year, measure, group, value] as (string | number | null)[]));
    const labels = measureRows(rows[0]).map(([m, g]) => (g ? `mean ${g}` : m));
    const wide = labels.map((label, k) => [label, ...rows.map((r) => measureRows(r)[k]?.[2] ?? null)]);
    wide.push([zh ? '最大值地区' : 'max region', ...rows.map((r) => name(r.max.region))], [zh ? '最小值地区' : 'min region', ...rows.map((r) => name(r.min.region))]);
    const yearHeader = rows.map((r) => (r.year === null ? (zh ? '全部' : 'all') : String(r.year)));
    text = [
      workbookOutput(
        [
          { name: zh ? '差异' : 'disparity', header: zh ? ['年份', '测度', '分组', '值'] : ['year', 'measure', 'group', 'value'], rows: long },
          { name: zh ? '分年' : 'by year', header: [zh ? '测度' : 'measure', ...yearHeader], rows: wide },
          {
            name: zh ? '设置' : 'settings',
            header: zh ? ['设置', '值'] : ['setting', 'value'],
            rows: [['variable', opts.var], ['population', opts.pop ?? null], ['grouping', opts.group ?? opts.groups ?? null], ['convergence', convergence.verdict ?? null], ['averageAnnualChange', convergence.averageAnnualChange ?? null]],
          },
          { name: zh ? '警告' : 'warnings', header: zh ? ['代码', '警告'] : ['code', 'warning'], rows: allWarnings.map((w) => [w.code, w.message]) },
        ],
        opts,
      ),
    ];
  } else if (format === 'csv') {
    const csvRows = rows.flatMap((r) => measureRows(r).map(([measure, group, value]) => [r.year, measure, group, value]));
    if (banded) csvRows.push(...bandCsvRows(banded, name));
    text = toCsv(['year', 'measure', 'group', 'value'], csvRows, (x) => formatNumber(x, opts.precision), opts.bom);
  } else if (format === 'json') {
    text =
      JSON.stringify(
        roundDeep(
          {
            variable: opts.var,
            population: opts.pop ?? null,
            grouping: opts.group ?? null,
            weighted: population ? ['cv_weighted', 'gini_weighted', 'theil_t', 'theil_l', 'atkinson_0.5', 'atkinson_1', 'atkinson_2', 'theil_t_between', 'theil_t_within'] : [],
            years: rows.map((r) => ({
              year: r.year,
              ...Object.fromEntries(measureRows(r).filter(([, g]) => g === '').map(([m, , v]) => [m, v])),
              max: { region: name(r.max.region), value: r.max.value },
              min: { region: name(r.min.region), value: r.min.value },
              groups: r.decomposition?.groups.map((g) => ({ name: g.name, n: g.n, mean: g.mean, theil_t: g.theilT })) ?? null,
            })),
            convergence: { cv: rows.map((r) => ({ year: r.year, cv: r.measures.cv })), ...convergence },
            band: band && banded ? bandJson(band, banded, name) : null,
            warnings: allWarnings,
          },
          opts.precision,
        ),
        null,
        2,
      ) + '\n';
  } else {
    const d = opts.precision ?? 4;
    const labels = measureRows(rows[0]).map(([m, g]) => (g ? `mean ${g}` : m));
    const table = labels.map((label, k) => {
      const series = rows.map((r) => measureRows(r)[k]?.[2] ?? null);
      return [label, ...series.map((v) => (v === null ? '—' : label === 'n' ? String(v) : displayNumber(v, d))), sparkline(series)];
    });
    table.push([zh ? '最大值地区' : 'max region', ...rows.map((r) => name(r.max.region)), ''], [zh ? '最小值地区' : 'min region', ...rows.map((r) => name(r.min.region)), '']);
    text =
      (zh
        ? `${opts.var} 的区域差异${opts.pop ? `，按 ${opts.pop} 人口加权（cv_weighted, gini_weighted, theil_*, atkinson_*）` : ''}${opts.group ? `，分组：${opts.group}` : ''}\n`
        : `Disparity of ${opts.var}${opts.pop ? `, population-weighted by ${opts.pop} (cv_weighted, gini_weighted, theil_*, atkinson_*)` : ''}${opts.group ? `, groups: ${opts.group}` : ''}\n`) +
      renderTable(
        [{ header: zh ? '测度' : 'measure' }, ...rows.map((r) => ({ header: r.year === null ? (zh ? '全部' : 'all') : String(r.year), align: 'right' as const })), { header: zh ? '趋势' : 'trend' }],
        table,
        { color: colorFor(opts) },
      ) +
      (convergence.verdict
        ? zh
          ? `σ 收敛：CV ${convergence.verdict}（年均变化 ${convergence.averageAnnualChange! >= 0 ? '+' : ''}${displayNumber(convergence.averageAnnualChange, 5)}，${rows[0].year}–${rows[rows.length - 1].year}）\n`
          : `σ-convergence: CV ${convergence.verdict} (average annual change ${convergence.averageAnnualChange! >= 0 ? '+' : ''}${displayNumber(convergence.averageAnnualChange, 5)}, ${rows[0].year}–${rows[rows.length - 1].year})\n`
        : zh
          ? 'σ 收敛：至少需要两个年份\n'
          : 'σ-convergence: needs at least two years\n') +
      (band && banded ? `Tolerable band on ${opts.var}:\n${bandText(band, banded, name, d)}` : '');
  }
  const outputs = [...writeImputed(opts.imputed, data), emit(text, opts, files)];
  printWarnings(allWarnings);
  writeManifest(opts.manifest, { command: 'gap', inputs: panel.files, loaded, result: null, warnings: allWarnings, imputed: data.imputed, outputs });

}


/** The definition of `coordix gap`. */
export function define() {
  const cmd = withOutputOptions(
    withInputOptions(
      new Command('gap')
        .description('regional disparity per year (CV, Gini, Theil T/L, max/min), Theil decomposition by groups, σ-convergence')
        .argument('[files...]', 'input files, or - for stdin (a `coordix score -f csv` output works too)'),
    ),
    ['table', 'csv', 'json'],
  )
    .requiredOption('--var <column>', 'the variable: an input column, a model indicator (also derived), or a score: D, T, C, a dimension id')
    .option('--pop <column>', 'population column: weights cv_weighted, gini_weighted, theil_t, theil_l, atkinson_* and the decomposition')
    .option('--group <four-regions|column>', 'groups for the Theil decomposition: the NBS four regions, or a column of group names')
    .option('--groups <file>', 'groups from a CSV file region,group (instead of --group)')
    .option('--dagum', 'print the Dagum Gini decomposition by groups instead (G = G_w + G_nb + G_t; groups: --group/--groups, default the four regions)')
    .option('--band <lo:hi>', 'a tolerable band on the variable, e.g. 1:2.5: per year the regions outside it, their count and distance');
  return withManifestOption(cmd)
    .addHelpText(
      'after',
      `
  Always unweighted: n, mean, sd (population), cv, gini, gini_unbiased (gini·n/(n − 1)), max_min_ratio.
  Population-weighted with --pop: cv_weighted, gini_weighted (Σ s_i s_j |y_i − y_j| / 2ȳ), theil_t, theil_l,
  atkinson_0.5, atkinson_1, atkinson_2 (A_ε = 1 − (Σ s (y/ȳ)^(1−ε))^(1/(1−ε)), A_1 = 1 − Π (y/ȳ)^s),
  theil_t_between/within. Zeros are ordinary (theil_t uses 0·ln0 = 0;
  theil_l and max_min_ratio are undefined for a year containing a zero); a negative value is an error.
  CSV (long form): year,measure,group,value — measures n, mean, sd, cv, cv_weighted, gini,
  gini_unbiased, gini_weighted, theil_t, theil_l, atkinson_0.5, atkinson_1, atkinson_2, max_min_ratio, theil_t_between, theil_t_within, theil_t_between_share, theil_t_within_share
  (group empty) and mean per group (group = its name); an undefined value is an empty cell.
  σ-convergence: the average annual change of the CV over the years given, and its verdict.
  --dagum: G, G_w, G_nb, G_t, G_w_share, G_nb_share, G_t_share, then G_jj and mean per group and
  G_jh, D_jh per pair (group a|b), in the same long CSV; groups as --group, or --groups FILE.
  --band lo:hi: per year the regions outside [lo, hi] (edges inside), their count and distance to the
  nearer edge; in CSV the measures band_outside (count) and band_above/band_below (group = region,
  value = distance); in JSON "band". Formulas: docs/methods.md, sections 8 and 11.

  Examples:
    coordix gap fixtures/china-provinces.csv --var income --pop population --group four-regions
    coordix score data.csv -f csv | coordix gap - --var D`,
    )
    .action((files: string[], opts: GapOptions) => gapCommand(files, opts));
}
