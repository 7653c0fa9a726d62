import { Command, InvalidArgumentError } from 'commander';
import { positiveInteger, withInputOptions, withManifestOption, withOutputOptions } from '../options.js';
import { CoordixError, type Warning } from '../../errors.js';
import { localMoran, moranI, DEFAULT_PERMUTATIONS, DEFAULT_SEED, type LocalMoran, type MoranResult } from '../../core/spatial/moran.js';
import { allProvinces, displayRegionName } from '../../regions/names.js';
import { toCsv } from '../../output/csv.js';
import { displayNumber, formatNumber } from '../../output/format.js';
import { roundDeep } from '../../output/scores.js';
import { renderTable } from '../../output/table.js';
import { writeManifest } from '../manifest.js';
import { writeImputed } from '../prepare.js';
import { colorFor, emit, printWarnings, resolveFormat, type OutputOptions } from '../common.js';
import { loadVariable, withVariableOptions, type VariableOptions } from '../variable.js';
import { weightsFor, weightsLabel, weightsSpec, withWeightsOptions, type WeightsOptions } from '../spatial-weights.js';

export interface SpatialOptions extends VariableOptions, OutputOptions, WeightsOptions {
  permutations: number;
  seed: number;
  alpha: number;
  global?: string;
  showWeights?: boolean;
}

/** One year's results. */
export interface SpatialYear {
  year: number | null;
  global: MoranResult;
  local: LocalMoran[];
  islands: string[];
}

/** The LISA cluster of a region: its quadrant when significant, else "not significant". */
export function clusterOf(r: LocalMoran): string {
  return r.significant ? r.quadrant : 'not significant';
}

function probability(name: string) {
  return (value: string): number => {
    const x = Number(value);
    if (!/^[0-9.eE+-]+$/.test(value) || !(x > 0 && x < 1)) throw new InvalidArgumentError(`${name} must be a number between 0 and 1, like 0.05`);
    return x;
  };
}

function wholeNumber(name: string) {
  return (value: string): number => {
    if (!/^[0-9]+$/.test(value) || Number(value) > 1_000_000) throw new InvalidArgumentError(`${name} must be a whole number from 0 to 1000000`);
    return Number(value);
  };
}

/** `coordix spatial --show-weights`: the neighbours of each region (the data's, or all 31 provinces). */
async function showWeights(files: string[], opts: SpatialOptions): Promise<void> {
  const format = resolveFormat(opts, ['table', 'csv', 'json']);
  let regions: string[];
  if (files.length > 0 || opts.scores) {
    const { byYear } = await loadVariable('spatial', files, opts);
    regions = [...new Set(byYear.flatMap((y) => y.regions))];
  } else {
    regions = allProvinces().filter((p) => p.region !== null).map((p) => p.zh);
  }
  const W = weightsFor(regions, await weightsSpec(opts), opts);
  const name = (r: string) => displayRegionName(r, opts.regionNames);
  const rows = W.regions.map((r, i) => ({
    region: name(r),
    neighbours: W.regions.flatMap((other, j) => (W.matrix[i][j] > 0 ? [{ region: name(other), weight: W.matrix[i][j] }] : [])),
  }));
  let text: string;
  if (format === 'csv') {
    text = toCsv(['region', 'neighbour', 'weight'], rows.flatMap((r) => r.neighbours.map((n) => [r.region, n.region, n.weight])), (x) => formatNumber(x, opts.precision), opts.bom);
  } else if (format === 'json') {
    text = JSON.stringify(roundDeep({ weights: W.kind, standardised: W.standardised, islands: W.islands.map(name), regions: rows }, opts.precision), null, 2) + '\n';
  } else {
    const equal = rows.every((r) => r.neighbours.every((n) => n.weight === r.neighbours[0].weight));
    text =
      `Spatial weights: ${weightsLabel(opts)}, ${W.regions.length} regions, ${rows.reduce((s, r) => s + r.neighbours.length, 0)} links${W.islands.length ? `; without neighbours: ${W.islands.map(name).join(', ')}` : ''}\n` +
      renderTable(
        [{ header: 'region' }, { header: 'n', align: 'right' as const }, { header: equal ? 'neighbours (equal weights in each row)' : 'neighbours (weight)' }],
        rows.map((r) => [r.region, String(r.neighbours.length), r.neighbours.map((n) => (equal ? n.region : `${n.region} (${displayNumber(n.weight, 4)})`)).join(' ')]),
        { color: colorFor(opts) },
      );
  }
  emit(text, opts, files);
}

