#!/usr/bin/env node
// npm run fuzz [-- --cases 2000 --seed 1]
// Mutates valid CSVs and models (bytes, quotes, encodings, numbers, keys) and runs the CLI
// in-process. A case fails on an uncaught exception (reported by coordix as a bug), an exit code
// other than 0/1/2, or a NaN or missing number in a successful output. Seeded and bounded.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';

const root = fileURLToPath(new URL('..', import.meta.url));

const NUMBER_TOKENS = ['NaN', 'Infinity', '-Infinity', '1e309', '-0', '', '—', '1e-320', '-1e300', '0', '１２３', '1,234', '5%', 'abc', '"', '""', '\t', '2019年', '1e5', '-', 'null'];
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
];

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

export async function runFuzz({ cases = 2000, seed = 1, log = () => {} } = {}) {
  const { runCoordix } = await import(join(root, 'dist', 'cli', 'program.js'));
  const { stdio } = await import(join(root, 'dist', 'cli', 'stdio.js'));
  const { mulberry32 } = await import(join(root, 'dist', 'core', 'random.js'));
  const random = mulberry32(seed);
  const sample = readFileSync(join(root, 'fixtures', 'china-provinces.csv'), 'utf8').split('\n');
  const baseCsv = [sample[0], ...sample.slice(1, 156).filter((_, i) => i % 31 < 6)].join('\n') + '\n';
  const { BUILTIN_MODEL_YAML } = await import(join(root, 'dist', 'model', 'builtin.js'));
  const dir = mkdtempSync(join(tmpdir(), 'coordix-fuzz-'));
  const failures = [];
  const codes = { 0: 0, 1: 0, 2: 0 };
  const { out, err } = stdio;
  try {
    for (let n = 0; n < cases; n++) {
      const csv = random() < 0.85 ? mutateCsv(baseCsv, random) : baseCsv;
      const model = random() < 0.5 ? mutateModel(BUILTIN_MODEL_YAML, random) : BUILTIN_MODEL_YAML;
      writeFileSync(join(dir, 'data.csv'), csv);
      writeFileSync(join(dir, 'model.yaml'), model);
      const args = COMMANDS[Math.floor(random() * COMMANDS.length)](join(dir, 'data.csv'), join(dir, 'model.yaml'));
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
