import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { CoordixError } from '../errors.js';

/**
 * The CLI's standard output and error, written with fs.writeSync. Synchronous, so nothing is left
 * queued when the process ends (a full pipe makes process.stdout queue writes, even on Linux, and
 * an exit then truncates them). A reader that has gone away (`coordix … | head`) is not an
 * error: the rest of the output is dropped and the run ends as it would have (main.ts exits 0).
 *
 * `out` and `err` may be replaced, as the in-process fuzzer does to capture what a run prints.
 */
export const stdio = {
  out: (data: string | Uint8Array): void => writeAll(1, data),
  err: (text: string): void => writeAll(2, text),
};

/** Whether the reader of stdout (1) or stderr (2) has closed the pipe. */
export const readerGone: Record<1 | 2, boolean> = { 1: false, 2: false };

let pause: Int32Array | undefined;

function writeAll(fd: 1 | 2, data: string | Uint8Array): void {
  if (readerGone[fd]) return;
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        // A non-blocking pipe that is full: wait a millisecond for its reader, then go on.
        Atomics.wait((pause ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, 1);
      } else if (code === 'EPIPE') {
        readerGone[fd] = true;
        return;
      } else {
        // ENOSPC (a full disk behind `> file`), EIO, …: the output is incomplete, so the run fails.
        throw new CoordixError(`${fd === 1 ? 'standard output' : 'standard error'}: cannot write: ${(error as Error).message}; free the device, or write to a file elsewhere with -o FILE`);
      }
    }
  }
}

/** Whether fd 1 or 2 is a terminal. */
export function isTerminal(fd: 1 | 2): boolean {
  return isatty(fd);
}
