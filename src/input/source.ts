import { readFileSync, statSync } from 'node:fs';
import { CoordixError } from '../errors.js';
import { fileErrorMessage, sha256 } from '../model/load.js';

export interface SourceBytes {
  /** The path as given, or "-" for standard input. */
  path: string;
  /** "stdin" or the path, for messages. */
  name: string;
  bytes: Buffer;
  size: number;
  /** SHA-256 of the bytes, hex; computed on first use (only manifests need it). */
  readonly sha256: string;
}

/** Reads a whole input file, or standard input for "-", with a clear error for every failure. */
export async function readSource(path: string): Promise<SourceBytes> {
  let bytes: Buffer;
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    bytes = Buffer.concat(chunks);
    if (bytes.length === 0) throw new CoordixError('stdin: empty input (0 bytes); pipe a CSV into coordix or give a file name');
  } else {
    try {
      if (statSync(path).isDirectory()) throw new CoordixError(`${path}: is a directory; give the data files inside it (e.g. ${path}/*.csv)`);
      bytes = readFileSync(path);
    } catch (e) {
      if (e instanceof CoordixError) throw e;
      throw new CoordixError(fileErrorMessage(path, e as NodeJS.ErrnoException, 'file'));
    }
    if (bytes.length === 0) throw new CoordixError(`${path}: the file is empty (0 bytes); it needs a header row and data rows`);
  }
  let hash: string | undefined;
  return {
    path,
    name: path === '-' ? 'stdin' : path,
    bytes,
    size: bytes.length,
    get sha256() {
      return (hash ??= sha256(bytes));
    },
  };
}
