import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { commandNames } from '../../src/cli/program.js';

const COMMANDS = commandNames();
import { BIN, csvRows, runCli, runInProcess, SAMPLE, tempFiles, TWO_DIM_MODEL } from '../helpers.js';

const small = 'region,year,x,y\nA,2020,1,30\nB,2020,2,10\nC,2020,3,20\n';

describe('coordix score, end to end', () => {
  it('prints the table for the bundled sample, without colour when NO_COLOR is set', async () => {
    const r = await runCli(['score', SAMPLE], { bin: true });
    expect(r.code).toBe(0);
    // The sample's SO₂ totals change statistical scope in 2016: the data check says so, once.
    expect(r.stderr).toBe('warning: so2: the whole panel moves 0.44× from 2015 to 2016 (median over 31 regions) — a change of unit, scope or vintage?\n');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^region\s+year\s+Economy\s+Society\s+Ecology\s+Income gap\s+Public services\s+T\s+C\s+D\s+level\s+rank\s+lagging$/);
    expect(lines).toHaveLength(2 + 155 + 1);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  // A real terminal: util-linux's `script` runs coordix on a pseudo-terminal.
  it.skipIf(spawnSync('script', ['--version']).status !== 0)('colours levels on a terminal, but not with NO_COLOR or --no-color', async () => {
    const { NO_COLOR: _n, FORCE_COLOR: _f, ...env } = process.env;
    const onTerminal = (extra: string, moreEnv: Record<string, string> = {}) =>
      spawnSync('script', ['-qec', `"${process.execPath}" "${BIN}" score "${SAMPLE}"${extra}`, '/dev/null'], { encoding: 'utf8', env: { ...env, ...moreEnv } });
    const coloured = onTerminal('');
    expect(coloured.status).toBe(0);
    expect(coloured.stdout).toMatch(/\u001b\[3\dm8 intermediate coordination/);
    expect(onTerminal('', { NO_COLOR: '1' }).stdout).not.toMatch(/\u001b\[/);
    expect(onTerminal(' --no-color').stdout).not.toMatch(/\u001b\[/);
    // The terminal's width does not matter: the same rows as through a pipe.
    // (the terminal also shows stderr: the sample's data-check warning, left out here)
    expect(onTerminal(' --no-color').stdout.replace(/\r\n/g, '\n').replace(/^warning: .*\n/gm, '')).toBe((await runCli(['score', SAMPLE])).stdout);
  });

  it('writes exactly the documented CSV columns, one row per region-year, sorted by year', async () => {
    const r = await runCli(['score', SAMPLE, '-f', 'csv'], { bin: true });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('region,year,economy,society,ecology,income_gap,public_services,T,C,D,level,level_name,rank,lagging');
    const rows = csvRows(r.stdout);
    expect(rows).toHaveLength(155);
    expect(rows[0].region).toBe('北京');
    expect(rows.map((row) => row.year)).toEqual([...rows.map((row) => row.year)].sort());
    for (const row of rows) {
      const D = Number(row.D);
      expect(D).toBeGreaterThanOrEqual(0);
      expect(D).toBeLessThanOrEqual(1);
      expect(Number(row.level)).toBe(Math.min(Math.floor(10 * D), 9) + 1);
      expect(Math.abs(Number(row.D) - Math.sqrt(Number(row.C) * Number(row.T)))).toBeLessThan(1e-15);
    }
  });

  it('scores the hand-worked panel from a file, with a model file', async () => {
    const dir = tempFiles({ 'data.csv': small, 'model.yaml': TWO_DIM_MODEL });
    const r = await runCli(['score', join(dir, 'data.csv'), '-m', join(dir, 'model.yaml'), '-f', 'csv', '--precision', '6']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'region,year,first,second,T,C,D,level,level_name,rank,lagging\n' +
        'A,2020,0,0,0,0,0,1,extreme imbalance,3,first\n' +
        'B,2020,0.5,1,0.75,0.942809,0.840896,9,good coordination,1,first\n' +
        'C,2020,1,0.5,0.75,0.942809,0.840896,9,good coordination,1,second\n',
    );
  });

  it('reads stdin with -, and writes JSON with model, settings, weights, rows and warnings', async () => {
    const dir = tempFiles({ 'model.json': JSON.stringify({ dimensions: [{ id: 'first', indicators: [{ column: 'x', direction: 'benefit' }] }, { id: 'second', indicators: [{ column: 'y', direction: 'cost' }] }] }) });
    const r = await runCli(['score', '-', '-m', join(dir, 'model.json'), '-f', 'json'], { input: small });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['model', 'settings', 'weights', 'rows', 'warnings']);
    expect(json.rows[1]).toMatchObject({ region: 'B', year: 2020, first: 0.5, second: 1, T: 0.75, level: 9, level_name: 'good coordination', rank: 1, lagging: 'first' });
    expect(json.settings).toMatchObject({ scope: 'pooled', shift: 0, indicatorWeights: 'entropy', coupling: 'classic' });
    expect(json.weights.groups[0].indicators[0]).toMatchObject({ id: 'x', weight: 1 });
  });

  it('writes to -o with the format from the extension, and --lang zh gives Chinese level names', async () => {
    const dir = tempFiles({ 'data.csv': small, 'model.yaml': TWO_DIM_MODEL });
    const out = join(dir, 'scores.csv');
    const r = await runCli(['score', join(dir, 'data.csv'), '-m', join(dir, 'model.yaml'), '-o', out, '--lang', 'zh', '--bom']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFFregion,year,first,second,T,C,D,level,level_name,rank,lagging\n')).toBe(true);
    expect(text).toContain(',良好协调,');
  });

  it('joins files holding different indicators (outer join) and different years', async () => {
    const dir = tempFiles({
      'x.csv': 'region,year,x\nA,2019年,1\nB,2019年,2\nA,2020,3\nB,2020,5\n',
      'y.csv': '\uFEFFregion,year,y\r\nA,2019,"10"\r\nB,2019,20\r\nA,2020,15\r\nB,2020,30\r\n',
      'model.yaml': TWO_DIM_MODEL,
    });
    const r = await runCli(['score', join(dir, 'x.csv'), join(dir, 'y.csv'), '-m', join(dir, 'model.yaml'), '-f', 'csv']);
    expect(r.code).toBe(0);
    expect(csvRows(r.stdout).map((row) => `${row.region}${row.year}`)).toEqual(['A2019', 'B2019', 'A2020', 'B2020']);
  });

  // stdout that is a non-blocking pipe (as some parent processes leave it): a full pipe answers
  // EAGAIN, and coordix must wait for its reader rather than drop or fail. Python makes the pipe.
  it.skipIf(spawnSync('python3', ['--version']).status !== 0)('waits for a slow reader on a non-blocking stdout pipe (EAGAIN), losing nothing', async () => {
    const lines = ['region,year,x,y'];
    for (let i = 0; i < 6000; i++) lines.push(`r${i % 300},${2000 + Math.floor(i / 300)},${(i * 7919) % 1000}.5,${(i * 104729) % 997}`);
    const dir = tempFiles({ 'big.csv': lines.join('\n') + '\n', 'm.yaml': TWO_DIM_MODEL });
    const file = join(dir, 'out.csv');
    expect((await runCli(['score', join(dir, 'big.csv'), '-m', join(dir, 'm.yaml'), '-o', file])).code).toBe(0);
    const script = [
      'import fcntl, os, subprocess, sys, time',
      'r, w = os.pipe()',
      'fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)',
      'p = subprocess.Popen(sys.argv[1:], stdout=w)',
      'os.close(w)',
      'time.sleep(1)',
      'data = b""',
      'while True:',
      '    piece = os.read(r, 65536)',
      '    if not piece: break',
      '    data += piece',
      'sys.stdout.buffer.write(data)',
      'sys.exit(p.wait())',
    ].join('\n');
    const r = spawnSync('python3', ['-c', script, process.execPath, BIN, 'score', 'big.csv', '-m', 'm.yaml', '-f', 'csv'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    // The random panel's values jump between years: only data-check warnings, no error.
    expect(r.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('warning:'))).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(500_000);
    expect(r.stdout).toBe(readFileSync(file, 'utf8'));
  });

  // /dev/full answers every write with ENOSPC, as a full disk behind `> file` would.
  it.skipIf(!existsSync('/dev/full'))('fails clearly when stdout cannot be written (a full disk)', async () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" score "${SAMPLE}" -f csv > /dev/full`], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    // (after the sample's data-check warning on its SO₂ scope change)
    expect(r.stderr.split('\n').filter((line) => !line.startsWith('warning:'))[0]).toBe('coordix: standard output: cannot write: ENOSPC: no space left on device, write; free the device, or write to a file elsewhere with -o FILE');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('treats a file without a year column as one cross-section with an empty year', async () => {
    const dir = tempFiles({ 'data.csv': 'region,x,y\nA,1,30\nB,2,10\nC,3,20\n', 'model.yaml': TWO_DIM_MODEL });
    const r = await runCli(['score', join(dir, 'data.csv'), '-m', join(dir, 'model.yaml'), '-f', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[2]).toMatch(/^B,,0\.5,1,0\.75,/);
  });

  it('writes the same bytes to a slow pipe as to a file (a large CSV goes out in pieces)', async () => {
    // 6,000 rows, ~1 MB of output: the pipe fills while the reader sleeps, so writes queue.
    const lines = ['region,year,x,y'];
    for (let i = 0; i < 6000; i++) lines.push(`r${i % 300},${2000 + Math.floor(i / 300)},${(i * 7919) % 1000}.5,${(i * 104729) % 997}`);
    const dir = tempFiles({ 'big.csv': lines.join('\n') + '\n', 'm.yaml': TWO_DIM_MODEL });
    const file = join(dir, 'out.csv');
    expect((await runCli(['score', join(dir, 'big.csv'), '-m', join(dir, 'm.yaml'), '-o', file])).code).toBe(0);
    const piped = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" score big.csv -m m.yaml -f csv | (sleep 1; cat)`], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(piped.status).toBe(0);
    expect(piped.stdout.length).toBeGreaterThan(500_000);
    expect(piped.stdout).toBe(readFileSync(file, 'utf8'));
  });

  it('names both places when the same region, year and indicator is given twice', async () => {
    const dir = tempFiles({ 'a.csv': 'region,year,x,y\nA,2020,1,2\nB,2020,2,3\n', 'b.csv': 'region,year,x\nB,2020,9\n', 'model.yaml': TWO_DIM_MODEL });
    const r = await runCli(['score', join(dir, 'a.csv'), join(dir, 'b.csv'), '-m', join(dir, 'model.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toMatch(/b\.csv:2: B 2020 is given twice for column "x" \(also at .*a\.csv:3\)/);
  });

  it('names file, line, column, region and year for text in a needed cell', async () => {
    const dir = tempFiles({ 'data.csv': 'region,year,x,y\n河北,2019,n/a?,2\nB,2019,2,3\n', 'model.yaml': TWO_DIM_MODEL });
    const r = await runCli(['score', join(dir, 'data.csv'), '-m', join(dir, 'model.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(/data\.csv:2: column "x" for 河北 2019 is "n\/a\?", not a number/);
  });

  it('reports an empty needed cell with the count and the first cell', async () => {
    const dir = tempFiles({ 'data.csv': 'region,year,x,y\nA,2019,,2\nB,2019,2,3\n', 'model.yaml': TWO_DIM_MODEL });
    const r = await runCli(['score', join(dir, 'data.csv'), '-m', join(dir, 'model.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(/1 missing value in needed columns, the first: .*data\.csv:2: A 2019, column "x" is empty/);
  });

  it('exits 1 for an empty file, a header-only file and a single region with entropy weights', async () => {
    const dir = tempFiles({ 'empty.csv': '', 'header.csv': 'region,year,x,y\n', 'one.csv': 'region,year,x,y\nA,2020,1,2\n', 'model.yaml': TWO_DIM_MODEL });
    const m = ['-m', join(dir, 'model.yaml')];
    expect((await runCli(['score', join(dir, 'empty.csv'), ...m])).stderr).toMatch(/empty\.csv: the file is empty/);
    expect((await runCli(['score', join(dir, 'header.csv'), ...m])).stderr).toMatch(/header\.csv: only a header row/);
    const one = await runCli(['score', join(dir, 'one.csv'), ...m]);
    expect(one.code).toBe(1);
    expect(one.stderr).toMatch(/entropy weights need at least 2 observations/);
  });

  it('exits 2 for usage errors: unknown option, format, precision out of range, no files', async () => {
    for (const args of [['score', SAMPLE, '--bogus'], ['score', SAMPLE, '-f', 'xml'], ['score', SAMPLE, '--precision', '18'], ['score']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('prints the version and help', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect((await runCli(['--version'], { bin: true })).stdout.trim()).toBe(pkg.version);
    const help = await runCli(['score', '--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--model', '--format', '--output', '--precision', '--bom', '--lang', '--no-color', '--missing', '--encoding', '--chart']) expect(help.stdout).toContain(flag);
  });

  // Every command's help whole, by either spelling, and the top-level help lists them all (in
  // process: 23 runs of the same program).
  it('gives every command its whole help, and lists them all at the top', async () => {
    const top = await runInProcess(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('docs/methods.md');
    const listed = [...top.stdout.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]);
    expect(listed).toEqual([...COMMANDS, 'help']);
    for (const name of COMMANDS) {
      const help = await runInProcess([name, '--help']);
      expect(help.code, name).toBe(0);
      expect(help.stdout.split('\n')[0]).toMatch(new RegExp(`^Usage: coordix ${name} \\[options\\]`));
      expect(help.stdout).toContain('-h, --help');
      expect((await runInProcess(['help', name])).stdout, name).toBe(help.stdout);
    }
    expect((await runInProcess(['weights', '--help'])).stdout).toContain('--allow-inconsistent');
    expect((await runInProcess(['check', '--help'])).stdout).toContain('--baseline <file>');
  });

  it('draws a bar chart of D for the latest year with --chart', async () => {
    const r = await runCli(['score', SAMPLE, '--chart', '--region-names', 'en']);
    expect(r.code).toBe(0);
    const chart = r.stdout.slice(r.stdout.indexOf('D by region, 2019'));
    expect(chart.split('\n')[1]).toMatch(/^Beijing\s+█+/);
    expect(chart.split('\n').filter((l) => l.includes('█'))).toHaveLength(31);
  });
});

describe('coordix init', () => {
  it('writes the built-in model and refuses to overwrite without --force', async () => {
    const dir = tempFiles();
    const out = join(dir, 'model.yaml');
    expect((await runCli(['init', '-o', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^# coordix model/);
    writeFileSync(out, 'mine');
    const again = await runCli(['init', '-o', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists.*--force/);
    expect(readFileSync(out, 'utf8')).toBe('mine');
    expect((await runCli(['init', '-o', out, '--force'])).code).toBe(0);
    const scored = await runCli(['score', SAMPLE, '-m', out, '-f', 'csv']);
    expect(scored.stdout).toBe((await runCli(['score', SAMPLE, '-f', 'csv'])).stdout);
    expect(existsSync(out)).toBe(true);
  });
});
