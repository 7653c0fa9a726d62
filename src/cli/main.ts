import { Command, CommanderError } from 'commander';
import { CoordixError } from '../errors.js';
import { addInputOptions, addOutputOptions, VERSION } from './options.js';

/**
 * The entry point: parses arguments with commander, hands typed options to one async function
 * per command (loaded lazily, so `--version` stays fast), and is the only place that sets the
 * exit code: 0 ok, 1 data error or check failure, 2 usage error.
 */

// `coordix … | head`: a closed pipe is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') {
    process.exitCode = 0;
    process.stdout.destroy();
    return;
  }
  throw error;
});

const program = new Command('coordix')
  .description('Coupling-coordination index of regional development: normalise, weight, aggregate and couple provincial statistics, reproducibly.')
  .version(VERSION, '-V, --version', 'print the coordix version')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

const score = program
  .command('score')
  .description('score every region in every year: dimension scores U, development T, coupling C, coordination D, level, rank, lagging dimension')
  .argument('[files...]', 'CSV files (wide: region, year, indicator columns), or - for stdin');
addInputOptions(score);
addOutputOptions(score, ['table', 'csv', 'json'])
  .option('--allow-inconsistent', 'accept AHP matrices with CR ≥ 0.10 (with a warning) instead of failing')
  .option('--chart', 'also draw D by region for the latest year as bars (to stderr with -f csv/json)')
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

program
  .command('init')
  .description('write the built-in five-dimension model, commented, as a starting point')
  .option('-o, --output <file>', 'write here (default: stdout)')
  .option('--force', 'overwrite an existing file')
  .action(async (opts) => (await import('./init.js')).initCommand(opts));

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message; help and --version are successes.
      process.exitCode = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? 0 : 2;
      return;
    }
    if (error instanceof CoordixError) {
      const red = process.stderr.isTTY && !process.env.NO_COLOR ? (s: string) => `\u001b[31m${s}\u001b[39m` : (s: string) => s;
      const [first, ...rest] = error.message.split('\n');
      process.stderr.write(`${red(`coordix: ${first}`)}\n${rest.map((l) => `${l}\n`).join('')}`);
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`coordix: internal error — this is a bug; please report it with the command you ran.\n${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}

await main();
