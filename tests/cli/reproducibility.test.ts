import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/model/load.js';
import { BIN, csvRows, runCli, SAMPLE, tempFiles } from '../helpers.js';

const sample = readFileSync(SAMPLE, 'utf8');

/** A larger panel (regions × years) for runs that must take a while. */
function bigPanel(regions: number, years: number): string {
  const lines = ['region,year,a,b,c,d'];
  let seed = 7;
  const next = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 1000;
  for (let y = 0; y < years; y++) for (let r = 0; r < regions; r++) lines.push(`r${r},${2000 + y},${next()},${next()},${next()},${next()}`);
  return lines.join('\n') + '\n';
}
const BIG_MODEL = 'dimensions:\n  - { id: p, indicators: [{ column: a, direction: benefit }, { column: b, direction: cost }] }\n  - { id: q, indicators: [{ column: c, direction: benefit }, { column: d, direction: benefit }] }\n';

describe('determinism', () => {
  it('gives byte-identical output on every run, whatever the time zone or locale', async () => {
    const a = await runCli(['score', SAMPLE, '-f', 'json']);
    const b = await runCli(['score', SAMPLE, '-f', 'json'], { env: { TZ: 'Asia/Shanghai', LANG: 'zh_CN.UTF-8', LC_ALL: 'de_DE.UTF-8' } });
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toMatch(/20\d\d-\d\d-\d\dT/);
  });

  it('does not depend on the order of rows in the input (within 1e-12)', async () => {
    const [header, ...rows] = sample.trim().split('\n');
    let seed = 3;
    const shuffled = [...rows].sort(() => ((seed = (seed * 48271) % 2147483647) % 3) - 1);
    expect(shuffled).not.toEqual(rows);
    const dir = tempFiles({ 'shuffled.csv': [header, ...shuffled].join('\n') + '\n' });
    const base = join(dir, 'base.csv');
    const moved = join(dir, 'moved.csv');
    await runCli(['score', SAMPLE, '-f', 'csv', '-o', base]);
    await runCli(['score', join(dir, 'shuffled.csv'), '-f', 'csv', '-o', moved]);
    expect(readFileSync(base, 'utf8')).not.toBe(readFileSync(moved, 'utf8'));
    const r = await runCli(['check', moved, '--baseline', base, '--atol', '1e-12', '--rtol', '0']);
    expect(r.stdout).toMatch(/^equal: 155 rows/);
    expect(r.code).toBe(0);
  });
});

describe('run manifests', () => {
  it('records versions, arguments, inputs with SHA-256, the resolved model, weights, warnings and outputs', async () => {
    const dir = tempFiles({ 'data.csv': sample });
    const r = await runCli(['score', 'data.csv', '-f', 'csv', '-o', 'scores.csv', '--manifest', 'run.json'], { cwd: dir });
    expect(r.code).toBe(0);
    const m = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(m).toMatchObject({ coordix: '0.1.0', node: process.version, command: 'score', arguments: ['score', 'data.csv', '-f', 'csv', '-o', 'scores.csv', '--manifest', 'run.json'] });
    expect(m.inputs).toEqual([{ path: 'data.csv', size: Buffer.byteLength(sample), sha256: sha256(sample), rows: 155, format: 'wide', encoding: 'utf8' }]);
    expect(m.model.path).toBeNull();
    expect(m.model.resolved.normalization).toEqual({ method: 'min-max', range: [0.01, 0.99], scope: 'pooled', shift: 0 });
    expect(m.weights.groups[0].indicators).toHaveLength(12);
    expect(m.outputs).toEqual([{ path: 'scores.csv', role: 'output', size: statSync(join(dir, 'scores.csv')).size, sha256: sha256(readFileSync(join(dir, 'scores.csv'))) }]);
    // The sample's one warning: the data check on its SO₂ scope change in 2016.
    expect(m.warnings.map((w: { code: string }) => w.code)).toEqual(['data-shift']);
    expect(JSON.stringify(m)).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
  });

  it('is written by weights, gap and obstacles too', async () => {
    const dir = tempFiles({ 'data.csv': sample });
    for (const args of [['weights', '-f', 'csv'], ['gap', '--var', 'D', '-f', 'csv'], ['obstacles', '-f', 'csv']]) {
      const r = await runCli([args[0], 'data.csv', ...args.slice(1), '-o', 'out.csv', '--manifest', `${args[0]}.json`], { cwd: dir });
      expect(r.code, args[0]).toBe(0);
      const m = JSON.parse(readFileSync(join(dir, `${args[0]}.json`), 'utf8'));
      expect(m.command).toBe(args[0]);
      expect(m.outputs[0].sha256).toBe(sha256(readFileSync(join(dir, 'out.csv'))));
    }
  });
});

