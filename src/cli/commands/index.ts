import type { Command } from 'commander';
import type { RunContext } from '../options.js';
import * as score from './score.js';
import * as weights from './weights.js';
import * as obstacles from './obstacles.js';
import * as gap from './gap.js';
import * as spatial from './spatial.js';
import * as dynamics from './dynamics.js';
import * as balance from './balance.js';
import * as structure from './structure.js';
import * as inspect from './inspect.js';
import * as sensitivity from './sensitivity.js';
import * as report from './report.js';
import * as ahp from './ahp.js';
import * as check from './check.js';
import * as verify from './verify.js';
import * as init from './init.js';

/** Every command module, in the order of the help (the top-level help defines them all). */
export const COMMANDS: { define(context: RunContext): Command }[] = [score, weights, obstacles, gap, spatial, dynamics, balance, structure, inspect, sensitivity, report, ahp, check, verify, init];

/** A fresh definition of the command `name` (verify reads the options of a recorded command from it), or undefined. */
export function commandDefinition(name: string): Command | undefined {
  for (const command of COMMANDS) {
    const defined = command.define({ fail() {} });
    if (defined.name() === name) return defined;
  }
  return undefined;
}
