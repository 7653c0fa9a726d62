import { readFileSync, statSync } from 'node:fs';
import { CoordixError, UsageError } from '../errors.js';
import { parseCsv } from '../input/csv.js';
import { fileErrorMessage } from '../model/load.js';
import { renderTable } from '../output/table.js';
import { colorFor, emit, type OutputOptions } from './common.js';

/** A coordix output as a table of text cells. */
export interface Comparable {
  name: string;
  header: string[];
  rows: string[][];
}

export interface CheckOptions {
  atol: number;
  rtol: number;
  columns?: string[];
  key?: string[];
}

export interface CellDifference {
  key: string;
  column: string;
  baseline: string;
  actual: string;
  /** null when the values are not both numbers (text, or a number against an empty cell). */
  absDiff: number | null;
  relDiff: number | null;
}

export interface CheckResult {
  equal: boolean;
  key: string[];
  columns: string[];
  tolerance: { atol: number; rtol: number };
  comparedRows: number;
  comparedCells: number;
  differences: CellDifference[];
  missingInActual: string[];
  extraInActual: string[];
  columnsMissingInActual: string[];
  columnsExtraInActual: string[];
}

const NUMBER = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** Parses a coordix CSV or JSON output (score, weights, gap, obstacles) from text. */
export function parseComparable(text: string, name: string): Comparable {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch (e) {
      throw new CoordixError(`${name}: not valid JSON (${(e as Error).message})`);
    }
    const d = doc as Record<string, unknown>;
    const list = Array.isArray(doc) ? doc : Array.isArray(d.rows) ? d.rows : Array.isArray(d.years) ? d.years : Array.isArray(d.groups) ? (d.groups as { indicators: unknown[]; year: unknown }[]).flatMap((g) => g.indicators.map((i) => ({ year: g.year, ...(i as object) }))) : null;
    if (!list) throw new CoordixError(`${name}: JSON without rows; give a coordix -f json output or CSV`);
    const header: string[] = [];
    for (const row of list as Record<string, unknown>[]) for (const k of Object.keys(row)) if (!header.includes(k)) header.push(k);
    const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
    return { name, header, rows: (list as Record<string, unknown>[]).map((row) => header.map((h) => cell(row[h]))) };
  }
  const rows = parseCsv(text.replace(/^\uFEFF/, ''), name);
  if (rows.length === 0) throw new CoordixError(`${name}: empty; nothing to compare`);
  return { name, header: rows[0].cells, rows: rows.slice(1).map((r) => r.cells) };
}

export function readComparable(path: string): Comparable {
  let text: string;
  try {
    if (statSync(path).isDirectory()) throw new CoordixError(`${path}: is a directory, not a coordix output`);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof CoordixError) throw e;
    throw new CoordixError(fileErrorMessage(path, e as NodeJS.ErrnoException, 'file'));
  }
  return parseComparable(text, path);
}

/** The key of each kind of coordix output, in order of preference. */
const KEYS = [
  { when: ['measure'], key: ['year', 'measure', 'group'] },
  { when: ['obstacle', 'rank'], key: ['region', 'year', 'rank'] },
  { when: ['global_weight'], key: ['year', 'dimension', 'indicator'] },
  { when: ['globalWeight'], key: ['year', 'dimension', 'id'] },
  { when: ['region', 'year'], key: ['region', 'year'] },
  { when: ['region'], key: ['region'] },
];

