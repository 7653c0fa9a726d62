#!/usr/bin/env node
// npm run bench — whole-process timings and peak memory of the built CLI (not a test).
//   1. coordix score on the bundled sample (the table `npm start` prints)
//   2. coordix score on a generated panel: 2,851 regions × 30 years × 40 indicators (seeded, ~28 MB)
//   3. coordix sensitivity, 1,000 runs on the sample
//   4. coordix --version against bare `node -e 0` (start-up)
//   5. coordix spatial with 999 permutations on the sample (when the command exists)
// Budgets (README, Performance): --version ≤ 2.5 × bare node and the sample ≤ 3 × bare node, both
// as the median of the ratios measured side by side in the same round.
// Each is run several times, stdout to /dev/null; the median and minimum wall time and the
// largest peak RSS are printed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../dist/core/random.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const child = join(root, 'scripts', 'bench-child.mjs');
const dir = mkdtempSync(join(tmpdir(), 'coordix-bench-'));

function generatePanel(regions, years, indicators) {
  const random = mulberry32(1); // the project's seeded PRNG: the same panel on every run
  const header = ['region', 'year', ...Array.from({ length: indicators }, (_, j) => `x${j + 1}`)];
  const lines = [header.join(',')];
  for (let y = 0; y < years; y++) {
    for (let r = 0; r < regions; r++) {
      const cells = [`county${String(r + 1).padStart(4, '0')}`, 1995 + y];
      for (let j = 0; j < indicators; j++) cells.push((random() * 10000).toFixed(2));
      lines.push(cells.join(','));
    }
  }
  return lines.join('\n') + '\n';
}

function generateModel(indicators, dimensions) {
  const per = indicators / dimensions;
  const dims = Array.from({ length: dimensions }, (_, k) => ({
    id: `d${k + 1}`,
    indicators: Array.from({ length: per }, (_, t) => ({ column: `x${k * per + t + 1}`, direction: (k * per + t) % 3 === 0 ? 'cost' : 'benefit' })),
  }));
  return JSON.stringify({ name: 'bench', dimensions: dims });
}

/**
 * Runs each command `rounds` times, taking turns (so that a slow minute of this machine slows all
 * of them alike): median and minimum wall time, largest peak RSS (reported by bench-child.mjs).
 */
function interleaved(commands, rounds) {
  const walls = commands.map(() => []);
  const rss = commands.map(() => 0);
  for (let i = 0; i < rounds; i++) {
    commands.forEach((args, c) => {
      const start = process.hrtime.bigint();
      const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
      walls[c].push(Number(process.hrtime.bigint() - start) / 1e6);
      if (r.status !== 0) throw new Error(`failed: ${args.join(' ')}\n${r.stderr}`);
      const m = /BENCH_MAX_RSS_KB=(\d+)/.exec(r.stderr ?? '');
      if (m) rss[c] = Math.max(rss[c], Number(m[1]));
    });
  }
  return walls.map((w, c) => {
    const sorted = [...w].sort((a, b) => a - b);
    return { median: median(w), min: sorted[0], rssMB: rss[c] / 1024, walls: w };
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The median of a's time minus b's in the same round: what a adds to b, whatever the machine's pace. */
const pairedExcess = (a, b) => median(a.walls.map((t, i) => t - b.walls[i]));
/** The median of a's time over b's in the same round. */
const pairedRatio = (a, b) => median(a.walls.map((t, i) => t / b.walls[i]));
const run = (args, rounds) => interleaved([args], rounds)[0];

const bigCsv = join(dir, 'panel-2851x30x40.csv');
const bigModel = join(dir, 'model.json');
writeFileSync(bigCsv, generatePanel(2851, 30, 40));
writeFileSync(bigModel, generateModel(40, 5));
const sizeMB = statSync(bigCsv).size / 1e6;

const rows = [];
// Start-up: bare Node, `coordix --version` and `npm start`'s job (the sample as a table), in turns.
const [node, version, sample] = interleaved([['-e', '0'], ['bin/coordix.js', '--version'], ['bin/coordix.js', 'score', 'fixtures/china-provinces.csv']], 21);
rows.push(['score, bundled sample (155 rows, table)', sample, `budget ≤ 3 × bare node; now ${pairedRatio(sample, node).toFixed(2)} × (same round; coordix's own time ${pairedExcess(sample, node).toFixed(0)} ms)`]);
const big = run([child, 'score', bigCsv, '-m', bigModel, '-f', 'csv'], 5);
rows.push([`score, 2,851 × 30 × 40 panel (${sizeMB.toFixed(1)} MB)`, big, 'goal ≤ ~1 s (pandas+numpy), < 400 MB']);
const sens = run([child, 'sensitivity', 'fixtures/china-provinces.csv', '--runs', '1000', '--vary-weights', '--vary-method', '--vary-scope', '--vary-coupling', '-f', 'csv'], 3);
rows.push(['sensitivity, 1,000 runs, 4 inputs varied', sens, 'goal < 3 s']);
rows.push(['bare node -e 0', node, '']);
rows.push(['coordix --version', version, `budget ≤ 2.5 × bare node; now ${pairedRatio(version, node).toFixed(2)} × (same round)`]);
const help = spawnSync(process.execPath, ['bin/coordix.js', '--help'], { cwd: root, encoding: 'utf8' }).stdout;
if (/^\s+spatial\b/m.test(help)) {
  const spatial = run([child, 'spatial', 'fixtures/china-provinces.csv', '--permutations', '999', '-f', 'csv'], 5);
  rows.push(['spatial, 999 permutations, sample', spatial, 'goal < 1 s']);
}

console.log(`coordix bench — node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
for (const [name, r, goal] of rows) {
  console.log(`${name.padEnd(42)} median ${r.median.toFixed(0).padStart(6)} ms  (min ${r.min.toFixed(0)} ms)${r.rssMB ? `  peak RSS ${r.rssMB.toFixed(0)} MB` : ''}  ${goal}`);
}
rmSync(dir, { recursive: true, force: true });
