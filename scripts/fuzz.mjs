#!/usr/bin/env node
// npm run fuzz [-- --cases 2000 --seed 1]
// Mutates valid CSVs and models (bytes, quotes, encodings, numbers, keys) and runs the CLI
// in-process; a share of the cases runs verify and score --frozen on a mutated manifest. A case
// fails on an uncaught exception (reported by coordix as a bug), an exit code other than 0/1/2, a
// NaN or missing number in a successful output, a file written outside the folder given (verify),
// or an output on an input, on another output or named like a flag not refused with exit 2.
// Seeded and bounded.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';

const root = fileURLToPath(new URL('..', import.meta.url));

const NUMBER_TOKENS = ['NaN', 'Infinity', '-Infinity', '1e309', '-0', '', '—', '1e-320', '-1e300', '1e308', '-1e308', '1.7976931348623157e308', '0', '１２３', '1,234', '5%', 'abc', '"', '""', '\t', '2019年', '1e5', '-', 'null'];
const YAML_NOISE = ['&a [*a, *a]', '!!js/function "x"', '{', '[', ': :', '- ', '"', "'", '\t', '~', 'null', '-1', '0', '1e309', 'NaN', '__proto__: 1', 'constructor: {}'];

function mutateCsv(text, random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const ops = [
    () => {
      const b = Buffer.from(text, 'utf8');
      for (let k = 0; k < 1 + Math.floor(random() * 4); k++) b[Math.floor(random() * b.length)] = Math.floor(random() * 256);
      return b;
    },
    () => {
      const p = Math.floor(random() * text.length);
      return text.slice(0, p) + '"' + text.slice(p);
    },
    () => {
      const p = Math.floor(random() * text.length);
      return text.slice(0, p) + text.slice(p + Math.floor(random() * 40));
    },
    () => text.replace(/-?[0-9]+(\.[0-9]+)?/g, (m) => (random() < 0.05 ? pick(NUMBER_TOKENS) : m)),
    () => {
      const lines = text.split('\n');
      const i = Math.floor(random() * lines.length);
      lines.splice(i, 0, lines[Math.floor(random() * lines.length)]);
      return lines.join('\n');
    },
    () => {
      const lines = text.split('\n');
      const i = 1 + Math.floor(random() * (lines.length - 1));
      lines[i] = lines[i].split(',').slice(0, Math.floor(random() * 6)).join(',');
      return lines.join('\n');
    },
    () => iconv.encode(text, 'gbk'),
    () => text.slice(0, Math.floor(random() * text.length)),
    () => text.replace(/\n/g, '\r\n'),
    () => '\uFEFF' + text.replace(/,/g, random() < 0.5 ? '\t,' : ';'),
    () => text.replace(/^[^,\n]+/gm, (m) => (random() < 0.1 ? pick(['__proto__', 'constructor', '=cmd', '', '"q"', '内蒙古自治区', 'Shaanxi', '150000']) : m)),
  ];
  let out = text;
  for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
    const next = pick(ops)();
    out = typeof next === 'string' ? next : next.toString('latin1');
    if (typeof next !== 'string') return next;
  }
  return out;
}

function mutateModel(text, random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const lines = text.split('\n');
  const ops = [
    () => lines.map((l) => (random() < 0.05 ? l.replace(/([a-z_]+):/, (_, k) => `${k}${pick(['x', '', 's'])}:`) : l)).join('\n'),
    () => lines.filter(() => random() > 0.05).join('\n'),
    () => lines.map((l) => (random() < 0.05 ? l + ' ' + pick(YAML_NOISE) : l)).join('\n'),
    () => text.replace(/benefit|cost/g, (m) => (random() < 0.2 ? pick(['up', '+', '-', 'Benefit', '']) : m)),
    () => text.replace(/shift: 0/, `shift: ${pick(['-1', 'NaN', '1e309', '0.001', '"x"'])}`),
    () => text.replace(/scope: pooled/, `scope: ${pick(['per-year', 'yearly', '[]'])}`),
    () => text.replace(/coupling: classic/, `coupling: ${pick(['wang2021', 'fan', 'golden'])}`),
    () => text.replace(/indicators: entropy/, `indicators: ${pick(['equal', 'manual', 'ahp', 'combined', 'pca'])}`),
    () => text.replace(/weight: 1/g, () => `weight: ${pick(['0', '-1', '2', '"x"', '1e-300'])}`),
    () => {
      const b = Buffer.from(text);
      b[Math.floor(random() * b.length)] = Math.floor(random() * 256);
      return b.toString('latin1');
    },
  ];
  return pick(ops)();
}

/** Junk for a manifest field: wrong types, non-finite and huge numbers, paths outside the folder. */
const MANIFEST_NOISE = ['abc', -5, 0, 1e308, -1e308, null, [], {}, '', '/', '/etc/passwd', '../x', 1, true, 'verify', '-o/tmp/coordix-fuzz-escape.csv', '--output=/tmp/coordix-fuzz-escape.csv'];

/**
 * A manifest with one or a few fields replaced: a weight or bound, the command, an argument (or
 * an argument appended), cwd, model, outputs, inputs (untrusted input for verify and --frozen).
 */
