import { runCoordix } from './program.js';
import { readerGone } from './stdio.js';

/**
 * The entry point: runs the program on this process's arguments and is the only place that sets
 * the exit code (never process.exit(): the process ends when its work is done).
 */
const { code } = await runCoordix(process.argv.slice(2));
// `coordix … | head`: a reader that stopped reading is not an error (stdio.ts).
process.exitCode = readerGone[1] ? 0 : code;
