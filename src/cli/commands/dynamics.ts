import { Command, InvalidArgumentError } from 'commander';
import { positiveInteger, withInputOptions, withManifestOption, withOutputOptions } from '../options.js';
import { CoordixError, UsageError, type Warning } from '../../errors.js';
import { kernelDensity, type KernelDensityResult } from '../../core/dynamics/kernel-density.js';
import { markovTransitions, type MarkovResult, type MarkovStates, type TransitionMatrix } from '../../core/dynamics/markov.js';
import { betaConvergencePanel, type BetaConvergence } from '../../core/dynamics/convergence.js';
import { toCsv } from '../../output/csv.js';
import { displayNumber, formatNumber } from '../../output/format.js';
import { roundDeep } from '../../output/scores.js';
import { renderTable } from '../../output/table.js';
import { writeManifest } from '../manifest.js';
import { writeImputed } from '../prepare.js';
import { colorFor, emit, printWarnings, resolveFormat, type OutputOptions } from '../common.js';
import { loadVariable, withVariableOptions, type VariableOptions } from '../variable.js';
import { weightsFor, weightsSpec, withWeightsOptions, type WeightsOptions } from '../spatial-weights.js';

export interface DynamicsOptions extends VariableOptions, OutputOptions, WeightsOptions {
  kde?: boolean;
  markov?: boolean;
  beta?: boolean;
  states: MarkovStates;
  spatial?: boolean;
  points: number;
}

/** What `coordix dynamics` computes, each part only when selected. */
export interface DynamicsResult {
  kde: KernelDensityResult | null;
  markov: MarkovResult | null;
  beta: (BetaConvergence & { from: number; to: number }) | null;
}

/**
 * `--states levels|quantile:Q`.
 * @example parseStates('quantile:4') // => { quantile: 4 }
 */
export function parseStates(value: string): MarkovStates {
  if (value === 'levels') return 'levels';
  const m = /^quantile:([0-9]+)$/.exec(value);
  if (m && Number(m[1]) >= 2) return { quantile: Number(m[1]) };
  throw new InvalidArgumentError('--states must be levels (the ten levels of D) or quantile:Q with a whole Q ≥ 2, like quantile:4');
}