export function mutateManifest(text, random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const m = JSON.parse(text);
  const ops = [
    () => {
      const group = m.weights.groups[0];
      const list = random() < 0.7 ? group.indicators : group.dimensions;
      const item = pick(list);
      item[pick(['weight', 'min', 'max'].filter((k) => k in item))] = pick(MANIFEST_NOISE);
    },
    () => (m.weights.groups[0].indicators = random() < 0.5 ? [] : m.weights.groups[0].indicators.slice(1)),
    () => (m.command = pick(['verify', 'init', 'score', 'report', 7])),
    () => (m.arguments[1 + Math.floor(random() * (m.arguments.length - 1))] = pick(MANIFEST_NOISE)),
    () => m.arguments.push(...pick([['-m', '/etc/passwd'], ['-o/tmp/coordix-fuzz-escape.csv'], ['--output=/tmp/coordix-fuzz-escape.csv'], ['--imputed', '../x.csv'], ['--bogus'], ['-m']])),
    () => (m.arguments = random() < 0.5 ? null : Array(1500).fill('x.csv')),
    () => (m.cwd = pick(MANIFEST_NOISE)),
    () => (m.model = pick([null, 'x', { path: '/etc/passwd', sha256: 'x' }, { path: null, sha256: m.model.sha256 }])),
    () => (m.outputs = pick([null, [{ path: '/tmp/coordix-fuzz-escape.csv', role: 'output', size: 1, sha256: 'a'.repeat(64) }], [1], m.outputs])),
    () => (m.inputs[0] = pick([null, { path: '../../etc/passwd', sha256: 'a'.repeat(64) }, { path: 5 }])),
  ];
  for (let k = 0; k < 1 + Math.floor(random() * 2); k++) {
    try {
      pick(ops)();
    } catch {
      // a second mutation on a field the first replaced (model: null): skipped
    }
  }
  return JSON.stringify(m);
}

const COMMANDS = [
  (d, m) => ['score', d, '-m', m, '-f', 'csv'],
  (d, m) => ['score', d, '-m', m, '-f', 'json'],
  (d, m) => ['score', d, '-m', m, '--missing', 'interpolate', '-f', 'csv'],
  (d, m) => ['weights', d, '-m', m, '-f', 'csv'],
  (d, m) => ['obstacles', d, '-m', m, '-f', 'csv'],
  (d, m) => ['gap', d, '-m', m, '--var', 'D', '-f', 'csv'],
  (d, m) => ['gap', d, '--var', 'income', '--group', 'four-regions', '-f', 'json'],
  (d) => ['inspect', d, '-f', 'json'],
  (d, m) => ['score', d, '-m', m],
  // outputs that are inputs or each other, and names that look like flags: refused before any work
  (d, m) => ['score', d, '-m', m, '-o', m],
  (d, m) => ['score', d, '-m', m, '-o', join(d, '..', 'same.csv'), '--manifest', join(d, '..', 'same.csv')],
  (d, m) => ['score', d, '-m', m, '-o', '-f'],
];

/** Whether the arguments name an output that is the model, another output, or looks like a flag. */
function mustRefuse(args) {
  const value = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const output = value('-o');
  return output !== undefined && (output === '-f' || output === value('-m') || output === value('--manifest'));
}

/** Runs on a mutated manifest (written next to the data as manifest.json), a smaller share of the cases. */
const MANIFEST_COMMANDS = [(d, _m, manifest) => ['verify', manifest, '-f', 'json'], (d, _m, manifest) => ['score', d, '--frozen', manifest, '-f', 'csv']];

/** Numbers a successful output must have: score's U/T/C/D, weights' weights, obstacles' degrees. */
export function outputProblem(args, stdout, modelText = '') {
  const format = args[args.indexOf('-f') + 1];
  // "NaN" may be the model's own text (a mutated id or label such as "income_gap NaN"): then only
  // the checks of numeric fields below apply.
  if (/\bNaN\b/.test(stdout) && !/\bNaN\b/.test(modelText) && !args.includes('inspect')) return 'NaN in the output';
  if (args[0] === 'score' && format === 'csv') {
    const [head, ...rows] = stdout.trim().split('\n');
    const header = head.split(',');
    const numeric = header.slice(2, header.indexOf('level'));
    for (const row of rows) {
      const cells = row.split(',');
      if (cells.length !== header.length) continue; // a quoted region name with a comma
      for (const c of numeric) {
        const v = cells[header.indexOf(c)];
        if (v === '' || !Number.isFinite(Number(v)) || Number(v) < 0 || Number(v) > 1) return `score ${c} = "${v}"`;
      }
    }
  }
  if (args[0] === 'score' && format === 'json') {
    const json = JSON.parse(stdout);
    for (const row of json.rows) for (const key of ['T', 'C', 'D']) if (typeof row[key] !== 'number') return `score json ${key} = ${row[key]}`;
  }
  return null;
}

