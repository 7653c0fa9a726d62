import { setFlagsFromString } from 'node:v8';
import { runCoordix } from './program.js';

// Memory touched for the first time costs ~3 ms per MB on the machines coordix is benchmarked on;
// a young generation that keeps its first size instead of doubling under a large panel's garbage
// touches less of it: the 2,851 × 30 × 40 bench panel runs in 110 MB instead of 144 MB and ~10 %
// faster, the sample and `sensitivity` no slower (README, Performance). The CLI process only —
// library users keep their own heap settings.
try {
  setFlagsFromString('--semi-space-growth-factor=1');
} catch {
  /* a V8 that refuses flag changes at run time: the default then */
}

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
