import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, ftruncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CoordixError } from '../../src/errors.js';
import { DEFAULT_MAX_DATA_BYTES, DEFAULT_MAX_TEXT_BYTES, formatBytes, readSource, readStream, readTextBounded } from '../../src/input/source.js';
import { tempFiles } from '../helpers.js';

const MiB = 1024 * 1024;

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection, the promise resolved');
}

async function* endless(piece: Buffer): AsyncGenerator<Buffer> {
  for (;;) yield piece;
}

describe('bounded reads', () => {
  it('has the documented defaults: 1 GiB for data, 16 MiB for models and other text inputs', () => {
    expect(DEFAULT_MAX_DATA_BYTES).toBe(1073741824);
    expect(DEFAULT_MAX_TEXT_BYTES).toBe(16777216);
    expect(formatBytes(16777216)).toBe('16 MiB (16777216 bytes)');
    expect(formatBytes(1536)).toBe('1.5 KiB (1536 bytes)');
    expect(formatBytes(100)).toBe('100 bytes');
  });

  it('reads a small file whole, with its size and SHA-256', async () => {
    const dir = tempFiles({ 'a.csv': 'region,year\n' });
    const source = await readSource(join(dir, 'a.csv'));
    expect(source.bytes.toString()).toBe('region,year\n');
    expect(source.size).toBe(12);
    expect(source.name).toBe(join(dir, 'a.csv'));
    // sha256 of "region,year\n", as `printf 'region,year\n' | sha256sum` gives it
    expect(source.sha256).toBe(execFileSync('sha256sum', [join(dir, 'a.csv')], { encoding: 'utf8' }).split(' ')[0]);
  });

  it('stops /dev/zero at the limit with an error naming the source, the limit and --max-bytes', async () => {
    const error = await rejection(readSource('/dev/zero', { maxBytes: MiB }));
    expect(error).toBeInstanceOf(CoordixError);
    expect(error.message).toBe('/dev/zero: stopped reading after 1 MiB (1048576 bytes), the limit for this file; if it really is that large, raise the limit with --max-bytes N (bytes)');
  });

  it('refuses a regular file past the limit from its size, before reading it', async () => {
    const dir = tempFiles();
    const big = join(dir, 'big.csv');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 3 * MiB + 5); // a sparse 3 MiB file: nothing needs to be written
    closeSync(fd);
    expect((await rejection(readSource(big, { maxBytes: 3 * MiB }))).message).toBe(
      `${big}: the file is 3 MiB (3145733 bytes), more than the limit of 3 MiB (3145728 bytes); if it really is that large, raise the limit with --max-bytes N (bytes)`,
    );
    expect((await readSource(big, { maxBytes: 4 * MiB })).size).toBe(3 * MiB + 5);
  });

  it('stops an endless FIFO at the limit, and reads a finite one whole', async () => {
    const dir = tempFiles();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `exec yes 北京,2019,1 > '${fifo}'`], { stdio: 'ignore' });
    const writerGone = new Promise((r) => writer.on('close', r));
    const error = await rejection(readSource(fifo, { maxBytes: 256 * 1024 }));
    writer.kill('SIGKILL');
    await writerGone;
    expect(error.message).toBe(`${fifo}: stopped reading after 256 KiB (262144 bytes), the limit for this file; if it really is that large, raise the limit with --max-bytes N (bytes)`);
    const finite = spawn('sh', ['-c', `printf 'region,year\\n' > '${fifo}'`], { stdio: 'ignore' });
    const finiteGone = new Promise((r) => finite.on('close', r));
    expect((await readSource(fifo)).bytes.toString()).toBe('region,year\n');
    await finiteGone;
  });

  it('stops endless standard input at the limit, naming stdin and the flag the caller gives', async () => {
    const error = await rejection(readStream(endless(Buffer.alloc(4096, 0x61)), 'stdin', { maxBytes: 10_000 }));
    expect(error.message).toBe('stdin: stopped reading after 9.8 KiB (10000 bytes), the limit for this input; if it really is that large, raise the limit with --max-bytes N (bytes)');
    const named = await rejection(readStream(endless(Buffer.from('x')), 'stdin', { maxBytes: 10, flag: '--max-input' }));
    expect(named.message).toMatch(/raise the limit with --max-input N \(bytes\)$/);
  });

  it('stops standard input past maxLines while reading, and lets onChunk stop it with its own error', async () => {
    const rows = endless(Buffer.from('北京,2019,1\n天津,2019,2\n'));
    expect((await rejection(readStream(rows, 'stdin', { maxLines: 5 }))).message).toBe('stdin: more than 5 lines; raise the limit with --max-rows N');
    const seen: number[] = [];
    const stop = new CoordixError('stdin: more than 3 rows; raise the limit with --max-rows N');
    const error = await rejection(
      readStream(endless(Buffer.from('a\nb\n')), 'stdin', {
        onChunk: (chunk, soFar) => {
          seen.push(soFar);
          if (soFar > 4) throw stop;
        },
      }),
    );
    expect(error).toBe(stop);
    expect(seen).toEqual([4, 8]); // 4 bytes a chunk: the hook sees the running count and stops at the second
  });

  it('reads finite standard input whole, strings and byte views alike', async () => {
    async function* pieces() {
      yield 'region,';
      yield new Uint8Array(Buffer.from('year\n'));
      yield Buffer.from('北京,2019\n');
    }
    expect((await readStream(pieces(), 'stdin')).toString()).toBe('region,year\n北京,2019\n');
  });

  it('names an empty file, a folder and a missing file', async () => {
    const dir = tempFiles({ 'empty.csv': '' });
    expect((await rejection(readSource(join(dir, 'empty.csv')))).message).toBe(`${join(dir, 'empty.csv')}: the file is empty (0 bytes); it needs a header row and data rows`);
    expect((await rejection(readSource(dir))).message).toBe(`${dir}: is a directory; give the data files inside it (e.g. ${dir}/*.csv)`);
    expect((await rejection(readSource(join(dir, 'none.csv')))).message).toBe(`${join(dir, 'none.csv')}: no such file; check the path`);
  });
});

