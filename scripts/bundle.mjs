// Bundles the CLI for start-up speed (README, Performance). What `bin/coordix.js` loads:
//   dist/bundle/coordix.cjs        all of coordix's own code with commander and simple-statistics:
//                                  ONE CommonJS file, read synchronously (no ES-module loader,
//                                  whose reads go through the thread pool);
//   dist/bundle/coordix.cjs.cache  V8's code cache for it, made by scripts/code-cache.cjs after
//                                  running a few commands, so that a start compiles almost nothing;
//   dist/bundle/chalk.cjs, yaml.cjs, plot.cjs, linkedom.cjs  required on first use: chalk when
//                                  something is coloured, yaml for a YAML model, Observable Plot
//                                  and linkedom (~1.3 MB) by `report`.
// csv-parse (quoted CSV), iconv-lite (GBK input), xlsx (spreadsheets) and cli-progress
// (sensitivity on a terminal) stay in node_modules and are required on first use.
// The library API (dist/index.js) is tsc's output.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { BUILTIN_MODEL_YAML } from '../dist/model/builtin.js';

// esbuild does not clear its output folder: stale files of earlier builds would pile up.
rmSync('dist/bundle', { recursive: true, force: true });

// chalk's supports-color does `import process from 'node:process'`. Handing over the global
// directly keeps Node from building the builtin's ES-module facade (which opens stdin to read
// `process.stdin`); both `import process from` and commander's `require('node:process')` get it.
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

// chalk asks supports-color about both streams when it loads (which loads node:os and node:tty).
// coordix decides colour itself (useColor) and gives every Chalk instance its level, so chalk's own
// guess is never used: it gets "no colour" without asking.
const chalkWithoutDetection = {
  name: 'chalk-without-detection',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, () => ({ path: 'supports-color', namespace: 'chalk-without-detection' }));
    b.onLoad({ filter: /.*/, namespace: 'chalk-without-detection' }, () => ({ contents: 'export default { stdout: false, stderr: false };', loader: 'js' }));
  },
};

// chalk itself (~1.5 ms to set up its styles) only when something is coloured: the bundle gets a
// stand-in Chalk whose constructor requires chalk.cjs (bundled like the libraries below) on first
// use and returns the real instance. Piped or redirected output never needs it.
const lazyChalk = {
  name: 'lazy-chalk',
  setup(b) {
    b.onResolve({ filter: /^chalk$/ }, () => ({ path: 'chalk', namespace: 'lazy-chalk' }));
    b.onResolve({ filter: /^\.\/chalk\.cjs$/, namespace: 'lazy-chalk' }, () => ({ path: './chalk.cjs', external: true }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-chalk' }, () => ({
      contents: "let real; module.exports = { Chalk: class Chalk { constructor(options) { return new (real ??= require('./chalk.cjs')).Chalk(options); } } };",
      loader: 'js',
    }));
  },
};

// The report's libraries (ES modules only, ~1 MB) become their own CommonJS files next to the
// bundle, required when the report module first runs.
const VENDOR = { '@observablehq/plot': 'plot.cjs', linkedom: 'linkedom.cjs', yaml: 'yaml.cjs' };
const vendor = {
  name: 'vendor',
  setup(b) {
    b.onResolve({ filter: /^(@observablehq\/plot|linkedom|yaml)$/ }, (args) => ({ path: `./${VENDOR[args.path]}`, external: true }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
  // Less to read at every start; names are kept for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
};

for (const [pkg, file] of Object.entries({ ...VENDOR, chalk: 'chalk.cjs' })) {
  await build({ ...common, stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: '.', loader: 'js' }, outfile: `dist/bundle/${file}`, plugins: [chalkWithoutDetection] });
}

await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/bundle/coordix.cjs',
  external: ['xlsx', 'iconv-lite', 'cli-progress'],
  // import.meta.url (package.json for the version, createRequire) from the bundle's own path.
  banner: { js: "var __coordixUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: {
    'import.meta.url': '__coordixUrl',
    // The built-in model parsed once here from its YAML (the single source), so that scoring with
    // it loads no YAML parser; coordix still validates it at run time.
    __COORDIX_BUILTIN_MODEL__: JSON.stringify(JSON.stringify(parse(BUILTIN_MODEL_YAML))),
    // The version, so that a start reads no package.json.
    __COORDIX_VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version),
  },
  plugins: [processGlobal, lazyChildProcess, lazyChalk, vendor],
});

// esbuild escapes non-ASCII text in strings but not in regular expressions (/年$/u): escaped here
// too (\uXXXX means the same character in a regular expression, a string or a template; coordix
// has no String.raw), so that the loader reads the file as latin1, a one-byte string.
const source = readFileSync('dist/bundle/coordix.cjs', 'utf8').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
// vm.Script (bin/coordix.js) cannot run import(): every lazy load must be a require.
if (/[^\w$.]import\(/.test(source)) throw new Error('dist/bundle/coordix.cjs contains import(): load lazily with require (createRequire) instead');
// A build id at the end of the bundle, repeated at the start of its code cache: the loader uses
// a cache only with the bundle it was made from (V8 itself checks only the source's length).
const id = createHash('sha256').update(source).digest('hex').slice(0, 16);
writeFileSync('dist/bundle/coordix.cjs', `${source}\n//# coordix-build ${id}\n`);

// The code cache, made by running the CLI (scripts/code-cache.cjs). A failure here is a build
// failure: the CLI itself does not start.
execFileSync(process.execPath, ['scripts/code-cache.cjs'], { stdio: ['ignore', 'ignore', 'pipe'] });