describe('coordix check', () => {
  const base = 'region,year,T,D,level_name\nA,2020,0.5,0.7,intermediate coordination\nB,2020,0.25,0.4,on the verge of imbalance\n';

  it('passes equal files and differences within tolerance', async () => {
    const dir = tempFiles({ 'b.csv': base, 'a.csv': base.replace('0.7,', '0.7000000000001,') });
    expect((await runCli(['check', join(dir, 'b.csv'), '--baseline', join(dir, 'b.csv')])).code).toBe(0);
    const near = await runCli(['check', join(dir, 'a.csv'), '--baseline', join(dir, 'b.csv')]);
    expect(near.code).toBe(0);
    expect(near.stdout).toMatch(/^equal: 2 rows, 6 cells/);
  });

  it('fails slightly different files with a table of differences, largest first', async () => {
    const dir = tempFiles({ 'b.csv': base, 'a.csv': base.replace('0.7,', '0.70001,').replace('0.25,0.4', '0.26,0.4') });
    const r = await runCli(['check', join(dir, 'a.csv'), '--baseline', join(dir, 'b.csv')]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^DIFFERENT/);
    expect(lines[1]).toBe('2 cell(s) differ beyond the tolerance:');
    expect(lines[4]).toMatch(/^B,2020\s+T\s+0\.25\s+0\.26\s+1\.00e-2\s+4\.00e-2$/);
    expect(lines[5]).toMatch(/^A,2020\s+D\s+0\.7\s+0\.70001/);
    expect((await runCli(['check', join(dir, 'a.csv'), '--baseline', join(dir, 'b.csv'), '--columns', 'D', '--atol', '1e-4'])).code).toBe(0);
  });

  it('fails structurally different files: missing rows, extra rows, missing columns, text changes', async () => {
    const dir = tempFiles({ 'b.csv': base, 'a.csv': 'region,year,T,level_name\nA,2020,0.5,good coordination\nC,2020,0.1,x\n' });
    const r = await runCli(['check', join(dir, 'a.csv'), '--baseline', join(dir, 'b.csv'), '-f', 'json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ equal: false, missingInActual: ['B,2020'], extraInActual: ['C,2020'], columnsMissingInActual: ['D'] });
    expect(json.differences).toEqual([{ key: 'A,2020', column: 'level_name', baseline: 'intermediate coordination', actual: 'good coordination', absDiff: null, relDiff: null }]);
  });

  it('compares JSON outputs with CSV ones by key', async () => {
    const dir = tempFiles({});
    await runCli(['score', SAMPLE, '-f', 'csv', '-o', join(dir, 's.csv')]);
    await runCli(['score', SAMPLE, '-f', 'json', '-o', join(dir, 's.json')]);
    expect((await runCli(['check', join(dir, 's.json'), '--baseline', join(dir, 's.csv'), '--columns', 'D,T,level_name'])).code).toBe(0);
  });
});

describe('coordix verify', () => {
  it('verifies an unchanged run without touching the recorded outputs, and names a changed input', async () => {
    const dir = tempFiles({ 'data.csv': sample });
    await runCli(['score', 'data.csv', '-f', 'csv', '-o', 'scores.csv', '--imputed', 'imputed.csv', '--manifest', 'run.json'], { cwd: dir });
    const before = readFileSync(join(dir, 'scores.csv'));
    const mtime = statSync(join(dir, 'scores.csv')).mtimeMs;
    const ok = await runCli(['verify', join(dir, 'run.json')]);
    expect(ok.stdout).toMatch(/^verified/);
    expect(ok.code).toBe(0);
    expect(readFileSync(join(dir, 'scores.csv'))).toEqual(before);
    expect(statSync(join(dir, 'scores.csv')).mtimeMs).toBe(mtime);
    expect(readdirSync(dir).sort()).toEqual(['data.csv', 'imputed.csv', 'run.json', 'scores.csv']);

    writeFileSync(join(dir, 'data.csv'), sample.replace('北京,2015,26034.1', '北京,2015,26134.1'));
    const bad = await runCli(['verify', join(dir, 'run.json'), '-f', 'json']);
    expect(bad.code).toBe(1);
    const json = JSON.parse(bad.stdout);
    expect(json.ok).toBe(false);
    expect(json.inputs[0]).toMatchObject({ path: 'data.csv', status: 'changed' });
    expect(json.outputs.find((o: { path: string }) => o.path === 'scores.csv')).toMatchObject({ status: 'different' });
  });
});

describe('frozen weights and bounds (methods.md §10)', () => {
  it('keeps every earlier score unchanged when a new year is added, and reports clamped cells', async () => {
    const [header, ...rows] = sample.trim().split('\n');
    const upTo2018 = [header, ...rows.filter((r) => !r.includes(',2019,'))].join('\n') + '\n';
    const dir = tempFiles({ 'old.csv': upTo2018, 'all.csv': sample });
    expect((await runCli(['score', 'old.csv', '-f', 'csv', '-o', 'old-scores.csv', '--manifest', 'freeze.json'], { cwd: dir })).code).toBe(0);
    const frozen = await runCli(['score', 'all.csv', '-f', 'csv', '-o', 'new-scores.csv', '--frozen', 'freeze.json'], { cwd: dir });
    expect(frozen.code).toBe(0);
    expect(frozen.stderr).toMatch(/warning: \d+ cells? outside the frozen bounds clamped to \[0, 1\]: .*2019/);
    const oldRows = csvRows(readFileSync(join(dir, 'old-scores.csv'), 'utf8'));
    const newRows = csvRows(readFileSync(join(dir, 'new-scores.csv'), 'utf8'));
    expect(newRows).toHaveLength(155);
    // byte-identical numbers for every earlier region-year (ranks are within year, so equal too)
    expect(newRows.slice(0, 124)).toEqual(oldRows);
    // without freezing, adding 2019 moves the earlier scores
    const moved = csvRows((await runCli(['score', 'all.csv', '-f', 'csv'], { cwd: dir })).stdout);
    expect(moved[0].D).not.toBe(oldRows[0].D);
  });

  it('refuses a manifest of another model, or of a per-year run', async () => {
    const dir = tempFiles({ 'm.yaml': (await runCli(['init'])).stdout.replace('range: [0.01, 0.99], scope: pooled', 'range: [0.01, 0.99], scope: per-year') });
    await runCli(['score', SAMPLE, '-m', join(dir, 'm.yaml'), '-f', 'csv', '-o', join(dir, 's.csv'), '--manifest', join(dir, 'py.json')]);
    const r = await runCli(['score', SAMPLE, '--frozen', join(dir, 'py.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/py\.json: the recorded run used per-year normalisation; --frozen needs a pooled run/);
  });
});

describe('safe writes', () => {
  it('leaves an existing output untouched when the run fails', async () => {
    const dir = tempFiles({ 'bad.csv': 'region,year,x\nA,2020,oops\n', 'out.csv': 'precious\n' });
    const r = await runCli(['score', join(dir, 'bad.csv'), '-o', join(dir, 'out.csv')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('precious\n');
  });

  it('leaves an existing output untouched when the run is killed mid-way', async () => {
    const dir = tempFiles({ 'big.csv': bigPanel(3000, 20), 'm.yaml': BIG_MODEL, 'out.csv': 'precious\n' });
    const child = spawn(process.execPath, [BIN, 'score', join(dir, 'big.csv'), '-m', join(dir, 'm.yaml'), '-o', join(dir, 'out.csv')]);
    await new Promise((r) => setTimeout(r, 250));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    const content = readFileSync(join(dir, 'out.csv'), 'utf8');
    // either untouched, or (on a very fast machine) completely replaced — never half-written
    if (content !== 'precious\n') expect(content.trim().split('\n')).toHaveLength(60001);
  });

  it('never writes over an input file, and names a missing folder', async () => {
    const dir = tempFiles({ 'data.csv': sample });
    const same = await runCli(['score', join(dir, 'data.csv'), '-o', join(dir, 'data.csv')]);
    // a usage error (exit 2), found before any work (issue 15.2)
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/^coordix: -o .*data\.csv: is also the input file; choose another name/);
    expect(readFileSync(join(dir, 'data.csv'), 'utf8')).toBe(sample);
    const nofolder = await runCli(['score', SAMPLE, '-o', join(dir, 'no', 'such', 'out.csv')]);
    expect(nofolder.code).toBe(1);
    expect(nofolder.stderr).toMatch(/the folder .*no\/such does not exist/);
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });

  it('exits 0 quietly when the reader of stdout closes the pipe (coordix … | head)', async () => {
    const dir = tempFiles({ 'big.csv': bigPanel(2000, 5), 'm.yaml': BIG_MODEL });
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${BIN}" score big.csv -m m.yaml -f csv | head -1`], { cwd: dir, encoding: 'utf8' });
    expect(r.stdout).toBe('region,year,p,q,T,C,D,level,level_name,rank,lagging\n');
    // The random panel's values jump between years: only data-check warnings, no error.
    expect(r.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('warning:'))).toEqual([]);
    expect(r.status).toBe(0);
  });
});