/** `coordix dynamics`: kernel densities, Markov transitions and β-convergence of a variable. */
export async function dynamicsCommand(files: string[], opts: DynamicsOptions): Promise<void> {
  const format = resolveFormat(opts, ['table', 'csv', 'json']);
  const chosen = [opts.kde && 'kde', opts.markov && 'markov', opts.beta && 'beta'].filter(Boolean) as string[];
  const parts = chosen.length === 0 ? ['kde', 'markov', 'beta'] : chosen;
  if (format === 'csv' && parts.length !== 1)
    throw new UsageError('coordix dynamics -f csv: choose one part, --kde (year,x,density), --markov (matrix,from,to,count,probability) or --beta');
  if (opts.spatial && !parts.includes('markov')) throw new UsageError('--spatial is for the Markov matrices; add --markov (or drop --spatial)');
  const { loaded, panel, data, warnings, byYear, inputs } = await loadVariable('dynamics', files, opts);
  if (byYear.some((y) => y.year === null)) throw new CoordixError(`--var ${opts.var}: the input has no years (a cross-section); distribution dynamics need a panel of years`);
  const observations = byYear.flatMap((y) => y.regions.map((region, i) => ({ region, year: y.year as number, value: y.values[i] })));
  const allWarnings: Warning[] = [...warnings];

  const result: DynamicsResult = { kde: null, markov: null, beta: null };
  if (parts.includes('kde')) {
    result.kde = kernelDensity(byYear.map((y) => ({ year: y.year as number, values: y.values })), { points: opts.points });
    for (const s of result.kde.skipped)
      allWarnings.push({ code: 'kde-skipped', message: `${s.year}: no kernel density (${s.reason === 'zero-variance' ? `every value of ${opts.var} is the same` : 'fewer than two values'})` });
  }
  if (parts.includes('markov')) {
    let spatial: { weights: ReturnType<typeof weightsFor> } | undefined;
    if (opts.spatial) spatial = { weights: weightsFor([...new Set(observations.map((o) => o.region))], await weightsSpec(opts), { ...opts, binary: false }) };
    try {
      result.markov = markovTransitions(observations, { states: opts.states, spatial, levels: loaded.model.levels });
    } catch (error) {
      if (error instanceof CoordixError && opts.states === 'levels' && /outside \[0, 1\]/.test(error.message))
        throw new CoordixError(`--states levels: ${error.message}; for ${opts.var} give --states quantile:4`);
      throw error;
    }
  }
  if (parts.includes('beta')) {
    result.beta = betaConvergencePanel(observations);
    if (result.beta.dropped > 0)
      allWarnings.push({ code: 'beta-dropped', message: `β-convergence: ${result.beta.dropped} region${result.beta.dropped === 1 ? '' : 's'} left out for a value ≤ 0 in ${result.beta.from} or ${result.beta.to} (ln needs y > 0)` });
  }

  const num = (x: number | null) => formatNumber(x, opts.precision);
  const matrices = (m: MarkovResult): { name: string; matrix: TransitionMatrix }[] => [
    { name: 'all', matrix: m },
    ...(m.spatial ?? []).map((s) => ({ name: `lag ${s.lagClass}`, matrix: s })),
  ];
  let text: string;
  if (format === 'csv') {
    if (result.kde) {
      const k = result.kde;
      text = toCsv(['year', 'x', 'density'], k.years.flatMap((y) => k.grid.map((x, i) => [y.year, x, y.density[i]])), num, opts.bom);
    } else if (result.markov) {
      const m = result.markov;
      text = toCsv(
        ['matrix', 'from', 'to', 'count', 'probability'],
        matrices(m).flatMap(({ name, matrix }) => m.states.flatMap((a, i) => m.states.map((b, j) => [name, a, b, matrix.counts[i][j], matrix.probabilities[i][j]]))),
        num,
        opts.bom,
      );
    } else {
      const b = result.beta!;
      text = toCsv(['from', 'to', 'n', 'alpha', 'beta', 'se', 't', 'p', 'r2', 'speed', 'half_life'], [[b.from, b.to, b.n, b.alpha, b.beta, b.se, b.t, b.p, b.r2, b.speed, b.halfLife]], num, opts.bom);
    }
  } else if (format === 'json') {
    text =
      JSON.stringify(
        roundDeep(
          {
            variable: opts.var,
            kde: result.kde && { grid: result.kde.grid, years: result.kde.years, skipped: result.kde.skipped },
            markov: result.markov && {
              states: result.markov.states,
              bounds: result.markov.bounds,
              counts: result.markov.counts,
              probabilities: result.markov.probabilities,
              spatial: result.markov.spatial ?? null,
            },
            beta: result.beta && { ...result.beta, half_life: result.beta.halfLife, halfLife: undefined },
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
    const color = colorFor(opts);
    const pieces: string[] = [];
    if (result.kde) {
      const k = result.kde;
      const peaks = k.years.map((y) => {
        let best = 0;
        y.density.forEach((v, i) => (v > y.density[best] ? (best = i) : 0));
        return [String(y.year), shown(y.bandwidth), shown(k.grid[best]), shown(y.density[best])];
      });
      pieces.push(
        `Kernel density of ${opts.var} (Gaussian, Silverman bandwidth; ${k.grid.length} points from ${shown(k.grid[0] ?? null)} to ${shown(k.grid[k.grid.length - 1] ?? null)}; the curves: -f csv --kde)\n` +
          renderTable([{ header: 'year' }, { header: 'bandwidth', align: 'right' }, { header: 'peak at', align: 'right' }, { header: 'peak density', align: 'right' }], peaks, { color }),
      );
    }
    if (result.markov) {
      const m = result.markov;
      for (const { name, matrix } of matrices(m)) {
        const rows = m.states.map((a, i) => {
          const n = matrix.counts[i].reduce((s, c) => s + c, 0);
          return [a, String(n), ...matrix.probabilities[i].map((p) => (p === null ? '—' : displayNumber(p, 3)))];
        });
        pieces.push(
          `Markov transitions of ${opts.var}, ${name === 'all' ? 'all regions' : `regions whose spatial lag is in ${name.slice(4)}`} (row: state in year t, column: t + 1; n = transitions out)\n` +
            renderTable([{ header: 'from' }, { header: 'n', align: 'right' }, ...m.states.map((s) => ({ header: s, align: 'right' as const }))], rows, { color }),
        );
      }
    }
    if (result.beta) {
      const b = result.beta;
      pieces.push(
        `Absolute β-convergence of ${opts.var}, ${b.from}–${b.to} (${b.n} regions): g = α + β ln y0\n` +
          renderTable(
            [{ header: 'measure' }, { header: 'value', align: 'right' }],
            [
              ['β', shown(b.beta)],
              ['se', shown(b.se)],
              ['t', shown(b.t)],
              ['p', shown(b.p)],
              ['R²', shown(b.r2)],
              ['speed λ', shown(b.speed)],
              ['half-life (years)', shown(b.halfLife)],
            ],
            { color },
          ) +
          (b.beta < 0 ? `β < 0: regions that started lower grew faster${b.p !== null && b.p <= 0.05 ? ' (p ≤ 0.05)' : ' (not significant at 0.05)'}\n` : 'β ≥ 0: no absolute convergence\n'),
      );
    }
    text = pieces.join('\n');
  }
  const outputs = [...writeImputed(opts.imputed, data), emit(text, opts, inputs)];
  printWarnings(allWarnings);
  writeManifest(opts.manifest, { command: 'dynamics', inputs: panel.files, loaded, result: null, warnings: allWarnings, imputed: data.imputed, outputs });
}

/** The definition of `coordix dynamics`. */
export function define() {
  const cmd = withVariableOptions(withWeightsOptions(
    withOutputOptions(
      withInputOptions(
        new Command('dynamics')
          .description('distribution dynamics of a variable: kernel density per year, Markov transition matrices (classic and spatial), absolute β-convergence')
          .argument('[files...]', 'input files, or - for stdin (scored with the model first, as gap does)'),
      ),
      ['table', 'csv', 'json'],
    ),
  ))
    .option('--kde', 'kernel density per year (CSV: year,x,density)')
    .option('--markov', 'Markov transition matrices, counts and probabilities (CSV: matrix,from,to,count,probability)')
    .option('--beta', 'absolute β-convergence between the first and the last year (β, se, t, p, R², speed, half-life)')
    .option('--states <levels|quantile:Q>', 'Markov states: the ten levels of D, or Q classes cut at the pooled quantiles', parseStates, 'levels' as MarkovStates)
    .option('--spatial', "spatial Markov: one matrix per class of the region's spatial lag (row-standardised --weights)")
    .option('--points <n>', 'points of the kernel density grid', positiveInteger('--points', 100000), 512);
  return withManifestOption(cmd)
    .addHelpText(
      'after',
      `
  Parts: --kde, --markov, --beta (all three by default; -f csv takes one). Kernel density: Gaussian,
  h = 0.9 · min(s, IQR/1.34) · n^(−1/5), on one grid for every year. Markov: states in year t and
  t + 1 of the same region (consecutive years only), P_ab = n_ab / n_a. β-convergence:
  ln(y_T / y_0)/(T − t0) = α + β ln y_0 + ε over the regions positive in both years.
  Formulas: docs/methods.md, section 10.

  Examples:
    coordix dynamics fixtures/china-provinces.csv
    coordix dynamics fixtures/china-provinces.csv --kde -f csv -o density.csv
    coordix dynamics fixtures/china-provinces.csv --markov --states quantile:4 --spatial`,
    )
    .action((files: string[], opts: DynamicsOptions) => dynamicsCommand(files, opts));
}