export function compareTables(baseline: Comparable, actual: Comparable, options: CheckOptions): CheckResult {
  const both = (c: string) => baseline.header.includes(c) && actual.header.includes(c);
  const key = options.key ?? KEYS.find((k) => k.when.every(both) && k.key.every(both))?.key;
  if (!key) throw new UsageError(`no key column found in both ${baseline.name} and ${actual.name}; give --key COLUMNS`);
  for (const k of key) {
    if (!baseline.header.includes(k)) throw new UsageError(`--key ${key.join(',')}: ${baseline.name} has no column "${k}"`);
    if (!actual.header.includes(k)) throw new UsageError(`--key ${key.join(',')}: ${actual.name} has no column "${k}"`);
  }
  const requested = options.columns;
  if (requested) {
    for (const c of requested) {
      if (!baseline.header.includes(c) && !actual.header.includes(c)) throw new UsageError(`--columns: "${c}" is in neither file`);
    }
  }
  const candidates = requested ?? [...baseline.header, ...actual.header.filter((c) => !baseline.header.includes(c))].filter((c) => !key.includes(c));
  const columns = candidates.filter(both);
  const columnsMissingInActual = candidates.filter((c) => baseline.header.includes(c) && !actual.header.includes(c));
  const columnsExtraInActual = candidates.filter((c) => !baseline.header.includes(c) && actual.header.includes(c));

  const index = (t: Comparable) => {
    const keyIdx = key.map((k) => t.header.indexOf(k));
    const map = new Map<string, string[]>();
    for (const row of t.rows) {
      const k = keyIdx.map((i) => row[i] ?? '').join(',');
      if (map.has(k)) throw new CoordixError(`${t.name}: the key ${key.join(',')} = ${k} appears twice; choose a unique --key`);
      map.set(k, row);
    }
    return map;
  };
  const base = index(baseline);
  const act = index(actual);
  const differences: CellDifference[] = [];
  let comparedRows = 0;
  let comparedCells = 0;
  const missingInActual: string[] = [];
  for (const [k, brow] of base) {
    const arow = act.get(k);
    if (!arow) {
      missingInActual.push(k);
      continue;
    }
    comparedRows++;
    for (const c of columns) {
      const b = brow[baseline.header.indexOf(c)] ?? '';
      const a = arow[actual.header.indexOf(c)] ?? '';
      comparedCells++;
      if (a === b) continue;
      if (NUMBER.test(a.trim()) && NUMBER.test(b.trim())) {
        const av = Number(a);
        const bv = Number(b);
        const abs = Math.abs(av - bv);
        if (abs <= options.atol + options.rtol * Math.abs(bv)) continue;
        differences.push({ key: k, column: c, baseline: b, actual: a, absDiff: abs, relDiff: bv === 0 ? null : abs / Math.abs(bv) });
      } else {
        differences.push({ key: k, column: c, baseline: b, actual: a, absDiff: null, relDiff: null });
      }
    }
  }
  const extraInActual = [...act.keys()].filter((k) => !base.has(k));
  // Largest first; text and empty-against-number differences (no size) first of all.
  differences.sort((x, y) => (y.absDiff ?? Infinity) - (x.absDiff ?? Infinity));
  const equal = differences.length === 0 && missingInActual.length === 0 && extraInActual.length === 0 && columnsMissingInActual.length === 0 && columnsExtraInActual.length === 0;
  return { equal, key, columns, tolerance: { atol: options.atol, rtol: options.rtol }, comparedRows, comparedCells, differences, missingInActual, extraInActual, columnsMissingInActual, columnsExtraInActual };
}

export function renderCheck(result: CheckResult, baselineName: string, actualName: string, color: boolean): string {
  const lines: string[] = [];
  const fmt = (x: number | null) => (x === null ? '—' : Number(x.toPrecision(3)).toExponential(2));
  if (result.equal) {
    lines.push(`equal: ${result.comparedRows} rows, ${result.comparedCells} cells of ${result.columns.join(', ')} within |actual − baseline| ≤ ${result.tolerance.atol} + ${result.tolerance.rtol}·|baseline| (key ${result.key.join(',')})`);
    return lines.join('\n') + '\n';
  }
  lines.push(`DIFFERENT: ${actualName} against the baseline ${baselineName} (key ${result.key.join(',')}, atol ${result.tolerance.atol}, rtol ${result.tolerance.rtol})`);
  if (result.columnsMissingInActual.length) lines.push(`columns missing in the actual output: ${result.columnsMissingInActual.join(', ')}`);
  if (result.columnsExtraInActual.length) lines.push(`columns only in the actual output: ${result.columnsExtraInActual.join(', ')}`);
  if (result.missingInActual.length) lines.push(`${result.missingInActual.length} row(s) missing in the actual output: ${result.missingInActual.slice(0, 20).join('; ')}${result.missingInActual.length > 20 ? '; …' : ''}`);
  if (result.extraInActual.length) lines.push(`${result.extraInActual.length} row(s) only in the actual output: ${result.extraInActual.slice(0, 20).join('; ')}${result.extraInActual.length > 20 ? '; …' : ''}`);
  if (result.differences.length) {
    lines.push(`${result.differences.length} cell(s) differ beyond the tolerance${result.differences.length > 20 ? ' (the 20 largest shown)' : ''}:`);
    lines.push(
      renderTable(
        [{ header: 'key' }, { header: 'column' }, { header: 'baseline', align: 'right' }, { header: 'actual', align: 'right' }, { header: 'abs diff', align: 'right' }, { header: 'rel diff', align: 'right' }],
        result.differences.slice(0, 20).map((d) => [d.key, d.column, d.baseline, d.actual, fmt(d.absDiff), fmt(d.relDiff)]),
        { color },
      ).trimEnd(),
    );
    if (result.differences.length > 20) lines.push(`… and ${result.differences.length - 20} more (-f json lists all)`);
  }
  return lines.join('\n') + '\n';
}

export interface CheckCommandOptions extends OutputOptions {
  baseline: string;
  atol: number;
  rtol: number;
  columns?: string;
  key?: string;
}

/** `coordix check ACTUAL --baseline EXPECTED`: exit 0 when equal within tolerance, 1 otherwise. */
export async function checkCommand(actualPath: string, opts: CheckCommandOptions): Promise<boolean> {
  const list = (s?: string) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined);
  const result = compareTables(readComparable(opts.baseline), readComparable(actualPath), { atol: opts.atol, rtol: opts.rtol, columns: list(opts.columns), key: list(opts.key) });
  const text = opts.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : renderCheck(result, opts.baseline, actualPath, colorFor(opts));
  emit(text, opts, [actualPath, opts.baseline]);
  return result.equal;
}