/**
 * Moran's I per year over the regions of that year, and local Moran per region.
 * @throws CoordixError (from the core, worded with the year) for a year whose variable does not vary.
 */
export function spatialByYear(
  byYear: { year: number | null; regions: string[]; values: number[] }[],
  weightsOf: (regions: string[]) => { matrix: number[][]; regions: string[]; islands: string[] } & Parameters<typeof moranI>[1],
  options: { permutations: number; seed: number; alpha: number },
): SpatialYear[] {
  return byYear.map((y) => {
    const W = weightsOf(y.regions);
    try {
      return {
        year: y.year,
        global: moranI(y.values, W, options),
        local: localMoran(y.values, W, options),
        islands: W.islands,
      };
    } catch (error) {
      if (error instanceof CoordixError && y.year !== null) throw new CoordixError(`${y.year}: ${error.message}`);
      throw error;
    }
  });
}

/** `coordix spatial`: global and local Moran's I of a variable, per year. */
export async function spatialCommand(files: string[], opts: SpatialOptions): Promise<void> {
  if (opts.showWeights) return showWeights(files, opts);
  const format = resolveFormat(opts, ['table', 'csv', 'json']);
  const { loaded, panel, data, warnings, byYear, inputs } = await loadVariable('spatial', files, opts);
  if (opts.global && opts.global !== '-' && opts.global === opts.output) throw new CoordixError(`--global ${opts.global}: the same file as -o; choose another file`);
  const spec = await weightsSpec(opts);
  const results = spatialByYear(byYear, (regions) => weightsFor(regions, spec, opts), opts);
  const allWarnings: Warning[] = [...warnings];
  for (const r of results) {
    if (r.islands.length > 0)
      allWarnings.push({
        code: 'spatial-islands',
        message: `${r.year ?? ''}${r.year === null ? '' : ': '}${r.islands.join(', ')} ${r.islands.length === 1 ? 'has' : 'have'} no neighbour in the ${opts.weights} weights (lag 0, no local p)`,
      });
  }
  const name = (r: string) => displayRegionName(r, opts.regionNames);
  const num = (x: number | null) => formatNumber(x, opts.precision);
  const globalHeader = ['year', 'n', 'I', 'expected', 'variance', 'z', 'p', 'pseudo_p', 'permutations'];
  const globalRows = results.map((r) => [r.year, r.global.n, r.global.I, r.global.expected, r.global.variance, r.global.z, r.global.p, r.global.pseudoP, r.global.permutations]);

  let text: string;
  if (format === 'csv') {
    text = toCsv(
      ['year', 'region', 'value', 'lag', 'Ii', 'quadrant', 'p'],
      results.flatMap((r) => r.local.map((l) => [r.year, name(l.region), l.value, l.lag, l.Ii, clusterOf(l), l.p])),
      num,
      opts.bom,
    );
  } else if (format === 'json') {
    text =
      JSON.stringify(
        roundDeep(
          {
            variable: opts.var,
            weights: { kind: opts.weights, power: opts.power ?? null, standardised: !opts.binary },
            permutations: opts.permutations,
            seed: opts.seed,
            alpha: opts.alpha,
            years: results.map((r) => ({
              year: r.year,
              global: { n: r.global.n, I: r.global.I, expected: r.global.expected, variance: r.global.variance, z: r.global.z, p: r.global.p, pseudo_p: r.global.pseudoP },
              local: r.local.map((l) => ({ region: name(l.region), value: l.value, lag: l.lag, Ii: l.Ii, quadrant: l.quadrant, p: l.p, significant: l.significant, cluster: clusterOf(l) })),
            })),
            warnings: allWarnings,
          },
          opts.precision,
        ),
        null,
        2,
      ) + '\n';
  } else {
    const d = opts.precision ?? 4;
    const shown = (x: number | null) => (x === null ? '—' : displayNumber(x, d));
    const global = renderTable(
      globalHeader.map((h, i) => ({ header: h === 'expected' ? 'E[I]' : h === 'variance' ? 'Var[I]' : h === 'pseudo_p' ? 'pseudo p' : h, align: i === 0 ? undefined : ('right' as const) })),
      results.map((r) => [r.year === null ? 'all' : String(r.year), String(r.global.n), shown(r.global.I), shown(r.global.expected), shown(r.global.variance), shown(r.global.z), shown(r.global.p), shown(r.global.pseudoP), String(r.global.permutations)]),
      { color: colorFor(opts) },
    );
    const last = results[results.length - 1];
    const local = renderTable(
      [{ header: 'region' }, { header: opts.var, align: 'right' as const }, { header: 'lag', align: 'right' as const }, { header: 'I_i', align: 'right' as const }, { header: 'p', align: 'right' as const }, { header: 'cluster' }],
      last.local.map((l) => [name(l.region), shown(l.value), shown(l.lag), shown(l.Ii), shown(l.p), clusterOf(l)]),
      { color: colorFor(opts) },
    );
    const counts = ['HH', 'LL', 'HL', 'LH'].map((q) => `${q} ${last.local.filter((l) => l.significant && l.quadrant === q).length}`).join(', ');
    text =
      `Global Moran's I of ${opts.var}; weights ${weightsLabel(opts)}; ${opts.permutations} permutations, seed ${opts.seed}\n` +
      global +
      `\nLocal Moran (LISA)${last.year === null ? '' : `, ${last.year}`}: significant at p ≤ ${opts.alpha}: ${counts} (all years: -f csv or -f json)\n` +
      local;
  }
  const outputs = [...writeImputed(opts.imputed, data), emit(text, opts, inputs)];
  if (opts.global) {
    outputs.push(emit(toCsv(globalHeader, globalRows, num, opts.bom), { output: opts.global }, inputs));
  }
  printWarnings(allWarnings);
  writeManifest(opts.manifest, { command: 'spatial', inputs: panel.files, loaded, result: null, warnings: allWarnings, imputed: data.imputed, outputs });
}

