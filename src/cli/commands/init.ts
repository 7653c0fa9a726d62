import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { CoordixError } from '../../errors.js';
import { BUILTIN_MODEL_YAML } from '../../model/builtin.js';
import { writeFileAtomic } from '../../output/write.js';
import { stdio } from '../stdio.js';

/** `coordix init`: writes the built-in model, commented, to start from. */
export async function initCommand(opts: { output?: string; force?: boolean }): Promise<void> {
  if (!opts.output || opts.output === '-') {
    stdio.out(BUILTIN_MODEL_YAML);
    return;
  }
  if (existsSync(opts.output) && !opts.force) {
    throw new CoordixError(`${opts.output}: already exists; coordix init does not overwrite it (pass --force to replace it)`);
  }
  writeFileAtomic(opts.output, BUILTIN_MODEL_YAML);
  stdio.err(`wrote ${opts.output}: the built-in model, commented; edit it and pass it with -m ${opts.output}\n`);
}


/** The definition of `coordix init`. */
export function define() {
  return new Command('init')
    .description('write the built-in five-dimension model, commented, as a starting point')
    .option('-o, --output <file>', 'write here (default: stdout)')
    .option('--force', 'overwrite an existing file')
    .option('--no-color', 'accepted as in every command (init prints no colour)')
    .action((opts: { output?: string; force?: boolean }) => initCommand(opts));
}
