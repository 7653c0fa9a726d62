import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CoordixError } from '../errors.js';
import { addInputOptions, addOutputOptions, positiveInteger, VERSION } from './options.js';
import { isTerminal, stdio } from './stdio.js';

/** Every command, in the order of the help. */
export const COMMANDS = ['score', 'weights', 'obstacles', 'gap', 'inspect', 'sensitivity', 'report', 'ahp', 'check', 'verify', 'init'];

/** The command that argv runs (`coordix help X` is X's help), or null. */
function commandNamed(argv: string[]): string | null {
  const name = argv[0] === 'help' ? argv[1] : argv[0];
  return name !== undefined && COMMANDS.includes(name) ? name : null;
}

/**
 * The command-line program: one fresh commander program per run (so it can run in-process, as the
 * fuzzer does), each command handing typed options to one async function loaded lazily so that
 * `--version` stays fast. Returns the exit code: 0 ok, 1 data error or check failure, 2 usage
 * error; `bug` is set when an unexpected error escaped (reported as a bug).
 */
export async function runCoordix(argv: string[], io: { stderr: (text: string) => void } = { stderr: (t) => stdio.err(t) }): Promise<{ code: number; bug: boolean }> {
  /** Set by check, verify and ahp when what they checked did not pass (exit 1). */
  let failed = false;
  const program = new Command('coordix')
    .description('Coupling-coordination index of regional development: normalise, weight, aggregate and couple provincial statistics, reproducibly.')
    .version(VERSION, '-V, --version', 'print the coordix version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => stdio.out(text), writeErr: (text) => io.stderr(text) });

  // Only the command being run is defined, with its options (defining all eleven costs ~3 ms of
  // every start); all are defined when none is named: top-level help, a misspelt command.
  const target = commandNamed(argv);
  const wanted = (name: string) => target === null || target === name;

  if (wanted('score')) {
    const score = program
      .command('score')
      .description('score every region in every year: dimension scores U, development T, coupling C, coordination D, level, rank, lagging dimension')
      .argument('[files...]', 'CSV files (wide: region, year, indicator columns), or - for stdin');
    addInputOptions(score);
    addOutputOptions(score, ['table', 'csv', 'json'])
      .option('--allow-inconsistent', 'accept AHP matrices with CR ≥ 0.10 (with a warning) instead of failing')
      .option('--chart', 'also draw D by region for the latest year as bars (to stderr with -f csv/json)')
      .option('--frozen <manifest>', 'take the weights and min/max bounds from an earlier run\'s manifest (pooled scope): earlier years keep their scores; values outside the bounds are clamped to [0, 1] and reported')
      .option('--manifest <file>', 'write a run manifest (JSON): versions, arguments, input and model SHA-256, resolved model, weights, bounds, warnings, imputed cells, output SHA-256')
      .addHelpText(
        'after',
        `
  Output columns (csv; json rows have the same fields):
    region,year,<dimension ids in model order>,T,C,D,level,level_name,rank,lagging
  Conventions (methods.md): min–max normalisation (pooled over all years by default), entropy
  weights with 0·ln0 = 0, U = Σ w·z, T = Σ W·U, classic C = K·(ΠU)^(1/K)/ΣU, D = √(C·T), ten levels
  of D in [lower, upper) with D = 1 in level 10, ranks within each year (ties share the smallest).
  Cost: linear in cells; a 28 MB panel takes about a second.

  Examples:
    coordix score fixtures/china-provinces.csv
    coordix score data/*.csv -m model.yaml -f csv -o scores.csv
    cat data.csv | coordix score - -f json | jq '.rows[0]'`,
      )
      .action(async (files: string[], opts) => (await import('./score.js')).scoreCommand(files, opts));
  }

  if (wanted('weights')) {
    const weights = program
      .command('weights')
      .description('explain every weight: entropy e and d, entropy, AHP, final and global weights, dimension weights, AHP consistency')
      .argument('[files...]', 'input files, or - for stdin');
    addInputOptions(weights);
    addOutputOptions(weights, ['table', 'csv', 'json'])
      .option('--allow-inconsistent', 'accept AHP matrices with CR ≥ 0.10 (with a warning)')
      .addHelpText('after', `
  CSV columns: ${'year,dimension,indicator,direction,min,max,entropy,divergence,entropy_weight,ahp_weight,weight,dimension_weight,global_weight'}
    one row per indicator and normalisation group (year empty when pooled); global = W_k · w_j.`)
      .option('--manifest <file>', 'write a run manifest (JSON) for coordix verify')
      .action(async (files: string[], opts) => (await import('./weights.js')).weightsCommand(files, opts));
  }

  if (wanted('obstacles')) {
    const obstacles = program
      .command('obstacles')
      .description('obstacle degree (障碍度): the indicators and dimensions that hold each region back')
      .argument('[files...]', 'input files, or - for stdin');
    addInputOptions(obstacles);
    addOutputOptions(obstacles, ['table', 'csv', 'json'])
      .option('--top <n>', 'how many indicators to report per region-year', positiveInteger('--top'), 3)
      .option('--allow-inconsistent', 'accept AHP matrices with CR ≥ 0.10 (with a warning)')
      .addHelpText('after', `
  O_ij = g_j (1 − z_ij) / Σ_j g_j (1 − z_ij), g_j = W_k · w_j the global weight; a dimension's obstacle
  degree is the sum over its indicators. CSV (long form): region,year,rank,indicator,dimension,obstacle`)
      .option('--manifest <file>', 'write a run manifest (JSON) for coordix verify')
      .action(async (files: string[], opts) => (await import('./obstacles.js')).obstaclesCommand(files, opts));
  }

  if (wanted('gap')) {
    const gap = program
      .command('gap')
      .description('regional disparity per year (CV, Gini, Theil T/L, max/min), Theil decomposition by groups, σ-convergence')
      .argument('[files...]', 'input files, or - for stdin (a `coordix score -f csv` output works too)');
    addInputOptions(gap);
    addOutputOptions(gap, ['table', 'csv', 'json'])
      .requiredOption('--var <column>', 'the variable: an input column, a model indicator (also derived), or a score: D, T, C, a dimension id')
      .option('--pop <column>', 'population column: weights cv_weighted, theil_t, theil_l and the decomposition')
      .option('--group <four-regions|column>', 'groups for the Theil decomposition: the NBS four regions, or a column of group names')
      .addHelpText('after', `
  Always unweighted: n, mean, sd (population), cv, gini, max_min_ratio. Population-weighted with --pop:
  cv_weighted, theil_t, theil_l, theil_t_between/within. Zeros are ordinary (theil_t uses 0·ln0 = 0;
  theil_l and max_min_ratio are undefined for a year containing a zero); a negative value is an error.
  CSV (long form): year,measure,group,value — measures n, mean, sd, cv, cv_weighted, gini, theil_t,
  theil_l, max_min_ratio, theil_t_between, theil_t_within, theil_t_between_share, theil_t_within_share
  (group empty) and mean per group (group = its name); an undefined value is an empty cell.
  σ-convergence: the average annual change of the CV over the years given, and its verdict.

  Examples:
    coordix gap fixtures/china-provinces.csv --var income --pop population --group four-regions
    coordix score data.csv -f csv | coordix gap - --var D`)
      .option('--manifest <file>', 'write a run manifest (JSON) for coordix verify')
      .action(async (files: string[], opts) => (await import('./gap.js')).gapCommand(files, opts));
  }

  if (wanted('inspect')) {
    const inspect = program
      .command('inspect')
      .description('show what coordix read: formats, encodings, indicators with units, regions, years, missing cells, suspected breaks')
      .argument('[files...]', 'input files (CSV in any dialect, NBS exports, .xlsx/.xls), or - for stdin');
    addInputOptions(inspect);
    addOutputOptions(inspect, ['table', 'json'])
      .addHelpText('after', `
  A suspected break is a value more than 5 times (or under a fifth of) its neighbouring years in the
  same region — like a 1 % population-sample year among 1 ‰ years.`)
      .action(async (files: string[], opts) => (await import('./inspect.js')).inspectCommand(files, opts));
  }

  if (wanted('sensitivity')) {
    const sensitivity = program
      .command('sensitivity')
      .description('uncertainty and sensitivity analysis of the ranking: how much do ranks depend on weights, method, scope, coupling, AHP judgements?')
      .argument('[files...]', 'input files, or - for stdin');
    addInputOptions(sensitivity);
    addOutputOptions(sensitivity, ['table', 'csv', 'json'])
      .option('--runs <n>', 'number of model evaluations (cost: one scoring each; 1,000 on the bundled sample take about a second)', positiveInteger('--runs', 1_000_000), 1000)
      .option('--seed <n>', 'seed of the pseudo-random numbers: the same seed gives identical bytes', positiveInteger('--seed', 2 ** 32 - 1), 1)
      .option('--vary-weights', 'draw indicator and dimension weights from a Dirichlet distribution centred on the computed weights')
      .option('--kappa <k>', 'Dirichlet concentration κ: larger, closer to the base weights', (v: string) => {
        const k = Number(v);
        if (!(k > 0) || !Number.isFinite(k)) throw new InvalidArgumentError('--kappa must be a number > 0');
        return k;
      }, 50)
      .option('--vary-method', 'draw the indicator weighting from entropy, equal, and (when the model has AHP matrices) ahp and combined')
      .option('--vary-scope', 'draw pooled or per-year normalisation')
      .option('--vary-coupling', 'draw the coupling formula: classic, wang2021 or fan')
      .option('--vary-judgements', 'move each AHP judgement one step on the 1–9 scale with probability p (reciprocity kept; draws with CR ≥ 0.10 redrawn)')
      .option('--judgement-p <p>', 'probability that a judgement moves', (v: string) => {
        const p = Number(v);
        if (!(p >= 0 && p <= 1)) throw new InvalidArgumentError('--judgement-p must be a number from 0 to 1');
        return p;
      }, 0.2)
      .option('--quiet', 'no progress bar (it is shown only when stderr is a terminal)')
      .option('--allow-inconsistent', 'accept AHP matrices with CR ≥ 0.10 in the base model')
      .option('--manifest <file>', 'write a run manifest (JSON) for coordix verify')
      .addHelpText('after', `
Per region and year: base rank, median rank, 5th–95th percentile rank interval, mean absolute rank
shift, and D's mean and 5th–95th percentiles; a summary of the mean absolute rank shift; and for
each varied input its first-order and total sensitivity index on that summary (variance-based,
Saltelli 2010 and Jansen 1999 estimators on N·(d + 2) runs, as in the JRC practice).
CSV columns: region,year,base_rank,median_rank,rank_p05,rank_p95,mean_abs_rank_shift,D_mean,D_p05,D_p95
(the summary and the indices are in the table and JSON only). PRNG: mulberry32, never Math.random.`)
      .action(async (files: string[], opts) => (await import('./sensitivity.js')).sensitivityCommand(files, opts));
  }

  if (wanted('report')) {
    const report = program
      .command('report')
      .description('write ONE self-contained HTML report: map (tile grid) by level, ranking, D over the years, dimension heat map, disparity, methods')
      .argument('[files...]', 'input files, or - for stdin');
    addInputOptions(report);
    report
      .requiredOption('-o, --output <file>', 'the HTML file to write (safely: temporary file, then rename); - for stdout')
      .addOption(new Option('--lang <lang>', 'language of the report').choices(['en', 'zh']).default('en'))
      .option('--year <year>', 'the year of the map, ranking and heat map (default: the latest)', positiveInteger('--year', 9999))
      .option('--title <text>', 'the report title')
      .option('--allow-inconsistent', 'accept AHP matrices with CR ≥ 0.10 (with a warning)')
      .addHelpText('after', `
No network access is needed to open it: CSS and SVG are inline, fonts come from the system, and no
script runs (charts are Observable Plot rendered to static SVG; hover details are SVG titles).
Everything taken from the input is escaped. Regions that are not among the 31 provinces are left
out of the map and the NBS-region charts, with a warning. Cost: about a second for the sample.`)
      .action(async (files: string[], opts) => (await import('./report.js')).reportCommand(files, opts));
  }

  if (wanted('ahp')) {
    program
      .command('ahp')
      .description('check one AHP pairwise matrix: weights, λmax, CI, RI, CR, verdict, and the most inconsistent judgement')
      .argument('<matrix>', "a file (YAML/JSON/CSV) or an inline JSON array, e.g. '[[1, 3], [\"1/3\", 1]]' or an upper triangle '[3, 5, 2]'")
      .addOption(new Option('--method <method>', 'priority vector: principal eigenvector, row geometric means (方根法), or column-normalised row means (和积法)').choices(['eigen', 'geometric', 'arithmetic']).default('eigen'))
      .addOption(new Option('--ri <table>', "random-index table: Saaty's, or the one in Chinese textbooks").choices(['saaty', 'cn']).default('saaty'))
      .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']))
      .option('-o, --output <file>', 'write to this file instead of stdout')
      .option('--precision <n>', 'decimals in the table (default 6)', positiveInteger('--precision', 17))
      .addOption(new Option('--lang <lang>', 'language of the table').choices(['en', 'zh']).default('en'))
      .option('--no-color', 'no colour')
      .addHelpText('after', `
  λmax = mean((A·w)_i / w_i), CI = (λmax − n)/(n − 1), CR = CI/RI(n); consistent when CR < 0.10 (n ≤ 2: always).
  Exit code 0 when consistent, 1 when not (so it can gate a survey in CI).
  JSON keys: weights, lambdaMax, ci, ri, cr, consistent, method, riTable, labels, mostInconsistent.`)
      .action(async (matrix: string, opts) => {
        const consistent = await (await import('./ahp.js')).ahpCommand(matrix, opts);
        if (!consistent) failed = true;
      });
  }

  function tolerance(name: string) {
    return (value: string): number => {
      const x = Number(value);
      if (!/^[0-9.eE+-]+$/.test(value) || !(x >= 0)) throw new InvalidArgumentError(`${name} must be a number ≥ 0, like 1e-9`);
      return x;
    };
  }

  if (wanted('check')) {
    program
      .command('check')
      .description('compare a coordix output with a baseline by key: exit 0 when every number is within tolerance, 1 otherwise')
      .argument('<actual>', 'a coordix CSV or JSON output')
      .requiredOption('--baseline <file>', 'the expected output (CSV or JSON)')
      .option('--atol <x>', 'absolute tolerance', tolerance('--atol'), 1e-9)
      .option('--rtol <x>', 'relative tolerance', tolerance('--rtol'), 1e-9)
      .option('--columns <list>', 'compare only these columns, e.g. D,T (default: every common column)')
      .option('--key <list>', 'key columns (default by output kind: region,year for scores; year,measure,group for gap; …)')
      .addOption(new Option('-f, --format <format>', 'report format').choices(['table', 'json']))
      .option('-o, --output <file>', 'write the report here instead of stdout')
      .option('--no-color', 'no colour')
      .addHelpText('after', `
  A number passes when |actual − baseline| ≤ atol + rtol·|baseline|; text columns (level_name, lagging)
  must be equal. Rows missing on either side, and columns missing on either side, fail the check.
  The table lists the differences (key, column, baseline, actual, abs and rel diff), largest first, at
  most 20, with a count; -f json lists all.`)
      .action(async (actual: string, opts) => {
        if (!(await (await import('./check.js')).checkCommand(actual, opts))) failed = true;
      });
  }

  if (wanted('verify')) {
    program
      .command('verify')
      .description('re-run the command recorded in a manifest in a temporary folder; check the inputs\' SHA-256 and compare the outputs')
      .argument('<manifest>', 'a manifest written by --manifest')
      .option('--atol <x>', 'absolute tolerance for the outputs', tolerance('--atol'), 1e-9)
      .option('--rtol <x>', 'relative tolerance for the outputs', tolerance('--rtol'), 1e-9)
      .addOption(new Option('-f, --format <format>', 'report format').choices(['table', 'json']))
      .option('-o, --output <file>', 'write the report here instead of stdout')
      .option('--no-color', 'no colour')
      .addHelpText('after', `
  Never touches the recorded outputs or the manifest. Exit 0 when every input has its recorded SHA-256
  and every output matches (identical, or equal within the tolerance by check's rules); 1 otherwise.`)
      .action(async (manifest: string, opts) => {
        if (!(await (await import('./verify.js')).verifyCommand(manifest, opts))) failed = true;
      });
  }

  if (wanted('init')) {
    program
      .command('init')
      .description('write the built-in five-dimension model, commented, as a starting point')
      .option('-o, --output <file>', 'write here (default: stdout)')
      .option('--force', 'overwrite an existing file')
      .action(async (opts) => (await import('./init.js')).initCommand(opts));
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message; help and --version are successes.
      const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
      return { code: ok ? 0 : 2, bug: false };
    }
    if (error instanceof CoordixError) {
      const red = !process.env.NO_COLOR && isTerminal(2) ? (s: string) => `\u001b[31m${s}\u001b[39m` : (s: string) => s;
      const [first, ...rest] = error.message.split('\n');
      io.stderr(`${red(`coordix: ${first}`)}\n${rest.map((l) => `${l}\n`).join('')}`);
      return { code: error.exitCode, bug: false };
    }
    io.stderr(`coordix: internal error — this is a bug; please report it with the command you ran.\n${(error as Error)?.stack ?? String(error)}\n`);
    return { code: 1, bug: true };
  }
  return { code: failed ? 1 : 0, bug: false };
}
