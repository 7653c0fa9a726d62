/**
 * One cell of a statistics table → a number, a missing value, or invalid text.
 *
 * Accepted: plain and scientific numbers, thousands separators (1,234.5), full-width digits and
 * signs (１２３，－５), the minus sign −, surrounding spaces and tabs, a trailing % (the number
 * before it is kept: 6.5% → 6.5). Missing: empty, —, ——, –, -, --, …, ..., NA, N/A, n.a., #N/A,
 * null (any case). Everything else — including NaN, Infinity and 1e309 — is invalid.
 */
export type Cell = { kind: 'number'; value: number } | { kind: 'missing' } | { kind: 'invalid'; reason: string };

const PLACEHOLDERS = new Set(['', '—', '——', '–', '-', '--', '...', '…', 'na', 'n/a', 'n.a.', 'n.a', '#n/a', 'null']);
const NUMBER = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const THOUSANDS = /^[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?$/;

/** @example parseCell(' 1,234.5 ') // => { kind: 'number', value: 1234.5 } */
export function parseCell(raw: string): Cell {
  let text = raw.normalize('NFKC').replace(/\u2212/g, '-').trim();
  if (PLACEHOLDERS.has(text.toLowerCase())) return { kind: 'missing' };
  if (text.endsWith('%')) text = text.slice(0, -1).trimEnd();
  if (THOUSANDS.test(text)) text = text.replace(/,/g, '');
  if (!NUMBER.test(text)) return { kind: 'invalid', reason: 'not a number' };
  const value = Number(text);
  if (!Number.isFinite(value)) return { kind: 'invalid', reason: 'too large to be a finite number' };
  return { kind: 'number', value };
}

/** A year written 2019, 2019年 or " 2019 " → 2019; anything else → null. */
export function parseYear(raw: string): number | null {
  const text = raw.normalize('NFKC').trim().replace(/年$/u, '').trim();
  if (!/^[0-9]{1,4}$/.test(text)) return null;
  return Number(text);
}

/**
 * The common cell, read without the cell parser: an optional minus, then digits with at most one
 * point that has a digit before and after it, 20 characters at most. Returns its double (the same
 * as `Number(raw)`), or NaN for anything else — which then goes through `parseCell`. The byte
 * reader (fastwide.ts) applies the same rule to bytes.
 * @example plainDecimal('-12.5') // => -12.5
 */
export function plainDecimal(raw: string): number {
  const length = raw.length;
  if (length === 0 || length > 20) return NaN;
  let i = raw.charCodeAt(0) === 45 ? 1 : 0;
  if (i === length) return NaN;
  let digits = 0;
  let dot = false;
  for (; i < length; i++) {
    const ch = raw.charCodeAt(i);
    if (ch >= 48 && ch <= 57) digits++;
    else if (ch === 46 && !dot && digits > 0) dot = true;
    else return NaN;
  }
  return raw.charCodeAt(length - 1) === 46 ? NaN : Number(raw);
}
