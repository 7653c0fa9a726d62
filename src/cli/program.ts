import { Command, CommanderError } from 'commander';
import { CoordixError } from '../errors.js';
import { checkRunPaths, stderrColor, withRunOutputs } from './common.js';
import { describeError } from './errors.js';
import { VERSION, type RunContext } from './options.js';
import { isTerminal, stdio } from './stdio.js';
import { terminalSafe } from '../output/table.js';

type CommandModule = { define(context: RunContext): Command };

/** Every command and how to load its module, in the order of the help. */
const COMMAND_MODULES: Record<string, () => Promise<CommandModule>> = {
  score: () => import('./commands/score.js'),
  weights: () => import('./commands/weights.js'),
  obstacles: () => import('./commands/obstacles.js'),
  gap: () => import('./commands/gap.js'),
  spatial: () => import('./commands/spatial.js'),
  dynamics: () => import('./commands/dynamics.js'),
  balance: () => import('./commands/balance.js'),
  structure: () => import('./commands/structure.js'),
  inspect: () => import('./commands/inspect.js'),
  sensitivity: () => import('./commands/sensitivity.js'),
  report: () => import('./commands/report.js'),
  ahp: () => import('./commands/ahp.js'),
  check: () => import('./commands/check.js'),
  verify: () => import('./commands/verify.js'),
  init: () => import('./commands/init.js'),
};

/** The names of the commands, in the order of the help. */
export function commandNames(): string[] {
  return Object.keys(COMMAND_MODULES);
}

/**
 * The command modules a run needs: the one it names (`coordix score …`, `coordix help score`),
 * none for --version, all for the top-level help or a misspelt command. Each command's module
 * brings its own imports, so a run loads only what its command uses.
 */
async function commandsFor(argv: string[]): Promise<CommandModule[]> {
  const named = argv[0] === 'help' ? argv[1] : argv[0];
  if (named !== undefined && Object.hasOwn(COMMAND_MODULES, named)) return [await COMMAND_MODULES[named]()];
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) return [];
  const { COMMANDS } = await import('./commands/index.js');
  return COMMANDS;
}

/**
 * The command-line program: one fresh commander program per run (so it can run in-process, as the
 * fuzzer does), each command handing typed options to its run function. Returns the exit code:
 * 0 ok, 1 data error or a check that failed, 2 usage error; `bug` is set when an unexpected error
 * escaped (reported as a bug, with its stack).
 */
export async function runCoordix(argv: string[], io: { stderr: (text: string) => void } = { stderr: (t) => stdio.err(t) }): Promise<{ code: number; bug: boolean }> {
  let failed = false;
  const context: RunContext = { fail: () => void (failed = true) };
  const program = new Command('coordix')
    .description('Coupling-coordination index of regional development: normalise, weight, aggregate and couple provincial statistics, reproducibly.')
    .version(VERSION, '-V, --version', 'print the coordix version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => stdio.out(text), writeErr: (text) => io.stderr(text) })
    .addHelpText('after', '\nMethods, formulas, defaults and references: docs/methods.md (in the coordix package and repository).');
  for (const command of await commandsFor(argv)) {
    const defined = command.define(context);
    defined.copyInheritedSettings(program);
    program.addCommand(defined);
  }
  // Before any work: stdin named once, outputs that are neither inputs nor each other (common.ts).
  program.hook('preAction', (_program, action) => {
    // --no-color covers the warnings on stderr as well as the output.
    stderrColor.flag = action.opts().color === false ? false : undefined;
    checkRunPaths(action.name(), action.opts(), action.processedArgs);
  });

  try {
    // Every output of the run is staged and put in place only when the command has succeeded.
    await withRunOutputs(() => program.parseAsync(argv, { from: 'user' }), argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message; help and --version are successes.
      const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
      return { code: ok ? 0 : 2, bug: false };
    }
    if (error instanceof CoordixError) {
      const red = !process.env.NO_COLOR && isTerminal(2) ? (s: string) => `\u001b[31m${s}\u001b[39m` : (s: string) => s;
      // File names, cells and titles in a message are shown with their control characters visible (no terminal escapes).
      const [first, ...rest] = describeError(error).split('\n').map(terminalSafe);
      io.stderr(`${red(`coordix: ${first}`)}\n${rest.map((l) => `${l}\n`).join('')}`);
      return { code: error.exitCode, bug: false };
    }
    io.stderr(`coordix: internal error — this is a bug; please report it with the command you ran.\n${(error as Error)?.stack ?? String(error)}\n`);
    return { code: 1, bug: true };
  }
  return { code: failed ? 1 : 0, bug: false };
}