/** The definition of `coordix spatial`. */
export function define() {
  const cmd = withVariableOptions(withWeightsOptions(
    withOutputOptions(
      withInputOptions(
        new Command('spatial')
          .description("spatial autocorrelation per year: global Moran's I (E[I], Var[I], z, p, permutation pseudo p) and local Moran (LISA) clusters")
          .argument('[files...]', 'input files, or - for stdin (scored with the model first, as gap does)'),
      ),
      ['table', 'csv', 'json'],
    ),
  ))
    .option('--permutations <n>', 'permutations for the pseudo p values (0: none)', wholeNumber('--permutations'), DEFAULT_PERMUTATIONS)
    .option('--seed <n>', 'seed of the permutations', positiveInteger('--seed', 2 ** 32 - 1), DEFAULT_SEED)
    .option('--alpha <a>', 'local clusters with pseudo p above this are "not significant"', probability('--alpha'), 0.05)
    .option('--global <file>', 'with -f csv: also write the global Moran table as CSV (year,n,I,expected,variance,z,p,pseudo_p,permutations) to this file')
    .option('--show-weights', 'print the neighbours (and weights) of each region instead, for the data given or all 31 provinces');
  return withManifestOption(cmd)
    .addHelpText(
      'after',
      `
  Per year, over the regions present that year: I = (n/S0) Σ w_ij z_i z_j / Σ z_i², E[I] = −1/(n−1),
  Var[I] under randomisation (as R spdep::moran.test), z, one-sided p, and the permutation pseudo p
  (1 + #{I_perm ≥ I}) / (1 + R). Local: I_i = z_i/m2 · Σ_j w_ij z_j, its quadrant (HH, LL, HL, LH)
  and a folded conditional-permutation pseudo p; above --alpha the cluster is "not significant".
  CSV (local): year,region,value,lag,Ii,quadrant,p — quadrant is the cluster; --global FILE writes
  the global table. A region of the data the weights do not cover is an error naming it.
  Formulas: docs/methods.md, section 9.

  Examples:
    coordix spatial fixtures/china-provinces.csv
    coordix spatial fixtures/china-provinces.csv --weights knn:4 -f csv --global moran.csv -o lisa.csv
    coordix spatial --show-weights --weights queen-strict`,
    )
    .action((files: string[], opts: SpatialOptions) => spatialCommand(files, opts));
}
