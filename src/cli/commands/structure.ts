import { Command, InvalidArgumentError } from 'commander';
import { withInputOptions, withManifestOption, withOutputOptions } from '../options.js';
import { UsageError, type Warning } from '../../errors.js';
import { sectorTotalMismatches, structureByYear } from '../../core/standards-by-year.js';
import { readPanel } from '../../input/read.js';
import { loadModel } from '../../model/load.js';
import { displayRegionName } from '../../regions/names.js';
import { toCsv } from '../../output/csv.js';
import { displayNumber, formatNumber } from '../../output/format.js';
import { roundDeep } from '../../output/scores.js';
import { renderTable } from '../../output/table.js';
import { writeManifest } from '../manifest.js';
import { namedValues } from '../named-values.js';
import { readOptions, writeImputed } from '../prepare.js';
import { checkOutputs, colorFor, emit, printWarnings, requireFiles, resolveFormat, type InputOptions, type OutputOptions } from '../common.js';

export interface StructureOptions extends InputOptions, OutputOptions {
  sectors: string;
  similarity?: boolean;
  threshold?: number;
  checkTotal?: string;
  tolerance: number;
}

/** A similarity threshold: a number from 0 to 1. */
function threshold(value: string): number {
  const x = Number(value);
  if (!/^[0-9.eE+-]+$/.test(value) || !(x >= 0 && x <= 1)) throw new InvalidArgumentError('--threshold must be a number from 0 to 1, like 0.9');
  return x;
}

/** A relative tolerance: a number ≥ 0, like 0.01. */
function relativeTolerance(value: string): number {
  const x = Number(value);
  if (!/^[0-9.eE+-]+$/.test(value) || !(x >= 0 && Number.isFinite(x))) throw new InvalidArgumentError('--tolerance must be a number ≥ 0, like 0.01 for 1 %');
  return x;
}

/** `coordix structure`: location quotients, Krugman specialisation and structural similarity per year. */
export async function structureCommand(files: string[], opts: StructureOptions): Promise<void> {
  requireFiles(files, 'structure');
  checkOutputs([opts.output, opts.imputed, opts.manifest], files);
  const sectors = (opts.sectors ?? '').split(',').map((s) => s.trim());
  if (sectors.length < 2 || sectors.some((s) => s === '')) throw new UsageError(`--sectors ${opts.sectors}: give at least two sector columns separated by commas, e.g. va_primary,va_secondary,va_tertiary`);
  if (new Set(sectors).size !== sectors.length) throw new UsageError(`--sectors ${opts.sectors}: a sector is named twice`);
  if (opts.threshold !== undefined && !opts.similarity) throw new UsageError('--threshold lists the similar pairs of --similarity; add --similarity');
  const format = resolveFormat(opts, ['table', 'csv', 'json']);
  const loaded = await loadModel(opts.model);
  const model = loaded.model;
  const panel = await readPanel(files, readOptions(model, opts));
  const wanted = sectors.map((name) => ({ name, flag: '--sectors' }));
  if (opts.checkTotal) wanted.push({ name: opts.checkTotal, flag: '--check-total' });
  const named = namedValues(panel, model, wanted, opts.missing);
  const rowsOf = named.regions.map((_, i) => sectors.map((_, s) => named.values[s][i]));
  const data = { regions: named.regions, years: named.years, sectors: rowsOf };
  const years = structureByYear(data, sectors, opts.threshold ?? null);
  const warnings: Warning[] = [...panel.warnings, ...named.data.warnings];
  if (opts.checkTotal) {
    const off = sectorTotalMismatches({ ...data, totals: named.values[sectors.length] }, opts.tolerance);
    if (off.length > 0) {
      const worst = off.reduce((a, b) => (Math.abs(b.relative) > Math.abs(a.relative) ? b : a));
      const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
      warnings.push({
        code: 'sector-total',
        message: `--check-total ${opts.checkTotal}: the sectors' sum differs from ${opts.checkTotal} by more than ${opts.tolerance * 100} % in ${off.length} of ${named.regions.length} region-years (largest: ${worst.region}${worst.year === null ? '' : ` ${worst.year}`}, sum ${displayNumber(worst.sum, 1)} vs ${displayNumber(worst.total, 1)}, ${pct(worst.relative)}); the sectors may come from another vintage or miss a sector`,
      });
    }
  }
  const name = (r: string) => displayRegionName(r, opts.regionNames);
  const yearText = (y: number | null) => (y === null ? '' : String(y));

  let text: string;
  const d = opts.precision ?? 3;
  if (opts.similarity) {
    if (format === 'csv') {
      const rows = years.flatMap((y) => {
        const pairs = y.pairs ?? y.similarity.regions.flatMap((a, i) => y.similarity.regions.slice(i + 1).map((b, k) => ({ a, b, similarity: y.similarity.matrix[i][i + 1 + k] })));
        return pairs.map((p) => [y.year, name(p.a), name(p.b), p.similarity]);
      });
      text = toCsv(['year', 'region_a', 'region_b', 'similarity'], rows, (x) => formatNumber(x, opts.precision), opts.bom);
    } else if (format === 'json') {
      text =
        JSON.stringify(
          roundDeep(
            {
              sectors,
              threshold: opts.threshold ?? null,
              years: years.map((y) =>
                y.pairs
                  ? { year: y.year, pairs: y.pairs.map((p) => ({ a: name(p.a), b: name(p.b), similarity: p.similarity })) }
                  : { year: y.year, regions: y.similarity.regions.map(name), matrix: y.similarity.matrix },
              ),
              warnings,
            },
            opts.precision,
          ),
          null,
          2,
        ) + '\n';
    } else {
      text = years
        .map((y) => {
          if (y.pairs) {
            return (
              `${yearText(y.year)} structural similarity: ${y.pairs.length} pair${y.pairs.length === 1 ? '' : 's'} with S ≥ ${opts.threshold}\n` +
              renderTable(
                [{ header: 'region' }, { header: 'region' }, { header: 'S', align: 'right' }],
                y.pairs.map((p) => [name(p.a), name(p.b), displayNumber(p.similarity, d)]),
                { color: colorFor(opts) },
              )
            );
          }
          const labels = y.similarity.regions.map(name);
          return (
            `${yearText(y.year)} structural similarity S (1 = the same sector shares)\n` +
            renderTable(
              [{ header: '' }, ...labels.map((l) => ({ header: l, align: 'right' as const }))],
              y.similarity.matrix.map((row, i) => [labels[i], ...row.map((v) => displayNumber(v, d))]),
              { color: colorFor(opts) },
            )
          );
        })
        .join('\n');
    }
  } else if (format === 'csv') {
    const rows = years.flatMap((y) => y.quotients.map((q, i) => [y.year, name(q.region), ...q.quotients, y.krugman?.[i].index ?? null]));
    text = toCsv(['year', 'region', ...sectors.map((s) => `lq_${s}`), 'krugman'], rows, (x) => formatNumber(x, opts.precision), opts.bom);
  } else if (format === 'json') {
    text =
      JSON.stringify(
        roundDeep(
          {
            sectors,
            years: years.map((y) => ({
              year: y.year,
              regions: y.quotients.map((q, i) => ({ region: name(q.region), location_quotients: Object.fromEntries(sectors.map((s, k) => [s, q.quotients[k]])), krugman: y.krugman?.[i].index ?? null })),
            })),
            warnings,
          },
          opts.precision,
        ),
        null,
        2,
      ) + '\n';
  } else {
    text = years
      .map(
        (y) =>
          `${yearText(y.year)} location quotients LQ (> 1: the sector's share is above the nation's) and Krugman specialisation K (0 = the rest of the country's structure, 2 = nothing in common)\n` +
          renderTable(
            [{ header: 'region' }, ...sectors.map((s) => ({ header: `LQ ${s}`, align: 'right' as const })), { header: 'K', align: 'right' }],
            y.quotients.map((q, i) => [name(q.region), ...q.quotients.map((v) => displayNumber(v, d)), y.krugman ? displayNumber(y.krugman[i].index, d) : '—']),
            { color: colorFor(opts) },
          ),
      )
      .join('\n');
  }
  const outputs = [...writeImputed(opts.imputed, named.data), emit(text, opts, files)];
  printWarnings(warnings);
  writeManifest(opts.manifest, { command: 'structure', inputs: panel.files, loaded, result: null, warnings, imputed: named.data.imputed, outputs });
}

