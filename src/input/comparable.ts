import { readFileSync, statSync } from 'node:fs';
import { CoordixError } from '../errors.js';
import type { Comparable } from '../core/compare.js';
import { fileErrorMessage } from '../model/load.js';
import { parseCsv } from './csv.js';

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

