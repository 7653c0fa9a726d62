import { runCoordix } from './program.js';
import { readerGone } from './stdio.js';

/**
 * The entry point: runs the program on this process's arguments and is the only place that sets
 * the exit code (never process.exit(): the process ends when its work is done).
 */

// (No top-level await: the CLI is bundled as CommonJS, see scripts/bundle.mjs.)
export const done: Promise<void> = runCoordix(process.argv.slice(2)).then(({ code }) => {
  // `coordix … | head`: a reader that stopped reading is not an error (stdio.ts).
  process.exitCode = readerGone[1] ? 0 : code;
});
// For scripts/code-cache.cjs, which runs more commands in this process to warm V8's code cache.
export { runCoordix };