/** The definition of `coordix structure`. */
export function define() {
  const cmd = withOutputOptions(
    withInputOptions(
      new Command('structure')
        .description('sector structure per year: location quotients, Krugman specialisation, structural similarity of the regions')
        .argument('[files...]', 'input files, or - for stdin'),
    ),
    ['table', 'csv', 'json'],
  )
    .requiredOption('--sectors <cols>', 'the sector columns (or model indicators), comma-separated, e.g. va_primary,va_secondary,va_tertiary')
    .option('--similarity', 'print the structural similarity matrix of the regions per year instead')
    .option('--threshold <s>', 'with --similarity: only the pairs of regions with S ≥ s (0 … 1), most similar first', threshold)
    .option('--check-total <col>', 'warn when the sectors’ sum differs from this column (e.g. gdp) by more than --tolerance')
    .option('--tolerance <r>', 'relative tolerance of --check-total', relativeTolerance, 0.01);
  return withManifestOption(cmd)
    .addHelpText(
      'after',
      `
  With X_is sector s of region i in a year: LQ_is = (X_is / X_i) / (X_s / X) (Isard);
  K_i = Σ_s |X_is / X_i − (X_s − X_is) / (X − X_i)| against the rest of the country (Krugman, 0 … 2);
  S_ik = cosine of the two regions' sector-share vectors (1 = the same structure). Values must be ≥ 0.
  CSV: year,region,lq_<sector>…,krugman; with --similarity year,region_a,region_b,similarity (every
  pair, or those with S ≥ --threshold). Sector values of another vintage than the total column are
  what --check-total catches (fixtures/README.md: the sample's sector columns are older than gdp).
  Formulas: docs/methods.md, section 11.

  Examples:
    coordix structure fixtures/china-provinces.csv --sectors va_primary,va_secondary,va_tertiary
    coordix structure fixtures/china-provinces.csv --sectors va_primary,va_secondary,va_tertiary --similarity --threshold 0.99
    coordix structure fixtures/china-provinces.csv --sectors va_primary,va_secondary,va_tertiary --check-total gdp`,
    )
    .action((files: string[], opts: StructureOptions) => structureCommand(files, opts));
}
