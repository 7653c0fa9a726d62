#!/usr/bin/env node
'use strict';
// Starts the coordix CLI: dist/bundle/coordix.cjs, compiled with V8's code cache when one from the
// same build is there (made by scripts/code-cache.cjs; see scripts/bundle.mjs). Node 20 has no
// compile cache of its own (module.enableCompileCache came in Node 22), so this does what it would:
// a start deserialises compiled code instead of parsing and compiling ~460 KB of JavaScript.
// Without a usable cache (another Node version, other V8 flags) V8 compiles as usual.
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

// What scripts/code-cache.cjs needs: the compiled script, and the CLI's own exports.
module.exports = { script, cli: bundle.exports, build: build && build[1] };
