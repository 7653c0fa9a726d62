// Makes dist/bundle/coordix.cjs.cache, V8's code cache of the CLI bundle (run by scripts/bundle.mjs
// with stdout to /dev/null). V8 caches the functions compiled so far, so this first runs what a
// start usually runs: score on the bundled sample as a table, CSV and JSON, with the built-in and
// with a YAML model, and --help. A function left out is compiled on first use, as without a cache.
'use strict';
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const sample = join(root, 'fixtures', 'china-provinces.csv');
process.chdir(root);
process.argv.splice(2, Infinity, 'score', sample);
const { script, cli, build } = require('../bin/coordix.js');
if (!build) throw new Error('dist/bundle/coordix.cjs has no build id: run scripts/bundle.mjs');

// Every run must succeed: a cache made from failing runs would hide a broken build.
const stderr = [];
async function run(args) {
  const { code } = await cli.runCoordix(args, { stderr: (text) => stderr.push(text) });
  if (code !== 0) throw new Error(`coordix ${args.join(' ')} exited ${code} while making the code cache:\n${stderr.join('')}`);
}

(async () => {
  await cli.done;
  if (process.exitCode) throw new Error(`coordix score ${sample} exited ${process.exitCode} while making the code cache`);
  await run(['score', sample, '-f', 'csv']);
  await run(['score', sample, '-f', 'json']);
  const dir = mkdtempSync(join(tmpdir(), 'coordix-cache-'));
  try {
    const model = join(dir, 'model.yaml');
    await run(['init', '-o', model]);
    await run(['score', sample, '-m', model, '-f', 'csv']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await run(['--help']);
  writeFileSync(join(root, 'dist', 'bundle', 'coordix.cjs.cache'), Buffer.concat([Buffer.from(build, 'latin1'), script.createCachedData()]));
})();
