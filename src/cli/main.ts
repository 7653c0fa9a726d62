import { runCoordix } from './program.js';

/**
 * The entry point: runs the program on this process's arguments and is the only place that sets
 * the exit code (never process.exit(), which would truncate piped output).
 */

// `coordix … | head`: a closed pipe is not an error.
let brokenPipe = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
    brokenPipe = true;
    process.stdout.destroy();
    return;
  }
  throw error;
});

const { code } = await runCoordix(process.argv.slice(2));
process.exitCode = brokenPipe ? 0 : code;
