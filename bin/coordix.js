#!/usr/bin/env node
'use strict';
// Starts the coordix CLI: dist/bundle/coordix.cjs, compiled with V8's code cache when one from the
// same build is there (made by scripts/code-cache.cjs; see scripts/bundle.mjs). Node 20 has no
// compile cache of its own (module.enableCompileCache came in Node 22), so this does what it would:
// a start deserialises compiled code instead of parsing and compiling ~460 KB of JavaScript.
// Without a usable cache (another Node version, other V8 flags, a cut-short file) V8 compiles as
// usual. A cache damaged in place (same length, bits flipped) is not caught: V8 verifies its
// checksum only in debug builds, and checksumming 340 KB here would cost more than the cache saves.
// Like the bundle itself it is a build artefact: `npm run build` makes both again.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');
const { createRequire } = require('node:module');

const dir = join(__dirname, '..', 'dist', 'bundle');
const file = join(dir, 'coordix.cjs');
const source = readFileSync(file, 'latin1'); // the bundle is ASCII (checked when it is built)
const build = / coordix-build ([0-9a-f]+)\n$/.exec(source.slice(-64));
let cachedData;
try {
  const cache = readFileSync(`${file}.cache`);
  if (build && cache.toString('latin1', 0, build[1].length) === build[1]) cachedData = cache.subarray(build[1].length);
} catch {
  // no cache: compile
}
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, dir);

// For scripts/code-cache.cjs and the tests: the compiled script, whether a cache was offered
// (script.cachedDataRejected tells whether V8 took it), and the CLI's own exports.
module.exports = { script, cacheOffered: cachedData !== undefined, cli: bundle.exports, build: build && build[1] };
