import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, closeSync, existsSync, openSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, linkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CoordixError, UsageError } from '../../src/errors.js';
import {
  abortOpenTransactions,
  assertDistinctOutputs,
  assertNotAnInput,
  installedSignalHandlers,
  OutputTransaction,
  writeFileAtomic,
} from '../../src/output/write.js';
import { ROOT, tempFiles } from '../helpers.js';

const isRoot = process.getuid?.() === 0;
const temporaries = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, none was thrown');
}

describe('writing an output file safely', () => {
  it('replaces a regular file by rename, keeping its permission bits and leaving no temporary file', () => {
    const dir = tempFiles({ 'out.csv': 'old\n' });
    chmodSync(join(dir, 'out.csv'), 0o640);
    writeFileAtomic(join(dir, 'out.csv'), ['a,b\n', Buffer.from('1,2\n')]);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('a,b\n1,2\n');
    expect(statSync(join(dir, 'out.csv')).mode & 0o777).toBe(0o640);
    expect(temporaries(dir)).toEqual([]);
  });

  it('writes to /dev/null in place: the node is still a character device afterwards', () => {
    writeFileAtomic('/dev/null', 'x'.repeat(100_000));
    const stat = lstatSync('/dev/null');
    expect(stat.isCharacterDevice()).toBe(true);
    expect(stat.isFile()).toBe(false);
    expect(readdirSync('/dev').filter((f) => f.startsWith('.null.'))).toEqual([]);
  });

  it('fails on /dev/full with a clear ENOSPC error and leaves the device a device', () => {
    const error = thrown(() => writeFileAtomic('/dev/full', 'a,b\n'));
    expect(error).toBeInstanceOf(CoordixError);
    expect(error.message).toBe('/dev/full: no space left on the device (ENOSPC); free some space or write the output elsewhere');
    expect(lstatSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('writes into a FIFO directly, where a reading process receives the data, and the FIFO stays a FIFO', async () => {
    const dir = tempFiles();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.on('data', (chunk) => (received += chunk));
    const closed = new Promise((r) => reader.on('close', r));
    writeFileAtomic(fifo, ['region,D\n', '北京,0.8\n']);
    await closed;
    expect(received).toBe('region,D\n北京,0.8\n');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(temporaries(dir)).toEqual([]);
  });

  it('refuses a read-only output file by its mode bits, even for root, and leaves it untouched', () => {
    const dir = tempFiles({ 'kept.csv': 'precious\n' });
    chmodSync(join(dir, 'kept.csv'), 0o444);
    const error = thrown(() => writeFileAtomic(join(dir, 'kept.csv'), 'new\n'));
    expect(error).toBeInstanceOf(CoordixError);
    expect(error.message).toBe(
      `${join(dir, 'kept.csv')}: the file is read-only (mode 444); coordix does not replace a read-only file — make it writable (chmod u+w ${join(dir, 'kept.csv')}) or choose another output name`,
    );
    expect(readFileSync(join(dir, 'kept.csv'), 'utf8')).toBe('precious\n');
    expect(temporaries(dir)).toEqual([]);
    if (!isRoot) return; // the point of the test: root could write it, and still must not
    expect(statSync(join(dir, 'kept.csv')).mode & 0o777).toBe(0o444);
  });

  it('refuses a folder, a missing folder and a block device by name', () => {
    const dir = tempFiles();
    expect(thrown(() => writeFileAtomic(dir, 'x')).message).toBe(`${dir}: is a directory; give a file name for the output`);
    expect(thrown(() => writeFileAtomic(join(dir, 'no', 'out.csv'), 'x')).message).toBe(`${join(dir, 'no', 'out.csv')}: the folder ${join(dir, 'no')} does not exist; create it first`);
    const block = readdirSync('/dev').map((f) => join('/dev', f)).find((f) => {
      try {
        return lstatSync(f).isBlockDevice();
      } catch {
        return false;
      }
    });
    if (block === undefined) return; // no block device visible in this container
    expect(thrown(() => writeFileAtomic(block, 'x')).message).toMatch(/is a block device \(a disk\); coordix writes only to files/);
  });

  it('follows a symbolic link: the file it points to is replaced and the link stays a link', () => {
    const dir = tempFiles({ 'real.csv': 'old\n' });
    symlinkSync(join(dir, 'real.csv'), join(dir, 'link.csv'));
    writeFileAtomic(join(dir, 'link.csv'), 'new\n');
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.csv'), 'utf8')).toBe('new\n');
  });

  it('writes a file whose name is 250 characters long (the temporary name is cut to fit)', () => {
    const dir = tempFiles();
    const name = '地'.repeat(80) + 'x'.repeat(10); // 80 × 3 + 10 = 250 bytes in UTF-8
    writeFileAtomic(join(dir, name), 'a\n');
    expect(readdirSync(dir)).toEqual([name]);
  });

  it('leaves the previous file untouched when the data fails half-way', () => {
    const dir = tempFiles({ 'out.csv': 'precious\n' });
    const failing = (function* () {
      yield 'a,b\n';
      throw new CoordixError('data.csv: line 3: bad value');
    })();
    expect(thrown(() => writeFileAtomic(join(dir, 'out.csv'), failing)).message).toBe('data.csv: line 3: bad value');
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('precious\n');
    expect(temporaries(dir)).toEqual([]);
  });
});

describe('all-or-nothing outputs of one run', () => {
  it('puts nothing in place until commit, then every output at once', () => {
    const dir = tempFiles({ 'a.csv': 'old a\n' });
    const t = new OutputTransaction();
    t.stage(join(dir, 'a.csv'), 'new a\n');
    t.stage(join(dir, 'b.json'), '{}\n');
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('old a\n');
    expect(existsSync(join(dir, 'b.json'))).toBe(false);
    expect(temporaries(dir)).toHaveLength(2);
    expect(t.commit()).toEqual([join(dir, 'a.csv'), join(dir, 'b.json')]);
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('new a\n');
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe('{}\n');
    expect(temporaries(dir)).toEqual([]);
    expect(installedSignalHandlers()).toBe(0);
  });

  it('abort removes every temporary file and replaces nothing', () => {
    const dir = tempFiles({ 'a.csv': 'old a\n' });
    const t = new OutputTransaction();
    t.stage(join(dir, 'a.csv'), 'new a\n');
    t.stage(join(dir, 'b.csv'), 'new b\n');
    expect(installedSignalHandlers()).toBe(2);
    t.abort();
    t.abort(); // twice is harmless
    expect(readdirSync(dir)).toEqual(['a.csv']);
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('old a\n');
    expect(installedSignalHandlers()).toBe(0);
  });

  it('a failing stage aborts the whole run: the outputs staged before it are not written either', () => {
    const dir = tempFiles({ 'ro.csv': 'read-only\n' });
    chmodSync(join(dir, 'ro.csv'), 0o400);
    const t = new OutputTransaction();
    t.stage(join(dir, 'first.csv'), 'first\n');
    expect(thrown(() => t.stage(join(dir, 'ro.csv'), 'x')).message).toMatch(/ro\.csv: the file is read-only \(mode 400\)/);
    expect(readdirSync(dir)).toEqual(['ro.csv']);
    expect(() => t.commit()).toThrow(/already aborted/);
  });

  it('a commit that fails on /dev/full renames none of the regular files', () => {
    const dir = tempFiles({ 'out.csv': 'precious\n' });
    const t = new OutputTransaction();
    t.stage(join(dir, 'out.csv'), 'new\n');
    t.stage('/dev/full', 'manifest\n');
    expect(thrown(() => t.commit()).message).toBe('/dev/full: no space left on the device (ENOSPC); free some space or write the output elsewhere');
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('precious\n');
    expect(temporaries(dir)).toEqual([]);
    expect(lstatSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('refuses to stage one file twice', () => {
    const dir = tempFiles();
    const t = new OutputTransaction();
    t.stage(join(dir, 'a.csv'), '1\n');
    expect(thrown(() => t.stage(join(dir, '.', 'a.csv'), '2\n')).message).toBe(`${join(dir, '.', 'a.csv')}: the same file as the output ${join(dir, 'a.csv')}; give each output its own name`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('abortOpenTransactions (what the signal handlers run) removes the temporary files of every open transaction', () => {
    const dir = tempFiles();
    const t1 = new OutputTransaction();
    const t2 = new OutputTransaction();
    t1.stage(join(dir, 'a.csv'), 'a\n');
    t2.stage(join(dir, 'b.csv'), 'b\n');
    expect(temporaries(dir)).toHaveLength(2);
    abortOpenTransactions();
    expect(readdirSync(dir)).toEqual([]);
    expect(installedSignalHandlers()).toBe(0);
  });
});

/**
 * A process killed while a transaction is open. Node 20 cannot import TypeScript, so write.ts and
 * errors.ts are transpiled (types stripped, nothing else) into a temporary folder for the child.
 */
function childModule(): string {
  const out = mkdtempSync(join(tmpdir(), 'coordix-write-child-'));
  mkdirSync(join(out, 'output'));
  for (const [from, to] of [
    ['src/output/write.ts', 'output/write.js'],
    ['src/errors.ts', 'errors.js'],
  ]) {
    const source = readFileSync(join(ROOT, from), 'utf8');
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } });
    writeFileSync(join(out, to), outputText);
  }
  return join(out, 'output', 'write.js');
}

function stagedChild(module: string, dir: string, ownHandler: boolean) {
  const script = `
    import { OutputTransaction } from ${JSON.stringify(module)};
    const timer = setInterval(() => {}, 1000);
    ${ownHandler ? "process.on('SIGINT', () => clearInterval(timer));" : ''}
    const t = new OutputTransaction();
    t.stage(${JSON.stringify(join(dir, 'out.csv'))}, 'new\\n');
    t.stage(${JSON.stringify(join(dir, 'other.csv'))}, 'other\\n');
    process.stdout.write('staged\\n');
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const staged = new Promise<void>((r) => child.stdout.on('data', (d) => String(d).includes('staged') && r()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('close', (code, signal) => r({ code, signal })));
  return { child, staged, ended };
}

describe('an interrupted run', () => {
  const module = childModule();

  it('SIGTERM removes the temporary files and the process still dies of SIGTERM (exit 143 in a shell)', async () => {
    const dir = tempFiles({ 'out.csv': 'precious\n' });
    const { child, staged, ended } = stagedChild(module, dir, false);
    await staged;
    expect(temporaries(dir)).toHaveLength(2);
    child.kill('SIGTERM');
    expect(await ended).toEqual({ code: null, signal: 'SIGTERM' });
    expect(readdirSync(dir)).toEqual(['out.csv']);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('precious\n');
  });

  it('SIGINT with another listener removes the temporary files and leaves exit code 130 for the process', async () => {
    const dir = tempFiles({ 'out.csv': 'precious\n' });
    const { child, staged, ended } = stagedChild(module, dir, true);
    await staged;
    child.kill('SIGINT');
    expect(await ended).toEqual({ code: 130, signal: null });
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });
});

describe('-o /dev/stdout when standard output is a regular file', () => {
  it('appends to the file the descriptor names instead of replacing it', async () => {
    const module = childModule();
    const dir = tempFiles({ 'out.csv': 'head\n' });
    const before = statSync(join(dir, 'out.csv')).ino;
    const fd = openSync(join(dir, 'out.csv'), 'a');
    const script = `import { writeFileAtomic } from ${JSON.stringify(module)}; writeFileAtomic('/dev/stdout', 'data\\n');`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', fd, 'inherit'] });
    const code = await new Promise((r) => child.on('close', r));
    closeSync(fd);
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('head\ndata\n');
    expect(statSync(join(dir, 'out.csv')).ino).toBe(before);
    expect(temporaries(dir)).toEqual([]);
  });
});

describe('outputs that would land on inputs or on each other', () => {
  it('refuses an output that is an input, naming the flag and the role (a UsageError, exit 2)', () => {
    const dir = tempFiles({ 'm.yaml': 'dimensions: []\n', 'data.csv': 'a\n' });
    const error = thrown(() =>
      assertDistinctOutputs(
        [{ flag: '-o', path: join(dir, 'out.csv') }, { flag: '--manifest', path: join(dir, 'm.yaml') }],
        [{ role: 'data file', path: join(dir, 'data.csv') }, { role: 'model (-m)', path: join(dir, 'm.yaml') }],
      ),
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect(error.message).toBe(`--manifest ${join(dir, 'm.yaml')}: is also the model (-m); choose another name`);
  });

  it('sees through symbolic links, also to a file that does not exist yet, and through hard links', () => {
    const dir = tempFiles({ 'data.csv': 'a\n' });
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'alias'));
    // two outputs in one folder under two names, neither file exists yet
    expect(thrown(() => assertDistinctOutputs([{ flag: '-o', path: join(dir, 'real', 'x.csv') }, { flag: '--manifest', path: join(dir, 'alias', 'x.csv') }], [])).message).toBe(
      `--manifest ${join(dir, 'alias', 'x.csv')}: is also the output of -o ${join(dir, 'real', 'x.csv')}; choose another name`,
    );
    linkSync(join(dir, 'data.csv'), join(dir, 'hard.csv'));
    expect(thrown(() => assertDistinctOutputs([{ flag: '-o', path: join(dir, 'hard.csv') }], [{ role: 'data file', path: join(dir, 'data.csv') }])).message).toBe(
      `-o ${join(dir, 'hard.csv')}: is also the data file; choose another name`,
    );
  });

  it('lets distinct files, stdout, unset flags and /dev/null through', () => {
    const dir = tempFiles({ 'data.csv': 'a\n' });
    expect(
      assertDistinctOutputs(
        [
          { flag: '-o', path: '-' },
          { flag: '--manifest', path: undefined },
          { flag: '--report', path: '/dev/null' },
          { flag: '--plot', path: '/dev/null' },
          { flag: '--imputed', path: join(dir, 'imputed.csv') },
        ],
        [{ role: 'data file', path: join(dir, 'data.csv') }, { role: 'data file', path: '-' }],
      ),
    ).toBeUndefined();
  });

  it('assertNotAnInput keeps its message and exit code 1 for existing callers', () => {
    const dir = tempFiles({ 'data.csv': 'a\n' });
    const error = thrown(() => assertNotAnInput(join(dir, '.', 'data.csv'), [join(dir, 'data.csv')]));
    expect(error).toBeInstanceOf(CoordixError);
    expect(error).not.toBeInstanceOf(UsageError);
    expect(error.message).toBe(`-o ${join(dir, '.', 'data.csv')}: is also an input file; coordix never overwrites its input — choose another output name`);
    expect(assertNotAnInput(join(dir, 'out.csv'), [join(dir, 'data.csv'), '-'])).toBeUndefined();
  });
});
