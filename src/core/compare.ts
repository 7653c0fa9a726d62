import { CoordixError, UsageError } from '../errors.js';

/**
 * Comparing two coordix outputs cell by cell, by key, within a tolerance: what `coordix check`
 * and `coordix verify` decide. A number passes when |actual − baseline| ≤ atol + rtol·|baseline|;
 * text must be equal; rows or columns missing on either side fail.
 */

/** A coordix output as a table of text cells. */
export interface Comparable {
  name: string;
  header: string[];
  rows: string[][];
}

export interface CompareOptions {
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

/** The key of each kind of coordix output, in order of preference. */
const KEYS = [
  { when: ['measure'], key: ['year', 'measure', 'group'] },
  { when: ['obstacle', 'rank'], key: ['region', 'year', 'rank'] },
  { when: ['global_weight'], key: ['year', 'dimension', 'indicator'] },
  { when: ['globalWeight'], key: ['year', 'dimension', 'id'] },
  { when: ['region', 'year'], key: ['region', 'year'] },
  { when: ['region'], key: ['region'] },
];

export function compareTables(baseline: Comparable, actual: Comparable, options: CompareOptions): CheckResult {
  const both = (c: string) => baseline.header.includes(c) && actual.header.includes(c);
  const key = options.key ?? KEYS.find((k) => k.when.every(both) && k.key.every(both))?.key;
  if (!key) throw new KeyColumnError(`no key column found in both ${baseline.name} and ${actual.name}`);
  for (const k of key) {
    if (!baseline.header.includes(k)) throw new KeyColumnError(`${key.join(',')}: ${baseline.name} has no column "${k}"`, key);
    if (!actual.header.includes(k)) throw new KeyColumnError(`${key.join(',')}: ${actual.name} has no column "${k}"`, key);
  }
  const requested = options.columns;
  if (requested) {
    for (const c of requested) {
      if (!baseline.header.includes(c) && !actual.header.includes(c)) throw new ColumnChoiceError(c);
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
      if (map.has(k)) throw new DuplicateKeyError(t.name, key, k);
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


/** No usable key, or a named key column missing from a side. */
export class KeyColumnError extends UsageError {
  constructor(
    readonly detail: string,
    readonly key: string[] | null = null,
  ) {
    super(key ? `key ${detail}` : `${detail}; give the key columns`);
    this.name = 'KeyColumnError';
  }
}

/** A column asked for that neither side has. */
export class ColumnChoiceError extends UsageError {
  constructor(readonly column: string) {
    super(`columns: "${column}" is in neither file`);
    this.name = 'ColumnChoiceError';
  }
}

/** A key value that appears twice in one side. */
export class DuplicateKeyError extends CoordixError {
  constructor(
    readonly table: string,
    readonly key: string[],
    readonly value: string,
  ) {
    super(`${table}: the key ${key.join(',')} = ${value} appears twice; choose a unique key`);
    this.name = 'DuplicateKeyError';
  }
}