export async function runFuzz({ cases = 2000, seed = 1, log = () => {}, dist = join(root, 'dist') } = {}) {
  const { runCoordix } = await import(join(dist, 'cli', 'program.js'));
  const { stdio } = await import(join(dist, 'cli', 'stdio.js'));
  const { mulberry32 } = await import(join(dist, 'core', 'random.js'));
  const random = mulberry32(seed);
  const sample = readFileSync(join(root, 'fixtures', 'china-provinces.csv'), 'utf8').split('\n');
  const baseCsv = [sample[0], ...sample.slice(1, 156).filter((_, i) => i % 31 < 6)].join('\n') + '\n';
  const { BUILTIN_MODEL_YAML } = await import(join(dist, 'model', 'builtin.js'));
  const dir = mkdtempSync(join(tmpdir(), 'coordix-fuzz-'));
  const escape = '/tmp/coordix-fuzz-escape.csv';
  rmSync(escape, { force: true });
  // A real manifest of the unmutated data and model, to mutate (verify and --frozen read it).
  writeFileSync(join(dir, 'data.csv'), baseCsv);
  writeFileSync(join(dir, 'model.yaml'), BUILTIN_MODEL_YAML);
  const quiet = { out: stdio.out, err: stdio.err };
  stdio.out = stdio.err = () => {};
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    await runCoordix(['score', 'data.csv', '-m', 'model.yaml', '-o', 'scores.csv', '--manifest', 'base-manifest.json'], { stderr: () => {} });
  } finally {
    process.chdir(cwd);
    Object.assign(stdio, quiet);
  }
  const baseManifest = readFileSync(join(dir, 'base-manifest.json'), 'utf8');
  const failures = [];
  const codes = { 0: 0, 1: 0, 2: 0 };
  const { out, err } = stdio;
  try {
    for (let n = 0; n < cases; n++) {
      const csv = random() < 0.85 ? mutateCsv(baseCsv, random) : baseCsv;
      const model = random() < 0.5 ? mutateModel(BUILTIN_MODEL_YAML, random) : BUILTIN_MODEL_YAML;
      writeFileSync(join(dir, 'data.csv'), csv);
      writeFileSync(join(dir, 'model.yaml'), model);
      const onManifest = random() < 0.08;
      if (onManifest) writeFileSync(join(dir, 'manifest.json'), mutateManifest(baseManifest, random));
      const args = onManifest
        ? MANIFEST_COMMANDS[Math.floor(random() * MANIFEST_COMMANDS.length)](join(dir, 'data.csv'), join(dir, 'model.yaml'), join(dir, 'manifest.json'))
        : COMMANDS[Math.floor(random() * COMMANDS.length)](join(dir, 'data.csv'), join(dir, 'model.yaml'));
      let stdout = '';
      let stderr = '';
      // A piece may be a view of a buffer that is refilled next: decoded at once (streaming, so a
      // character split between pieces stays whole).
      const decoder = new TextDecoder();
      stdio.out = (piece) => (stdout += typeof piece === 'string' ? piece : decoder.decode(piece, { stream: true }));
      stdio.err = (text) => (stderr += text);
      let result;
      try {
        result = await runCoordix(args, { stderr: (t) => (stderr += t) });
      } catch (e) {
        result = { code: -1, bug: true };
        stderr += String(e?.stack ?? e);
      } finally {
        stdio.out = out;
        stdio.err = err;
      }
      codes[result.code] = (codes[result.code] ?? 0) + 1;
      let problem = null;
      if (result.bug) problem = `uncaught exception: ${stderr.split('\n').slice(0, 3).join(' | ')}`;
      else if (![0, 1, 2].includes(result.code)) problem = `exit code ${result.code}`;
      else if (existsSync(escape)) problem = `wrote ${escape}, outside the folder it was given`;
      else if (mustRefuse(args) && result.code !== 2) problem = `exit ${result.code}: an output on an input, on another output or named like a flag was not refused (exit 2)`;
      else if (result.code === 0) {
        try {
          problem = outputProblem(args, stdout, model);
        } catch (e) {
          problem = `unreadable output: ${e.message}`;
        }
      }
      if (problem) {
        const keep = join(dir, `failure-${n}`);
        failures.push({ case: n, args: args.map((a) => a.replace(dir, '.')), problem });
        writeFileSync(`${keep}.csv`, csv);
        writeFileSync(`${keep}.yaml`, model);
        log(`case ${n}: ${problem}\n  coordix ${args.join(' ')}`);
      }
    }
  } finally {
    if (failures.length === 0) rmSync(dir, { recursive: true, force: true });
  }
  return { cases, seed, codes, failures, kept: failures.length ? dir : null };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const started = Date.now();
  const result = await runFuzz({ cases: arg('--cases', 2000), seed: arg('--seed', 1), log: (line) => process.stderr.write(line + '\n') });
  process.stdout.write(`fuzz: ${result.cases} cases, seed ${result.seed} (exit 0: ${result.codes[0]}, 1: ${result.codes[1]}, 2: ${result.codes[2]}), ${result.failures.length} failure(s) in ${((Date.now() - started) / 1000).toFixed(1)} s${result.kept ? `; inputs kept in ${result.kept}` : ''}\n`);
  process.exitCode = result.failures.length ? 1 : 0;
}
