import { closeSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, accessSync, constants } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { cryptoModule } from '../hash.js';
import { CoordixError } from '../errors.js';

/**
 * Writes a file safely: to a temporary file in the same folder, flushed, then renamed into place,
 * so a failed or interrupted run leaves any previous file untouched. `data` may come in pieces
 * (written as they come). A missing or unwritable folder is a clear error.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array | Iterable<string | Uint8Array>): void {
  const dir = dirname(resolve(path));
  let dirStat;
  try {
    dirStat = statSync(dir);
  } catch {
    throw new CoordixError(`${path}: the folder ${dir} does not exist; create it first`);
  }
  if (!dirStat.isDirectory()) throw new CoordixError(`${path}: ${dir} is not a folder`);
  try {
    if (statSync(path).isDirectory()) throw new CoordixError(`${path}: is a directory; give a file name for the output`);
  } catch (e) {
    if (e instanceof CoordixError) throw e;
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new CoordixError(`${path}: the folder ${dir} is not writable by this user`);
  }
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${cryptoModule().randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    const pieces = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
    for (const piece of pieces) {
      const buffer = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      let offset = 0;
      while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw new CoordixError(`${path}: cannot write the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Refuses an output path that is one of the inputs (it would destroy the data it came from). */
export function assertNotAnInput(output: string, inputs: string[]): void {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  const target = real(output);
  for (const input of inputs) {
    if (input !== '-' && real(input) === target) {
      throw new CoordixError(`-o ${output}: is also an input file; coordix never overwrites its input — choose another output name`);
    }
  }
}
