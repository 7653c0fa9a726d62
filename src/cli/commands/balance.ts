import { Command } from 'commander';
import { withInputOptions, withManifestOption, withOutputOptions } from '../options.js';
import { UsageError, type Warning } from '../../errors.js';
import { parseBand } from '../../core/band.js';
import { balanceByYear } from '../../core/standards-by-year.js';
import { readPanel } from '../../input/read.js';
import { loadModel } from '../../model/load.js';
import { displayRegionName } from '../../regions/names.js';
import { toCsv } from '../../output/csv.js';
import { displayNumber, formatNumber } from '../../output/format.js';
import { roundDeep } from '../../output/scores.js';
import { renderTable, sparkline } from '../../output/table.js';
import { writeManifest } from '../manifest.js';
import { namedValues } from '../named-values.js';
import { readOptions, writeImputed } from '../prepare.js';
import { checkOutputs, colorFor, emit, printWarnings, requireFiles, resolveFormat, type InputOptions, type OutputOptions } from '../common.js';

export interface BalanceOptions extends InputOptions, OutputOptions {
  of: string;
  per: string;
  flag: string;
  band?: string;
}

/**
 * The band on R from --band lo:hi, else --flag lo,hi (default 0.5,2).
 * @throws UsageError naming the flag when it cannot be read.
 * @example balanceBand({ flag: '0.8,1.25' }) // => [0.8, 1.25]
 */
export function balanceBand(opts: { flag?: string; band?: string }): [number, number] {
  const [flag, text] = opts.band !== undefined ? ['--band', opts.band] : ['--flag', (opts.flag ?? '0.5,2').replace(',', ':')];
  try {
    return parseBand(text);
  } catch (e) {
    if (e instanceof UsageError) {
      const given = flag === '--band' ? opts.band : opts.flag;
      throw new UsageError(`${flag} ${given}: ${e.message}${flag === '--flag' ? ' (for --flag, with a comma: 0.5,2)' : ''}`);
    }
    throw e;
  }
}