describe('bounded text inputs (models, manifests, AHP matrices, baselines)', () => {
  it('reads UTF-8 text, dropping a byte-order mark, with the bytes and their hash', async () => {
    const dir = tempFiles({ 'm.yaml': '\ufeffdimensions: []\n' });
    const source = await readTextBounded(join(dir, 'm.yaml'), { what: 'model file' });
    expect(source.text).toBe('dimensions: []\n');
    expect(source.size).toBe(18);
    expect(source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stops /dev/zero as a model at the limit (16 MiB by default) with the kind of file in the message', async () => {
    expect((await rejection(readTextBounded('/dev/zero', { what: 'model file' }))).message).toBe(
      '/dev/zero: stopped reading after 16 MiB (16777216 bytes), the limit for this model file; if it really is that large, raise the limit with --max-bytes N (bytes)',
    );
  });

  it('names the line and column of bytes that are not UTF-8, and a missing file by its kind', async () => {
    const dir = tempFiles({ 'm.yaml': Buffer.concat([Buffer.from('a: 1\nb: '), Buffer.from([0xb1, 0xb1]), Buffer.from('\n')]) });
    expect((await rejection(readTextBounded(join(dir, 'm.yaml'), { what: 'model file' }))).message).toBe(
      `${join(dir, 'm.yaml')}: line 2, column 4: bytes 0xB1 0xB1 are not UTF-8; the model file must be UTF-8 text; re-save it as UTF-8`,
    );
    expect((await rejection(readTextBounded(join(dir, 'no.yaml'), { what: 'baseline' }))).message).toBe(`${join(dir, 'no.yaml')}: no such baseline; check the path`);
    expect((await rejection(readTextBounded(dir, { what: 'manifest' }))).message).toBe(`${dir}: is a directory; give the manifest itself, not its folder`);
  });

  it('reads a file that fits exactly, and refuses one byte more', async () => {
    const dir = tempFiles();
    writeFileSync(join(dir, 'ahp.csv'), 'x'.repeat(100));
    expect((await readTextBounded(join(dir, 'ahp.csv'), { maxBytes: 100, what: 'AHP matrix' })).text).toHaveLength(100);
    expect((await rejection(readTextBounded(join(dir, 'ahp.csv'), { maxBytes: 99, what: 'AHP matrix' }))).message).toMatch(/: the AHP matrix is 100 bytes, more than the limit of 99 bytes; /);
  });
});
