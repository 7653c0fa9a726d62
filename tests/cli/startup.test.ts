import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT, tempFiles } from '../helpers.js';

/** Loads bin/coordix.js in a child process for `--version` and reports what its loader did. */
function load(root: string): { code: number | null; stdout: string; stderr: string; offered?: boolean; rejected?: boolean } {
  const script = `process.argv = [process.execPath, 'coordix', '--version'];
const m = require(${JSON.stringify(join(root, 'bin', 'coordix.js'))});
process.on('exit', () => process.stderr.write('\\nLOADER ' + JSON.stringify({ offered: m.cacheOffered, rejected: m.script.cachedDataRejected === true })));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  const loader = /LOADER (\{.*\})/.exec(r.stderr);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.replace(/\nLOADER .*/, ''), ...(loader ? JSON.parse(loader[1]) : {}) };
}

/** A copy of the built CLI (bin/, dist/bundle/, package.json) to tamper with. */
function copyOfCli(): string {
  const dir = tempFiles();
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'dist'));
  cpSync(join(ROOT, 'dist', 'bundle'), join(dir, 'dist', 'bundle'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

describe('start-up: the CLI bundle and its V8 code cache (bin/coordix.js)', () => {
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

  it('compiles the bundle from the code cache the build made, and V8 takes it', () => {
    const r = load(ROOT);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
    expect(r.offered).toBe(true);
    expect(r.rejected).toBe(false);
  });

  it('ignores a cache from another build, and a cut-short one V8 refuses, and works without any', () => {
    const dir = copyOfCli();
    const cache = join(dir, 'dist', 'bundle', 'coordix.cjs.cache');
    const bytes = readFileSync(cache);

    // Another build's id: not offered to V8 at all.
    writeFileSync(cache, Buffer.concat([Buffer.from('0'.repeat(16)), bytes.subarray(16)]));
    let r = load(dir);
    expect([r.code, r.stdout.trim(), r.stderr, r.offered]).toEqual([0, version, '', false]);

    // The right id, cut short (an interrupted build): offered, refused by V8, compiled as usual.
    // (Bits flipped in place are not caught: see bin/coordix.js.)
    writeFileSync(cache, bytes.subarray(0, bytes.length - 1000));
    r = load(dir);
    expect([r.code, r.stdout.trim(), r.stderr, r.offered, r.rejected]).toEqual([0, version, '', true, true]);

    // No cache: compiled as usual, and a real command still works.
    writeFileSync(cache, '');
    r = load(dir);
    expect([r.code, r.stdout.trim(), r.offered]).toEqual([0, version, false]);
    const score = spawnSync(process.execPath, [join(dir, 'bin', 'coordix.js'), 'score', join(ROOT, 'fixtures', 'china-provinces.csv'), '-f', 'csv'], { encoding: 'utf8' });
    expect(score.status).toBe(0);
    expect(score.stdout.split('\n')).toHaveLength(1 + 155 + 1);
  });

  it('builds a bundle that is ASCII and loads nothing through import() (vm.Script cannot)', () => {
    const source = readFileSync(join(ROOT, 'dist', 'bundle', 'coordix.cjs'), 'latin1');
    expect(source).not.toMatch(/[^\x00-\x7f]/);
    expect(source).not.toMatch(/[^\w$.]import\(/);
    expect(source).toMatch(/\n\/\/# coordix-build [0-9a-f]{16}\n$/);
  });
});
