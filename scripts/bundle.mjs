// Bundles the CLI into dist/bundle/ with esbuild: one file to load instead of ~60 modules, which
// halves start-up (see README, Performance). Commands stay in lazily loaded chunks; the optional
// spreadsheet library stays external and is loaded only for .xlsx/.xls input.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { BUILTIN_MODEL_YAML } from '../dist/model/builtin.js';

// esbuild does not clear its output folder: stale chunks of earlier builds would pile up.
rmSync('dist/bundle', { recursive: true, force: true });

// chalk's supports-color does `import process from 'node:process'`. Node builds an ES-module facade
// for that builtin by reading every export, and reading `process.stdin` opens standard input
// (~6 ms of every start). The global is the same object: hand it over directly (as a CommonJS
// module, so that both `import process from` and commander's `require('node:process')` get it).
const processGlobal = {
  name: 'process-global',
  setup(b) {
    b.onResolve({ filter: /^(node:)?process$/ }, () => ({ path: 'process', namespace: 'process-global' }));
    b.onLoad({ filter: /.*/, namespace: 'process-global' }, () => ({ contents: 'module.exports = globalThis.process;', loader: 'js' }));
  },
};

// commander requires node:child_process at load, for executable subcommands coordix does not have;
// loading it (and node:net behind it) costs ~5 ms of every start. Give commander a stand-in that
// loads the real module on first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) => (/[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  splitting: true,
  outdir: 'dist/bundle',
  external: ['xlsx'],
  // CommonJS dependencies bundled into ESM call require(): give them one.
  banner: { js: "import { createRequire as __coordixCreateRequire } from 'node:module'; const require = __coordixCreateRequire(import.meta.url);" },
  // The built-in model parsed once here from its YAML (the single source), so that scoring with it
  // loads no YAML parser; coordix still validates it at run time.
  define: { __COORDIX_BUILTIN_MODEL__: JSON.stringify(JSON.stringify(parse(BUILTIN_MODEL_YAML))) },
  plugins: [processGlobal, lazyChildProcess],
  logLevel: 'warning',
  legalComments: 'none',
  // Less to read and parse at every start (~10 ms on the sample); names are kept for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
});