/** `coordix balance`: shares of two totals per region and year, R_i = e_i / p_i, H, and the regions out of balance. */
export async function balanceCommand(files: string[], opts: BalanceOptions): Promise<void> {
  requireFiles(files, 'balance');
  checkOutputs([opts.output, opts.imputed, opts.manifest], files);
  if (opts.band !== undefined && opts.flag !== undefined && opts.flag !== '0.5,2') throw new UsageError('coordix balance: give --flag or --band, not both (they set the same band on R)');
  const band = balanceBand(opts);
  const format = resolveFormat(opts, ['table', 'csv', 'json']);
  const loaded = await loadModel(opts.model);
  const model = loaded.model;
  const panel = await readPanel(files, readOptions(model, opts));
  const named = namedValues(
    panel,
    model,
    [
      { name: opts.of, flag: '--of' },
      { name: opts.per, flag: '--per' },
    ],
    opts.missing,
  );
  const years = balanceByYear({ regions: named.regions, years: named.years, of: named.values[0], per: named.values[1] }, { of: opts.of, per: opts.per }, band);
  const warnings: Warning[] = [...panel.warnings, ...named.data.warnings];
  const name = (r: string) => displayRegionName(r, opts.regionNames);
  const sideOf = (y: (typeof years)[number], region: string) => y.outside!.regions.find((o) => o.region === region) ?? null;

  let text: string;
  if (format === 'csv') {
    const rows = years.flatMap((y) =>
      y.regions.map((r) => {
        const o = sideOf(y, r.region);
        return [y.year, name(r.region), r.ofShare, r.perShare, r.ratio, o?.side ?? '', o?.distance ?? null, y.dissimilarity];
      }),
    );
    text = toCsv(['year', 'region', 'of_share', 'per_share', 'ratio', 'outside', 'distance', 'dissimilarity'], rows, (x) => formatNumber(x, opts.precision), opts.bom);
  } else if (format === 'json') {
    text =
      JSON.stringify(
        roundDeep(
          {
            of: opts.of,
            per: opts.per,
            band,
            years: years.map((y) => ({
              year: y.year,
              dissimilarity: y.dissimilarity,
              outside: { count: y.outside!.count, regions: y.outside!.regions.map((o) => ({ ...o, region: name(o.region) })) },
              regions: y.regions.map((r) => ({ region: name(r.region), of_share: r.ofShare, per_share: r.perShare, ratio: r.ratio })),
            })),
            warnings,
          },
          opts.precision,
        ),
        null,
        2,
      ) + '\n';
  } else {
    const d = opts.precision ?? 3;
    const regionOrder = [...new Set(years.flatMap((y) => y.regions.map((r) => r.region)))];
    const ratioOf = (y: (typeof years)[number], region: string) => y.regions.find((r) => r.region === region)?.ratio ?? null;
    const rows = regionOrder.map((region) => {
      const series = years.map((y) => ratioOf(y, region));
      const cells = years.map((y, k) => {
        const o = sideOf(y, region);
        return series[k] === null ? '—' : `${displayNumber(series[k], d)}${o ? (o.side === 'above' ? ' ▲' : ' ▼') : '  '}`;
      });
      return [name(region), ...cells, sparkline(series)];
    });
    rows.push(
      ['H (dissimilarity)', ...years.map((y) => `${displayNumber(y.dissimilarity, d)}  `), sparkline(years.map((y) => y.dissimilarity))],
      [`outside [${band[0]}, ${band[1]}]`, ...years.map((y) => `${y.outside!.count}  `), ''],
    );
    text =
      `Consistency of ${opts.of} and ${opts.per}: R = (share of ${opts.of}) / (share of ${opts.per}), 1 = balanced; ▲ above, ▼ below the band [${band[0]}, ${band[1]}]\n` +
      renderTable(
        [{ header: 'region' }, ...years.map((y) => ({ header: y.year === null ? 'all' : String(y.year), align: 'right' as const })), { header: 'trend' }],
        rows,
        { color: colorFor(opts) },
      );
  }
  const outputs = [...writeImputed(opts.imputed, named.data), emit(text, opts, files)];
  printWarnings(warnings);
  writeManifest(opts.manifest, { command: 'balance', inputs: panel.files, loaded, result: null, warnings, imputed: named.data.imputed, outputs });
}

/** The definition of `coordix balance`. */
export function define() {
  const cmd = withOutputOptions(
    withInputOptions(
      new Command('balance')
        .description('consistency of two distributions per year: each region’s shares, the ratio R = e/p, the dissimilarity index H, regions out of balance')
        .argument('[files...]', 'input files, or - for stdin'),
    ),
    ['table', 'csv', 'json'],
  )
    .requiredOption('--of <name>', 'the first total X (e.g. gdp): an input column or a model indicator')
    .requiredOption('--per <name>', 'the second total Y (e.g. population): an input column or a model indicator')
    .option('--flag <lo,hi>', 'flag the regions whose R lies outside [lo, hi]', '0.5,2')
    .option('--band <lo:hi>', 'the same band written lo:hi (instead of --flag), e.g. 0.8:1.25');
  return withManifestOption(cmd)
    .addHelpText(
      'after',
      `
  Per year: e_i = X_i / ΣX and p_i = Y_i / ΣY, the region's shares; R_i = e_i / p_i (1 balanced,
  > 1 more of X than its share of Y); H = ½ Σ|e_i − p_i| (Hoover's dissimilarity index, 0 … 1: the
  share of X that would have to move to match Y). Values must be ≥ 0; R is empty when p_i = 0.
  Table: R per region and year (▲/▼ outside the band), H and the number outside per year.
  CSV (long form): year,region,of_share,per_share,ratio,outside,distance,dissimilarity — outside is
  above/below or empty, distance to the nearer edge of the band, H repeated on each row of its year.
  Formulas: docs/methods.md, section 11.

  Examples:
    coordix balance fixtures/china-provinces.csv --of gdp --per population
    coordix balance fixtures/china-provinces.csv --of gdp --per population --band 0.8:1.25 -f csv`,
    )
    .action((files: string[], opts: BalanceOptions) => balanceCommand(files, opts));
}
